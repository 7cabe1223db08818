import { Injectable, Logger } from '@nestjs/common';
import { SessionStore } from '../session.store';
import { SessionsRepository } from '../sessions.repository';

const BATCH = 500;

/**
 * Deletes expired sessions from PostgreSQL (Redis forgets them by itself: its keys expire).
 * A row is expired in PostgreSQL but may still be live in Redis when recording a read's
 * activity failed (PostgreSQL was briefly away); Redis is asked first and such a row gets
 * Redis' expiry instead of being deleted.
 */
@Injectable()
export class SessionPurgeService {
  private readonly logger = new Logger(SessionPurgeService.name);

  constructor(
    private readonly repo: SessionsRepository,
    private readonly store: SessionStore,
  ) {}

  async purgeExpired(now = new Date()): Promise<{ deleted: number; refreshed: number }> {
    let deleted = 0;
    let refreshed = 0;
    for (;;) {
      const rows = await this.repo.findExpired(now, BATCH);
      const expired: string[] = [];
      for (const row of rows) {
        const seen = await this.store.peek(row.userId, row.id);
        if (seen.kind === 'live' && seen.session.expiresAt > now) {
          await this.repo.touch(row.userId, row.id, seen.session.lastActivityAt, seen.session.expiresAt);
          refreshed++;
        } else {
          expired.push(row.id);
        }
      }
      deleted += (await this.repo.deleteExpired(expired, now)).length;
      // Refreshed rows are no longer expired and deleted ones are gone: the next SELECT moves on.
      if (rows.length < BATCH) break;
    }
    if (deleted + refreshed > 0) this.logger.log({ deleted, refreshed }, 'session purge: deleted expired sessions');
    return { deleted, refreshed };
  }
}
