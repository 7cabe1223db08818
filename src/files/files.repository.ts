import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { pgPool } from '../database/pg-pool';
import type { FileDetails, FileRecord } from './file.entity';
import type { ParsedRow } from './parsing';

const COLUMNS = `id, user_id AS "userId", sha256, sheet_key AS "sheetKey", filename, size::float8 AS size, format, encoding,
  details, row_count AS "rowCount", created_at AS "createdAt", expires_at AS "expiresAt"`;

export type NewFile = Omit<FileRecord, 'id' | 'createdAt' | 'expiresAt' | 'rowCount' | 'details'> & { retentionDays: number };

/** A row as workers read it back. */
export interface StoredRow {
  rowNumber: number;
  sourceRow: number;
  cells: string[];
}

/** All SQL about files and their rows. */
@Injectable()
export class FilesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findOwned(userId: string, id: string): Promise<FileRecord | null> {
    const res = await pgPool(this.dataSource).query<FileRecord>({ name: 'files_find_owned', text: `SELECT ${COLUMNS} FROM files WHERE id = $1 AND user_id = $2`, values: [id, userId] });
    return res.rows[0] ?? null;
  }

  async findBySha(userId: string, sha256: string, sheetKey: string): Promise<FileRecord | null> {
    const res = await pgPool(this.dataSource).query<FileRecord>(`SELECT ${COLUMNS} FROM files WHERE user_id = $1 AND sha256 = $2 AND sheet_key = $3`, [userId, sha256, sheetKey]);
    return res.rows[0] ?? null;
  }

  /** Newest first, keyset on (created_at, id); one extra row tells whether there is more. */
  async list(userId: string, limit: number, after?: { createdAt: string; id: string }): Promise<{ rows: (FileRecord & { createdKey: string })[]; hasMore: boolean }> {
    const params: unknown[] = [userId, limit + 1];
    let where = 'user_id = $1';
    if (after) {
      params.push(after.createdAt, after.id);
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    // The cursor keeps PostgreSQL's microseconds: two files can share a millisecond.
    const res = await pgPool(this.dataSource).query<FileRecord & { createdKey: string }>(
      `SELECT ${COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdKey"
         FROM files WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    return { rows: res.rows.slice(0, limit), hasMore: res.rows.length > limit };
  }

  /**
   * Inserts the file, COPYs its rows, then fills in `details` and `row_count`, all in one
   * transaction: a failure half-way (a parse error on row 40,000, a dropped connection,
   * `finish` refusing the file) leaves nothing behind. `finish` runs once `rows` is
   * drained, because a single-pass parse only knows the details at the end.
   */
  async createWithRows(file: NewFile, rows: AsyncIterable<ParsedRow[]>, finish: () => FileDetails | Promise<FileDetails>): Promise<FileRecord> {
    const client = await pgPool(this.dataSource).connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      // file_rows references the files row, so it goes first; its '{}' details are never
      // visible outside this transaction.
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO files (user_id, sha256, sheet_key, filename, size, format, encoding, details, row_count, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', 0, now() + make_interval(days => $8)) RETURNING id`,
        [file.userId, file.sha256, file.sheetKey, file.filename, file.size, file.format, file.encoding, file.retentionDays],
      );
      const id = inserted.rows[0].id;
      const count = await copyRows(client, id, rows);
      const details = await finish();
      const updated = await client.query<FileRecord>(`UPDATE files SET details = $2, row_count = $3 WHERE id = $1 RETURNING ${COLUMNS}`, [id, details, count]);
      await client.query('COMMIT');
      return updated.rows[0];
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Deletes the file and its rows. Unfinished batch tasks over it are cancelled in the same
   * transaction: their remaining chunks would have nothing to read.
   */
  async deleteOwned(userId: string, id: string): Promise<string[] | null> {
    const client = await pgPool(this.dataSource).connect();
    try {
      await client.query('BEGIN');
      const cancelled = await client.query<{ id: string }>(
        `UPDATE tasks SET status = 'cancelled', completed_at = now(), updated_at = now()
          WHERE file_id = $1 AND user_id = $2 AND status IN ('queued', 'processing') RETURNING id`,
        [id, userId],
      );
      const res = await client.query('DELETE FROM files WHERE id = $1 AND user_id = $2', [id, userId]);
      await client.query('COMMIT');
      return res.rowCount ? cancelled.rows.map((r) => r.id) : null;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async readRows(fileId: string, fromRow: number, toRow: number): Promise<StoredRow[]> {
    const res = await pgPool(this.dataSource).query<StoredRow>({
      name: 'file_rows_range',
      text: `SELECT row_number AS "rowNumber", source_row AS "sourceRow", cells FROM file_rows WHERE file_id = $1 AND row_number BETWEEN $2 AND $3 ORDER BY row_number`,
      values: [fileId, fromRow, toRow],
    });
    return res.rows;
  }

  /** Retention: files past their expiry go, with their rows (ON DELETE CASCADE). */
  async deleteExpired(limit: number): Promise<number> {
    const res = await pgPool(this.dataSource).query(`DELETE FROM files WHERE id IN (SELECT id FROM files WHERE expires_at < now() LIMIT $1)`, [limit]);
    return res.rowCount ?? 0;
  }
}

/** COPY … FROM STDIN in CSV form; the cells go as one JSON array per row. Honours backpressure. */
async function copyRows(client: PoolClient, fileId: string, batches: AsyncIterable<ParsedRow[]>): Promise<number> {
  const stream = client.query(copyFrom('COPY file_rows (file_id, row_number, source_row, cells) FROM STDIN WITH (FORMAT csv)'));
  const done = pipelineDone(stream);
  let count = 0;
  try {
    for await (const rows of batches) {
      let chunk = '';
      for (const row of rows) {
        chunk += `${fileId},${row.rowNumber},${row.sourceRow},"${JSON.stringify(row.values.map(safeCell)).replaceAll('"', '""')}"\n`;
      }
      count += rows.length;
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
  } catch (err) {
    stream.destroy(err as Error);
    await done.catch(() => undefined);
    throw err;
  }
  await done;
  return count;
}

/** pg-copy-streams emits 'finish' once PostgreSQL has acknowledged the COPY. */
function pipelineDone(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
}

/** jsonb refuses NUL and lone surrogates; no parser should hand us either, but never let one become a 500. */
function safeCell(v: string): string {
  return v.includes('\u0000') ? v.replaceAll('\u0000', '\uFFFD').toWellFormed() : v.toWellFormed();
}
