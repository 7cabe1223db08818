import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTasks1763780000001 implements MigrationInterface {
  name = 'CreateTasks1763780000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('single', 'batch')),
        status text NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'cancelled')),
        priority text NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
        language_hint text NOT NULL DEFAULT 'auto',
        input_text text,
        idempotency_key text,
        request_hash text,
        result jsonb,
        error jsonb,
        progress_processed integer NOT NULL DEFAULT 0,
        progress_total integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz
      )`);
    // Listing: newest first per user, keyset pagination on (created_at, id).
    await q.query(`CREATE INDEX tasks_user_created_idx ON tasks (user_id, created_at DESC, id DESC)`);
    await q.query(
      `CREATE UNIQUE INDEX tasks_user_idempotency_key_uq ON tasks (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    // The reconciler scans only unfinished tasks.
    await q.query(
      `CREATE INDEX tasks_unfinished_idx ON tasks (updated_at) WHERE status IN ('queued', 'processing')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tasks`);
  }
}
