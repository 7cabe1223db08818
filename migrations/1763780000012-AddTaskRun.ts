import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which run of a task this is: 1 at creation, one more on each retry. A callback's job id (and
 * so its `Sentir-Delivery` id) carries it from the second run on, so that a retried task that
 * ends with the same event again gets a new delivery instead of being deduplicated against the
 * first run's job (BullMQ keeps completed jobs for an hour) or by the receiver.
 */
export class AddTaskRun1763780000012 implements MigrationInterface {
  name = 'AddTaskRun1763780000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN run integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP COLUMN run`);
  }
}
