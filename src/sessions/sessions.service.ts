import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Principal } from '../auth/principal';
import { ValidationFailedError } from '../common/errors/domain-error';
import type { IfMatch } from '../common/http/if-match';
import { AppConfig } from '../config/config';
import { isUuid } from '../tasks/task-cursor';
import { applyMergePatch, isJsonObject } from './merge-patch';
import { SessionEventsService } from './session-events.service';
import { chooseEvictions } from './session-eviction';
import { SessionMetrics } from './session.metrics';
import { presentSession } from './session.presenter';
import { assertStateObject, serializeState } from './session-state';
import { SessionStore } from './session.store';
import type { JsonObject, SessionEndReason, SessionRecord } from './session.entity';
import { SessionNotFoundError, SessionVersionConflictError, SessionWriteContentionError } from './sessions.errors';
import { SessionsRepository } from './sessions.repository';

/** Optimistic writes without If-Match retry this often before giving up (each lost race is another writer's success). */
const MAX_WRITE_ATTEMPTS = 20;

/** What a stream learns when it checks a session without touching it. */
export type SessionPeek = { kind: 'live'; session: SessionRecord } | { kind: 'ended'; reason: SessionEndReason | 'expired' };

/**
 * Sessions: a UI client's working state, kept in Redis for fast reads with a sliding TTL and
 * written through to PostgreSQL, which is written first and decides every write (versions,
 * the per-user cap). Redis only ever moves forward to what PostgreSQL committed; when it has
 * no copy (expired, or Redis lost its data), PostgreSQL answers and Redis is filled again.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly repo: SessionsRepository,
    private readonly store: SessionStore,
    private readonly events: SessionEventsService,
    private readonly metrics: SessionMetrics,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  private get limits() {
    return this.config.get('sessions', { infer: true });
  }

  private get ttlMs(): number {
    return this.limits.ttlSeconds * 1000;
  }

  /**
   * Creates a session. Past SESSION_MAX_PER_USER live sessions, the least recently active
   * ones are evicted in the same transaction; their streams hear `deleted` (reason `evicted`).
   */
  async create(principal: Principal, body: unknown): Promise<SessionRecord> {
    const state = parseCreateBody(body);
    const stateJson = serializeState(state, this.limits.maxBytes);
    const now = Date.now();
    const { session: meta, evicted } = await this.repo.createEvicting(
      { userId: principal.userId, stateJson, now: new Date(now), expiresAt: new Date(now + this.ttlMs) },
      (live, newId) => chooseEvictions(live, this.limits.maxPerUser, newId),
    );
    const session: SessionRecord = { ...meta, state };
    await this.cache(() => this.store.write(session, stateJson), session.id);
    if (evicted.length) {
      await this.cache(() => this.store.bury(principal.userId, evicted, 'evicted', this.ttlMs), session.id);
      this.metrics.evictions.inc(evicted.length);
      this.logger.log({ userId: principal.userId, evicted, sessionId: session.id }, 'sessions evicted (least recently active)');
      await Promise.all(evicted.map((id) => this.events.publish({ type: 'deleted', sessionId: id, userId: principal.userId, reason: 'evicted' })));
    }
    return session;
  }

  /** Reads a session and slides its expiry (a read is activity). Missing, expired or someone else's → 404. */
  async get(principal: Principal, id: string): Promise<SessionRecord> {
    if (!isUuid(id)) throw new SessionNotFoundError(id);
    const now = Date.now();
    const hit = await this.store.touch(principal.userId, id, now, this.ttlMs);
    if (hit.kind === 'gone') throw new SessionNotFoundError(id);
    if (hit.kind === 'live') {
      const s = hit.session;
      // Write-through of the activity, so that a Redis restart keeps the session alive. A
      // failure is not the reader's problem: the purge job re-checks Redis before deleting.
      await this.repo.touch(s.userId, s.id, s.lastActivityAt, s.expiresAt).catch((err: Error) => this.logger.warn({ err: err.message, sessionId: id }, 'could not record session activity'));
      return s;
    }
    // No copy in Redis: never existed, expired, or Redis lost its data. PostgreSQL decides.
    const row = await this.repo.touchLive(principal.userId, id, new Date(now), new Date(now + this.ttlMs));
    if (!row) throw new SessionNotFoundError(id);
    await this.cache(() => this.store.write(row), id);
    return row;
  }

  /** Checks a session without sliding it: event streams watching for expiry. */
  async peek(principal: Principal, id: string): Promise<SessionPeek> {
    const hit = await this.store.peek(principal.userId, id);
    if (hit.kind === 'live') return hit;
    if (hit.kind === 'gone') return { kind: 'ended', reason: hit.reason };
    const row = await this.repo.findLive(principal.userId, id, new Date());
    if (!row) return { kind: 'ended', reason: 'expired' };
    await this.cache(() => this.store.write(row), id);
    return { kind: 'live', session: row };
  }

  /** The user's live sessions, from PostgreSQL (the truth for membership). Listing is not activity. */
  list(principal: Principal): Promise<SessionRecord[]> {
    return this.repo.listLive(principal.userId, new Date());
  }

  /**
   * Applies a JSON Merge Patch of the session resource (only `state` is writable). With
   * If-Match, a session at another version → 412 carrying the current state; without it,
   * concurrent patches are applied one after the other (optimistic retry). A patch that
   * changes nothing counts as a read: same version, no event.
   */
  async patch(principal: Principal, id: string, body: unknown, ifMatch: IfMatch | undefined): Promise<SessionRecord> {
    if (!isUuid(id)) throw new SessionNotFoundError(id);
    const statePatch = parsePatchBody(body);
    const { maxBytes } = this.limits;
    let current = await this.repo.findLive(principal.userId, id, new Date());
    for (let attempt = 1; ; attempt++) {
      if (!current) throw new SessionNotFoundError(id);
      if (!ifMatchAllows(ifMatch, current.version)) throw new SessionVersionConflictError(current);
      const next = statePatch === null ? {} : (applyMergePatch(current.state, statePatch) as JsonObject);
      const stateJson = serializeState(next, maxBytes);
      if (stateJson === JSON.stringify(current.state)) return this.slide(current);
      const now = Date.now();
      const meta = await this.repo.updateState(principal.userId, id, current.version, stateJson, new Date(now), new Date(now + this.ttlMs));
      if (meta) {
        const session: SessionRecord = { ...meta, state: next };
        await this.cache(() => this.store.write(session, stateJson), id);
        await this.events.publish({ type: 'changed', sessionId: id, userId: principal.userId, session: presentSession(session) });
        return session;
      }
      // Another write won (or the session ended): start again from what PostgreSQL has now.
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new SessionWriteContentionError(id);
      current = await this.repo.findLive(principal.userId, id, new Date());
    }
  }

  /** Deletes a session (only at the If-Match version, when given). Its streams hear `deleted`. */
  async remove(principal: Principal, id: string, ifMatch: IfMatch | undefined): Promise<void> {
    if (!isUuid(id)) throw new SessionNotFoundError(id);
    const now = new Date();
    let version: number | undefined;
    if (ifMatch && !ifMatch.any) {
      const current = await this.repo.findLive(principal.userId, id, now);
      if (!current) throw new SessionNotFoundError(id);
      if (!ifMatchAllows(ifMatch, current.version)) throw new SessionVersionConflictError(current);
      version = current.version;
    }
    if (!(await this.repo.deleteLive(principal.userId, id, now, version))) {
      // Gone meanwhile, or (with If-Match) changed between the read and the delete.
      const current = version === undefined ? null : await this.repo.findLive(principal.userId, id, now);
      if (current) throw new SessionVersionConflictError(current);
      throw new SessionNotFoundError(id);
    }
    await this.cache(() => this.store.bury(principal.userId, [id], 'deleted', this.ttlMs), id);
    await this.events.publish({ type: 'deleted', sessionId: id, userId: principal.userId, reason: 'deleted' });
  }

  /** Records activity on a session read from PostgreSQL (which also brings a stale Redis copy up to date). */
  private async slide(current: SessionRecord): Promise<SessionRecord> {
    const now = Date.now();
    const slid: SessionRecord = {
      ...current,
      lastActivityAt: new Date(Math.max(now, current.lastActivityAt.getTime())),
      expiresAt: new Date(Math.max(now + this.ttlMs, current.expiresAt.getTime())),
    };
    await this.repo.touch(slid.userId, slid.id, slid.lastActivityAt, slid.expiresAt);
    await this.cache(() => this.store.write(slid), slid.id);
    return slid;
  }

  /**
   * Runs a Redis write after PostgreSQL committed. If it fails, the committed change stands:
   * Redis may keep an older version until the next write (which starts from PostgreSQL and
   * moves Redis forward), or the key expires.
   */
  private async cache(write: () => Promise<void>, sessionId: string): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, sessionId }, 'could not update the session in Redis');
    }
  }
}

/** No If-Match, `*` (the session exists), or one of the versions it lists. */
export function ifMatchAllows(ifMatch: IfMatch | undefined, version: number): boolean {
  return !ifMatch || ifMatch.any || ifMatch.versions.includes(version);
}

/** POST body: `{}`, no body, or `{"state": {...}}`. Checked by hand: class-transformer would copy the free-form state. */
function parseCreateBody(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (!isJsonObject(body)) throw new ValidationFailedError([{ field: 'body', message: 'must be a JSON object' }]);
  rejectOtherMembers(body);
  if (!Object.hasOwn(body, 'state') || body.state === null) return {};
  assertStateObject(body.state, 'state');
  return body.state;
}

/** PATCH body: a merge patch of the session, in which only `state` may appear. Returns the state's patch (null: empty it). */
function parsePatchBody(body: unknown): JsonObject | null {
  if (!isJsonObject(body)) throw new ValidationFailedError([{ field: 'body', message: 'the merge patch must be a JSON object, e.g. {"state": {"filters": null}}' }]);
  rejectOtherMembers(body);
  if (!Object.hasOwn(body, 'state')) return {};
  if (body.state === null) return null;
  assertStateObject(body.state, 'state');
  return body.state;
}

const READ_ONLY = new Set(['id', 'version', 'etag', 'createdAt', 'lastActivityAt', 'expiresAt', 'links']);

function rejectOtherMembers(body: JsonObject): void {
  const errors = Object.keys(body)
    .filter((k) => k !== 'state')
    .map((field) => ({ field, message: READ_ONLY.has(field) ? 'is read-only' : 'is not a session member (only `state` can be written)' }));
  if (errors.length) throw new ValidationFailedError(errors);
}
