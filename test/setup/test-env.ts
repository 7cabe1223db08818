import { randomBytes } from 'node:crypto';

/**
 * Each e2e run gets its own database and queue prefix on the shared local services,
 * so runs never see each other's data. Override the servers with E2E_PG_ADMIN_URL / E2E_REDIS_URL.
 */
export const PG_ADMIN_URL = process.env.E2E_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function newRunId(): string {
  return `e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function databaseUrl(dbName: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
}
