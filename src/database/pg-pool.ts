import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The pg Pool under TypeORM's DataSource. Hot paths and bulk work (prepared statements,
 * COPY, cursors) use it directly; it shares TypeORM's connections, limits and timeouts.
 */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}
