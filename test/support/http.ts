import { assertMatchesContract } from './contract';

export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * A small HTTP client for e2e tests. Every response under /api/v1 (and /healthz, /readyz)
 * is checked against openapi.yml before the test sees it.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly key?: string,
  ) {}

  withKey(key: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, key);
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request('POST', path, body, headers);
  }

  delete(path: string, headers: Record<string, string> = {}) {
    return this.request('DELETE', path, undefined, headers);
  }

  /** multipart/form-data with one `file` part and optional fields, as a browser would send it. */
  upload(path: string, file: { name: string; content: Buffer | string; type?: string }, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    form.append('file', new Blob([new Uint8Array(bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
    return this.request('POST', path, form, headers);
  }

  /** `body` objects are sent as JSON; strings and FormData are sent as they are (with your Content-Type). */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.key && !('authorization' in lower(h))) h.Authorization = `Bearer ${this.key}`;
    let payload: string | FormData | Buffer | undefined;
    if (typeof body === 'string' || body instanceof FormData || Buffer.isBuffer(body)) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      if (!('content-type' in lower(h))) h['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload as RequestInit['body'] });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    const json = /^application\/([\w.-]+\+)?json\b/.test(contentType ?? '');
    const parsed = text && json ? JSON.parse(text) : text || undefined;
    if (path.startsWith('/api/') || path === '/readyz' || path === '/healthz') {
      assertMatchesContract(method, path, res.status, contentType, parsed);
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const start = Date.now();
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, everyMs));
    last = await fn();
  }
  return last;
}
