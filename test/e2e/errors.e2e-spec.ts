import IORedis from 'ioredis';
import { KeyFactory } from '../factories/api-keys.factory';
import { ApiClient } from '../support/http';
import { ApiProcess, startApi, stopAll } from '../support/processes';

const P = 'https://sentir.dev/problems/';

/** Every bad input gets a precise problem+json with a stable type and the request id. */
describe('problems (RFC 9457) for bad requests', () => {
  const keys = new KeyFactory();
  let api: ApiProcess;
  let client: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    api = await startApi({ QUEUE_SUFFIX: 'errors', TEXT_MAX_LENGTH: '20', BODY_LIMIT: '2kb' });
    client = new ApiClient(api.url, (await keys.create('errors')).key);
    anonymous = new ApiClient(api.url);
  });

  afterAll(async () => {
    await stopAll(api);
    await keys.close();
  });

  function expectProblem(res: { status: number; headers: Headers; body: Record<string, unknown> }, status: number, type: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: P + type, status, instance: expect.any(String), detail: expect.any(String), title: expect.any(String) });
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  }

  it.each([
    ['no Authorization header', undefined],
    ['a non-Bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['an unknown key', 'Bearer snt_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['garbage', 'Bearer nope'],
  ])('401 for %s', async (_name, auth) => {
    const res = await anonymous.get('/api/v1/tasks', auth ? { Authorization: auth } : {});
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('401 once a key is revoked', async () => {
    const created = await keys.create('revoked');
    const c = new ApiClient(api.url, created.key);
    expect((await c.get('/api/v1/tasks')).status).toBe(200);
    await (await keys.service()).revoke(created.id);
    // The API caches key checks for up to 5 s.
    await new Promise((r) => setTimeout(r, 5200));
    expectProblem(await c.get('/api/v1/tasks'), 401, 'unauthorized');
  });

  it('echoes a client X-Request-Id', async () => {
    const res = await client.get('/api/v1/tasks/nope', { 'X-Request-Id': 'req-abc.123' });
    expectProblem(res, 404, 'not-found');
    expect(res.body.requestId).toBe('req-abc.123');
  });

  it('400 with an errors array naming each bad field', async () => {
    const res = await client.post('/api/v1/tasks/single', { priority: 'urgent', language: 'Spanish', extra: 1 });
    expectProblem(res, 400, 'validation-failed');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['extra', 'language', 'priority', 'text']));
  });

  it.each([
    ['too long', 'x'.repeat(21)],
    ['blank', '   '],
    ['NUL', 'a\u0000b'],
    ['a lone surrogate', 'a\ud800b'],
  ])('400 for a text that is %s', async (_name, text) => {
    const res = await client.post('/api/v1/tasks/single', { text });
    expectProblem(res, 400, 'validation-failed');
    expect((res.body.errors as { field: string }[])[0].field).toBe('text');
  });

  it('counts characters, not bytes, against the text limit', async () => {
    expect((await client.post('/api/v1/tasks/single', { text: 'ñ'.repeat(20) })).status).toBe(202);
  });

  it('400 malformed-json for a broken body', async () => {
    const res = await client.post('/api/v1/tasks/single', '{"text": ', { 'Content-Type': 'application/json' });
    expectProblem(res, 400, 'malformed-json');
  });

  it('413 for a body over the limit', async () => {
    const res = await client.post('/api/v1/tasks/single', JSON.stringify({ text: 'x'.repeat(5000) }), { 'Content-Type': 'application/json' });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await client.post('/api/v1/tasks/single', 'text=hola', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('400 for a malformed Idempotency-Key', async () => {
    const res = await client.post('/api/v1/tasks/single', { text: 'hola' }, { 'Idempotency-Key': 'has spaces in it' });
    expectProblem(res, 400, 'invalid-header');
  });

  it('400 for bad list filters', async () => {
    expectProblem(await client.get('/api/v1/tasks?limit=0'), 400, 'validation-failed');
    expectProblem(await client.get('/api/v1/tasks?status=done'), 400, 'validation-failed');
  });

  it('404 problem for unknown routes (not an HTML page)', async () => {
    const res = await fetch(`${api.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { type: string }).type).toBe(P + 'route-not-found');
  });

  it('sends helmet headers and no x-powered-by', async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('rate limits', () => {
  const keys = new KeyFactory();
  let api: ApiProcess;

  beforeAll(async () => {
    api = await startApi({ QUEUE_SUFFIX: 'ratelimit', RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_IP_PER_MINUTE: '1000' });
  });

  afterAll(async () => {
    await stopAll(api);
    await keys.close();
  });

  it('429 with Retry-After once a key exceeds its limit; other keys are unaffected', async () => {
    const a = new ApiClient(api.url, (await keys.create('rl-a')).key);
    const b = new ApiClient(api.url, (await keys.create('rl-b')).key);
    for (let i = 0; i < 3; i++) expect((await a.get('/api/v1/tasks')).status).toBe(200);
    const limited = await a.get('/api/v1/tasks');
    expect(limited.status).toBe(429);
    expect(limited.body.type).toBe(P + 'rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await b.get('/api/v1/tasks')).status).toBe(200);
  });

  it('limits per IP before authentication', async () => {
    const ipApi = await startApi({ QUEUE_SUFFIX: 'ratelimit-ip', RATE_LIMIT_IP_PER_MINUTE: '2' });
    try {
      const anon = new ApiClient(ipApi.url);
      await anon.get('/api/v1/tasks');
      await anon.get('/api/v1/tasks');
      const res = await anon.get('/api/v1/tasks');
      expect(res.status).toBe(429);
      expect(res.body.scope).toBe('ip');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await stopAll(ipApi);
    }
  });

  it('counts a known key once per request with its IP, and stops counting the key while the IP is limited', async () => {
    // The first request looks the key up in PostgreSQL; later ones find it cached, and the IP
    // guard counts both limits in one Redis round trip: the counts must be the same either way.
    const suffix = 'ratelimit-pair';
    const pairApi = await startApi({ QUEUE_SUFFIX: suffix, RATE_LIMIT_IP_PER_MINUTE: '4', RATE_LIMIT_PER_MINUTE: '10' });
    const redis = new IORedis(process.env.E2E_REDIS_URL!);
    try {
      const created = await keys.create('rl-pair');
      const client = new ApiClient(pairApi.url, created.key);
      const remaining: (string | null)[][] = [];
      for (let i = 0; i < 4; i++) {
        const res = await client.get('/api/v1/tasks');
        expect(res.status).toBe(200);
        remaining.push([res.headers.get('x-ratelimit-remaining-ip'), res.headers.get('x-ratelimit-remaining-key')]);
      }
      expect(remaining).toEqual([['3', '9'], ['2', '8'], ['1', '7'], ['0', '6']]);
      for (let i = 0; i < 2; i++) {
        const limited = await client.get('/api/v1/tasks');
        expect(limited.status).toBe(429);
        expect(limited.body.scope).toBe('ip');
        expect(limited.headers.get('x-ratelimit-remaining-key')).toBeNull();
      }
      const keyHits = await redis.get(`{${process.env.E2E_RUN_ID}_${suffix}:throttle:key:${created.id}:key}:hits`);
      expect(keyHits).toBe('4');
    } finally {
      redis.disconnect();
      await stopAll(pairApi);
    }
  });
});
