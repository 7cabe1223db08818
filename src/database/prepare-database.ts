import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, redactUrl } from '../config/config';
import { START_SERVICES_HINT, StartupError } from '../common/startup-error';
import { typeormOptions } from './typeorm.options';

const MIGRATION_LOCK_ID = 74_736_122; // any constant shared by all Sentir processes

/**
 * Makes the database usable: creates it if missing, then applies pending migrations
 * under an advisory lock so that many processes booting at once migrate exactly once.
 * Returns the names of the migrations it applied.
 */
export async function prepareDatabase(db: AppConfig['database']): Promise<string[]> {
  await ensureDatabaseExists(db);
  const lock = new Client({ connectionString: db.url, connectionTimeoutMillis: db.connectTimeoutMs });
  await connectOrExplain(lock, db.url);
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const ds = new DataSource({ ...typeormOptions(db, 'sentir-migrate'), extra: { max: 2 } });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

async function ensureDatabaseExists(db: AppConfig['database']): Promise<void> {
  const probe = new Client({ connectionString: db.url, connectionTimeoutMillis: db.connectTimeoutMs });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (err) {
    await probe.end().catch(() => undefined);
    if ((err as { code?: string }).code !== '3D000') throw explain(err, db.url);
  }
  const url = new URL(db.url);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString(), connectionTimeoutMillis: db.connectTimeoutMs });
  await connectOrExplain(admin, url.toString());
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (err) {
    // 42P04: another process created it between our probe and now.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function connectOrExplain(client: Client, url: string): Promise<void> {
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw explain(err, url);
  }
}

function explain(err: unknown, url: string): StartupError {
  const reason = (err as Error)?.message ?? String(err);
  return new StartupError(`cannot reach PostgreSQL at ${redactUrl(url)} (${reason}). ${START_SERVICES_HINT}`);
}

function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}
