import { Queue } from 'bullmq';
import { Client } from 'pg';
import { QueueName } from '../../src/common/queue/queue-names';
import { KeyFactory } from '../factories/api-keys.factory';
import { ApiClient, eventually } from '../support/http';
import { baseEnv, freePort, runNode, startApi, startWorker, stopAll } from '../support/processes';
import { TcpProxy } from '../support/tcp-proxy';

/** What happens when processes die and backing services go away. */
describe('resilience', () => {
  const keys = new KeyFactory();
  afterAll(() => keys.close());

  it('a worker killed with SIGKILL mid-job loses nothing: the job is recovered and the task completes', async () => {
    const knobs = { QUEUE_SUFFIX: 'sigkill', QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' };
    const api = await startApi(knobs);
    const slow = await startWorker({ ...knobs, ANALYSIS_SIMULATED_LATENCY_MS: '60000' });
    let fast;
    try {
      const client = new ApiClient(api.url, (await keys.create('sigkill')).key);
      const created = await client.post('/api/v1/tasks/single', { text: 'Se corta todo el tiempo, pésimo servicio' });
      await eventually(() => client.get(`/api/v1/tasks/${created.body.id}`), (r) => r.body.status === 'processing');

      await slow.stop('SIGKILL');
      fast = await startWorker(knobs);
      const done = await eventually(() => client.get(`/api/v1/tasks/${created.body.id}`), (r) => r.body.status === 'completed', 30_000);
      expect(done.body.result.sentiment.label).toBe('negative');
      expect(done.body.result.language.code).toBe('es');
    } finally {
      await stopAll(api, slow, fast);
    }
  });

  it('a task whose job vanished from Redis is re-enqueued by the reconciler and completes', async () => {
    const knobs = { QUEUE_SUFFIX: 'reconcile', RECONCILE_INTERVAL_MS: '500', RECONCILE_GRACE_MS: '300' };
    const api = await startApi(knobs);
    let worker;
    const queue = new Queue(QueueName.Analysis, { connection: { url: process.env.E2E_REDIS_URL }, prefix: baseEnv(knobs).QUEUE_PREFIX });
    try {
      const client = new ApiClient(api.url, (await keys.create('reconcile')).key);
      const created = await client.post('/api/v1/tasks/single', { text: 'Excelente atención, gracias' });
      // Simulate Redis losing its data: the job is gone, the row still says queued.
      await queue.obliterate({ force: true });
      expect(await queue.getJob(created.body.id)).toBeUndefined();

      worker = await startWorker(knobs);
      const done = await eventually(() => client.get(`/api/v1/tasks/${created.body.id}`), (r) => r.body.status === 'completed', 20_000);
      expect(done.body.result.sentiment.label).toBe('positive');
    } finally {
      await queue.close();
      await stopAll(api, worker);
    }
  });

  it('a batch whose chunk jobs vanished from Redis is re-enqueued by the reconciler and completes once', async () => {
    const knobs = { QUEUE_SUFFIX: 'reconcile-batch', RECONCILE_INTERVAL_MS: '500', RECONCILE_GRACE_MS: '300', BATCH_CHUNK_SIZE: '100' };
    const api = await startApi(knobs);
    let worker;
    const queue = new Queue(QueueName.Batch, { connection: { url: process.env.E2E_REDIS_URL }, prefix: baseEnv(knobs).QUEUE_PREFIX });
    try {
      const client = new ApiClient(api.url, (await keys.create('reconcile-batch')).key);
      const csv = ['comentario', ...Array.from({ length: 450 }, (_, k) => `Se corta la señal, reclamo número ${k}`)].join('\n');
      const file = await client.upload('/api/v1/files', { name: 'lost.csv', content: csv });
      const created = await client.post('/api/v1/tasks/batch', { fileId: file.body.id });
      expect(await queue.getJobCountByTypes('waiting', 'prioritized')).toBe(5);
      await queue.obliterate({ force: true });

      worker = await startWorker(knobs);
      const done = await eventually(() => client.get(`/api/v1/tasks/${created.body.id}`), (r) => r.body.status === 'completed', 30_000);
      expect(done.body.result.totals.rows).toBe(450);
      const items = await client.get(`/api/v1/tasks/${created.body.id}/items?limit=500`);
      expect(new Set(items.body.data.map((i: { rowNumber: number }) => i.rowNumber)).size).toBe(450);
    } finally {
      await queue.close();
      await stopAll(api, worker);
    }
  });

  it('Redis going away gives 503 problems; the API recovers by itself when it returns', async () => {
    const proxy = new TcpProxy(await freePort(), '127.0.0.1', Number(new URL(process.env.E2E_REDIS_URL!).port || 6379));
    await proxy.up();
    const knobs = { QUEUE_SUFFIX: 'redis-down', REDIS_URL: `redis://127.0.0.1:${proxy.port}` };
    const api = await startApi(knobs);
    const worker = await startWorker({ QUEUE_SUFFIX: 'redis-down' });
    try {
      const client = new ApiClient(api.url, (await keys.create('redisdown')).key);
      expect((await client.get('/api/v1/tasks')).status).toBe(200);

      await proxy.down();
      const during = await client.post('/api/v1/tasks/single', { text: 'hola' });
      expect(during.status).toBe(503);
      expect(during.body.type).toBe('https://sentir.dev/problems/service-unavailable');
      expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
      const ready = await client.get('/readyz');
      expect(ready.status).toBe(503);

      await proxy.up();
      const after = await eventually(
        () => client.post('/api/v1/tasks/single', { text: 'volvió el servicio, excelente' }, { Prefer: 'wait=5' }),
        (r) => r.status === 200,
        20_000,
        250,
      );
      expect(after.body.status).toBe('completed');
      expect((await client.get('/readyz')).status).toBe(200);
    } finally {
      await stopAll(api, worker);
      await proxy.down();
    }
  });

  it('PostgreSQL going away gives 503 problems; the API recovers by itself when it returns', async () => {
    const pg = new URL(process.env.E2E_DATABASE_URL!);
    const proxy = new TcpProxy(await freePort(), '127.0.0.1', Number(pg.port || 5432));
    await proxy.up();
    const viaProxy = new URL(pg);
    viaProxy.port = String(proxy.port);
    const api = await startApi({ QUEUE_SUFFIX: 'pg-down', DATABASE_URL: viaProxy.toString(), DATABASE_CONNECT_TIMEOUT_MS: '1000' });
    try {
      const client = new ApiClient(api.url, (await keys.create('pgdown')).key);
      const created = await client.post('/api/v1/tasks/single', { text: 'hola' });
      expect(created.status).toBe(202);

      await proxy.down();
      const during = await client.get(`/api/v1/tasks/${created.body.id}`);
      expect(during.status).toBe(503);
      expect(during.body.type).toBe('https://sentir.dev/problems/service-unavailable');
      expect(during.body.service).toBe('postgresql');
      expect((await client.get('/readyz')).status).toBe(503);

      await proxy.up();
      const after = await eventually(() => client.get(`/api/v1/tasks/${created.body.id}`), (r) => r.status === 200, 20_000, 250);
      expect(after.body.id).toBe(created.body.id);
    } finally {
      await stopAll(api);
      await proxy.down();
    }
  });

  it('SIGTERM stops a worker cleanly (exit code 0)', async () => {
    const worker = await startWorker({ QUEUE_SUFFIX: 'sigterm' });
    expect(await worker.stop('SIGTERM')).toBe(0);
  });

  it('exits with one clear line naming the URL when PostgreSQL is unreachable', async () => {
    const port = await freePort();
    const p = runNode('main', baseEnv({ DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/sentir`, PORT: '0' }));
    expect(await p.waitForExit()).toBe(1);
    const lines = p.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`cannot reach PostgreSQL at postgres://postgres:***@127.0.0.1:${port}/sentir`);
    expect(lines[0]).toContain('docker compose up -d');
    expect(lines[0]).not.toContain('secret');
  });

  it('exits with one clear line naming the URL when Redis is unreachable', async () => {
    const port = await freePort();
    const p = runNode('worker', baseEnv({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    expect(await p.waitForExit()).toBe(1);
    expect(p.output.trim().split('\n')).toHaveLength(1);
    expect(p.output).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
  });

  it('refuses a bad configuration value, naming the variable', async () => {
    const p = runNode('main', baseEnv({ PORT: 'eighty', WORKERS: '-1' }));
    expect(await p.waitForExit()).toBe(1);
    expect(p.output).toMatch(/PORT: .*"eighty"/);
    expect(p.output).toMatch(/WORKERS/);
    // The message alone: a heading line and one line per bad variable, no stack trace.
    expect(p.output.trim().split('\n')).toEqual([expect.stringMatching(/^sentir api: Invalid configuration:$/), expect.stringMatching(/^ {2}PORT: /), expect.stringMatching(/^ {2}WORKERS: /)]);
  });

  it('creates the database when it does not exist', async () => {
    const name = `${process.env.E2E_RUN_ID}_fresh`;
    const url = new URL(process.env.E2E_DATABASE_URL!);
    url.pathname = `/${name}`;
    const cli = runNode('cli', baseEnv({ DATABASE_URL: url.toString() }), ['keys:create', '--user', 'fresh']);
    expect(await cli.waitForExit()).toBe(0);
    expect(cli.output.trim().split('\n').pop()).toMatch(/^snt_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    const admin = new Client({ connectionString: url.toString().replace(`/${name}`, '/postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
});

describe('metrics', () => {
  const keys = new KeyFactory();
  afterAll(() => keys.close());

  it('API and worker each export Prometheus metrics', async () => {
    const api = await startApi({ QUEUE_SUFFIX: 'metrics' });
    const worker = await startWorker({ QUEUE_SUFFIX: 'metrics' });
    try {
      const client = new ApiClient(api.url, (await keys.create('metrics')).key);
      await client.post('/api/v1/tasks/single', { text: 'muy bueno' }, { Prefer: 'wait=5' });
      const apiMetrics = await (await fetch(`${api.url}/metrics`)).text();
      expect(apiMetrics).toMatch(/http_request_duration_seconds_bucket\{.*route="\/api\/v1\/tasks\/single".*status="200"/);
      expect(apiMetrics).toMatch(/sentir_tasks_created_total\{type="single"\} [1-9]/);
      expect(apiMetrics).toMatch(/sentir_queue_jobs\{queue="analysis",state="waiting"\} \d+/);

      const port = /metrics on port (\d+)/.exec(worker.output)![1];
      const workerMetrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(workerMetrics).toMatch(/sentir_jobs_processed_total\{queue="analysis",name="analyze-text"\} [1-9]/);
      expect(workerMetrics).toMatch(/sentir_job_duration_seconds_count\{queue="analysis",name="analyze-text"\} [1-9]/);
      expect(workerMetrics).toMatch(/sentir_texts_analysed_total\{language="es"\} [1-9]/);
    } finally {
      await stopAll(api, worker);
    }
  });

  it('logs are JSON, carry the request id and never the API key', async () => {
    const api = await startApi({ QUEUE_SUFFIX: 'logs' });
    try {
      const key = (await keys.create('logs')).key;
      await new ApiClient(api.url, key).get('/api/v1/tasks', { 'X-Request-Id': 'trace-me-42' });
      await new Promise((r) => setTimeout(r, 200));
      const line = api.output.split('\n').find((l) => l.includes('trace-me-42'));
      expect(line).toBeDefined();
      expect(() => JSON.parse(line!)).not.toThrow();
      expect(api.output).not.toContain(key);
    } finally {
      await stopAll(api);
    }
  });
});

