import { z } from 'zod';

/**
 * Every environment variable the processes read, checked once at boot.
 * A bad value stops the process with a message that names the variable.
 */
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/sentir'),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(3000),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(15000),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (1..64)')
    .default('sentir'),
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  WORKER_CONCURRENCY: positiveInt.default(8),
  /** Batch chunks at once per worker process: they are CPU-bound, so about the number of cores it may use. */
  WORKER_BATCH_CONCURRENCY: positiveInt.default(2),
  WORKER_METRICS_PORT: port.default(9464),
  /** V8 old-space cap for worker processes started by `npm start` (MB; 0 = Node's default). */
  WORKER_HEAP_MB: z.coerce.number().int().min(0).default(256),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default(''),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'a size such as 64kb or 1mb').default('64kb'),
  RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
  RATE_LIMIT_IP_PER_MINUTE: positiveInt.default(1200),
  TEXT_MAX_LENGTH: positiveInt.default(512),
  PREFER_WAIT_MAX_SECONDS: z.coerce.number().int().min(0).max(30).default(30),
  QUEUE_ATTEMPTS: positiveInt.default(5),
  QUEUE_BACKOFF_MS: positiveInt.default(1000),
  QUEUE_LOCK_DURATION_MS: positiveInt.default(30000),
  QUEUE_STALLED_INTERVAL_MS: positiveInt.default(30000),
  QUEUE_MAX_STALLED_COUNT: z.coerce.number().int().min(0).default(2),
  RECONCILE_INTERVAL_MS: positiveInt.default(15000),
  RECONCILE_GRACE_MS: positiveInt.default(10000),
  /** Chaos knob for tests and drills: extra latency per analysis job. Never set it in production. */
  ANALYSIS_SIMULATED_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  DEV_BOOTSTRAP_KEY: bool.default('true'),
  FILE_MAX_BYTES: positiveInt.default(50 * 1024 * 1024),
  FILE_MAX_ROWS: positiveInt.default(200_000),
  FILE_MAX_COLUMNS: positiveInt.default(200),
  FILE_PARSE_MEMORY_MB: positiveInt.default(256),
  FILE_PARSE_TIMEOUT_MS: positiveInt.default(120_000),
  UPLOAD_TMP_DIR: z.string().default(''),
  /** clamd to scan every upload with (tcp://host:3310 or unix:///path); unset = no scanning. */
  CLAMAV_URL: z.string().regex(/^(tcp:\/\/[^\s/]+(:\d+)?\/?|unix:\/\/\/\S+)$/, 'tcp://host:port or unix:///path/to/clamd.ctl').optional(),
  CLAMAV_TIMEOUT_MS: positiveInt.default(60_000),
  /** Files, batch results and their rows are deleted this many days after creation. */
  RETENTION_DAYS: positiveInt.default(30),
  CLEANUP_INTERVAL_MS: positiveInt.default(3_600_000),
  /** Longest comment a batch analyses, in characters; longer rows are reported in /errors. */
  BATCH_TEXT_MAX_LENGTH: positiveInt.default(5000),
  BATCH_CHUNK_SIZE: z.coerce.number().int().min(50).max(20_000).default(1000),
  /** Lets callbacks reach private, loopback and link-local addresses (SSRF guard off). Tests and closed networks only. */
  CALLBACK_ALLOW_PRIVATE: bool.default('false'),
  CALLBACK_TIMEOUT_MS: positiveInt.default(5000),
  /** Delivery attempts per callback; with the backoff below, 10 attempts span about 43 minutes. */
  CALLBACK_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(10),
  /** First retry delay; each later one doubles. */
  CALLBACK_BACKOFF_MS: positiveInt.default(5000),
});

export type Env = z.infer<typeof envSchema>;

export class EnvValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
  }
}

export function validateEnv(raw: NodeJS.ProcessEnv): Env {
  // Empty strings mean "unset" so that `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvValidationError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`),
    );
  }
  return parsed.data;
}
