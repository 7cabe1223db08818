import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users known by an identity provider (issue #5): a bearer JWT's `sub`, scoped by its `iss`,
 * becomes a users row on first sight. API-key users have neither column.
 */
export class AddExternalUsers1763780000008 implements MigrationInterface {
  name = 'AddExternalUsers1763780000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN issuer text, ADD COLUMN subject text`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_identity_complete CHECK ((issuer IS NULL) = (subject IS NULL))`);
    // NULLs are distinct, so API-key users never collide; INSERT … ON CONFLICT relies on this index.
    await q.query(`CREATE UNIQUE INDEX users_identity_idx ON users (issuer, subject)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_identity_idx`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_identity_complete`);
    await q.query(`ALTER TABLE users DROP COLUMN subject, DROP COLUMN issuer`);
  }
}
