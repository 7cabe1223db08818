import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Callback outbox (issues #3, #6): when a task with a callback URL ends, the callback job is
 * enqueued and then `callback_scheduled_at` is set. A task that ended without it (Redis refused
 * the enqueue, or a file deletion cancelled the task) is found by the reconciler through the
 * partial index and its callback enqueued then, so no callback is lost to a Redis outage.
 */
export class AddCallbackScheduledAt1763780000011 implements MigrationInterface {
  name = 'AddCallbackScheduledAt1763780000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN callback_scheduled_at timestamptz`);
    // Tasks that ended before this migration had their chance: never send their callbacks again.
    await q.query(
      `UPDATE tasks SET callback_scheduled_at = updated_at
        WHERE callback_url IS NOT NULL AND status IN ('completed', 'failed', 'cancelled')`,
    );
    await q.query(
      `CREATE INDEX tasks_callback_due_idx ON tasks (updated_at)
        WHERE callback_url IS NOT NULL AND callback_scheduled_at IS NULL AND status IN ('completed', 'failed', 'cancelled')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_callback_due_idx`);
    await q.query(`ALTER TABLE tasks DROP COLUMN callback_scheduled_at`);
  }
}
