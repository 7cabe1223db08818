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
      // Fail fast instead of queueing requests forever when PostgreSQL is gone.
      connectionTimeoutMillis: db.connectTimeoutMs,
      statement_timeout: db.statementTimeoutMs,
      query_timeout: db.statementTimeoutMs + 1000,
      idle_in_transaction_session_timeout: 60000,
    },
  };
}
