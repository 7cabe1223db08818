import { Client } from 'pg';
import { KeyFactory } from '../factories/api-keys.factory';
import { commentsCsv } from '../factories/files.factory';
import { ApiClient, eventually } from '../support/http';
import { ApiProcess, ManagedProcess, startApi, startWorker, stopAll } from '../support/processes';

const PROBLEM = 'https://sentir.dev/problems/';
const NO_SUCH_USER = '00000000-0000-4000-8000-000000000000';

/**
 * Usage by day, the admin task list, retries and the queue dashboard, through real API and
 * worker processes. Failures are made deterministic in the database: a task whose text is
 * blanked before any worker runs fails permanently (`invalid-input`) on its first attempt,
 * and a batch cancelled before any worker runs is a `cancelled` task with every chunk pending.
 */
describe('usage, admin task list, retries and the queue dashboard', () => {
  const keys = new KeyFactory();
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  let api: ApiProcess;
  let worker: ManagedProcess | undefined;
  let admin: ApiClient;
  let alice: ApiClient;
  let bob: ApiClient;
  let aliceId: string;
  let bobId: string;
  let aliceName: string;
  /** Blanked before the worker ran: they fail. */
  let aliceFailed: string;
  let bobFailed: string;
  /** Cancelled before the worker ran: 40 rows, 2 of them empty. */
  let aliceBatch: string;

  const task = (client: ApiClient, id: string) => client.get(`/api/v1/tasks/${id}`);
  const untilStatus = (client: ApiClient, id: string, status: string) =>
    eventually(() => task(client, id), (r) => r.body?.status === status, 20_000);

  beforeAll(async () => {
    await db.connect();
    api = await startApi({ QUEUE_SUFFIX: 'admin' });
    const [a, b, root] = await Promise.all([keys.create('alice'), keys.create('bob'), keys.create('root', true)]);
    [aliceId, bobId, aliceName] = [a.userId, b.userId, a.userName];
    alice = new ApiClient(api.url, a.key);
    bob = new ApiClient(api.url, b.key);
    admin = new ApiClient(api.url, root.key);

    aliceFailed = (await alice.post('/api/v1/tasks/single', { text: 'Se corta la señal todas las noches' })).body.id;
    bobFailed = (await bob.post('/api/v1/tasks/single', { text: 'Nadie me atiende' })).body.id;
    await db.query(`UPDATE tasks SET input_text = '   ' WHERE id = ANY($1)`, [[aliceFailed, bobFailed]]);

    const batch = await alice.upload('/api/v1/tasks/batch', { name: 'retry.csv', content: commentsCsv(40, { empty: [7, 21] }) });
    expect(batch.status).toBe(202);
    aliceBatch = batch.body.id;
    expect((await alice.delete(`/api/v1/tasks/${aliceBatch}`)).body.status).toBe('cancelled');

    worker = await startWorker({ QUEUE_SUFFIX: 'admin' });
    await Promise.all([untilStatus(alice, aliceFailed, 'failed'), untilStatus(bob, bobFailed, 'failed')]);
  }, 60_000);

  afterAll(async () => {
    await stopAll(api, worker);
    await db.end();
    await keys.close();
  });

  describe('queue dashboard (/admin/queues)', () => {
    it('needs a key (401), an admin key (403), and then serves the bull-board UI', async () => {
      const anonymous = await fetch(`${api.url}/admin/queues`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await anonymous.json()) as { type: string }).type).toBe(`${PROBLEM}unauthorized`);

      const user = await alice.get('/admin/queues');
      expect(user.status).toBe(403);
      expect(user.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(user.body).toMatchObject({ type: `${PROBLEM}forbidden`, status: 403, instance: '/admin/queues' });

      const page = await admin.get('/admin/queues');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('<title>Sentir queues</title>');
      expect(page.text).toContain('<base href="/admin/queues/"');
      // Its own policy: the UI's scripts are same-origin, and nothing is upgraded to https.
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(page.headers.get('x-powered-by')).toBeNull();
    });

    it('serves its assets and its JSON API to admins only, read-only, with both queues', async () => {
      const asset = await admin.get('/admin/queues/static/favicon-32x32.png');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toBe('image/png');
      expect((await bob.get('/admin/queues/static/favicon-32x32.png')).status).toBe(403);

      const queues = await admin.get('/admin/queues/api/queues');
      expect(queues.status).toBe(200);
      const listed = queues.body.queues as { name: string; readOnlyMode: boolean; allowRetries: boolean }[];
      expect(listed.map((q) => q.name).sort()).toEqual(['analysis', 'batch']);
      expect(listed.every((q) => q.readOnlyMode && !q.allowRetries)).toBe(true);
      expect((await bob.get('/admin/queues/api/queues')).status).toBe(403);

      // Mutations are refused by the board itself (read-only), not silently applied.
      const retryAll = await admin.request('PUT', '/admin/queues/api/queues/analysis/retry/failed');
      expect(retryAll.status).toBe(405);
    });

    it('answers an unknown dashboard path with a route-not-found problem', async () => {
      const res = await admin.get('/admin/queues/no/such/page/here');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: `${PROBLEM}route-not-found`, instance: '/admin/queues/no/such/page/here' });
    });
  });

  describe('GET /api/v1/admin/tasks', () => {
    it("lists every user's failed tasks with their owner and error, to admins only", async () => {
      const res = await admin.get('/api/v1/admin/tasks?status=failed');
      expect(res.status).toBe(200);
      // The e2e run shares one database: suites that ran earlier left older failed tasks of their own users.
      const ids = res.body.data.map((t: { id: string }) => t.id);
      expect(ids.slice(0, 2)).toEqual([bobFailed, aliceFailed]); // newest first, across users
      const mine = res.body.data[1];
      expect(mine.owner).toEqual({ id: aliceId, name: aliceName });
      expect(mine.error).toMatchObject({ type: `${PROBLEM}unprocessable-input`, reason: 'invalid-input' });
      expect(res.body.data.every((t: { status: string }) => t.status === 'failed')).toBe(true);

      const forbidden = await alice.get('/api/v1/admin/tasks?status=failed');
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.type).toBe(`${PROBLEM}forbidden`);
    });

    it('pages with a cursor and filters by user', async () => {
      const first = await admin.get('/api/v1/admin/tasks?status=failed&limit=1');
      expect(first.body.data.map((t: { id: string }) => t.id)).toEqual([bobFailed]);
      expect(first.body.links.next).toBe(`/api/v1/admin/tasks?status=failed&limit=1&cursor=${first.body.nextCursor}`);
      const second = await admin.get(first.body.links.next);
      expect(second.body.data.map((t: { id: string }) => t.id)).toEqual([aliceFailed]);
      // Walking every page one task at a time gives exactly the unpaged list, then no cursor.
      const all = (await admin.get('/api/v1/admin/tasks?status=failed&limit=100')).body.data.map((t: { id: string }) => t.id);
      const walked = [bobFailed, aliceFailed];
      let page = second;
      while (page.body.nextCursor) {
        page = await admin.get(page.body.links.next);
        walked.push(...page.body.data.map((t: { id: string }) => t.id));
      }
      expect(walked).toEqual(all);
      expect(page.body.links.next).toBeNull();

      const alices = await admin.get(`/api/v1/admin/tasks?userId=${aliceId}`);
      expect(alices.body.data.map((t: { id: string }) => t.id).sort()).toEqual([aliceBatch, aliceFailed].sort());

      expect((await admin.get('/api/v1/admin/tasks?userId=nope')).status).toBe(400);
      expect((await admin.get('/api/v1/admin/tasks?cursor=bm9wZQ')).body.type).toBe(`${PROBLEM}invalid-cursor`);
    });
  });

  describe('usage before the retries', () => {
    it('counts the failed task among the errors of the day it failed', async () => {
      const res = await alice.get('/api/v1/usage');
      expect(res.status).toBe(200);
      expect(res.body.totals).toMatchObject({ tasks: { created: 2, single: 1, batch: 1 }, texts: 0, errors: { tasks: 1, rows: 0 } });
    });
  });

  describe('POST /api/v1/tasks/{id}/retry', () => {
    it("answers 404 for someone else's task, exactly like a missing one", async () => {
      const theirs = await bob.post(`/api/v1/tasks/${aliceFailed}/retry`);
      expect(theirs.status).toBe(404);
      expect(theirs.body.type).toBe(`${PROBLEM}not-found`);
      expect((await bob.post('/api/v1/tasks/00000000-0000-4000-8000-000000000000/retry')).status).toBe(404);
      expect((await alice.get(`/api/v1/tasks/${aliceFailed}`)).body.status).toBe('failed');
    });

    it('lets the owner run a failed task again: 202, queued, then completed', async () => {
      // The input is fixed; BullMQ still holds the failed job under the task's id.
      await db.query(`UPDATE tasks SET input_text = 'Se corta la señal todas las noches' WHERE id = $1`, [aliceFailed]);
      const res = await alice.post(`/api/v1/tasks/${aliceFailed}/retry`);
      expect(res.status).toBe(202);
      expect(res.headers.get('location')).toBe(`/api/v1/tasks/${aliceFailed}`);
      expect(res.body).toMatchObject({ id: aliceFailed, status: 'queued', error: null, result: null, completedAt: null });
      const done = await untilStatus(alice, aliceFailed, 'completed');
      expect(done.body.result.sentiment.label).toBe('negative');
    });

    it("lets an admin retry anyone's task", async () => {
      await db.query(`UPDATE tasks SET input_text = 'Nadie me atiende' WHERE id = $1`, [bobFailed]);
      const res = await admin.post(`/api/v1/tasks/${bobFailed}/retry`);
      expect(res.status).toBe(202);
      await untilStatus(bob, bobFailed, 'completed');
    });

    it('refuses a completed task with 409 task-state-conflict', async () => {
      const res = await alice.post(`/api/v1/tasks/${aliceFailed}/retry`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ type: `${PROBLEM}task-state-conflict`, taskStatus: 'completed' });
    });

    it('resumes a cancelled batch: every chunk is analysed and the summary built', async () => {
      // Let the worker consume (and complete, as skipped) the cancelled batch's chunk jobs first:
      // their ids are taken until the retry removes them.
      await eventually(
        () => admin.get('/admin/queues/api/queues'),
        (r) => {
          const counts = (r.body.queues as { name: string; counts: Record<string, number> }[]).find((q) => q.name === 'batch')!.counts;
          return counts.prioritized + counts.waiting + counts.active === 0;
        },
      );
      const res = await alice.post(`/api/v1/tasks/${aliceBatch}/retry`);
      expect(res.status).toBe(202);
      expect(res.body.status).toBe('queued');
      const done = await untilStatus(alice, aliceBatch, 'completed');
      expect(done.body.progress).toEqual({ processed: 40, total: 40, percent: 100 });
      expect(done.body.result.totals).toMatchObject({ rows: 40, analysed: 38, errors: 2 });
    });
  });

  describe('GET /api/v1/usage', () => {
    it("gives the caller's tasks, texts and errors by UTC day, with totals", async () => {
      const res = await alice.get('/api/v1/usage');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { from, to, userId, days, totals } = res.body;
      expect(userId).toBe(aliceId);
      expect(days).toHaveLength(30);
      expect(days[0].day).toBe(from);
      expect(days[29].day).toBe(to);
      expect(to).toBe(new Date().toISOString().slice(0, 10));
      // One single text completed, the batch's 38 analysable rows; its 2 empty rows are errors.
      expect(totals).toMatchObject({
        tasks: { created: 2, single: 1, batch: 1 },
        texts: 39,
        errors: { tasks: 0, rows: 2 },
        // The local engine spends no tokens; cache hits depend on what the analysis cache held.
        tokens: { prompt: 0, completion: 0 },
        costUsd: 0,
      });
      expect(totals.cacheHits).toEqual(expect.any(Number));
      const active = days.filter((d: { tasks: { created: number }; texts: number }) => d.tasks.created > 0 || d.texts > 0);
      expect(active.length).toBeGreaterThanOrEqual(1);
    });

    it('adds what a paid engine recorded in usage_records', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const before = (await alice.get(`/api/v1/usage?from=${today}&to=${today}`)).body.days[0];
      await db.query(
        `INSERT INTO usage_records (user_id, task_id, engine, model, requests, prompt_tokens, completion_tokens, cost_usd, texts, cache_hits)
         VALUES ($1, $2, 'openai', 'gpt-4o-mini', 2, 1200, 300, 0.00036, 10, 4), ($1, NULL, 'openai', 'gpt-4o-mini', 1, 800, 100, 0.00018, 0, 1)`,
        [aliceId, aliceBatch],
      );
      const res = await alice.get(`/api/v1/usage?from=${today}&to=${today}`);
      expect(res.body.days).toHaveLength(1);
      expect(res.body.days[0]).toMatchObject({
        day: today,
        cacheHits: before.cacheHits + 5,
        tokens: { prompt: before.tokens.prompt + 2000, completion: before.tokens.completion + 400 },
        costUsd: 0.00054,
        // Texts come from the tasks, never from usage_records (the engine's rows would count them twice).
        texts: before.texts,
      });
      expect(res.body.totals.costUsd).toBe(0.00054);
    });

    it("lets admins read anyone's usage, and nobody else", async () => {
      const forbidden = await bob.get(`/api/v1/usage?userId=${aliceId}`);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.type).toBe(`${PROBLEM}forbidden`);
      // Naming yourself is fine.
      expect((await bob.get(`/api/v1/usage?userId=${bobId}`)).body.totals.tasks.created).toBe(1);

      const asAdmin = await admin.get(`/api/v1/usage?userId=${aliceId}`);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body.userId).toBe(aliceId);
      expect(asAdmin.body.totals.texts).toBe(39);
      expect((await admin.get(`/api/v1/usage?userId=${NO_SUCH_USER}`)).status).toBe(404);
    });

    it('validates the range: ISO days, from ≤ to, at most 366 days', async () => {
      const bad = await alice.get('/api/v1/usage?from=2026-02-30&to=yesterday');
      expect(bad.status).toBe(400);
      expect(bad.body.type).toBe(`${PROBLEM}validation-failed`);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'to']);
      expect((await alice.get('/api/v1/usage?from=2026-03-02&to=2026-03-01')).status).toBe(400);
      expect((await alice.get('/api/v1/usage?from=2024-01-01&to=2025-01-01')).status).toBe(400);
      const year = await alice.get('/api/v1/usage?from=2024-01-01&to=2024-12-31');
      expect(year.status).toBe(200);
      expect(year.body.days).toHaveLength(366);
      expect((await alice.get('/api/v1/usage?userId=me')).status).toBe(400);
    });
  });
});
