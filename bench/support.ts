import { spawn, ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import IORedis from 'ioredis';

/** Shared plumbing of the benchmarks: a scratch stack (database + queue prefix) and process probes. */
export const PG_ADMIN = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DIST = join(__dirname, '..', 'src');

export interface Stack {
  run: string;
  dbUrl: URL;
  env: NodeJS.ProcessEnv;
  base: string;
}

export async function scratchStack(extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
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
    ...extraEnv,
  };
  return { run, dbUrl, env, base: `http://127.0.0.1:${port}` };
}

export function start(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  // Workers run as `npm start` runs them (WORKER_HEAP_MB, default 256); BENCH_NODE_FLAGS adds more (e.g. --cpu-prof).
  const heap = script === 'worker' && env.WORKER_HEAP_MB !== '0' ? [`--max-old-space-size=${env.WORKER_HEAP_MB ?? 256}`] : [];
  const flags = [...heap, ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [])];
  return spawn(process.execPath, [...flags, join(DIST, `${script}.js`)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

export function exited(p: ChildProcess): Promise<void> {
  return p.exitCode !== null ? Promise.resolve() : new Promise((r) => p.once('exit', () => r()));
}

export function cli(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(DIST, 'cli.js'), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`cli exited ${code}`))));
  });
}

export async function waitReady(base: string): Promise<void> {
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
export function trackPeakRss(pid: number): { stop: () => number } {
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

/** utime + stime of each process from /proc, in seconds, between start and stop. */
export function cpuMeter(pids: number[]): { stop: () => number[] } {
  const ticks = (pid: number) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const before = pids.map(ticks);
  return { stop: () => pids.map((pid, i) => (ticks(pid) - before[i]) / 100) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function cleanup(stack: Stack): Promise<void> {
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${stack.dbUrl.pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
  const redis = new IORedis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${stack.run}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

/** mulberry32: tiny, seedable, good enough to pick templates reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
