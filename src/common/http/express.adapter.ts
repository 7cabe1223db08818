import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import * as http from 'node:http';
import * as https from 'node:https';

/**
 * A constructor for Node's HTTP server that builds `base` instances with `proto` as their
 * prototype. A plain function calling `base` (not Reflect.construct, which gave every object a
 * slower shape in the benchmark); should Node's classes ever become ES classes, which cannot be
 * called so, `base` itself is returned and nothing changes but speed.
 */
export function withPrototype<T extends abstract new (...args: never[]) => object>(base: T, proto: object): T {
  if (/^class\b/.test(Function.prototype.toString.call(base))) return base;
  const construct = base as unknown as (this: object, ...args: unknown[]) => void;
  function Prototyped(this: object, a: unknown, b: unknown): void {
    construct.call(this, a, b);
  }
  Prototyped.prototype = proto;
  return Prototyped as unknown as T;
}

/**
 * Nest's ExpressAdapter with one change: its HTTP server creates each request and response
 * with Express's prototypes (`app.request`, `app.response`) already in place. Express sets them
 * with Object.setPrototypeOf on every request, and in V8 that gives each request and response
 * object a hidden class (map) of its own, so every megamorphic property access on them in
 * Express, Nest and Node's http misses V8's stub cache and takes the runtime's slow path: about
 * 40 % of the API's instructions per GET (#2). With the prototype already set, Express's call
 * changes nothing. Same objects, same prototype chain (`instanceof IncomingMessage` holds).
 *
 * It also listens with a configurable backlog (HTTP_BACKLOG) instead of Node's 511.
 */
export class SentirExpressAdapter extends ExpressAdapter {
  constructor(private readonly listenOptions: { backlog?: number } = {}) {
    super();
  }

  override listen(port: string | number, callback?: () => void): http.Server;
  override listen(port: string | number, hostname: string, callback?: () => void): http.Server;
  override listen(port: string | number, ...args: unknown[]): http.Server {
    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as () => void) : undefined;
    const host = typeof args[0] === 'string' ? args[0] : undefined;
    return this.httpServer.listen({ port: Number(port), host, backlog: this.listenOptions.backlog }, callback) as http.Server;
  }

  override initHttpServer(options: NestApplicationOptions): void {
    const app = this.getInstance<Express>();
    const classes = {
      IncomingMessage: withPrototype(http.IncomingMessage, app.request),
      ServerResponse: withPrototype(http.ServerResponse, app.response),
    };
    this.httpServer = options?.httpsOptions ? https.createServer({ ...options.httpsOptions, ...classes }, app) : http.createServer(classes, app);
    // What ExpressAdapter.initHttpServer does besides creating the server.
    if (options?.forceCloseConnections) (this as unknown as { trackOpenConnections(): void }).trackOpenConnections();
  }
}
