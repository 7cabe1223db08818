import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './callback-target.util';

export interface CallbackResponse {
  status: number;
  /** The first bytes of the answer, for logs. */
  snippet: string;
}

const SNIPPET_BYTES = 512;

/**
 * Answers every lookup with the addresses that were checked, whatever the host name now
 * resolves to: the connection goes where the policy said it may (DNS rebinding).
 */
export function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (usable.length === 0) {
      callback(Object.assign(new Error(`no checked IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
    } else {
      callback(null, usable[0].address, usable[0].family);
    }
  };
}

/**
 * One POST to a checked target. Redirects are never followed (a 3xx is just a status), no
 * proxy from the environment is used, and the whole exchange has one deadline.
 */
export function postCallback(
  target: { url: URL; hostname: string; addresses: ResolvedAddress[] },
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<CallbackResponse> {
  const { url } = target;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<CallbackResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, res?: CallbackResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(res!);
    };
    const req = client.request({
      method: 'POST',
      host: target.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(target.addresses),
      // A fresh connection each time: a pooled socket could outlive the address check.
      agent: false,
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => finish(err));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        finish(null, { status: res.statusCode ?? 0, snippet: Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_BYTES) });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < SNIPPET_BYTES) chunks.push(chunk.subarray(0, SNIPPET_BYTES - size));
        size += chunk.length;
        // Never read a large answer: its status is all that counts.
        if (size >= SNIPPET_BYTES) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(body);
  });
}
