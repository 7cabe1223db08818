import IORedis, { RedisOptions } from 'ioredis';
import { redactUrl } from '../../config/config';
import { START_SERVICES_HINT, StartupError } from '../startup-error';

export type RedisRole = 'api' | 'worker' | 'subscriber' | 'cache';

/**
 * One place that decides how Sentir talks to Redis.
 * - worker: blocking BullMQ commands must wait out a Redis restart (maxRetriesPerRequest: null).
 * - api: a request must fail fast with a 503 instead of hanging while Redis is away
 *   (no offline queue, one retry), and reconnect by itself when Redis returns.
 * - cache: the result cache is optional, so its commands fail at once (no offline queue, no
 *   retry, short timeouts) and analysis goes on without it.
 */
export function createRedis(url: string, role: RedisRole, name: string): IORedis {
  const common: RedisOptions = {
    connectionName: `sentir-${name}`,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(200 * times, 2000),
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
  };
  const roleOptions: RedisOptions =
    role === 'worker' || role === 'subscriber'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : role === 'cache'
        ? { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000, commandTimeout: 2000 }
        : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 3000 };
  const client = new IORedis(url, { ...common, ...roleOptions });
  // Errors surface on the commands that fail; without a listener ioredis would log each reconnect attempt.
  client.on('error', () => undefined);
  return client;
}

/** Waits until Redis answers PING, or fails with one clear line naming the URL. */
export async function assertRedisReachable(url: string, timeoutMs = 5000): Promise<void> {
  const probe = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new StartupError(`cannot reach Redis at ${redactUrl(url)} (${(err as Error).message}). ${START_SERVICES_HINT}`);
  } finally {
    probe.disconnect();
  }
}

/** BullMQ loses jobs if Redis evicts keys: warn loudly unless the policy is noeviction. */
export async function checkEvictionPolicy(client: IORedis): Promise<string | undefined> {
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply?.[1];
    if (policy && policy !== 'noeviction') {
      return `Redis maxmemory-policy is "${policy}": queued jobs can be evicted and lost. Set maxmemory-policy noeviction on the queue's Redis.`;
    }
  } catch {
    // CONFIG may be disabled on managed Redis; nothing to check then.
  }
  return undefined;
}
