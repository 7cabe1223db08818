import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { freePort } from './net';

/**
 * The suite's own PostgreSQL and Redis: started in temporary directories on free ports so that
 * the faults it injects (stop, kill, restart) never touch the machine's shared services.
 */
const PG_BIN = process.env.RELIABILITY_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** initdb refuses to run as root: run the cluster as `postgres` when we are root. */
function asPgUser(): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
}

function pgUid(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(cmd: string[], quiet = true): void {
  execFileSync(cmd[0], cmd.slice(1), { stdio: quiet ? 'ignore' : 'inherit', timeout: 60_000 });
}

export class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'sentir-rel-pg-'));
  port = 0;
  /** Addresses listened on besides `host` (scenario 6's virtual links). */
  private extraListen: string[] = [];
  private originalHba?: string;

  constructor(readonly host = '127.0.0.1') {}

  get adminUrl(): string {
    return `postgres://postgres@${this.host}:${this.port}/postgres`;
  }

  url(database: string): string {
    return `postgres://postgres@${this.host}:${this.port}/${database}`;
  }

  async init(): Promise<void> {
    const owner = pgUid();
    if (owner) chownSync(this.dir, owner.uid, owner.gid);
    this.port = await freePort();
    run([...asPgUser(), join(PG_BIN, 'initdb'), '-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await this.start();
  }

  /**
   * fsync=off: no scenario crashes the operating system, only processes, and a fast stop
   * checkpoints; this keeps the suite's disk writes off the shared machine's other tests.
   */
  async start(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=${[this.host, ...this.extraListen].join(',')} -c fsync=off -c max_connections=300 -c shared_buffers=64MB`;
    run([...asPgUser(), join(PG_BIN, 'pg_ctl'), '-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
    await this.waitAccepting();
  }

  /**
   * Restarts the cluster listening on `addresses` too and trusting `cidrs` (the suite's own
   * throwaway cluster); `listenAlso([], [])` restores loopback only. Only between scenarios:
   * a restart is a fault of its own.
   */
  async listenAlso(addresses: string[], cidrs: string[]): Promise<void> {
    const hba = join(this.dir, 'data', 'pg_hba.conf');
    this.originalHba ??= readFileSync(hba, 'utf8');
    writeFileSync(hba, this.originalHba);
    for (const cidr of cidrs) appendFileSync(hba, `host all all ${cidr} trust\n`);
    this.extraListen = addresses;
    this.stop();
    await this.start();
  }

  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    run([...asPgUser(), join(PG_BIN, 'pg_ctl'), '-D', join(this.dir, 'data'), '-m', mode, '-w', '-t', '60', 'stop']);
  }

  private async waitAccepting(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const c = new Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 1000 });
      try {
        await c.connect();
        await c.end();
        return;
      } catch {
        await c.end().catch(() => undefined);
        await sleep(100);
      }
    }
    throw new Error(`own PostgreSQL on port ${this.port} did not accept connections`);
  }

  /** Always safe to call: stops the cluster if it runs, then deletes its directory. */
  destroy(): void {
    try {
      if (existsSync(join(this.dir, 'data', 'postmaster.pid'))) this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class OwnRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'sentir-rel-redis-'));
  port = 0;
  private proc?: ChildProcess;
  /** Addresses bound besides `host` (scenario 6's virtual links). */
  private extraBind: string[] = [];

  constructor(readonly host = '127.0.0.1') {}

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  get running(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null;
  }

  /** AOF with fsync every second and `noeviction`: the configuration the README asks of production. */
  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', [this.host, ...this.extraBind].join(' '), '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction', '--protected-mode', 'no'],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      const r = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => undefined);
      try {
        await r.connect();
        // After a restart, Redis answers LOADING until the AOF is replayed.
        if ((await r.ping()) === 'PONG') {
          r.disconnect();
          return;
        }
      } catch {
        // not up yet
      }
      r.disconnect();
      await sleep(100);
    }
    throw new Error(`own Redis on port ${this.port} did not start`);
  }

  /** Binds `addresses` too, at run time (Redis ≥ 7 takes `CONFIG SET bind`); `[]` restores loopback only. */
  async bindAlso(addresses: string[]): Promise<void> {
    this.extraBind = addresses;
    const r = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await r.connect();
      await r.config('SET', 'bind', [this.host, ...addresses].join(' '));
    } finally {
      r.disconnect();
    }
  }

  /** A crash (SIGKILL), not a clean shutdown: whatever AOF has, is what comes back. */
  async kill(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
