import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded files and their parsed rows. Rows live in PostgreSQL, not on the API's disk,
 * so that every worker on every machine can read them.
 */
export class CreateFiles1763780000002 implements MigrationInterface {
  name = 'CreateFiles1763780000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        sha256 text NOT NULL,
        -- '' for the default sheet: the same bytes read with another sheet are another file.
        sheet_key text NOT NULL DEFAULT '',
        filename text NOT NULL,
        size bigint NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'json', 'txt')),
        encoding text NOT NULL,
        details jsonb NOT NULL,
        row_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX files_user_sha_sheet_uq ON files (user_id, sha256, sheet_key)`);
    await q.query(`CREATE INDEX files_user_created_idx ON files (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX files_expires_idx ON files (expires_at)`);
    await q.query(`
      CREATE TABLE file_rows (
        file_id uuid NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        source_row integer NOT NULL,
        -- The row's cells as a JSON array of strings, aligned with details.columns.
        cells jsonb NOT NULL,
        PRIMARY KEY (file_id, row_number)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE file_rows`);
    await q.query(`DROP TABLE files`);
  }
}
