import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import IORedis from 'ioredis';
import { REDIS_CLIENT } from '../common/queue/queue.module';
import { AppConfig } from '../config/config';
import type { JsonObject, SessionEndReason, SessionRecord } from './session.entity';

/*
 * One hash per session, `<prefix>:session:<userId>:<id>`, fields v (version), s (state JSON),
 * c, a, e (created, last activity, expiry; epoch ms), expiring with the session (PEXPIREAT e).
 * The user id in the key makes someone else's session simply absent. A deleted or evicted
 * session leaves a tombstone (field `gone` only) for one TTL, so that a write that
 * committed in PostgreSQL just before the delete cannot put it back into Redis.
 */

/**
 * Reads a session and, when ARGV[3] = '1', slides it: a = max(a, now), e = a + ttl.
 * Returns nil (no key), {'gone', reason}, or {'live', v, s, c, a, e}.
 */
const READ = `
local h = redis.call('HMGET', KEYS[1], 'v', 's', 'c', 'a', 'e', 'gone')
if h[6] then return {'gone', h[6]} end
if not h[1] then return false end
local a = tonumber(h[4])
local e = h[5]
if ARGV[3] == '1' then
  local now = tonumber(ARGV[1])
  if now > a then a = now end
  e = tostring(a + tonumber(ARGV[2]))
  redis.call('HSET', KEYS[1], 'a', tostring(a), 'e', e)
  redis.call('PEXPIREAT', KEYS[1], e)
end
return {'live', h[1], h[2], h[3], tostring(a), e}
`;

/**
 * Stores a version that PostgreSQL committed, unless Redis already has a newer one (writers
 * on several instances can arrive out of order) or a tombstone. For the same version it
 * only keeps the later activity. ARGV: v, s, c, a, e. Returns the version Redis now holds (-1: tombstone).
 */
const WRITE = `
local cur = redis.call('HMGET', KEYS[1], 'v', 'a', 'gone')
if cur[3] then return -1 end
local v = tonumber(cur[1] or '0')
local nv = tonumber(ARGV[1])
if v > nv then return v end
if v == nv then
  if tonumber(ARGV[4]) > tonumber(cur[2]) then
    redis.call('HSET', KEYS[1], 'a', ARGV[4], 'e', ARGV[5])
    redis.call('PEXPIREAT', KEYS[1], ARGV[5])
  end
  return v
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 's', ARGV[2], 'c', ARGV[3], 'a', ARGV[4], 'e', ARGV[5])
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return nv
`;

/** Replaces the session by a tombstone. ARGV: reason, ttl ms. */
const BURY = `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'gone', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

type ReadReply = null | ['gone', string] | ['live', string, string, string, string, string];

type SessionRedis = IORedis & {
  sentirSessionRead(key: string, now: number, ttlMs: number, touch: '0' | '1'): Promise<ReadReply>;
  sentirSessionWrite(key: string, v: number, s: string, c: number, a: number, e: number): Promise<number>;
  sentirSessionBury(key: string, reason: string, ttlMs: number): Promise<number>;
};

export type StoreRead = { kind: 'live'; session: SessionRecord } | { kind: 'gone'; reason: SessionEndReason } | { kind: 'missing' };

/**
 * The Redis side of sessions: the hot copy that GET reads and slides. PostgreSQL is written
 * first and is the truth; this store only ever moves forward to versions PostgreSQL has
 * committed. Scripts run with EVALSHA (ioredis defineCommand), each atomic.
 */
@Injectable()
export class SessionStore {
  private readonly redis: SessionRedis;
  private readonly prefix: string;

  constructor(@Inject(REDIS_CLIENT) redis: IORedis, config: ConfigService<AppConfig, true>) {
    if (!('sentirSessionRead' in redis)) {
      redis.defineCommand('sentirSessionRead', { numberOfKeys: 1, lua: READ });
      redis.defineCommand('sentirSessionWrite', { numberOfKeys: 1, lua: WRITE });
      redis.defineCommand('sentirSessionBury', { numberOfKeys: 1, lua: BURY });
    }
    this.redis = redis as SessionRedis;
    this.prefix = config.get('queue', { infer: true }).prefix;
  }

  private key(userId: string, id: string): string {
    return `${this.prefix}:session:${userId}:${id}`;
  }

  /** Reads the session and slides its expiry to now + ttl. */
  touch(userId: string, id: string, now: number, ttlMs: number): Promise<StoreRead> {
    return this.read(userId, id, now, ttlMs, '1');
  }

  /** Reads without counting as activity (event streams checking for expiry, the purge job). */
  peek(userId: string, id: string): Promise<StoreRead> {
    return this.read(userId, id, 0, 0, '0');
  }

  /** Stores a version PostgreSQL has committed (see WRITE). */
  async write(s: SessionRecord, stateJson?: string): Promise<void> {
    await this.redis.sentirSessionWrite(
      this.key(s.userId, s.id),
      s.version,
      stateJson ?? JSON.stringify(s.state),
      s.createdAt.getTime(),
      s.lastActivityAt.getTime(),
      s.expiresAt.getTime(),
    );
  }

  async bury(userId: string, ids: string[], reason: SessionEndReason, ttlMs: number): Promise<void> {
    if (!ids.length) return;
    const pipeline = this.redis.pipeline() as unknown as { sentirSessionBury: SessionRedis['sentirSessionBury']; exec(): Promise<[Error | null, unknown][] | null> };
    for (const id of ids) void pipeline.sentirSessionBury(this.key(userId, id), reason, ttlMs);
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  private async read(userId: string, id: string, now: number, ttlMs: number, touch: '0' | '1'): Promise<StoreRead> {
    const reply = await this.redis.sentirSessionRead(this.key(userId, id), now, ttlMs, touch);
    if (!reply) return { kind: 'missing' };
    if (reply[0] === 'gone') return { kind: 'gone', reason: reply[1] as SessionEndReason };
    const [, v, s, c, a, e] = reply;
    return {
      kind: 'live',
      session: {
        id,
        userId,
        state: JSON.parse(s) as JsonObject,
        version: Number(v),
        createdAt: new Date(Number(c)),
        lastActivityAt: new Date(Number(a)),
        expiresAt: new Date(Number(e)),
      },
    };
  }
}
