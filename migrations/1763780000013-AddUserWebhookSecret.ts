import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A webhook secret per user, for tasks created with an identity-provider token (no API key,
 * so no key secret to sign their callbacks with). Created on first need; null until then.
 */
export class AddUserWebhookSecret1763780000013 implements MigrationInterface {
  name = 'AddUserWebhookSecret1763780000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN webhook_secret text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN webhook_secret`);
  }
}
