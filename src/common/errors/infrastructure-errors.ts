/**
 * Recognises "a backing service is down" among arbitrary errors, so that an outage of
 * PostgreSQL or Redis becomes a 503 problem (retryable) instead of a 500.
 */
const PG_CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', // admin shutdown, crash shutdown, cannot connect now
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '53300', // too many connections
]);
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  'connect ECONNREFUSED',
  'Query read timeout',
  'canceling statement due to statement timeout',
];
const REDIS_MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'Reached the max retries per request limit',
  'connect ECONNREFUSED',
  'Command timed out',
  'LOADING',
];

export type BackingService = 'postgresql' | 'redis';

/**
 * pg-pool's error when every pooled connection stayed busy for DATABASE_POOL_WAIT_MS: PostgreSQL is
 * up but this process is asking more of it than its pool allows (load), not an outage.
 */
export function isPoolSaturated(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { driverError?: unknown };
  if (e.driverError instanceof Error) return isPoolSaturated(e.driverError);
  return e.message === POOL_WAIT_TIMEOUT;
}
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';

export function classifyInfrastructureError(err: unknown): BackingService | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: string; driverError?: unknown; command?: unknown };
  const name = e.constructor?.name ?? '';
  if (name === 'MaxRetriesPerRequestError') return 'redis';
  if ((e.command !== undefined || isRedisOrigin(e)) && REDIS_MESSAGES.some((m) => e.message.includes(m))) return 'redis';
  if (e.driverError instanceof Error) return classifyInfrastructureError(e.driverError);
  if (e.code && PG_CONNECTION_CODES.has(e.code)) return 'postgresql';
  if (PG_MESSAGES.some((m) => e.message.includes(m))) return 'postgresql';
  // pg's Client when its own connect timeout (DATABASE_CONNECT_TIMEOUT_MS) fires.
  if (e.message === 'timeout expired') return 'postgresql';
  if (name === 'CannotConnectError' || name === 'ConnectionIsNotSetError') return 'postgresql';
  return undefined;
}

/** ioredis errors carry a stack through ioredis or bullmq; pg errors never do. */
function isRedisOrigin(e: Error): boolean {
  const stack = e.stack ?? '';
  return stack.includes('/ioredis/') || stack.includes('/bullmq/') || stack.includes('throttler-storage-redis');
}
