import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type IORedis from 'ioredis';

/**
 * Fixed-window counter with blocking, atomically in Redis (the algorithm of
 * rate-limit-redis / @nest-lab/throttler-storage-redis). hit(hits key, blocked key, ttl ms,
 * limit, block ms) returns totalHits, ms to expire, blocked 0/1, ms to unblock.
 */
const HIT = `
local function hit(hitsKey, blockKey, ttl, limit, blockDuration)
  local totalHits = redis.call('INCR', hitsKey)
  local timeToExpire = redis.call('PTTL', hitsKey)
  if timeToExpire <= 0 then
    redis.call('PEXPIRE', hitsKey, ttl)
    timeToExpire = ttl
  end
  local isBlocked = redis.call('GET', blockKey)
  local timeToBlockExpire = 0
  if isBlocked then
    timeToBlockExpire = redis.call('PTTL', blockKey)
  elseif totalHits > limit then
    redis.call('SET', blockKey, 1, 'PX', blockDuration)
    isBlocked = '1'
    timeToBlockExpire = blockDuration
  end
  if isBlocked and timeToBlockExpire <= 0 then
    redis.call('DEL', blockKey)
    redis.call('SET', hitsKey, 1, 'PX', ttl)
    totalHits = 1
    timeToExpire = ttl
    isBlocked = false
  end
  return totalHits, timeToExpire, isBlocked and 1 or 0, timeToBlockExpire
end
`;

/** One counter. KEYS: hits, blocked. ARGV: ttl, limit, block. */
const SINGLE = `${HIT}
return { hit(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])) }
`;

/**
 * Two counters in one round trip, in order: the second is only counted when the first does
 * not block, exactly as when two guards run one after the other and the first throws.
 * KEYS: hits and blocked of each; ARGV: ttl, limit, block of each. Returns 4 or 8 numbers.
 */
const PAIR = `${HIT}
local a, b, c, d = hit(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if c == 1 then return { a, b, c, d } end
local e, f, g, h = hit(KEYS[3], KEYS[4], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))
return { a, b, c, d, e, f, g, h }
`;

type Raw = [number, number, number, number];

type ThrottleRedis = IORedis & {
  sentirThrottle(hitKey: string, blockKey: string, ttl: number, limit: number, block: number): Promise<Raw>;
  sentirThrottlePair(...args: (string | number)[]): Promise<number[]>;
};

/** One counter to increment: the arguments of ThrottlerStorage.increment. */
export interface ThrottleHit {
  key: string;
  ttl: number;
  limit: number;
  blockDuration: number;
  throttlerName: string;
}

/**
 * @nestjs/throttler storage in Redis, so limits hold across API instances. We keep our own
 * instead of @nest-lab/throttler-storage-redis: that package sends the whole script with
 * EVAL on every request and pins Nest ≤ 11, and it cannot count the IP and the key limits
 * in one round trip (incrementPair). ioredis' defineCommand sends EVALSHA and falls back to
 * EVAL after a Redis restart.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: ThrottleRedis;

  constructor(redis: IORedis) {
    if (!('sentirThrottle' in redis)) redis.defineCommand('sentirThrottle', { numberOfKeys: 2, lua: SINGLE });
    if (!('sentirThrottlePair' in redis)) redis.defineCommand('sentirThrottlePair', { numberOfKeys: 4, lua: PAIR });
    this.redis = redis as unknown as ThrottleRedis;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const [hits, blocked] = keysOf(key, throttlerName);
    return record(await this.redis.sentirThrottle(hits, blocked, ttl, limit, blockDuration));
  }

  /**
   * Increments `first`, then `second` unless `first` blocks (then `second` is null: not
   * counted). The same keys and arithmetic as two increment() calls, in one round trip.
   * Its keys span two Cluster slots: fine for the single Redis the API talks to (as BullMQ's).
   */
  async incrementPair(first: ThrottleHit, second: ThrottleHit): Promise<[ThrottlerStorageRecord, ThrottlerStorageRecord | null]> {
    const r = await this.redis.sentirThrottlePair(
      ...keysOf(first.key, first.throttlerName),
      ...keysOf(second.key, second.throttlerName),
      first.ttl,
      first.limit,
      first.blockDuration,
      second.ttl,
      second.limit,
      second.blockDuration,
    );
    return [record(r.slice(0, 4) as Raw), r.length === 8 ? record(r.slice(4) as Raw) : null];
  }
}

/** The hash tag keeps a counter's two keys in one Redis Cluster slot. */
function keysOf(key: string, throttlerName: string): [string, string] {
  const base = `{${key}:${throttlerName}}`;
  return [`${base}:hits`, `${base}:blocked`];
}

function record([totalHits, timeToExpire, isBlocked, timeToBlockExpire]: Raw): ThrottlerStorageRecord {
  return {
    totalHits,
    timeToExpire: Math.ceil(timeToExpire / 1000),
    isBlocked: isBlocked === 1,
    timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
  };
}
