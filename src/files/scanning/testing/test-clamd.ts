/**
 * A real clamd for tests, loaded with test signatures only: no freshclam, no download,
 * starts in about 0.1 s. Used by clamav.integration.spec.ts and by e2e tests that want
 * a `CLAMAV_URL`. Needs Debian's `clamav-daemon`; without it `startTestClamd()` returns
 * null and callers skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClamavScanner } from '../clamav.scanner';

/**
 * The EICAR anti-virus test file (https://www.eicar.org/download-anti-malware-testfile/):
 * harmless by design. Kept split so that no scanner flags this source file itself.
 */
export const EICAR_TEST_STRING = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** Every signature the test database holds starts with this; clamd appends `.UNOFFICIAL`. */
export const TEST_SIGNATURE_PREFIX = 'Sentir.Test.EICAR';

export interface TestClamdOptions {
  /** clamd's `StreamMaxLength` (`60M`, `1M`…): larger INSTREAM uploads are refused. */
  streamMaxLength?: string;
}

export interface TestClamd {
  /** `tcp://127.0.0.1:<port>`, ready for `ClamavScanner` or `CLAMAV_URL`. */
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first PONG. */
  startupMs: number;
  logFile: string;
  /** SIGTERM (SIGKILL after 5 s), then removes the temporary directory. */
  stop(): Promise<void>;
}

/** With a full signature set clamd takes tens of seconds; the test database loads at once. */
const READY_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;
const CANDIDATE_PATHS = ['/usr/sbin/clamd', '/usr/local/sbin/clamd', '/usr/bin/clamd', '/usr/local/bin/clamd', '/opt/homebrew/sbin/clamd'];

let cachedBinary: string | null | undefined;

/** The clamd executable, or null when it is not installed. Synchronous, so a spec can pick `describe.skip`. */
export function findClamdBinary(): string | null {
  if (cachedBinary === undefined) {
    // Debian puts clamd in /usr/sbin, which a non-root PATH often lacks.
    cachedBinary = CANDIDATE_PATHS.find((path) => existsSync(path)) ?? (spawnSync('clamd', ['--version']).status === 0 ? 'clamd' : null);
  }
  return cachedBinary;
}

export async function startTestClamd(options: TestClamdOptions = {}): Promise<TestClamd | null> {
  const binary = findClamdBinary();
  if (!binary) return null;
  const dir = mkdtempSync(join(tmpdir(), 'sentir-clamd-'));
  try {
    writeTestSignatures(join(dir, 'db'));
    mkdirSync(join(dir, 'tmp'));
    for (let attempt = 1; ; attempt++) {
      try {
        return await launch(binary, dir, options);
      } catch (error) {
        // The free port we picked may have been taken before clamd bound it.
        if (attempt >= START_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * An MD5 signature of the exact EICAR file (`.hdb`: md5:size:name) and a body signature
 * (`.ndb`) for EICAR after at least one other byte, e.g. in a CSV cell. The `??` keeps
 * the two apart: clamd reports the body match first, which would hide a broken `.hdb`.
 */
function writeTestSignatures(databaseDir: string): void {
  mkdirSync(databaseDir);
  const eicar = Buffer.from(EICAR_TEST_STRING, 'latin1');
  const md5 = createHash('md5').update(eicar).digest('hex');
  writeFileSync(join(databaseDir, 'sentir-test.hdb'), `${md5}:${eicar.length}:${TEST_SIGNATURE_PREFIX}\n`);
  writeFileSync(join(databaseDir, 'sentir-test.ndb'), `${TEST_SIGNATURE_PREFIX}.Embedded:0:*:??${eicar.toString('hex')}\n`);
}

async function launch(binary: string, dir: string, options: TestClamdOptions): Promise<TestClamd> {
  const port = await freePort();
  const configFile = join(dir, 'clamd.conf');
  const logFile = join(dir, 'clamd.log');
  // No LocalSocket and no User: clamd listens on loopback only, as whoever runs the tests.
  writeFileSync(
    configFile,
    [
      `DatabaseDirectory ${join(dir, 'db')}`,
      `TemporaryDirectory ${join(dir, 'tmp')}`,
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      'Foreground yes',
      `LogFile ${logFile}`,
      'LogTime yes',
      `StreamMaxLength ${options.streamMaxLength ?? '60M'}`,
      'MaxThreads 4',
      '',
    ].join('\n'),
  );

  const startedAt = Date.now();
  const child = spawn(binary, ['--foreground', `--config-file=${configFile}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keepTail = (data: Buffer): void => {
    output = (output + data.toString('utf8')).slice(-8000);
  };
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  child.on('error', (error) => keepTail(Buffer.from(`spawn failed: ${error.message}\n`)));
  const exited = once(child, 'close').catch(() => undefined);
  // A crashed or killed jest worker must not leave clamd holding its port.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forceKill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(forceKill);
    }
    process.off('exit', killOnExit);
  };

  const url = `tcp://127.0.0.1:${port}`;
  const scanner = new ClamavScanner(url, { timeoutMs: 1000 });
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      await stop();
      throw new Error(`clamd exited (${child.exitCode ?? child.signalCode}) before answering PING:\n${output}`);
    }
    try {
      await scanner.ping();
      break;
    } catch (error) {
      if (Date.now() - startedAt > READY_TIMEOUT_MS) {
        await stop();
        throw new Error(`clamd did not answer PING within ${READY_TIMEOUT_MS} ms (${(error as Error).message}):\n${output}`);
      }
      await sleep(50);
    }
  }

  return {
    url,
    pid: child.pid,
    startupMs: Date.now() - startedAt,
    logFile,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not find a free TCP port');
  return address.port;
}
