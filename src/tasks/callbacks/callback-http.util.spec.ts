import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postCallback } from './callback-http.util';

describe('postCallback', () => {
  let server: Server;
  let port: number;
  let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  const seen: { method?: string; url?: string; host?: string; body: string; headers: IncomingMessage['headers'] }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, host: req.headers.host, body, headers: req.headers });
        handler(req, res, body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  beforeEach(() => (seen.length = 0));

  // The host name resolves nowhere: reaching the server proves the connection used the pinned address.
  const target = (path = '/hook?a=1') => ({
    url: new URL(`http://callbacks.invalid:${port}${path}`),
    hostname: 'callbacks.invalid',
    addresses: [{ address: '127.0.0.1', family: 4 as const }],
  });

  it('POSTs the body with its headers to the checked address, never to what DNS says now', async () => {
    handler = (_req, res) => res.writeHead(204).end();
    const res = await postCallback(target(), '{"a":1}', { 'Content-Type': 'application/json', 'X-Test': 'yes' }, 2000);
    expect(res.status).toBe(204);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/hook?a=1', host: `callbacks.invalid:${port}`, body: '{"a":1}' });
    expect(seen[0].headers['content-length']).toBe('7');
    expect(seen[0].headers['x-test']).toBe('yes');
  });

  it('does not follow redirects', async () => {
    handler = (_req, res) => res.writeHead(302, { Location: `http://127.0.0.1:${port}/elsewhere` }).end();
    const res = await postCallback(target(), '{}', {}, 2000);
    expect(res.status).toBe(302);
    expect(seen.map((s) => s.url)).toEqual(['/hook?a=1']);
  });

  it('reads only the start of a large answer', async () => {
    handler = (_req, res) => res.writeHead(500).end('x'.repeat(1_000_000));
    const res = await postCallback(target(), '{}', {}, 2000);
    expect(res.status).toBe(500);
    expect(res.snippet.length).toBeLessThanOrEqual(512);
  });

  it('gives up at the deadline', async () => {
    handler = () => undefined; // never answers
    await expect(postCallback(target(), '{}', {}, 200)).rejects.toThrow('no answer within 200 ms');
  });

  it('connects only to the checked addresses, with no fallback to DNS', async () => {
    const v6only = { ...target(), addresses: [{ address: '::1', family: 6 as const }] };
    handler = (_req, res) => res.writeHead(200).end();
    // The server listens on 127.0.0.1 only, so ::1 is refused: the request fails instead of falling back to DNS.
    await expect(postCallback(v6only, '{}', {}, 2000)).rejects.toThrow();
    expect(seen).toHaveLength(0);
  });
});
