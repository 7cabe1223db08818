import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /api/v1/admin/tasks?status=failed lists failed tasks of every user, newest first.
 * Partial, so it stays small (failures are rare) and costs nothing on the hot status updates
 * of tasks that succeed.
 */
export class AddFailedTasksIndex1763780000009 implements MigrationInterface {
  name = 'AddFailedTasksIndex1763780000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tasks_failed_idx ON tasks (created_at DESC, id DESC) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_failed_idx`);
  }
}
