import autocannon from 'autocannon';
import { spawn, ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import IORedis from 'ioredis';

/**
 * `npm run bench:api`: one API and one worker process on a scratch database and queue
 * prefix; prints req/s and latency for GET /tasks/{id} and POST /tasks/single with
 * Prefer: wait=5, and the API's peak RSS. Figures, not assertions.
 */
const PG_ADMIN = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const DIST = join(__dirname, '..', 'src');

async function main(): Promise<void> {
  const run = `bench_${Date.now().toString(36)}`;
  const dbUrl = new URL(PG_ADMIN);
  dbUrl.pathname = `/${run}`;
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL,
    QUEUE_PREFIX: run,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WORKER_METRICS_PORT: '0',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
  };
  const key = await cli(env, ['keys:create', '--user', 'bench']);
  const api = start('main', env);
  const worker = start('worker', env);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const created = (await (await fetch(`${base}/api/v1/tasks/single`, { method: 'POST', headers: { ...headers, prefer: 'wait=5' }, body: JSON.stringify({ text: "El internet anda muy lento y nadie me atiende" }) })).json()) as { id: string };

    const rss = trackPeakRss(api.pid!);
    // Warm-up, so that JIT and the statement cache are not part of the figure.
    await autocannon({ url: `${base}/api/v1/tasks/${created.id}`, connections: 64, duration: 2, headers });
    let cpu = cpuMeter([api.pid!, worker.pid!]);
    const get = await autocannon({ url: `${base}/api/v1/tasks/${created.id}`, connections: 64, duration: DURATION, headers });
    report('GET  /api/v1/tasks/{id}          (64 connections)', get, cpu.stop());
    const texts = ['El internet anda muy lento y nadie me atiende', 'Great service, thank you!', 'Se corta la señal todas las noches', 'La atención fue excelente'];
    let i = 0;
    cpu = cpuMeter([api.pid!, worker.pid!]);
    const post = await autocannon({
      url: `${base}/api/v1/tasks/single`,
      connections: 8,
      duration: DURATION,
      method: 'POST',
      headers: { ...headers, prefer: 'wait=5' },
      setupClient: (client) => client.setBody(JSON.stringify({ text: `${texts[i++ % texts.length]} #${i}` })),
    });
    report('POST /api/v1/tasks/single wait=5 (8 connections)', post, cpu.stop());
    console.log(`API peak RSS: ${(rss.stop() / 1024).toFixed(0)} MB`);
  } finally {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await Promise.all([exited(api), exited(worker)]);
    await cleanup(run, dbUrl);
  }
}

/**
 * CPU time per request of the API and the worker: unlike req/s on a 2-core box shared with
 * the load generator, PostgreSQL and Redis, it barely moves with contention.
 */
function report(name: string, r: autocannon.Result, cpuSeconds: number[]): void {
  const perRequest = cpuSeconds.map((s) => `${Math.round((s * 1e6) / Math.max(1, r.requests.total))} µs`);
  console.log(
    `${name}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
      `${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors; CPU per request: API ${perRequest[0]}, worker ${perRequest[1]}`,
  );
}

/** utime + stime of each process from /proc, in seconds, between start and stop. */
function cpuMeter(pids: number[]): { stop: () => number[] } {
  const ticks = (pid: number) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const before = pids.map(ticks);
  return { stop: () => pids.map((pid, i) => (ticks(pid) - before[i]) / 100) };
}

function start(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(DIST, `${script}.js`)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

function exited(p: ChildProcess): Promise<void> {
  return p.exitCode !== null ? Promise.resolve() : new Promise((r) => p.once('exit', () => r()));
}

function cli(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(DIST, 'cli.js'), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`cli exited ${code}`))));
  });
}

async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('API did not become ready');
}

/** Peak resident set size (VmHWM) in kB, read from /proc while the benchmark runs. */
function trackPeakRss(pid: number): { stop: () => number } {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // process gone
    }
  };
  const t = setInterval(read, 200);
  return { stop: () => (read(), clearInterval(t), peak) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function cleanup(run: string, dbUrl: URL): Promise<void> {
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbUrl.pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
  const redis = new IORedis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${run}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
