import { Client } from 'pg';
import { fakeLabel, startFakeOpenAi, type FakeOpenAi } from '../../src/tasks/analysis/llm/testing/fake-openai-server';
import { KeyFactory } from '../factories/api-keys.factory';
import { commentsCsv } from '../factories/files.factory';
import { ApiClient, eventually } from '../support/http';
import { ApiProcess, baseEnv, ManagedProcess, runNode, startApi, startWorker, stopAll } from '../support/processes';

const SECRET = 'sk-e2e-never-logged-0123456789';

/**
 * ENGINE=openai end to end: a real API process and worker process, PostgreSQL, Redis, and a
 * fake OpenAI-compatible server in this test process (real HTTP: 429s, garbage answers).
 */
describe('LLM engine (ENGINE=openai, fake OpenAI-compatible server)', () => {
  const keys = new KeyFactory();
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  let fake: FakeOpenAi;
  let api: ApiProcess;
  let worker: ManagedProcess;
  let alice: ApiClient;

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    await db.connect();
    const env = {
      QUEUE_SUFFIX: 'llm',
      ENGINE: 'openai',
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: SECRET,
      OPENAI_MODEL: 'fake-model',
      OPENAI_BATCH_SIZE: '10',
      OPENAI_PRICE_INPUT_PER_1M: '1',
      OPENAI_PRICE_OUTPUT_PER_1M: '2',
      OPENAI_MAX_RETRIES: '2',
      OPENAI_RETRY_BASE_MS: '20',
      OPENAI_TIMEOUT_MS: '5000',
      BATCH_CHUNK_SIZE: '50',
    };
    [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
    alice = new ApiClient(api.url, (await keys.create('alice')).key);
  });

  afterAll(async () => {
    await stopAll(api, worker);
    await fake.close();
    await db.end();
    await keys.close();
  });

  async function usageRows(taskId: string) {
    const { rows } = await db.query<{ userMatches: boolean; engine: string; model: string; requests: number; promptTokens: number; completionTokens: number; costUsd: string; texts: number; fallbackRows: number }>(
      `SELECT u.user_id = t.user_id AS "userMatches", u.engine, u.model, u.requests, u.prompt_tokens::int AS "promptTokens",
              u.completion_tokens::int AS "completionTokens", u.cost_usd::text AS "costUsd", u.texts, u.fallback_rows AS "fallbackRows"
         FROM usage_records u JOIN tasks t ON t.id = u.task_id WHERE u.task_id = $1 ORDER BY u.id`,
      [taskId],
    );
    return rows;
  }

  it('a single task completes with the LLM\'s label, themes and spend', async () => {
    const res = await alice.post('/api/v1/tasks/single', { text: 'ZZ-MIXED el internet anda lento' }, { Prefer: 'wait=20' });
    expect(res.status).toBe(200);
    const r = res.body.result;
    // No local analyzer says "mixed" with these numbers: they come from the fake model.
    expect(r.sentiment).toMatchObject({ label: 'mixed', score: 0.123, confidence: 0.77 });
    expect(r.sentiment.sentences).toBeUndefined();
    expect(r.themes).toEqual([expect.objectContaining({ themeId: 'speed', sentiment: 'mixed' })]);
    expect(r.language.code).toBe('es');
    expect(r.fallback).toBeUndefined();
    expect(r.engine).toMatchObject({ name: 'sentir-openai', model: 'fake-model', usage: { requests: 1, cacheHits: 0, fallbackRows: 0 } });
    expect(r.engine.usage.promptTokens).toBeGreaterThan(0);
    expect(r.engine.usage.costUsd).toBeGreaterThan(0);
    expect(r.engine.analyzers.at(-1)).toEqual({ name: 'llm:fake-model', version: 'prompt-1' });
    expect(fake.requests.at(-1)!.authorization).toBe(`Bearer ${SECRET}`);

    const rows = await usageRows(res.body.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userMatches: true, engine: 'sentir-openai', model: 'fake-model', requests: 1, texts: 1, fallbackRows: 0, promptTokens: r.engine.usage.promptTokens });
  });

  it('a batch: many rows per request, a 429 honoured, a garbage answer falls back (marked), spend and complaints in the result', async () => {
    const ROWS = 120;
    const before = fake.requests.length;
    fake.script.push({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    // The request that carries row 7 gets an answer that is not JSON: its 10 rows fall back.
    fake.rule = (req) => (req.kind === 'labels' && req.comments.some((c) => c.text.endsWith(' (7)')) ? { kind: 'content', content: '{"results": [{"id": 1, "sentim' } : undefined);

    const file = await alice.upload('/api/v1/files', { name: 'llm.csv', content: commentsCsv(ROWS) });
    expect(file.status).toBe(201);
    const created = await alice.post('/api/v1/tasks/batch', { fileId: file.body.id });
    expect(created.status).toBe(202);
    const done = await eventually(
      () => alice.get(`/api/v1/tasks/${created.body.id}`),
      (res) => res.body.status === 'completed' || res.body.status === 'failed',
      45_000,
      200,
    );
    expect(done.body.status).toBe('completed');
    const s = done.body.result;
    const labelRequests = fake.requests.slice(before).filter((q) => q.kind === 'labels');
    expect(labelRequests.every((q) => q.comments.length <= 10)).toBe(true);
    expect(labelRequests.length).toBe(12 + 1); // 50 + 50 + 20 rows in requests of 10, and the 429's retry

    expect(s.totals).toMatchObject({ rows: ROWS, analysed: ROWS });
    expect(s.engine).toMatchObject({ name: 'sentir-openai', model: 'fake-model' });
    expect(s.engine.usage).toMatchObject({ requests: fake.requests.length - before, fallbackRows: 10 });
    expect(s.engine.usage.promptTokens).toBeGreaterThan(0);
    expect(s.engine.usage.costUsd).toBeGreaterThan(0);

    // Rows 1–10 (the garbage answer) carry the local labels and the mark; the others the model's labels.
    const items = await alice.get(`/api/v1/tasks/${created.body.id}/items?limit=30`);
    for (const item of items.body.data as { rowNumber: number; text: string; sentiment: { label: string }; analysis: { fallback?: { reason: string } } }[]) {
      if (item.rowNumber <= 10) {
        expect(item.analysis.fallback).toEqual({ reason: 'invalid_response' });
      } else {
        expect(item.analysis.fallback).toBeUndefined();
        expect(item.sentiment.label).toBe(fakeLabel(item.text, []).sentiment);
      }
    }

    // The complaint digest: one call over the negative rows; example rows are real negative rows.
    expect(s.complaints.summary).toMatch(/^Fake summary of \d+ comments\.$/);
    expect(s.complaints.sampledRows).toBeGreaterThan(0);
    expect(s.complaints.topComplaints.length).toBeGreaterThan(0);
    const example = s.complaints.topComplaints[0].exampleRowNumbers[0];
    const negative = await alice.get(`/api/v1/tasks/${created.body.id}/items?sentiment=negative&limit=500`);
    expect(negative.body.data.map((i: { rowNumber: number }) => i.rowNumber)).toContain(example);

    // usage_records: one per chunk and one for the digest; their sums are the result's usage.
    const rows = await usageRows(created.body.id);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.userMatches && r.model === 'fake-model')).toBe(true);
    expect(rows.map((r) => r.texts).slice(0, 3).sort((a, b) => a - b)).toEqual([20, 50, 50]);
    expect(rows.reduce((n, r) => n + r.fallbackRows, 0)).toBe(10);
    expect(rows.reduce((n, r) => n + r.promptTokens, 0)).toBe(s.engine.usage.promptTokens);
    expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(s.engine.usage.requests);
  });

  it('exports the spend as worker metrics, and never logs the API key', async () => {
    const port = /metrics on port (\d+)/.exec(worker.output)![1];
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(value(/^sentir_llm_requests_total\{model="fake-model",outcome="rate_limited"\} (\d+)/m)).toBe(1);
    expect(value(/^sentir_llm_requests_total\{model="fake-model",outcome="invalid_response"\} (\d+)/m)).toBe(1);
    expect(value(/^sentir_llm_requests_total\{model="fake-model",outcome="ok"\} (\d+)/m)).toBeGreaterThanOrEqual(13);
    expect(value(/^sentir_llm_tokens_total\{model="fake-model",kind="prompt"\} (\d+)/m)).toBeGreaterThan(0);
    expect(value(/^sentir_llm_tokens_total\{model="fake-model",kind="completion"\} (\d+)/m)).toBeGreaterThan(0);
    expect(value(/^sentir_llm_cost_usd_total\{model="fake-model"\} ([\d.e-]+)/m)).toBeGreaterThan(0);
    expect(value(/^sentir_llm_fallback_rows_total\{reason="invalid_response"\} (\d+)/m)).toBe(10);
    expect(worker.output).toContain('LLM engine: openai');
    expect(worker.output).not.toContain(SECRET);
  });

  it('with ENGINE=local (the default) the LLM is never called and results carry no spend', async () => {
    const local = { QUEUE_SUFFIX: 'llm-local', OPENAI_BASE_URL: fake.url };
    const [api2, worker2] = await Promise.all([startApi(local), startWorker(local)]);
    try {
      const before = fake.requests.length;
      const res = await new ApiClient(api2.url, alice.key).post('/api/v1/tasks/single', { text: 'ZZ-MIXED el internet anda lento, una vez más' }, { Prefer: 'wait=20' });
      expect(res.status).toBe(200);
      expect(res.body.result.engine.name).toBe('sentir-local');
      expect(res.body.result.engine).not.toHaveProperty('usage');
      expect(res.body.result.sentiment.label).toBe('negative');
      expect(fake.requests.length).toBe(before);
      expect(await usageRows(res.body.id)).toEqual([]);
    } finally {
      await stopAll(api2, worker2);
    }
  });

  it('refuses to start with ENGINE=openai against api.openai.com without a key, naming the variable', async () => {
    const p = runNode('worker', baseEnv({ QUEUE_SUFFIX: 'llm-bad', ENGINE: 'openai' }));
    expect(await p.waitForExit()).not.toBe(0);
    expect(p.output).toMatch(/OPENAI_API_KEY: required with ENGINE=openai/);
  });
});
