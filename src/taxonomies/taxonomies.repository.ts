import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pgPool } from '../database/pg-pool';
import type { TaxonomyDefinition, TaxonomyRecord, TaxonomySummary } from './taxonomy.entity';

const CURRENT = `id, user_id AS "userId", name, version, version AS "latestVersion", definition, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Outcome of a conditional write: done, no such taxonomy (or not yours), or another version is current. */
export type ConditionalResult<T> = { ok: true; value: T } | { ok: false; currentVersion: number | null };

/** All SQL about taxonomies and their versions. */
@Injectable()
export class TaxonomiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The current version, or `version` from the history. */
  async findOwned(userId: string, id: string, version?: number): Promise<TaxonomyRecord | null> {
    const pool = pgPool(this.dataSource);
    const res =
      version === undefined
        ? await pool.query<TaxonomyRecord>({ name: 'taxonomies_find_owned', text: `SELECT ${CURRENT} FROM taxonomies WHERE id = $1 AND user_id = $2`, values: [id, userId] })
        : await pool.query<TaxonomyRecord>({
            name: 'taxonomies_find_owned_version',
            text: `SELECT t.id, t.user_id AS "userId", v.name, v.version, t.version AS "latestVersion", v.definition,
                          t.created_at AS "createdAt", v.created_at AS "updatedAt"
                     FROM taxonomies t JOIN taxonomy_versions v ON v.taxonomy_id = t.id
                    WHERE t.id = $1 AND t.user_id = $2 AND v.version = $3`,
            values: [id, userId, version],
          });
    return res.rows[0] ?? null;
  }

  /** Newest first, keyset on (created_at, id); one extra row tells whether there is more. */
  async list(userId: string, limit: number, after?: { createdAt: string; id: string }): Promise<{ rows: (TaxonomySummary & { createdKey: string })[]; hasMore: boolean }> {
    const params: unknown[] = [userId, limit + 1];
    let where = 'user_id = $1';
    if (after) {
      params.push(after.createdAt, after.id);
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const res = await pgPool(this.dataSource).query<TaxonomySummary & { createdKey: string }>(
      `SELECT id, name, version, jsonb_array_length(definition->'themes') AS "themeCount", created_at AS "createdAt", updated_at AS "updatedAt",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdKey"
         FROM taxonomies WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    return { rows: res.rows.slice(0, limit), hasMore: res.rows.length > limit };
  }

  /**
   * Inserts version 1 (row and history), unless the user already has `maxPerUser`
   * taxonomies: then `null`. Locking the user's row serialises concurrent creations, so
   * two requests at 49 cannot both make the 50th; it does not block the key-share locks
   * that foreign keys take, so the user's tasks and files are not held up.
   */
  async create(userId: string, name: string, definition: TaxonomyDefinition, maxPerUser: number): Promise<TaxonomyRecord | null> {
    const client = await pgPool(this.dataSource).connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
      const count = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM taxonomies WHERE user_id = $1', [userId]);
      if (count.rows[0].n >= maxPerUser) {
        await client.query('ROLLBACK');
        return null;
      }
      const inserted = await client.query<TaxonomyRecord>(
        `WITH t AS (INSERT INTO taxonomies (user_id, name, definition) VALUES ($1, $2, $3) RETURNING *),
              h AS (INSERT INTO taxonomy_versions (taxonomy_id, version, name, definition, created_at) SELECT id, version, name, definition, created_at FROM t)
         SELECT ${CURRENT} FROM t`,
        [userId, name, definition],
      );
      await client.query('COMMIT');
      return inserted.rows[0];
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Replaces the taxonomy when its current version is one of `expected` (`null`: any), as
   * version + 1, and appends that version to the history, in one statement. Two concurrent
   * replaces of the same version: the second waits for the first's row lock, then sees the
   * new version and matches nothing.
   */
  async replace(userId: string, id: string, expected: number[] | null, name: string, definition: TaxonomyDefinition): Promise<ConditionalResult<TaxonomyRecord>> {
    const res = await pgPool(this.dataSource).query<TaxonomyRecord>(
      `WITH t AS (
         UPDATE taxonomies SET name = $3, definition = $4, version = version + 1, updated_at = now()
          WHERE id = $1 AND user_id = $2 AND ($5::int[] IS NULL OR version = ANY($5::int[]))
          RETURNING *
       ), h AS (INSERT INTO taxonomy_versions (taxonomy_id, version, name, definition, created_at) SELECT id, version, name, definition, updated_at FROM t)
       SELECT ${CURRENT} FROM t`,
      [id, userId, name, definition, expected],
    );
    if (res.rows[0]) return { ok: true, value: res.rows[0] };
    return { ok: false, currentVersion: await this.currentVersion(userId, id) };
  }

  /** Deletes the taxonomy and its history when its current version is one of `expected` (`null`: any). */
  async remove(userId: string, id: string, expected: number[] | null): Promise<ConditionalResult<void>> {
    const res = await pgPool(this.dataSource).query(
      `DELETE FROM taxonomies WHERE id = $1 AND user_id = $2 AND ($3::int[] IS NULL OR version = ANY($3::int[]))`,
      [id, userId, expected],
    );
    if (res.rowCount) return { ok: true, value: undefined };
    return { ok: false, currentVersion: await this.currentVersion(userId, id) };
  }

  private async currentVersion(userId: string, id: string): Promise<number | null> {
    const res = await pgPool(this.dataSource).query<{ version: number }>('SELECT version FROM taxonomies WHERE id = $1 AND user_id = $2', [id, userId]);
    return res.rows[0]?.version ?? null;
  }
}
