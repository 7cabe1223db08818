import { Client } from 'pg';
import { KeyFactory } from '../factories/api-keys.factory';
import { commentsCsv } from '../factories/files.factory';
import { ApiClient, eventually } from '../support/http';
import { ApiProcess, ManagedProcess, startApi, startWorker, stopAll } from '../support/processes';

const PROBLEM = 'https://sentir.dev/problems/';
/** Small chunks so that a few thousand rows make many chunks for several workers. */
const CHUNKED = { BATCH_CHUNK_SIZE: '100' };

/** Batch tasks end to end: real API processes, several worker processes, PostgreSQL, Redis. */
describe('batch tasks (API + worker processes)', () => {
  const keys = new KeyFactory();
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });

  beforeAll(async () => {
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await keys.close();
  });

  /** Exactly one stored row per file row: the invariant every scenario ends with. */
  async function assertEachRowOnce(taskId: string, rows: number): Promise<void> {
    const { rows: r } = await db.query<{ n: number; distinct: number; min: number; max: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS distinct, min(row_number) AS min, max(row_number) AS max FROM task_items WHERE task_id = $1',
      [taskId],
    );
    expect(r[0]).toEqual({ n: rows, distinct: rows, min: 1, max: rows });
  }

  describe('two workers share one batch', () => {
    const suffix = { QUEUE_SUFFIX: 'batch-two', ...CHUNKED };
    let api: ApiProcess;
    let api2: ApiProcess;
    let workers: ManagedProcess[] = [];
    let alice: ApiClient;
    let bob: ApiClient;
    let task: { id: string };
    const ROWS = 3000;

    beforeAll(async () => {
      [api, api2] = await Promise.all([startApi(suffix), startApi(suffix)]);
      const [a, b] = await Promise.all([keys.create('alice'), keys.create('bob')]);
      alice = new ApiClient(api.url, a.key);
      bob = new ApiClient(api.url, b.key);
      workers = await Promise.all([startWorker({ ...suffix, WORKER_METRICS_PORT: '0' }), startWorker({ ...suffix, WORKER_METRICS_PORT: '0' })]);
    });

    afterAll(async () => {
      await stopAll(api, api2, ...workers);
    });

    it('uploads, starts a batch (202), streams progress over SSE from another API instance, completes', async () => {
      const file = await alice.upload('/api/v1/files', { name: 'comentarios.csv', content: commentsCsv(ROWS, { empty: [7], tooLong: [8], formula: [9] }) });
      expect(file.status).toBe(201);
      const created = await alice.post('/api/v1/tasks/batch', { fileId: file.body.id, ratingColumn: 'estrellas', segmentColumns: ['region'] });
      expect(created.status).toBe(202);
      expect(created.headers.get('location')).toBe(`/api/v1/tasks/${created.body.id}`);
      expect(created.body).toMatchObject({ type: 'batch', status: 'queued', progress: { processed: 0, total: ROWS } });
      expect(created.body.batch).toMatchObject({ textColumn: 'comentario', idColumn: 'id', dateColumn: 'fecha', ratingColumn: 'estrellas', segmentColumns: ['region'] });
      task = created.body;

      // The SSE client talks to the *other* API instance: events travel through Redis.
      const events = await readEvents(`${api2.url}/api/v1/tasks/${task.id}/events`, alice.key!);
      expect(events[0].event).toBe('progress');
      expect(events.filter((e) => e.event === 'progress').length).toBeGreaterThanOrEqual(2);
      const last = events[events.length - 1];
      expect(last.event).toBe('completed');
      expect(last.data).toMatchObject({ id: task.id, status: 'completed', progress: { processed: ROWS, total: ROWS, percent: 100 } });
    });

    it('every chunk went to some worker, and both workers took part', async () => {
      const perWorker = await Promise.all(workers.map((w) => workerRows(w)));
      expect(perWorker.every((n) => n > 0)).toBe(true);
      expect(perWorker.reduce((a, b) => a + b, 0)).toBe(ROWS);
      await assertEachRowOnce(task.id, ROWS);
    });

    it('summarises: totals, sentiment and language shares, errors, duplicates, timeline, rating, segment', async () => {
      const res = await alice.get(`/api/v1/tasks/${task.id}`);
      const s = res.body.result;
      expect(s.totals).toMatchObject({ rows: ROWS, analysed: ROWS - 2, errors: 2, dated: ROWS });
      expect(s.errors).toEqual({ empty_text: 1, text_too_long: 1 });
      const counted = Object.values(s.sentiment as Record<string, { count: number }>).reduce((a, b) => a + b.count, 0);
      expect(counted).toBe(ROWS - 2);
      expect(s.sentiment.negative.count).toBeGreaterThan(0);
      expect(s.sentiment.positive.count).toBeGreaterThan(0);
      expect(Object.keys(s.language)).toEqual(expect.arrayContaining(['es', 'en']));
      expect(s.duplicates.rows).toBe(0); // every generated text carries its row number
      expect(s.timeline.day.length).toBe(28);
      expect(s.timeline.month).toHaveLength(1);
      expect(s.ratings.map((r: { value: string }) => r.value)).toEqual(['1', '2', '3', '4', '5']);
      expect(s.segments.region.map((r: { value: string }) => r.value).sort()).toEqual(['Este', 'Norte', 'Sur']);
      expect(s.engine.name).toEqual(expect.any(String));
      // Theme × sentiment: "se corta la señal" is an outage, and the generated complaints are negative.
      const outages = s.themes.find((t: { themeId: string }) => t.themeId === 'outages');
      expect(outages.sentiment.negative).toBeGreaterThan(0);
      expect(outages.sentiment.negative).toBeGreaterThanOrEqual(outages.sentiment.positive);
      expect(s.keyPhrases.length).toBeGreaterThan(0);
      expect(Object.keys(s.emotion.averages)).toEqual(expect.arrayContaining(['anger', 'joy']));
      expect(s.pii.rows).toBeGreaterThanOrEqual(1); // row 9 holds a URL
      expect(s.engine.analyzers.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['sentir-themes', 'sentir-pii']));
    });

    it('pages through items with filters and a cursor', async () => {
      const first = await alice.get(`/api/v1/tasks/${task.id}/items?limit=50`);
      expect(first.status).toBe(200);
      expect(first.body.data.map((i: { rowNumber: number }) => i.rowNumber)).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
      expect(first.body.data[0]).toMatchObject({ id: 'R1', date: '2026-02-02', segments: { region: 'Sur' }, rating: '2' });
      const second = await alice.get(first.body.links.next);
      expect(second.body.data[0].rowNumber).toBe(51);

      const negative = await alice.get(`/api/v1/tasks/${task.id}/items?sentiment=negative&limit=20`);
      expect(negative.body.data.length).toBeGreaterThan(0);
      expect(negative.body.data.every((i: { sentiment: { label: string } }) => i.sentiment.label === 'negative')).toBe(true);

      const english = await alice.get(`/api/v1/tasks/${task.id}/items?language=en&limit=20`);
      expect(english.body.data.every((i: { language: string }) => i.language === 'en')).toBe(true);

      const search = await alice.get(`/api/v1/tasks/${task.id}/items?q=${encodeURIComponent('señal')}&segment=${encodeURIComponent('region:Sur')}`);
      expect(search.body.data.length).toBeGreaterThan(0);
      expect(search.body.data.every((i: { text: string; segments: { region: string } }) => /señal/i.test(i.text) && i.segments.region === 'Sur')).toBe(true);

      const byTheme = await alice.get(`/api/v1/tasks/${task.id}/items?theme=outages&limit=10`);
      expect(byTheme.body.data.length).toBeGreaterThan(0);
      expect(byTheme.body.data.every((i: { analysis: { themes: { themeId: string }[] } }) => i.analysis.themes.some((t) => t.themeId === 'outages'))).toBe(true);

      const wildcard = await alice.get(`/api/v1/tasks/${task.id}/items?q=${encodeURIComponent('%_')}`);
      expect(wildcard.body.data).toEqual([]); // LIKE wildcards are literal

      const badSegment = await alice.get(`/api/v1/tasks/${task.id}/items?segment=plan:x`);
      expect(badSegment.status).toBe(400);
      const badCursor = await alice.get(`/api/v1/tasks/${task.id}/items?cursor=nope`);
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.type).toBe(`${PROBLEM}invalid-cursor`);
    });

    it('reports rows it could not analyse, with the reason', async () => {
      const res = await alice.get(`/api/v1/tasks/${task.id}/errors`);
      expect(res.status).toBe(200);
      expect(res.body.data.map((i: { rowNumber: number; error: string }) => [i.rowNumber, i.error])).toEqual([
        [7, 'empty_text'],
        [8, 'text_too_long'],
      ]);
    });

    it('exports every row as CSV, JSON, NDJSON and XLSX, neutralising formulas', async () => {
      const csv = await fetch(`${api.url}/api/v1/tasks/${task.id}/export?format=csv`, { headers: { authorization: `Bearer ${alice.key}` } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="comentarios-sentir\.csv"/);
      const text = await csv.text();
      const lines = text.split(/\r?\n/).filter((l) => /^\uFEFF?(row_number|\d+,)/.test(l));
      expect(lines).toHaveLength(ROWS + 1);
      // Personal data is redacted by default (the URL), and the formula is neutralised.
      expect(text).toContain(`"'=HYPERLINK(""[URL]"",""clic"") muy lento"`);
      expect(text).not.toMatch(/,=HYPERLINK/);
      expect(text).not.toContain('evil.example');
      const raw = await (await fetch(`${api.url}/api/v1/tasks/${task.id}/export?format=csv&includePii=true`, { headers: { authorization: `Bearer ${alice.key}` } })).text();
      expect(raw).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"") muy lento"`);

      const json = await alice.get(`/api/v1/tasks/${task.id}/export?format=json`);
      expect(json.status).toBe(200);
      expect(json.body).toHaveLength(ROWS);
      expect(json.body[0]).toMatchObject({ row_number: 1, id: 'R1', 'segment:region': 'Sur' });

      const nd = await alice.get(`/api/v1/tasks/${task.id}/export?format=ndjson`);
      expect(nd.text.trim().split('\n')).toHaveLength(ROWS);

      const xlsx = await fetch(`${api.url}/api/v1/tasks/${task.id}/export?format=xlsx`, { headers: { authorization: `Bearer ${alice.key}` } });
      expect(xlsx.status).toBe(200);
      const bytes = Buffer.from(await xlsx.arrayBuffer());
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
    });

    it('keeps other users out: 404 on the task, its items, errors, export and events', async () => {
      for (const path of ['', '/items', '/errors', '/export?format=csv', '/events']) {
        const res = await bob.get(`/api/v1/tasks/${task.id}${path}`);
        expect(res.status).toBe(404);
      }
    });

    it('refuses unknown columns, other users\' files, and reuses tasks for a repeated Idempotency-Key', async () => {
      const file = await alice.upload('/api/v1/files', { name: 'small.csv', content: commentsCsv(5) });
      const badColumn = await alice.post('/api/v1/tasks/batch', { fileId: file.body.id, textColumn: 'nope' });
      expect(badColumn.status).toBe(400);
      expect(badColumn.body.errors[0].field).toBe('textColumn');
      const notYours = await bob.post('/api/v1/tasks/batch', { fileId: file.body.id });
      expect(notYours.status).toBe(404);

      const key = `batch-${Date.now()}`;
      const one = await alice.post('/api/v1/tasks/batch', { fileId: file.body.id }, { 'Idempotency-Key': key });
      const two = await alice.post('/api/v1/tasks/batch', { fileId: file.body.id }, { 'Idempotency-Key': key });
      expect(two.body.id).toBe(one.body.id);
      expect(two.headers.get('idempotent-replayed')).toBe('true');
    });

    it('matches themes from your own taxonomy, pinned at creation', async () => {
      const taxonomy = await alice.post('/api/v1/taxonomies', {
        name: 'Cobros',
        // Accent-insensitive: matches "Me cobraron de más en la factura".
        themes: [{ id: 'overcharge', label: 'Overcharged', keywords: { es: ['cobraron de mas'], en: ['overcharged'] } }],
      });
      expect(taxonomy.status).toBe(201);
      const file = await alice.upload('/api/v1/files', { name: 'tax.csv', content: commentsCsv(30) });
      const created = await alice.post('/api/v1/tasks/batch', { fileId: file.body.id, taxonomyId: taxonomy.body.id });
      expect(created.body.batch.taxonomy).toEqual({ id: taxonomy.body.id, version: 1 });
      const done = await eventually(() => alice.get(`/api/v1/tasks/${created.body.id}`), (r) => r.body.status === 'completed');
      expect(done.body.result.themes.map((t: { themeId: string }) => t.themeId)).toEqual(['overcharge']);
      expect(done.body.result.themes[0].sentiment.negative).toBeGreaterThan(0);
      expect(done.body.result.engine.analyzers.map((a: { version: string }) => a.version)).toContainEqual(expect.stringContaining(`${taxonomy.body.id}@1`));

      const someoneElses = await bob.post('/api/v1/tasks/batch', { fileId: (await bob.upload('/api/v1/files', { name: 'b.csv', content: commentsCsv(3) })).body.id, taxonomyId: taxonomy.body.id });
      expect(someoneElses.status).toBe(404);
    });

    it('accepts the file and the options in one multipart request', async () => {
      const res = await alice.upload('/api/v1/tasks/batch', { name: 'one-step.csv', content: commentsCsv(40) }, { segmentColumns: 'region', ratingColumn: 'estrellas' });
      expect(res.status).toBe(202);
      expect(res.body.batch).toMatchObject({ fileName: 'one-step.csv', segmentColumns: ['region'], ratingColumn: 'estrellas' });
      const done = await eventually(() => alice.get(`/api/v1/tasks/${res.body.id}`), (r) => r.body.status === 'completed');
      expect(done.body.result.totals.rows).toBe(40);
    });
  });

  describe('cancellation and a worker killed mid-batch', () => {
    const env = { QUEUE_SUFFIX: 'batch-faults', BATCH_CHUNK_SIZE: '50', ANALYSIS_SIMULATED_LATENCY_MS: '150', QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' };
    let api: ApiProcess;
    let alice: ApiClient;
    const workers: ManagedProcess[] = [];

    beforeAll(async () => {
      api = await startApi(env);
      alice = new ApiClient(api.url, (await keys.create('faults')).key);
    });

    afterAll(async () => {
      await stopAll(api, ...workers);
    });

    it('DELETE cancels: remaining chunks are not processed and the task ends cancelled', async () => {
      workers.push(await startWorker({ ...env, WORKER_BATCH_CONCURRENCY: '1' }));
      const file = await alice.upload('/api/v1/files', { name: 'cancel.csv', content: commentsCsv(2000) });
      const task = (await alice.post('/api/v1/tasks/batch', { fileId: file.body.id })).body;
      await eventually(() => alice.get(`/api/v1/tasks/${task.id}`), (r) => r.body.progress.processed >= 100);
      const cancelled = await alice.delete(`/api/v1/tasks/${task.id}`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      await new Promise((r) => setTimeout(r, 1500));
      const after = await alice.get(`/api/v1/tasks/${task.id}`);
      expect(after.body.status).toBe('cancelled');
      expect(after.body.progress.processed).toBeLessThan(2000);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM task_items WHERE task_id = $1', [task.id]);
      expect(rows[0].n).toBe(after.body.progress.processed);
      await stopAll(workers.pop());
    });

    it('a worker SIGKILLed mid-batch loses nothing: the batch completes with each row exactly once', async () => {
      const victim = await startWorker({ ...env, WORKER_BATCH_CONCURRENCY: '2' });
      const file = await alice.upload('/api/v1/files', { name: 'kill.csv', content: commentsCsv(1500) });
      const task = (await alice.post('/api/v1/tasks/batch', { fileId: file.body.id })).body;
      await eventually(() => alice.get(`/api/v1/tasks/${task.id}`), (r) => r.body.progress.processed >= 150);
      await victim.stop('SIGKILL');
      const survivor = await startWorker({ ...env, WORKER_BATCH_CONCURRENCY: '2' });
      workers.push(survivor);
      const done = await eventually(() => alice.get(`/api/v1/tasks/${task.id}`), (r) => r.body.status === 'completed', 60_000, 250);
      expect(done.body.progress).toEqual({ processed: 1500, total: 1500, percent: 100 });
      expect(done.body.result.totals.rows).toBe(1500);
      await assertEachRowOnce(task.id, 1500);
    });
  });
});

describe('retention', () => {
  const keys = new KeyFactory();
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  const env = { QUEUE_SUFFIX: 'retention', CLEANUP_INTERVAL_MS: '500' };
  let api: ApiProcess;
  let worker: ManagedProcess;

  beforeAll(async () => {
    await db.connect();
    [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
  });

  afterAll(async () => {
    await stopAll(api, worker);
    await db.end();
    await keys.close();
  });

  it('the repeatable cleanup job deletes expired files and finished tasks with their rows, and nothing else', async () => {
    const alice = new ApiClient(api.url, (await keys.create('retention')).key);
    const oldFile = (await alice.upload('/api/v1/files', { name: 'old.csv', content: commentsCsv(20) })).body;
    const oldTask = (await alice.post('/api/v1/tasks/batch', { fileId: oldFile.id })).body;
    const keptFile = (await alice.upload('/api/v1/files', { name: 'new.csv', content: commentsCsv(21) })).body;
    await eventually(() => alice.get(`/api/v1/tasks/${oldTask.id}`), (r) => r.body.status === 'completed');
    // Age them instead of waiting RETENTION_DAYS.
    await db.query(`UPDATE files SET expires_at = now() - interval '1 minute' WHERE id = $1`, [oldFile.id]);
    await db.query(`UPDATE tasks SET expires_at = now() - interval '1 minute' WHERE id = $1`, [oldTask.id]);

    await eventually(() => alice.get(`/api/v1/tasks/${oldTask.id}`), (r) => r.status === 404, 20_000, 250);
    await eventually(() => alice.get(`/api/v1/files/${oldFile.id}`), (r) => r.status === 404, 20_000, 250);
    const leftovers = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM task_items WHERE task_id = $1) + (SELECT count(*) FROM task_chunks WHERE task_id = $1) + (SELECT count(*) FROM file_rows WHERE file_id = $2) AS n`,
      [oldTask.id, oldFile.id],
    );
    expect(Number(leftovers.rows[0].n)).toBe(0);
    expect((await alice.get(`/api/v1/files/${keptFile.id}`)).status).toBe(200);
  });
});

/** Reads an SSE stream until it ends (the server closes it after the final event). */
async function readEvents(url: string, key: string): Promise<{ event: string; data: any }[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('event: '))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)![1];
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]);
      return { event, data };
    });
}

/** Rows this worker wrote, from its own /metrics. */
async function workerRows(worker: ManagedProcess): Promise<number> {
  const port = /metrics on port (\d+)/.exec(worker.output)?.[1];
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return [...text.matchAll(/^sentir_batch_rows_total\{outcome="[a-z]+"\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}
