import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { classifyInfrastructureError, isPoolSaturated } from '../../src/common/errors/infrastructure-errors';
import { typeormOptions } from '../../src/database/typeorm.options';

/**
 * The pool options the API and workers run with: a busy pool waits DATABASE_POOL_WAIT_MS for a
 * free connection (load), while a PostgreSQL that does not answer a new connection fails after
 * DATABASE_CONNECT_TIMEOUT_MS (outage). Against the real PostgreSQL of the e2e run.
 */
function poolFor(url: string, poolWaitMs: number, connectTimeoutMs: number): Pool {
  const opts = typeormOptions({ url, poolSize: 1, connectTimeoutMs, poolWaitMs, statementTimeoutMs: 10_000 });
  return new Pool({ connectionString: url, ...(opts.extra as PoolConfig) });
}

async function failureOf(p: Promise<unknown>): Promise<{ err: Error; ms: number }> {
  const t0 = Date.now();
  try {
    await p;
  } catch (err) {
    return { err: err as Error, ms: Date.now() - t0 };
  }
  throw new Error('expected a failure');
}

describe('database pool timeouts (real PostgreSQL)', () => {
  const url = process.env.E2E_DATABASE_URL!;

  it('a saturated pool waits DATABASE_POOL_WAIT_MS, then fails as busy, not unreachable', async () => {
    const pool = poolFor(url, 1500, 200);
    const held: PoolClient = await pool.connect();
    try {
      const { err, ms } = await failureOf(pool.query('SELECT 1'));
      expect(ms).toBeGreaterThanOrEqual(1400); // the pool wait, not the 200 ms connect timeout
      expect(isPoolSaturated(err)).toBe(true);
      expect(classifyInfrastructureError(err)).toBe('postgresql');
      // A connection freed within the wait is handed over instead.
      const waiting = pool.query<{ one: number }>('SELECT 1 AS one');
      setTimeout(() => held.release(), 300);
      await expect(waiting).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await pool.end();
    }
  });

  it('a server that never answers the connection fails after DATABASE_CONNECT_TIMEOUT_MS, as unreachable', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const pool = poolFor(`postgres://postgres@127.0.0.1:${port}/x`, 5000, 300);
    try {
      const { err, ms } = await failureOf(pool.query('SELECT 1'));
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(4500); // before the 5 s pool wait
      expect(isPoolSaturated(err)).toBe(false);
      expect(classifyInfrastructureError(err)).toBe('postgresql');
    } finally {
      await pool.end();
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
