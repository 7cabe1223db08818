import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Batch tasks: a task over a file is split into chunks that any worker can take; each
 * analysed row is one task_items row, keyed (task_id, row_number) so that a retried chunk
 * can never write a row twice.
 */
export class CreateBatchTables1763780000003 implements MigrationInterface {
  name = 'CreateBatchTables1763780000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN file_id uuid REFERENCES files(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE tasks ADD COLUMN options jsonb`);
    await q.query(`ALTER TABLE tasks ADD COLUMN chunk_count integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE tasks ADD COLUMN chunks_done integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE tasks ADD COLUMN expires_at timestamptz`);
    await q.query(`CREATE INDEX tasks_file_idx ON tasks (file_id) WHERE file_id IS NOT NULL`);
    await q.query(`CREATE INDEX tasks_expires_idx ON tasks (expires_at) WHERE expires_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE task_chunks (
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        chunk_index integer NOT NULL,
        from_row integer NOT NULL,
        to_row integer NOT NULL,
        done boolean NOT NULL DEFAULT false,
        completed_at timestamptz,
        PRIMARY KEY (task_id, chunk_index)
      )`);
    await q.query(`
      CREATE TABLE task_items (
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        source_row integer NOT NULL,
        source_id text,
        text text NOT NULL,
        item_date date,
        rating text,
        segments jsonb,
        -- NULL when the row was analysed; otherwise why it could not be (empty, too long…).
        error text,
        language text,
        sentiment text,
        score real,
        text_hash text,
        analysis jsonb,
        PRIMARY KEY (task_id, row_number)
      )`);
    await q.query(`CREATE INDEX task_items_errors_idx ON task_items (task_id, row_number) WHERE error IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_items`);
    await q.query(`DROP TABLE task_chunks`);
    await q.query(`DROP INDEX tasks_expires_idx`);
    await q.query(`DROP INDEX tasks_file_idx`);
    for (const c of ['expires_at', 'chunks_done', 'chunk_count', 'options', 'file_id']) await q.query(`ALTER TABLE tasks DROP COLUMN ${c}`);
  }
}
