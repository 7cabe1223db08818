import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LLM spend (issue #4): one row per analysed batch chunk, single task or batch summary
 * call, appended by the workers. Per-task totals are sums over task_id; a usage API sums
 * over (user_id, day).
 */
export class CreateUsageRecords1763780000006 implements MigrationInterface {
  name = 'CreateUsageRecords1763780000006';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key on task_id: spend outlives the tasks that retention deletes, and a task
    // deleted while its chunk was at the LLM still cost what it cost.
    await q.query(`
      CREATE TABLE usage_records (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        task_id uuid,
        day date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
        engine text NOT NULL,
        model text NOT NULL,
        requests integer NOT NULL DEFAULT 0 CHECK (requests >= 0),
        prompt_tokens bigint NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
        completion_tokens bigint NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
        cost_usd numeric(18, 8) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
        texts integer NOT NULL DEFAULT 0 CHECK (texts >= 0),
        cache_hits integer NOT NULL DEFAULT 0 CHECK (cache_hits >= 0),
        fallback_rows integer NOT NULL DEFAULT 0 CHECK (fallback_rows >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX usage_records_user_day_idx ON usage_records (user_id, day)`);
    await q.query(`CREATE INDEX usage_records_task_idx ON usage_records (task_id) WHERE task_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE usage_records`);
  }
}
