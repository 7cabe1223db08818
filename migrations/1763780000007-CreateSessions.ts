import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * UI sessions, written through from Redis so that a Redis restart loses none. Rows past
 * `expires_at` are dead (every query filters on it) until the purge job deletes them.
 */
export class CreateSessions1763780000007 implements MigrationInterface {
  name = 'CreateSessions1763780000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        -- json, not jsonb: kept exactly as serialised (what SESSION_MAX_BYTES measures), and
        -- jsonb would refuse U+0000 in strings, which JSON allows.
        state json NOT NULL,
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_activity_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_user_expires_idx ON sessions (user_id, expires_at)`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
  }
}
