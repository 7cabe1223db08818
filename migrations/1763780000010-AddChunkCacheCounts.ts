import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analysis cache (issue #5): how many rows of each batch chunk came from the cache and how
 * many were analysed. Written by the transaction that marks the chunk done, so a retried
 * chunk never counts twice; the batch summary sums them (`engine.cache`).
 */
export class AddChunkCacheCounts1763780000010 implements MigrationInterface {
  name = 'AddChunkCacheCounts1763780000010';

  async up(q: QueryRunner): Promise<void> {
    // Nullable: chunks written before this migration have no counts (their task reports none).
    await q.query(`ALTER TABLE task_chunks ADD COLUMN cache_hits integer, ADD COLUMN cache_misses integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_chunks DROP COLUMN cache_misses, DROP COLUMN cache_hits`);
  }
}
