import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ApiKeysService, CreatedKey } from '../src/auth/api-keys.service';
import { prepareDatabase } from '../src/database/prepare-database';
import { typeormOptions } from '../src/database/typeorm.options';
import { call, freePort } from './net';
import { OwnPostgres, OwnRedis } from './services';

const DIST_SRC = join(__dirname, '..', 'src');

/** Every process the suite started, so that nothing outlives it (also on Ctrl-C or a crash). */
const live = new Set<SentirProcess>();

export function killEverything(): void {
  for (const p of live) p.proc.kill('SIGKILL');
}

export class SentirProcess {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly proc: ChildProcess,
    readonly name: string,
  ) {
    live.add(this);
    const keep = (d: Buffer) => {
      // The tail is enough to explain a failure; a long run would otherwise keep megabytes.
      this.output = (this.output + d.toString()).slice(-20_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      proc.once('exit', (code) => {
        live.delete(this);
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.proc.pid!;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const start = Date.now();
    while (!pattern.test(this.output)) {
      if (!this.running) throw new Error(`${this.name} exited before ${pattern}:\n${this.output.slice(-3000)}`);
      if (Date.now() - start > timeoutMs) throw new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-3000)}`);
      await sleep(50);
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.running) this.proc.kill(signal);
    await this.exited;
  }
}

export interface ApiProcess extends SentirProcess {
  url: string;
}

/**
 * One scenario's Sentir: its own database on the suite's PostgreSQL, its own queue prefix on the
 * suite's Redis, and the API and worker processes it starts.
 */
export class Stack {
  readonly processes: SentirProcess[] = [];
  readonly env: NodeJS.ProcessEnv;
  private ds?: DataSource;
  private keysService?: ApiKeysService;
  db!: Client;

  constructor(
    readonly name: string,
    readonly pg: OwnPostgres,
    readonly redis: OwnRedis,
    env: Record<string, string> = {},
  ) {
    this.env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: pg.url(`rel_${name}`),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `rel_${name}`,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WORKER_METRICS_PORT: '0',
      DEV_BOOTSTRAP_KEY: 'false',
      ...env,
    };
  }

  get dbUrl(): string {
    return this.env.DATABASE_URL!;
  }

  /** Creates and migrates the database once, before any process boots. */
  async prepare(): Promise<void> {
    const db = { url: this.dbUrl, poolSize: 2, connectTimeoutMs: 3000, poolWaitMs: 10_000, statementTimeoutMs: 60_000 };
    await prepareDatabase(db);
    this.ds = await new DataSource(typeormOptions(db, 'sentir-reliability')).initialize();
    this.keysService = new ApiKeysService(this.ds);
    await this.connectDb();
  }

  /** (Re)connects the suite's own SQL client, e.g. after a PostgreSQL restart. */
  async connectDb(): Promise<void> {
    await this.db?.end().catch(() => undefined);
    this.db = new Client({ connectionString: this.dbUrl });
    this.db.on('error', () => undefined);
    await this.db.connect();
  }

  createKey(user: string, admin = false): Promise<CreatedKey> {
    return this.keysService!.create(`${user}`, admin);
  }

  spawn(script: 'main' | 'worker' | 'cli', env: Record<string, string> = {}, args: string[] = [], wrapper: string[] = []): SentirProcess {
    // Workers run as `npm start` runs them: with the default 256 MB heap cap.
    const heap = script === 'worker' ? ['--max-old-space-size=256'] : [];
    const argv = [process.execPath, ...heap, join(DIST_SRC, `${script}.js`), ...args];
    const full = [...wrapper, ...argv];
    const proc = spawn(full[0], full.slice(1), { env: { ...this.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const p = new SentirProcess(proc, script);
    if (script !== 'cli') this.processes.push(p);
    return p;
  }

  async startApi(env: Record<string, string> = {}): Promise<ApiProcess> {
    const port = await freePort();
    const p = this.spawn('main', { PORT: String(port), ...env }) as ApiProcess;
    p.url = `http://127.0.0.1:${port}`;
    // The API runs at LOG_LEVEL=warn (a log line per request would skew the load figures): poll it.
    const start = Date.now();
    while ((await call(p.url, 'GET', '/healthz', { timeoutMs: 1000 })).status !== 200) {
      if (!p.running || Date.now() - start > 60_000) throw new Error(`API did not start:\n${p.output.slice(-3000)}`);
      await sleep(100);
    }
    return p;
  }

  /** Starts a worker; `wait: false` returns at once (a restarted worker joins when it is ready). */
  async startWorker(env: Record<string, string> = {}, wait = true, wrapper: string[] = []): Promise<SentirProcess> {
    const p = this.spawn('worker', { LOG_LEVEL: 'info', ...env }, [], wrapper);
    if (wait) await p.waitFor(/Sentir worker \d+ ready/);
    return p;
  }

  async cli(args: string[]): Promise<string> {
    const p = this.spawn('cli', {}, args);
    const code = await p.exited;
    if (code !== 0) throw new Error(`cli ${args.join(' ')} exited ${code}: ${p.output}`);
    return p.output.trim();
  }

  async upload(api: string, key: string, csv: string, name: string): Promise<{ id: string; rows: number }> {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), name);
    const file = await call(api, 'POST', '/api/v1/files', { key, body: form, timeoutMs: 120_000 });
    if (file.status !== 201) throw new Error(`upload ${name}: ${file.status} ${JSON.stringify(file.body).slice(0, 300)}`);
    return { id: file.body.id, rows: file.body.rows };
  }

  /** Starts a batch over an uploaded file; returns the task id and the file's row count. */
  async startBatch(api: string, key: string, file: { id: string; rows: number }): Promise<{ taskId: string; rows: number }> {
    const task = await call(api, 'POST', '/api/v1/tasks/batch', { key, json: { fileId: file.id }, timeoutMs: 30_000 });
    if (task.status !== 202) throw new Error(`batch over ${file.id}: ${task.status} ${JSON.stringify(task.body).slice(0, 300)}`);
    return { taskId: task.body.id, rows: file.rows };
  }

  /** Reads the tasks' states straight from PostgreSQL (the API may be the thing that is down). */
  async taskStates(ids: string[]): Promise<Map<string, { status: string; processed: number }>> {
    const { rows } = await this.db.query<{ id: string; status: string; processed: number }>(
      'SELECT id, status, progress_processed AS processed FROM tasks WHERE id = ANY($1)',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { status: r.status, processed: r.processed }]));
  }

  /** Waits until every task is finished; returns when, or throws naming the stragglers. */
  async waitFinished(ids: string[], timeoutMs: number): Promise<Map<string, { status: string; processed: number }>> {
    const start = Date.now();
    for (;;) {
      const states = await this.taskStates(ids).catch(() => undefined);
      if (states && ids.every((id) => ['completed', 'failed', 'cancelled'].includes(states.get(id)?.status ?? ''))) return states;
      if (Date.now() - start > timeoutMs) {
        throw new Error(`tasks unfinished after ${timeoutMs} ms: ${JSON.stringify(states ? [...states.entries()].filter(([, s]) => s.status !== 'completed') : 'database unreachable')}`);
      }
      await sleep(250);
    }
  }

  /**
   * The invariant every scenario ends with, checked in SQL: for each batch task, one stored row per
   * file row (lost = expected − distinct row numbers; duplicated = stored − distinct).
   */
  async checkRows(tasks: { taskId: string; rows: number }[]): Promise<{ submitted: number; lost: number; duplicated: number; notCompleted: string[] }> {
    const { rows } = await this.db.query<{ id: string; status: string; error: { detail?: string } | null; n: number; d: number }>(
      `SELECT t.id, t.status, t.error, count(i.row_number)::int AS n, count(DISTINCT i.row_number)::int AS d
         FROM tasks t LEFT JOIN task_items i ON i.task_id = t.id
        WHERE t.id = ANY($1) GROUP BY t.id, t.status, t.error`,
      [tasks.map((t) => t.taskId)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    let lost = 0;
    let duplicated = 0;
    const notCompleted: string[] = [];
    for (const t of tasks) {
      const r = byId.get(t.taskId);
      lost += t.rows - (r?.d ?? 0);
      duplicated += (r?.n ?? 0) - (r?.d ?? 0);
      if (r?.status !== 'completed') notCompleted.push(`${t.taskId} ${r?.status ?? 'missing'}${r?.error ? ` (${r.error.detail ?? JSON.stringify(r.error)})` : ''}`);
    }
    return { submitted: tasks.reduce((a, t) => a + t.rows, 0), lost, duplicated, notCompleted };
  }

  /**
   * SIGKILLs whatever is left, keeps each process's last output in reliability-logs/ (git-ignored)
   * for the post-mortem, then drops the database's connections (the cluster itself goes later).
   */
  async teardown(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGKILL')));
    const dir = join(__dirname, '..', '..', 'reliability-logs');
    mkdirSync(dir, { recursive: true });
    for (const p of this.processes) writeFileSync(join(dir, `${this.name}-${p.name}-${p.pid}.log`), p.output);
    await this.db?.end().catch(() => undefined);
    await this.ds?.destroy().catch(() => undefined);
  }
}

/** Peak resident set size (VmHWM, kB) of a process, sampled from /proc while it runs. */
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

/** mulberry32: tiny and seedable, so every run submits the same comments. */
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

const OPENINGS = ['', 'Hola, ', 'La verdad ', 'Otra vez ', 'Honestly, ', 'Desde ayer '];
const BODIES = [
  'el internet anda muy lento', 'se corta la señal todas las noches', 'nadie me atiende en el call center',
  'me cobraron de más en la factura', 'el servicio es excelente', 'la atención fue muy buena',
  'the connection drops every night', 'great service, thank you', 'quisiera saber el precio del plan',
];

/** A comments CSV whose every text carries its row number (so no two rows are the same). */
export function commentsCsv(rows: number, seed: number): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const lines = ['id,fecha,comentario,region'];
  for (let k = 1; k <= rows; k++) {
    const day = String(1 + (k % 28)).padStart(2, '0');
    lines.push(`R${k},2026-02-${day},"${pick(OPENINGS)}${pick(BODIES)} (${seed}-${k})",${pick(['Norte', 'Sur', 'Este'])}`);
  }
  return lines.join('\n') + '\n';
}

export function randomText(rand: () => number, i: number): string {
  return `${OPENINGS[Math.floor(rand() * OPENINGS.length)]}${BODIES[Math.floor(rand() * BODIES.length)]} #${i}`;
}
