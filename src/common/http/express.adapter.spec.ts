import express from 'express';
import * as http from 'node:http';
import { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SentirExpressAdapter, withPrototype } from './express.adapter';

describe('withPrototype', () => {
  const app = express();

  it('builds Node’s request and response with Express’s prototypes, fully initialised', () => {
    const Req = withPrototype(http.IncomingMessage, app.request);
    const Res = withPrototype(http.ServerResponse, app.response);
    const req = new Req(new Socket());
    const res = new Res(req);
    expect(Object.getPrototypeOf(req)).toBe(app.request);
    expect(Object.getPrototypeOf(res)).toBe(app.response);
    expect(req).toBeInstanceOf(http.IncomingMessage);
    expect(res).toBeInstanceOf(http.ServerResponse);
    // Fields Node's constructors set, and Express methods through the prototype.
    expect(req.complete).toBe(false);
    expect(res.statusCode).toBe(200);
    expect(typeof (res as unknown as express.Response).json).toBe('function');
  });

  it('leaves an ES class alone (it cannot be called without new)', () => {
    class Base {}
    expect(withPrototype(Base, {})).toBe(Base);
  });
});

describe('SentirExpressAdapter.listen', () => {
  it('listens on the given host with the configured backlog and calls back once listening', async () => {
    const adapter = new SentirExpressAdapter({ backlog: 1024 });
    adapter.initHttpServer({});
    const server = await new Promise<http.Server>((resolve) => {
      const s = adapter.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      expect(server.listening).toBe(true);
      expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
