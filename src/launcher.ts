import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiKeysService } from './auth/api-keys.service';
import { assertRedisReachable } from './common/redis/redis-connection';
import { exitOnStartupFailure } from './common/startup-error';
import { appConfig, AppConfig } from './config/config';
import { prepareDatabase } from './database/prepare-database';
import { typeormOptions } from './database/typeorm.options';

/**
 * `npm start`: prepares the database once, then runs the API and WORKERS worker
 * processes as separate OS processes and supervises them. Ctrl-C / SIGTERM stops all.
 */
interface Child {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  execArgv: string[];
  proc?: ChildProcess;
  restarts: number[];
}

let stopping = false;

async function main(): Promise<void> {
  const config = appConfig();
  const applied = await prepareDatabase(config.database);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  await assertRedisReachable(config.redis.url);
  if (config.devBootstrapKey) await bootstrapDevKey(config);

  const children: Child[] = [
    { name: 'api', script: join(__dirname, 'main.js'), env: {}, execArgv: [], restarts: [] },
    ...Array.from({ length: config.worker.count }, (_, i) => ({
      name: `worker-${i + 1}`,
      script: join(__dirname, 'worker.js'),
      // Each worker on this machine gets its own metrics port.
      env: { WORKER_METRICS_PORT: config.worker.metricsPort === 0 ? '0' : String(config.worker.metricsPort + i) },
      execArgv: workerExecArgv(config),
      restarts: [],
    })),
  ];
  for (const child of children) spawn(child);

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ${children.length} processes`);
    for (const c of children) c.proc?.kill('SIGTERM');
    const deadline = setTimeout(() => {
      for (const c of children) c.proc?.kill('SIGKILL');
    }, 30_000);
    deadline.unref();
    void Promise.all(children.map((c) => (c.proc && c.proc.exitCode === null ? new Promise((r) => c.proc!.once('exit', r)) : null))).then(
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * A worker's live heap stays under ~100 MB, but with V8's default limit it lets analysis
 * garbage pile up to ~400 MB RSS before collecting. A cap makes it collect sooner (and a
 * runaway worker die and restart rather than starve the machine).
 */
function workerExecArgv(config: AppConfig): string[] {
  return config.worker.heapMb > 0 ? [`--max-old-space-size=${config.worker.heapMb}`] : [];
}

function spawn(child: Child): void {
  const proc = fork(child.script, [], { env: { ...process.env, ...child.env }, execArgv: child.execArgv, stdio: 'inherit' });
  child.proc = proc;
  proc.on('exit', (code, signal) => {
    if (stopping) return;
    const now = Date.now();
    child.restarts = child.restarts.filter((t) => now - t < 60_000);
    if (child.restarts.length >= 5) {
      log(`${child.name} keeps crashing (5 times in a minute); giving up. Stopping everything.`);
      process.kill(process.pid, 'SIGTERM');
      return;
    }
    child.restarts.push(now);
    const delay = 500 * 2 ** (child.restarts.length - 1);
    log(`${child.name} exited (${signal ?? code}); restarting in ${delay} ms`);
    setTimeout(() => spawn(child), delay);
  });
}

async function bootstrapDevKey(config: AppConfig): Promise<void> {
  const ds = new DataSource({ ...typeormOptions(config.database, 'sentir-launcher'), extra: { max: 1 } });
  await ds.initialize();
  try {
    const keys = new ApiKeysService(ds);
    if ((await keys.countActive()) > 0) return;
    const created = await keys.create('dev', true);
    log('no API key existed, so one was created for user "dev" (development only; NODE_ENV=production skips this):');
    process.stdout.write(`\n    ${created.key}\n\n`);
  } finally {
    await ds.destroy();
  }
}

function log(message: string): void {
  process.stdout.write(`[sentir] ${message}\n`);
}

main().catch((err) => exitOnStartupFailure(err, 'start'));
