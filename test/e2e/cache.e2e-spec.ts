import { Client } from 'pg';
import { KeyFactory } from '../factories/api-keys.factory';
import { commentsCsv } from '../factories/files.factory';
import { ApiClient, eventually } from '../support/http';
import { ApiProcess, freePort, ManagedProcess, startApi, startWorker, stopAll } from '../support/processes';

const PROBLEM = 'https://sentir.dev/problems/';

/** `rows` rows cycling through `distinct` comments; `tag` changes the bytes (another file) but no text. */
function repeatedCsv(rows: number, distinct: number, tag: string): string {
  const texts = Array.from({ length: distinct }, (_, k) => (k % 2 ? `Excelente atención número ${k}, gracias` : `El internet anda muy lento, reclamo ${k}`));
  const lines = ['id,comentario,canal'];
  for (let i = 1; i <= rows; i++) lines.push(`${tag}-${i},"${texts[i % distinct]}",${tag}`);
  return lines.join('\n') + '\n';
}

/** The analysed rows as stored, in order: what must be identical whether analysed or cached. */
async function storedRows(db: Client, taskId: string) {
  const { rows } = await db.query(`SELECT row_number, text, language, sentiment, score, analysis FROM task_items WHERE task_id = $1 ORDER BY row_number`, [taskId]);
  return rows;
}

async function workerMetric(worker: ManagedProcess, level: string, result: string): Promise<number> {
  const port = /metrics on port (\d+)/.exec(worker.output)?.[1];
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const m = new RegExp(`^sentir_cache_requests_total\\{level="${level}",result="${result}"\\} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

describe('analysis cache (API + worker processes)', () => {
  const keys = new KeyFactory();
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });

  beforeAll(async () => {
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await keys.close();
  });

  describe('two levels, reuse of finished batches, admin routes', () => {
    const env = { QUEUE_SUFFIX: 'cache', BATCH_CHUNK_SIZE: '100', WORKER_BATCH_CONCURRENCY: '1' };
    let api: ApiProcess;
    let worker: ManagedProcess;
    let alice: ApiClient;
    let admin: ApiClient;
    let first: { id: string; fileId: string };

    beforeAll(async () => {
      [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
      alice = new ApiClient(api.url, (await keys.create('cache-alice')).key);
      admin = new ApiClient(api.url, (await keys.create('cache-admin', true)).key);
    });

    afterAll(async () => {
      await stopAll(api, worker);
    });

    async function batch(client: ApiClient, body: Record<string, unknown>) {
      const created = await client.post('/api/v1/tasks/batch', body);
      expect([200, 202]).toContain(created.status);
      const done = await eventually(() => client.get(`/api/v1/tasks/${created.body.id}`), (r) => r.body.status === 'completed', 30_000, 100);
      return { created, done: done.body };
    }

    it('analyses a repeated comment once: within a chunk, then across chunks', async () => {
      const file = await alice.upload('/api/v1/files', { name: 'a.csv', content: repeatedCsv(300, 12, 'A') });
      expect(file.status).toBe(201);
      const { done } = await batch(alice, { fileId: file.body.id });
      expect(done.result.totals.analysed).toBe(300);
      expect(done.result.engine.cache).toEqual({ hits: 288, misses: 12 });
      expect(done.result.engine.fingerprint).toEqual(expect.any(String));
      first = { id: done.id, fileId: file.body.id };
      // For GET /usage: cache hits per user and day, under the local engine, at no cost.
      const usage = await eventually(
        async () => (await db.query(`SELECT engine, cache_hits, texts, cost_usd::float8 AS cost FROM usage_records WHERE task_id = $1`, [done.id])).rows,
        (rows) => rows.length > 0,
      );
      expect(usage).toEqual([{ engine: 'sentir-local', cache_hits: 288, texts: 300, cost: 0 }]);
    });

    it('single texts share the cache: the same text again is not analysed, and the result is the same', async () => {
      const text = 'Se corta la señal todas las noches, llamé tres veces y nadie me atiende';
      const one = await alice.post('/api/v1/tasks/single', { text }, { Prefer: 'wait=10' });
      expect(one.status).toBe(200);
      const hits = await workerMetric(worker, 'memory', 'hit');
      const two = await alice.post('/api/v1/tasks/single', { text }, { Prefer: 'wait=10' });
      expect(two.status).toBe(200);
      expect(two.body.result).toEqual(one.body.result);
      expect(await workerMetric(worker, 'memory', 'hit')).toBe(hits + 1);
    });

    it('a second batch over another file with the same texts is answered from the cache, with identical rows', async () => {
      const hitsBefore = await workerMetric(worker, 'memory', 'hit');
      const file = await alice.upload('/api/v1/files', { name: 'b.csv', content: repeatedCsv(300, 12, 'B') });
      expect(file.status).toBe(201);
      expect(file.body.id).not.toBe(first.fileId);
      const { created, done } = await batch(alice, { fileId: file.body.id });
      expect(created.status).toBe(202); // another file: analysed, not reused
      expect(done.result.reusedFrom).toBeUndefined();
      expect(done.result.engine.cache).toEqual({ hits: 300, misses: 0 });
      expect((await workerMetric(worker, 'memory', 'hit')) - hitsBefore).toBe(300);
      expect(await storedRows(db, done.id)).toEqual(await storedRows(db, first.id));
      expect(done.result.sentiment).toEqual((await alice.get(`/api/v1/tasks/${first.id}`)).body.result.sentiment);
    });

    it('a batch over the same file with the same options reuses the finished rows at once; reuse: false analyses again', async () => {
      const reused = await alice.post('/api/v1/tasks/batch', { fileId: first.fileId });
      expect(reused.status).toBe(200);
      expect(reused.headers.get('location')).toBe(`/api/v1/tasks/${reused.body.id}`);
      expect(reused.body).toMatchObject({ status: 'completed', progress: { processed: 300, total: 300, percent: 100 } });
      expect(reused.body.id).not.toBe(first.id);
      expect(reused.body.result.reusedFrom).toBe(first.id);
      expect(reused.body.result.engine.cache).toEqual({ hits: 300, misses: 0 });
      expect(await storedRows(db, reused.body.id)).toEqual(await storedRows(db, first.id));
      const items = await alice.get(`/api/v1/tasks/${reused.body.id}/items?limit=5`);
      expect(items.body.data).toHaveLength(5);
      const { rows: chunks } = await db.query('SELECT count(*)::int AS n FROM task_chunks WHERE task_id = $1', [reused.body.id]);
      expect(chunks[0].n).toBe(0);

      const again = await batch(alice, { fileId: first.fileId, reuse: false });
      expect(again.created.status).toBe(202);
      expect(again.done.result.reusedFrom).toBeUndefined();
      expect(again.done.result.engine.cache).toEqual({ hits: 300, misses: 0 });

      // Other options are another result: no reuse.
      const other = await batch(alice, { fileId: first.fileId, analyses: ['language', 'sentiment'] });
      expect(other.created.status).toBe(202);
      expect(other.done.result.reusedFrom).toBeUndefined();
    });

    it('the one-step multipart form takes reuse=false too', async () => {
      const res = await alice.upload('/api/v1/tasks/batch', { name: 'a.csv', content: repeatedCsv(300, 12, 'A') }, { reuse: 'false' });
      expect(res.status).toBe(202);
      const same = await alice.upload('/api/v1/tasks/batch', { name: 'a.csv', content: repeatedCsv(300, 12, 'A') });
      expect(same.status).toBe(200);
      expect(same.body.result.reusedFrom).toEqual(expect.any(String));
      const done = await eventually(() => alice.get(`/api/v1/tasks/${res.body.id}`), (r) => r.body.status === 'completed', 30_000, 100);
      expect(done.body.result.engine.cache).toEqual({ hits: 300, misses: 0 });
    });

    it('admins read the cache figures per level; others get 403', async () => {
      const forbidden = await alice.get('/api/v1/admin/cache');
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.type).toBe(`${PROBLEM}forbidden`);
      expect((await alice.delete('/api/v1/admin/cache')).status).toBe(403);

      const status = await eventually(() => admin.get('/api/v1/admin/cache'), (r) => r.body.levels?.memory.entries >= 12 && r.body.levels.memory.hits > 0, 20_000, 250);
      expect(status.status).toBe(200);
      const { memory, redis } = status.body.levels;
      expect(status.body).toMatchObject({ enabled: true, workers: 1 });
      expect(memory.bytes).toBeGreaterThan(0);
      expect(memory.hitRatio).toBeGreaterThan(0.5);
      expect(redis).toMatchObject({ available: true, entriesApproximate: false, ttlSeconds: 604800 });
      // 12 texts × 2 option sets (all analyses; language + sentiment), and the single text.
      expect(redis.entries).toBe(25);
    });

    it('admins delete entries by prefix: Redis keys go, and every worker drops its in-process entries', async () => {
      const bad = await admin.delete(`/api/v1/admin/cache?prefix=${encodeURIComponent('x*')}`);
      expect(bad.status).toBe(400);
      const none = await admin.delete('/api/v1/admin/cache?prefix=no-such-engine@');
      expect(none.body).toEqual({ deleted: 0 });

      const res = await admin.delete('/api/v1/admin/cache?prefix=sentir-local@');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deleted: 25 });
      const after = await eventually(() => admin.get('/api/v1/admin/cache'), (r) => r.body.levels.memory.entries === 0, 20_000, 250);
      expect(after.body.levels.redis.entries).toBe(0);

      // Nothing cached any more: the same texts are analysed again.
      const again = await batch(alice, { fileId: first.fileId, reuse: false });
      expect(again.done.result.engine.cache).toEqual({ hits: 288, misses: 12 });
    });
  });

  describe('cache Redis unavailable', () => {
    let api: ApiProcess;
    let worker: ManagedProcess;

    afterAll(async () => {
      await stopAll(api, worker);
    });

    it('tasks still complete, counting the Redis errors', async () => {
      const closed = await freePort();
      const env = { QUEUE_SUFFIX: 'cache-down', CACHE_REDIS_URL: `redis://127.0.0.1:${closed}`, BATCH_CHUNK_SIZE: '100' };
      [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
      const bob = new ApiClient(api.url, (await keys.create('cache-bob')).key);
      const file = await bob.upload('/api/v1/files', { name: 'down.csv', content: commentsCsv(250) });
      const created = await bob.post('/api/v1/tasks/batch', { fileId: file.body.id });
      expect(created.status).toBe(202);
      const done = await eventually(() => bob.get(`/api/v1/tasks/${created.body.id}`), (r) => r.body.status === 'completed', 30_000, 100);
      expect(done.body.result.totals.analysed).toBe(250);
      expect(done.body.result.engine.cache).toEqual({ hits: 0, misses: 250 });
      expect(await workerMetric(worker, 'redis', 'error')).toBeGreaterThan(0);

      const single = await bob.post('/api/v1/tasks/single', { text: 'El internet anda muy lento' }, { Prefer: 'wait=10' });
      expect(single.status).toBe(200);
      expect(single.body.result.sentiment.label).toBe('negative');

      const admin = new ApiClient(api.url, (await keys.create('cache-admin-down', true)).key);
      const status = await admin.get('/api/v1/admin/cache');
      expect(status.status).toBe(200);
      expect(status.body.levels.redis).toMatchObject({ available: false, entries: null });
    });
  });
});
