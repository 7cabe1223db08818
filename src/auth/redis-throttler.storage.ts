import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type IORedis from 'ioredis';

/**
 * Fixed-window counter with blocking, atomically in Redis (the algorithm of
 * rate-limit-redis / @nest-lab/throttler-storage-redis). KEYS: hits, blocked.
 * ARGV: ttl ms, limit, block ms. Returns totalHits, ms to expire, blocked 0/1, ms to unblock.
 */
const SCRIPT = `
local totalHits = redis.call('INCR', KEYS[1])
local timeToExpire = redis.call('PTTL', KEYS[1])
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockDuration = tonumber(ARGV[3])
if timeToExpire <= 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  timeToExpire = ttl
end
local isBlocked = redis.call('GET', KEYS[2])
local timeToBlockExpire = 0
if isBlocked then
  timeToBlockExpire = redis.call('PTTL', KEYS[2])
elseif totalHits > limit then
  redis.call('SET', KEYS[2], 1, 'PX', blockDuration)
  isBlocked = '1'
  timeToBlockExpire = blockDuration
end
if isBlocked and timeToBlockExpire <= 0 then
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[1], 1, 'PX', ttl)
  totalHits = 1
  timeToExpire = ttl
  isBlocked = false
end
return { totalHits, timeToExpire, isBlocked and 1 or 0, timeToBlockExpire }
`;

type ThrottleRedis = IORedis & {
  sentirThrottle(hitKey: string, blockKey: string, ttl: number, limit: number, block: number): Promise<[number, number, number, number]>;
};

/**
 * @nestjs/throttler storage in Redis, so limits hold across API instances. We keep our own
 * instead of @nest-lab/throttler-storage-redis: that package sends the whole script with
 * EVAL on every request (twice per request here: IP and key limits) and pins Nest ≤ 11.
 * ioredis' defineCommand sends EVALSHA and falls back to EVAL after a Redis restart.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: ThrottleRedis;

  constructor(redis: IORedis) {
    if (!('sentirThrottle' in redis)) redis.defineCommand('sentirThrottle', { numberOfKeys: 2, lua: SCRIPT });
    this.redis = redis as unknown as ThrottleRedis;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // The hash tag keeps both keys in one Redis Cluster slot.
    const base = `{${key}:${throttlerName}}`;
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = await this.redis.sentirThrottle(`${base}:hits`, `${base}:blocked`, ttl, limit, blockDuration);
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}
