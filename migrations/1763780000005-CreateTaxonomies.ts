import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User taxonomies (issue #4). `taxonomies` holds the current version; `taxonomy_versions`
 * holds every version ever written, the current one included, and is never updated, so a
 * task that ran with version N can always show what N said.
 */
export class CreateTaxonomies1763780000005 implements MigrationInterface {
  name = 'CreateTaxonomies1763780000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE taxonomies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        -- 1 on creation, +1 on every replace: the ETag is W/"<version>".
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        -- {"themes": [...]}, checked by validateTaxonomy before it gets here.
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX taxonomies_user_created_idx ON taxonomies (user_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE taxonomy_versions (
        taxonomy_id uuid NOT NULL REFERENCES taxonomies(id) ON DELETE CASCADE,
        version integer NOT NULL,
        name text NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (taxonomy_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE taxonomy_versions`);
    await q.query(`DROP TABLE taxonomies`);
  }
}
