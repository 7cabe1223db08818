import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist', 'src');

export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  srv.close();
  await once(srv, 'close');
  return port;
}

/** Env for a process of this run: its database and prefix, quiet logs, fast recovery knobs. */
export function baseEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const runId = process.env.E2E_RUN_ID!;
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: process.env.E2E_DATABASE_URL!,
    REDIS_URL: process.env.E2E_REDIS_URL!,
    QUEUE_PREFIX: `${runId}_${overrides.QUEUE_SUFFIX ?? 'main'}`,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    WORKER_METRICS_PORT: '0',
    DEV_BOOTSTRAP_KEY: 'false',
    ...overrides,
  };
}

export class ManagedProcess {
  output = '';
  private exited: Promise<number | null>;

  constructor(readonly proc: ChildProcess, readonly name: string) {
    proc.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const start = Date.now();
    while (!pattern.test(this.output)) {
      if (!this.running) throw new Error(`${this.name} exited before ${pattern}:\n${this.output}`);
      if (Date.now() - start > timeoutMs) throw new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.running) this.proc.kill(signal);
    return this.exited;
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }
}

export function runNode(script: 'main' | 'worker' | 'cli' | 'launcher', env: NodeJS.ProcessEnv, args: string[] = []): ManagedProcess {
  const proc = spawn(process.execPath, [join(DIST, `${script}.js`), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ManagedProcess(proc, script);
}

export interface ApiProcess extends ManagedProcess {
  url: string;
}

export async function startApi(overrides: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const p = runNode('main', baseEnv({ PORT: String(port), ...overrides })) as ApiProcess;
  p.url = `http://127.0.0.1:${port}`;
  await p.waitForOutput(/Sentir API listening/);
  return p;
}

export async function startWorker(overrides: Record<string, string> = {}): Promise<ManagedProcess> {
  const p = runNode('worker', baseEnv(overrides));
  await p.waitForOutput(/Sentir worker \d+ ready/);
  return p;
}

export async function stopAll(...procs: (ManagedProcess | undefined)[]): Promise<void> {
  await Promise.all(procs.map((p) => p?.stop('SIGKILL')));
}
