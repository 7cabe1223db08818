import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed completion callbacks (issue #3, item 6): where a task reports its outcome, which
 * API key created it, and each key's webhook secret. One feature, so one migration.
 */
export class AddCallbacks1763780000004 implements MigrationInterface {
  name = 'AddCallbacks1763780000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN callback_url text`);
    // The callback is signed with the secret of the key that created the task. No index: keys are
    // revoked, not deleted, and one more index on the hottest INSERT is not worth a rare admin delete.
    await q.query(`ALTER TABLE tasks ADD COLUMN api_key_id uuid REFERENCES api_keys(id) ON DELETE SET NULL`);
    // Stored in clear: an HMAC needs the secret itself. 256 random bits as 64 hex digits for new
    // keys (see api-key.ts); existing keys get two gen_random_uuid() (core since PG 13, 244 random
    // bits, same shape) so the migration does not depend on the pgcrypto extension.
    await q.query(`ALTER TABLE api_keys ADD COLUMN webhook_secret text`);
    await q.query(`UPDATE api_keys SET webhook_secret = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`);
    await q.query(`ALTER TABLE api_keys ALTER COLUMN webhook_secret SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN webhook_secret`);
    await q.query(`ALTER TABLE tasks DROP COLUMN api_key_id`);
    await q.query(`ALTER TABLE tasks DROP COLUMN callback_url`);
  }
}
