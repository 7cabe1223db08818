import IORedis from 'ioredis';
import { Client } from 'pg';
import { PG_ADMIN_URL } from './test-env';

/** Drops this run's database and deletes every Redis key under its prefixes. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.E2E_RUN_ID;
  if (!runId) return;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${runId}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new IORedis(process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${runId}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
