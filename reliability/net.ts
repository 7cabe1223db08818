import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const srv = createServer();
  srv.listen(0, host);
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  srv.close();
  await once(srv, 'close');
  return port;
}

export interface Reply {
  /** 0 when no HTTP answer came back (refused, reset, or the client timeout fired). */
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  ms: number;
  /** Why there was no answer: 'timeout' or the network error's message. */
  error?: string;
}

/**
 * One HTTP call with a client timeout, never throwing: the suite counts outcomes, and a hang
 * must show up as 'timeout' rather than stall the run.
 */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { key?: string; json?: unknown; body?: RequestInit['body']; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  const t0 = performance.now();
  try {
    const res = await fetch(base + path, { method, headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000) });
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep the text
      }
    }
    return { status: res.status, headers: res.headers, body: parsed, ms: performance.now() - t0 };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const error = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timeout' : (e.cause?.code ?? e.message);
    return { status: 0, headers: new Headers(), body: undefined, ms: performance.now() - t0, error };
  }
}

/** Tallies answers by status (and by error for no answer), the "errors seen by clients" column. */
export class Tally {
  readonly byStatus: Record<string, number> = {};
  maxMs = 0;

  add(r: Reply): Reply {
    this.maxMs = Math.max(this.maxMs, r.ms);
    const k = r.status === 0 ? `no-answer:${r.error}` : String(r.status);
    this.byStatus[k] = (this.byStatus[k] ?? 0) + 1;
    return r;
  }

  count(pred: (k: string) => boolean): number {
    return Object.entries(this.byStatus).reduce((n, [k, v]) => n + (pred(k) ? v : 0), 0);
  }

  get serverErrors(): number {
    return this.count((k) => /^5\d\d$/.test(k) && k !== '503');
  }

  get noAnswer(): number {
    return this.count((k) => k.startsWith('no-answer'));
  }

  toString(): string {
    return Object.entries(this.byStatus)
      .sort()
      .map(([k, v]) => `${k}×${v}`)
      .join(', ');
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
