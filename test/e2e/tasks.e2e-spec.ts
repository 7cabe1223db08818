import { KeyFactory } from '../factories/api-keys.factory';
import { ApiClient, eventually } from '../support/http';
import { ApiProcess, ManagedProcess, startApi, startWorker, stopAll } from '../support/processes';

/** The single-text lifecycle through a real API process, a real worker, PostgreSQL and Redis. */
describe('single-text tasks (API + worker processes)', () => {
  const keys = new KeyFactory();
  let api: ApiProcess;
  let worker: ManagedProcess | undefined;
  let alice: ApiClient;
  let bob: ApiClient;

  beforeAll(async () => {
    api = await startApi({ QUEUE_SUFFIX: 'tasks' });
    const [a, b] = await Promise.all([keys.create('alice'), keys.create('bob')]);
    alice = new ApiClient(api.url, a.key);
    bob = new ApiClient(api.url, b.key);
  });

  afterAll(async () => {
    await stopAll(api, worker);
    await keys.close();
  });

  describe('before any worker runs', () => {
    it('queues a task: 202, Location, and the task resource', async () => {
      const res = await alice.post('/api/v1/tasks/single', { text: 'The router works great', priority: 'high' });
      expect(res.status).toBe(202);
      expect(res.headers.get('location')).toBe(`/api/v1/tasks/${res.body.id}`);
      expect(res.body).toMatchObject({ type: 'single', status: 'queued', priority: 'high', result: null, error: null });
      expect(res.body.progress).toEqual({ processed: 0, total: 1, percent: 0 });
    });

    it('cancels a queued task, then deletes it once finished', async () => {
      const created = await alice.post('/api/v1/tasks/single', { text: 'cancel me please' });
      const cancelled = await alice.delete(`/api/v1/tasks/${created.body.id}`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(cancelled.body.completedAt).not.toBeNull();

      const deleted = await alice.delete(`/api/v1/tasks/${created.body.id}`);
      expect(deleted.status).toBe(204);
      expect((await alice.get(`/api/v1/tasks/${created.body.id}`)).status).toBe(404);
    });

    it('returns the same task for a repeated Idempotency-Key, and 409 for another body', async () => {
      const key = `idem-${Date.now()}`;
      const first = await alice.post('/api/v1/tasks/single', { text: 'hola mundo' }, { 'Idempotency-Key': key });
      const again = await alice.post('/api/v1/tasks/single', { text: 'hola mundo' }, { 'Idempotency-Key': key });
      expect(again.status).toBe(202);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers.get('idempotent-replayed')).toBe('true');

      const conflict = await alice.post('/api/v1/tasks/single', { text: 'otro texto' }, { 'Idempotency-Key': key });
      expect(conflict.status).toBe(409);
      expect(conflict.body.type).toBe('https://sentir.dev/problems/idempotency-key-conflict');

      // Keys are per user: Bob may use the same key for his own task.
      const bobs = await bob.post('/api/v1/tasks/single', { text: 'otro texto' }, { 'Idempotency-Key': key });
      expect(bobs.status).toBe(202);
      expect(bobs.body.id).not.toBe(first.body.id);
    });

    it("answers 404 for another user's task, exactly like a missing one", async () => {
      const mine = await alice.post('/api/v1/tasks/single', { text: 'privado' });
      const theirs = await bob.get(`/api/v1/tasks/${mine.body.id}`);
      const missing = await bob.get('/api/v1/tasks/00000000-0000-4000-8000-000000000000');
      expect(theirs.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(theirs.body.title).toBe(missing.body.title);
      expect((await bob.delete(`/api/v1/tasks/${mine.body.id}`)).status).toBe(404);
      expect((await alice.get(`/api/v1/tasks/${mine.body.id}`)).status).toBe(200);
    });
  });

  describe('with a worker', () => {
    beforeAll(async () => {
      worker = await startWorker({ QUEUE_SUFFIX: 'tasks' });
    });

    it('analyses a Spanish complaint as es / negative within Prefer: wait', async () => {
      const res = await alice.post('/api/v1/tasks/single', { text: 'El internet anda muy lento y nadie me atiende' }, { Prefer: 'wait=10' });
      expect(res.status).toBe(200);
      expect(res.headers.get('preference-applied')).toBe('wait=10');
      expect(res.body.status).toBe('completed');
      expect(res.body.result.language.code).toBe('es');
      expect(res.body.result.sentiment.label).toBe('negative');
      expect(res.body.result.sentiment.score).toBeLessThan(0);
      expect(res.body.result.engine.analyzers.length).toBeGreaterThan(0);
      expect(res.body.progress).toEqual({ processed: 1, total: 1, percent: 100 });
      expect(res.body.startedAt).not.toBeNull();
    });

    it('analyses an English compliment as en / positive', async () => {
      const res = await alice.post('/api/v1/tasks/single', { text: 'Great service, the technician was friendly and fast. Thank you!' }, { Prefer: 'wait=10' });
      expect(res.status).toBe(200);
      expect(res.body.result.language.code).toBe('en');
      expect(res.body.result.sentiment.label).toBe('positive');
    });

    it('respects a language hint instead of detecting', async () => {
      const res = await alice.post('/api/v1/tasks/single', { text: 'ok', language: 'es' }, { Prefer: 'wait=10' });
      expect(res.body.result.language).toEqual({ code: 'es', confidence: 1 });
    });

    it('completes the tasks queued before the worker started', async () => {
      const list = await eventually(
        () => alice.get('/api/v1/tasks?status=queued'),
        (r) => r.body.data.length === 0,
      );
      expect(list.status).toBe(200);
    });

    it('lists newest first with cursor pagination and filters', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await bob.post('/api/v1/tasks/single', { text: `comentario ${i}` })).body.id);
      const seen: string[] = [];
      let path: string | null = '/api/v1/tasks?limit=2&type=single';
      while (path) {
        const page = await bob.get(path);
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.map((t: { id: string }) => t.id));
        path = page.body.links.next;
      }
      // Bob created 1 task earlier plus these 5; newest first.
      expect(seen).toHaveLength(6);
      expect(seen.slice(0, 5)).toEqual([...ids].reverse());

      const cancelledOnly = await bob.get('/api/v1/tasks?status=cancelled');
      expect(cancelledOnly.body.data).toEqual([]);
    });

    it('rejects a cursor it did not issue', async () => {
      const res = await alice.get('/api/v1/tasks?cursor=bm9wZQ');
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('https://sentir.dev/problems/invalid-cursor');
    });
  });
});
