import { tmpdir } from 'node:os';
import { Env, validateEnv } from './env.validation';

/** Typed configuration, grouped by area. Only this folder reads process.env. */
export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { host: string; port: number; corsOrigins: string[]; bodyLimit: string };
  database: { url: string; poolSize: number; connectTimeoutMs: number; statementTimeoutMs: number };
  redis: { url: string };
  queue: {
    prefix: string;
    attempts: number;
    backoffMs: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    maxStalledCount: number;
  };
  worker: { count: number; concurrency: number; batchConcurrency: number; metricsPort: number; heapMb: number; simulatedLatencyMs: number };
  reconcile: { intervalMs: number; graceMs: number };
  limits: { textMaxLength: number; preferWaitMaxSeconds: number; ratePerMinute: number; ipRatePerMinute: number };
  log: { level: Env['LOG_LEVEL'] };
  devBootstrapKey: boolean;
  files: { maxBytes: number; maxRows: number; maxColumns: number; parseMemoryMb: number; parseTimeoutMs: number; tmpDir: string; clamavUrl?: string; clamavTimeoutMs: number };
  batch: { chunkSize: number; textMaxLength: number; retentionDays: number; cleanupIntervalMs: number };
  callbacks: { allowPrivate: boolean; timeoutMs: number; attempts: number; backoffMs: number };
}

export function buildConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = validateEnv(raw);
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
      bodyLimit: e.BODY_LIMIT,
    },
    database: {
      url: e.DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    redis: { url: e.REDIS_URL },
    queue: {
      prefix: e.QUEUE_PREFIX,
      attempts: e.QUEUE_ATTEMPTS,
      backoffMs: e.QUEUE_BACKOFF_MS,
      lockDurationMs: e.QUEUE_LOCK_DURATION_MS,
      stalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
      maxStalledCount: e.QUEUE_MAX_STALLED_COUNT,
    },
    worker: {
      count: e.WORKERS,
      concurrency: e.WORKER_CONCURRENCY,
      batchConcurrency: e.WORKER_BATCH_CONCURRENCY,
      heapMb: e.WORKER_HEAP_MB,
      metricsPort: e.WORKER_METRICS_PORT,
      simulatedLatencyMs: e.ANALYSIS_SIMULATED_LATENCY_MS,
    },
    reconcile: { intervalMs: e.RECONCILE_INTERVAL_MS, graceMs: e.RECONCILE_GRACE_MS },
    limits: {
      textMaxLength: e.TEXT_MAX_LENGTH,
      preferWaitMaxSeconds: e.PREFER_WAIT_MAX_SECONDS,
      ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
      ipRatePerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
    },
    log: { level: e.LOG_LEVEL },
    devBootstrapKey: e.DEV_BOOTSTRAP_KEY && e.NODE_ENV !== 'production',
    files: {
      maxBytes: e.FILE_MAX_BYTES,
      maxRows: e.FILE_MAX_ROWS,
      maxColumns: e.FILE_MAX_COLUMNS,
      parseMemoryMb: e.FILE_PARSE_MEMORY_MB,
      parseTimeoutMs: e.FILE_PARSE_TIMEOUT_MS,
      tmpDir: e.UPLOAD_TMP_DIR || tmpdir(),
      clamavUrl: e.CLAMAV_URL,
      clamavTimeoutMs: e.CLAMAV_TIMEOUT_MS,
    },
    batch: { chunkSize: e.BATCH_CHUNK_SIZE, textMaxLength: e.BATCH_TEXT_MAX_LENGTH, retentionDays: e.RETENTION_DAYS, cleanupIntervalMs: e.CLEANUP_INTERVAL_MS },
    callbacks: {
      allowPrivate: e.CALLBACK_ALLOW_PRIVATE,
      timeoutMs: e.CALLBACK_TIMEOUT_MS,
      attempts: e.CALLBACK_ATTEMPTS,
      backoffMs: e.CALLBACK_BACKOFF_MS,
    },
  };
}

/** Loaded once per process; a bad value throws EnvValidationError naming the variable. */
let cached: AppConfig | undefined;
export function appConfig(): AppConfig {
  cached ??= buildConfig();
  return cached;
}

/** A URL safe to print: the password is masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
