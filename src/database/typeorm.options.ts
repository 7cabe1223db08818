import { Client, type ClientConfig } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config';
import { ApiKey } from '../auth/api-key.entity';
import { User } from '../auth/user.entity';
import { Task } from '../tasks/task.entity';
import { MIGRATIONS } from '../../migrations';

export const ENTITIES = [User, ApiKey, Task];

/** Shared by the Nest apps, the CLI and the TypeORM CLI (data-source.ts). */
export function typeormOptions(db: AppConfig['database'], appName = 'sentir'): DataSourceOptions {
  return {
    type: 'postgres',
    url: db.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: appName,
    extra: {
      max: db.poolSize,
      // pg-pool uses one timeout both for waiting on a busy pool and for opening a connection.
      // They mean different things: a saturated pool under load may wait longer (poolWaitMs),
      // while a PostgreSQL that does not answer a new connection fails fast (connectTimeoutMs).
      connectionTimeoutMillis: Math.max(db.poolWaitMs, db.connectTimeoutMs),
      Client: clientWithConnectTimeout(db.connectTimeoutMs),
      statement_timeout: db.statementTimeoutMs,
      query_timeout: db.statementTimeoutMs + 1000,
      idle_in_transaction_session_timeout: 60000,
    },
  };
}

/** A pg Client whose own connect timeout is `ms`, whatever the pool's acquire timeout. */
function clientWithConnectTimeout(ms: number): typeof Client {
  return class extends Client {
    constructor(config?: string | ClientConfig) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: ms });
    }
  };
}
