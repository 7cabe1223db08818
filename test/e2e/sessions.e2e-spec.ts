import IORedis from 'ioredis';
import { Client } from 'pg';
import { KeyFactory } from '../factories/api-keys.factory';
import { ApiClient, eventually } from '../support/http';
import { ApiProcess, ManagedProcess, startApi, startWorker, stopAll } from '../support/processes';

const PROBLEM = 'https://sentir.dev/problems/';
const MERGE_PATCH = { 'Content-Type': 'application/merge-patch+json' };

/** Sessions end to end: two API instances (and, for expiry, a worker), PostgreSQL, Redis. */
describe('sessions (two API instances, PostgreSQL, Redis)', () => {
  const keys = new KeyFactory();
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  const redis = new IORedis(process.env.E2E_REDIS_URL!);
  const suffix = { QUEUE_SUFFIX: 'sessions' };
  const prefix = `${process.env.E2E_RUN_ID}_${suffix.QUEUE_SUFFIX}`;
  let api: ApiProcess;
  let api2: ApiProcess;
  let alice: ApiClient;
  let bob: ApiClient;
  let aliceId: string;

  beforeAll(async () => {
    await db.connect();
    [api, api2] = await Promise.all([startApi(suffix), startApi(suffix)]);
    const [a, b] = await Promise.all([keys.create('alice'), keys.create('bob')]);
    alice = new ApiClient(api.url, a.key);
    bob = new ApiClient(api.url, b.key);
    aliceId = a.userId;
  });

  afterAll(async () => {
    await stopAll(api, api2);
    redis.disconnect();
    await db.end();
    await keys.close();
  });

  const patch = (client: ApiClient, id: string, body: unknown, headers: Record<string, string> = {}) =>
    client.request('PATCH', `/api/v1/sessions/${id}`, body, { ...MERGE_PATCH, ...headers });

  it('creates, reads, lists, merge-patches and deletes a session, writing through to PostgreSQL', async () => {
    const created = await alice.post('/api/v1/sessions', { state: { view: 'files', filters: { sentiment: 'negative', language: 'es' } } });
    expect(created.status).toBe(201);
    const s = created.body;
    expect(created.headers.get('location')).toBe(`/api/v1/sessions/${s.id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(s).toMatchObject({ version: 1, etag: 'W/"1"', state: { view: 'files' }, links: { self: `/api/v1/sessions/${s.id}`, events: `/api/v1/sessions/${s.id}/events` } });
    expect(Date.parse(s.expiresAt) - Date.parse(s.lastActivityAt)).toBe(3600_000);

    const got = await alice.get(`/api/v1/sessions/${s.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('W/"1"');
    expect(got.body.state).toEqual(s.state);
    // A read is activity: it slides the expiry.
    expect(Date.parse(got.body.expiresAt)).toBeGreaterThanOrEqual(Date.parse(s.expiresAt));

    const patched = await patch(alice, s.id, { state: { view: 'tasks', filters: { language: null }, selection: { taskIds: ['t1'] } } }, { 'If-Match': 'W/"1"' });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('W/"2"');
    expect(patched.body).toMatchObject({ version: 2, state: { view: 'tasks', filters: { sentiment: 'negative' }, selection: { taskIds: ['t1'] } } });
    expect(patched.body.state.filters).toEqual({ sentiment: 'negative' });

    const row = await db.query('SELECT version, state, user_id FROM sessions WHERE id = $1', [s.id]);
    expect(row.rows[0]).toEqual({ version: 2, state: patched.body.state, user_id: aliceId });

    // A patch that changes nothing keeps the version.
    const same = await patch(alice, s.id, { state: { view: 'tasks' } });
    expect(same.body.version).toBe(2);

    const list = await alice.get('/api/v1/sessions');
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).toContain(s.id);

    const deleted = await alice.delete(`/api/v1/sessions/${s.id}`);
    expect(deleted.status).toBe(204);
    expect((await alice.get(`/api/v1/sessions/${s.id}`)).status).toBe(404);
    expect((await alice.delete(`/api/v1/sessions/${s.id}`)).status).toBe(404);
    expect((await db.query('SELECT 1 FROM sessions WHERE id = $1', [s.id])).rowCount).toBe(0);
  });

  it('answers If-None-Match with the current ETag with 304', async () => {
    const s = (await alice.post('/api/v1/sessions', { state: { a: 1 } })).body;
    const notModified = await alice.get(`/api/v1/sessions/${s.id}`, { 'If-None-Match': 'W/"1"' });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    await patch(alice, s.id, { state: { a: 2 } });
    const modified = await alice.get(`/api/v1/sessions/${s.id}`, { 'If-None-Match': 'W/"1"' });
    expect(modified.status).toBe(200);
    expect(modified.body.state).toEqual({ a: 2 });
  });

  it('answers a stale If-Match with 412 version-conflict carrying the current session, so a tab can merge', async () => {
    const s = (await alice.post('/api/v1/sessions', { state: { filters: { sentiment: 'negative' } } })).body;
    // Tab 1 writes first, through the other API instance.
    const tab1 = await patch(new ApiClient(api2.url, alice.key), s.id, { state: { filters: { language: 'gn' } } }, { 'If-Match': s.etag });
    expect(tab1.status).toBe(200);

    // Tab 2 still holds version 1.
    const tab2 = await patch(alice, s.id, { state: { filters: { sentiment: 'positive' } } }, { 'If-Match': s.etag });
    expect(tab2.status).toBe(412);
    expect(tab2.body.type).toBe(`${PROBLEM}version-conflict`);
    expect(tab2.headers.get('etag')).toBe('W/"2"');
    expect(tab2.body.currentVersion).toBe(2);
    expect(tab2.body.current).toMatchObject({ id: s.id, version: 2, etag: 'W/"2"', state: { filters: { sentiment: 'negative', language: 'gn' } } });

    // It merges and retries with the current ETag.
    const retried = await patch(alice, s.id, { state: { filters: { sentiment: 'positive' } } }, { 'If-Match': tab2.body.current.etag });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ version: 3, state: { filters: { sentiment: 'positive', language: 'gn' } } });

    const staleDelete = await alice.delete(`/api/v1/sessions/${s.id}`, { 'If-Match': 'W/"2"' });
    expect(staleDelete.status).toBe(412);
    expect((await alice.delete(`/api/v1/sessions/${s.id}`, { 'If-Match': 'W/"3"' })).status).toBe(204);
  });

  it('refuses what is not a merge patch of a JSON object state', async () => {
    const s = (await alice.post('/api/v1/sessions')).body;
    expect(s.state).toEqual({});

    const asJson = await alice.request('PATCH', `/api/v1/sessions/${s.id}`, { state: { a: 1 } });
    expect(asJson.status).toBe(415);
    expect(asJson.body.type).toBe(`${PROBLEM}unsupported-media-type`);
    expect(asJson.headers.get('accept-patch')).toBe('application/merge-patch+json');

    for (const body of [{ state: [1, 2] }, { state: 'x' }, { version: 7 }, ['state']]) {
      const res = await patch(alice, s.id, body);
      expect(res.status).toBe(400);
      expect(res.body.type).toBe(`${PROBLEM}validation-failed`);
    }
    expect((await alice.post('/api/v1/sessions', { state: [] })).status).toBe(400);
    expect((await patch(alice, s.id, { state: {} }, { 'If-Match': 'nope' })).status).toBe(400);
  });

  it('refuses a state over SESSION_MAX_BYTES with 413 session-too-large, measured on the resulting state', async () => {
    // 60,000 characters of state in a body padded past BODY_LIMIT (64kb): the sessions' own limit applies.
    const fits = { notes: 'n'.repeat(60_000) };
    const padded = `{"state": ${JSON.stringify(fits)}${' '.repeat(10_000)}}`;
    expect(Buffer.byteLength(padded)).toBeGreaterThan(64 * 1024);
    const created = await alice.post('/api/v1/sessions', padded, { 'Content-Type': 'application/json' });
    expect(created.status).toBe(201);

    const tooBig = await alice.post('/api/v1/sessions', { state: { notes: 'n'.repeat(70_000) } });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ type: `${PROBLEM}session-too-large`, limitBytes: 65536, sizeBytes: 70_012 });

    // Each half fits; together they do not.
    const grown = await patch(alice, created.body.id, { state: { more: 'm'.repeat(10_000) } });
    expect(grown.status).toBe(413);
    expect(grown.body.type).toBe(`${PROBLEM}session-too-large`);
    expect(grown.body.sizeBytes).toBeGreaterThan(65536);
    expect((await alice.get(`/api/v1/sessions/${created.body.id}`)).body.version).toBe(1);

    // Far beyond any state: refused while reading, with the same problem.
    const huge = await alice.post('/api/v1/sessions', { state: { blob: 'b'.repeat(300_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ type: `${PROBLEM}session-too-large`, limitBytes: 65536 });
    await alice.delete(`/api/v1/sessions/${created.body.id}`);
  });

  it("keeps other users' sessions out of reach: 404 everywhere", async () => {
    const s = (await alice.post('/api/v1/sessions', { state: { secret: true } })).body;
    expect((await bob.get(`/api/v1/sessions/${s.id}`)).status).toBe(404);
    expect((await patch(bob, s.id, { state: { x: 1 } })).status).toBe(404);
    expect((await bob.delete(`/api/v1/sessions/${s.id}`)).status).toBe(404);
    expect((await fetch(`${api.url}/api/v1/sessions/${s.id}/events`, { headers: { authorization: `Bearer ${bob.key}` } })).status).toBe(404);
    expect((await bob.get('/api/v1/sessions')).body.data.map((x: { id: string }) => x.id)).not.toContain(s.id);
    expect((await alice.get('/api/v1/sessions/not-a-uuid')).status).toBe(404);
  });

  it('evicts the least recently active session when a sixth is created, and tells its streams', async () => {
    const carolKey = await keys.create('carol');
    const carol = new ApiClient(api.url, carolKey.key);
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) ids.push((await carol.post('/api/v1/sessions', { state: { n } })).body.id);
    const [s1, s2, s3, s4, s5] = ids;
    // s2 is read before the others: s1, created first, is more recently active than s2 afterwards.
    const stream = await openStream(`${api2.url}/api/v1/sessions/${s2}/events`, carolKey.key);
    await stream.next('changed');
    for (const id of [s1, s3, s4, s5]) expect((await carol.get(`/api/v1/sessions/${id}`)).status).toBe(200);
    const before = await metric(api, 'sentir_session_evictions_total');

    const sixth = await carol.post('/api/v1/sessions', { state: { n: 6 } });
    expect(sixth.status).toBe(201);

    const listed = (await carol.get('/api/v1/sessions')).body.data.map((x: { id: string }) => x.id);
    expect(listed).toHaveLength(5);
    expect(listed[0]).toBe(sixth.body.id); // most recently active first
    expect(listed.sort()).toEqual([s1, s3, s4, s5, sixth.body.id].sort());
    expect((await carol.get(`/api/v1/sessions/${s2}`)).status).toBe(404);
    expect((await db.query('SELECT 1 FROM sessions WHERE id = $1', [s2])).rowCount).toBe(0);
    expect(await stream.next('deleted')).toEqual({ id: s2, reason: 'evicted' });
    await stream.ended;
    expect(await metric(api, 'sentir_session_evictions_total')).toBe(before + 1);
    expect(await metric(api, 'sentir_sessions_live')).toBeGreaterThanOrEqual(5);
  });

  it('pushes a change made through one API instance to the event streams on another', async () => {
    const s = (await alice.post('/api/v1/sessions', { state: { view: 'home' } })).body;
    const tabA = await openStream(`${api2.url}/api/v1/sessions/${s.id}/events`, alice.key!);
    const tabB = await openStream(`${api.url}/api/v1/sessions/${s.id}/events`, alice.key!);
    expect(await tabA.next('changed')).toMatchObject({ version: 1, state: { view: 'home' } });
    await tabB.next('changed');

    await patch(alice, s.id, { state: { view: 'batch', fileId: 'f1' } });
    expect(await tabA.next('changed')).toMatchObject({ id: s.id, version: 2, etag: 'W/"2"', state: { view: 'batch', fileId: 'f1' } });
    expect(await tabB.next('changed')).toMatchObject({ version: 2 });
    expect(tabA.raw).toContain('id: 2\nevent: changed');

    await new ApiClient(api2.url, alice.key).delete(`/api/v1/sessions/${s.id}`);
    expect(await tabA.next('deleted')).toEqual({ id: s.id, reason: 'deleted' });
    expect(await tabB.next('deleted')).toEqual({ id: s.id, reason: 'deleted' });
    await Promise.all([tabA.ended, tabB.ended]);
  });

  it('loses nothing when Redis loses the session: GET answers from PostgreSQL and fills Redis again', async () => {
    const s = (await alice.post('/api/v1/sessions', { state: { keep: 'me' } })).body;
    await patch(alice, s.id, { state: { also: 'this' } });
    const key = `${prefix}:session:${aliceId}:${s.id}`;
    expect(await redis.exists(key)).toBe(1);

    // Simulate Redis data loss (a restart without persistence) for every session of this run.
    const lost = await redis.keys(`${prefix}:session:*`);
    expect(lost).toContain(key);
    await redis.del(...lost);

    const got = await alice.get(`/api/v1/sessions/${s.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ version: 2, state: { keep: 'me', also: 'this' } });
    expect(await redis.exists(key)).toBe(1);
    expect(await redis.hget(key, 'v')).toBe('2');

    // And the next write continues from there.
    const next = await patch(alice, s.id, { state: { after: true } }, { 'If-Match': 'W/"2"' });
    expect(next.body).toMatchObject({ version: 3, state: { keep: 'me', also: 'this', after: true } });
  });
});

describe('session expiry (SESSION_TTL_SECONDS=2, a worker purging every 500 ms)', () => {
  const keys = new KeyFactory();
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  const env = { QUEUE_SUFFIX: 'sessions-ttl', SESSION_TTL_SECONDS: '2', SESSION_PURGE_INTERVAL_MS: '500' };
  let api: ApiProcess;
  let worker: ManagedProcess;
  let alice: ApiClient;

  beforeAll(async () => {
    await db.connect();
    [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
    const k = await keys.create('alice');
    alice = new ApiClient(api.url, k.key);
  });

  afterAll(async () => {
    await stopAll(api, worker);
    await db.end();
    await keys.close();
  });

  it('expires a session left alone for its TTL: its stream hears `expired`, GET is 404, the purge job deletes its row', async () => {
    const s = (await alice.post('/api/v1/sessions', { state: { short: 'lived' } })).body;
    expect(Date.parse(s.expiresAt) - Date.parse(s.lastActivityAt)).toBe(2000);
    const stream = await openStream(`${api.url}/api/v1/sessions/${s.id}/events`, alice.key!);
    await stream.next('changed');

    expect(await stream.next('expired', 6000)).toEqual({ id: s.id, reason: 'expired' });
    await stream.ended;
    expect((await alice.get(`/api/v1/sessions/${s.id}`)).status).toBe(404);
    expect((await alice.get('/api/v1/sessions')).body.data.map((x: { id: string }) => x.id)).not.toContain(s.id);
    await eventually(
      async () => (await db.query('SELECT 1 FROM sessions WHERE id = $1', [s.id])).rowCount,
      (n) => n === 0,
      10_000,
    );
  });

  it('slides the expiry on every read', async () => {
    const s = (await alice.post('/api/v1/sessions', { state: {} })).body;
    for (let i = 0; i < 4; i++) {
      await sleep(1000);
      expect((await alice.get(`/api/v1/sessions/${s.id}`)).status).toBe(200);
    }
    // 4 s after creation, twice the TTL, it is still there; left alone, it goes.
    await sleep(2500);
    expect((await alice.get(`/api/v1/sessions/${s.id}`)).status).toBe(404);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A counter or gauge from an API's /metrics. */
async function metric(api: ApiProcess, name: string): Promise<number> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

interface EventStream {
  raw: string;
  /** The data of the next event of that type not yet taken (waits for it). */
  next(event: string, timeoutMs?: number): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
}

/** Reads an SSE stream as it arrives. */
async function openStream(url: string, key: string): Promise<EventStream> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { event: string; data: unknown }[] = [];
  const stream: EventStream = {
    raw: '',
    ended: Promise.resolve(),
    async next(event, timeoutMs = 10_000) {
      const start = Date.now();
      for (;;) {
        const i = events.findIndex((e) => e.event === event);
        if (i >= 0) return events.splice(i, 1)[0].data;
        if (Date.now() - start > timeoutMs) throw new Error(`no "${event}" event within ${timeoutMs} ms; got:\n${stream.raw}`);
        await sleep(20);
      }
    },
  };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  stream.ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const chunk = decoder.decode(value, { stream: true });
      stream.raw += chunk;
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  return stream;
}
