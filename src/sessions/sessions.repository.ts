import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pgPool } from '../database/pg-pool';
import type { SessionRecord } from './session.entity';
import type { LiveSession } from './session-eviction';

/** Without `state`: writes already hold it, and reading it back would parse it again. */
const META = `id, user_id AS "userId", version, created_at AS "createdAt", last_activity_at AS "lastActivityAt", expires_at AS "expiresAt"`;
const COLUMNS = `${META}, state`;

/** Namespace of the per-user advisory lock that serialises creates (two-key form: its own lock space). */
const CREATE_LOCK_NAMESPACE = 0x5e55;

export interface NewSession {
  userId: string;
  stateJson: string;
  now: Date;
  expiresAt: Date;
}

/** All SQL about sessions. `now` comes from the API process, the clock Redis expiries use too. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the session and, in the same transaction, deletes the ones `choose` picks among
   * the user's live sessions (the new one included). A per-user advisory lock makes two
   * concurrent creates see each other, so the cap holds.
   */
  async createEvicting(s: NewSession, choose: (live: LiveSession[], newId: string) => string[]): Promise<{ session: Omit<SessionRecord, 'state'>; evicted: string[] }> {
    const client = await pgPool(this.dataSource).connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CREATE_LOCK_NAMESPACE, s.userId]);
      const inserted = await client.query<Omit<SessionRecord, 'state'>>(
        `INSERT INTO sessions (user_id, state, version, created_at, last_activity_at, expires_at) VALUES ($1, $2::json, 1, $3, $3, $4) RETURNING ${META}`,
        [s.userId, s.stateJson, s.now, s.expiresAt],
      );
      const session = inserted.rows[0];
      const live = await client.query<LiveSession>(
        `SELECT id, last_activity_at AS "lastActivityAt", created_at AS "createdAt" FROM sessions WHERE user_id = $1 AND expires_at > $2`,
        [s.userId, s.now],
      );
      const evicted = choose(live.rows, session.id);
      if (evicted.length) await client.query('DELETE FROM sessions WHERE user_id = $1 AND id = ANY($2::uuid[])', [s.userId, evicted]);
      await client.query('COMMIT');
      return { session, evicted };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async findLive(userId: string, id: string, now: Date): Promise<SessionRecord | null> {
    const res = await pgPool(this.dataSource).query<SessionRecord>({
      name: 'sessions_find_live',
      text: `SELECT ${COLUMNS} FROM sessions WHERE id = $1 AND user_id = $2 AND expires_at > $3`,
      values: [id, userId, now],
    });
    return res.rows[0] ?? null;
  }

  /** Most recently active first. */
  async listLive(userId: string, now: Date): Promise<SessionRecord[]> {
    const res = await pgPool(this.dataSource).query<SessionRecord>(
      `SELECT ${COLUMNS} FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY last_activity_at DESC, created_at DESC, id`,
      [userId, now],
    );
    return res.rows;
  }

  /**
   * Records activity that Redis already has. Only moves forward (GREATEST), so it may run in
   * any order with other writes. No liveness check: Redis decided the session is live.
   */
  async touch(userId: string, id: string, lastActivityAt: Date, expiresAt: Date): Promise<void> {
    await pgPool(this.dataSource).query({
      name: 'sessions_touch',
      text: `UPDATE sessions SET last_activity_at = GREATEST(last_activity_at, $3), expires_at = GREATEST(expires_at, $4) WHERE id = $1 AND user_id = $2`,
      values: [id, userId, lastActivityAt, expiresAt],
    });
  }

  /** Reads a live session and slides it, in one statement: the path when Redis has no copy. */
  async touchLive(userId: string, id: string, now: Date, expiresAt: Date): Promise<SessionRecord | null> {
    const res = await pgPool(this.dataSource).query<SessionRecord>(
      `UPDATE sessions SET last_activity_at = GREATEST(last_activity_at, $3), expires_at = GREATEST(expires_at, $4)
        WHERE id = $1 AND user_id = $2 AND expires_at > $3 RETURNING ${COLUMNS}`,
      [id, userId, now, expiresAt],
    );
    return res.rows[0] ?? null;
  }

  /**
   * The optimistic write: succeeds only if the session is still live and still at
   * `baseVersion`; null means someone else wrote first (or it is gone).
   */
  async updateState(userId: string, id: string, baseVersion: number, stateJson: string, now: Date, expiresAt: Date): Promise<Omit<SessionRecord, 'state'> | null> {
    const res = await pgPool(this.dataSource).query<Omit<SessionRecord, 'state'>>({
      name: 'sessions_update_state',
      text: `UPDATE sessions SET state = $4::json, version = version + 1, last_activity_at = GREATEST(last_activity_at, $5), expires_at = GREATEST(expires_at, $6)
              WHERE id = $1 AND user_id = $2 AND version = $3 AND expires_at > $5 RETURNING ${META}`,
      values: [id, userId, baseVersion, stateJson, now, expiresAt],
    });
    return res.rows[0] ?? null;
  }

  /** Deletes a live session (only at `version`, when given). True when a row went. */
  async deleteLive(userId: string, id: string, now: Date, version?: number): Promise<boolean> {
    const res = await pgPool(this.dataSource).query(
      `DELETE FROM sessions WHERE id = $1 AND user_id = $2 AND expires_at > $3 AND ($4::int IS NULL OR version = $4)`,
      [id, userId, now, version ?? null],
    );
    return (res.rowCount ?? 0) > 0;
  }

  /** Oldest expiries first, for the purge job. */
  async findExpired(now: Date, limit: number): Promise<{ id: string; userId: string }[]> {
    const res = await pgPool(this.dataSource).query<{ id: string; userId: string }>(
      `SELECT id, user_id AS "userId" FROM sessions WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return res.rows;
  }

  /** Deletes those still expired (a touch since the SELECT wins). Returns the ids deleted. */
  async deleteExpired(ids: string[], now: Date): Promise<string[]> {
    if (!ids.length) return [];
    const res = await pgPool(this.dataSource).query<{ id: string }>(`DELETE FROM sessions WHERE id = ANY($1::uuid[]) AND expires_at <= $2 RETURNING id`, [ids, now]);
    return res.rows.map((r) => r.id);
  }

  async countLive(now: Date): Promise<number> {
    const res = await pgPool(this.dataSource).query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE expires_at > $1`, [now]);
    return res.rows[0].n;
  }
}
