import { tmpdir } from 'node:os';
import { Env, validateEnv } from './env.validation';

/** Typed configuration, grouped by area. Only this folder reads process.env. */
export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { host: string; port: number; corsOrigins: string[]; bodyLimit: string; backlog: number };
  database: { url: string; poolSize: number; connectTimeoutMs: number; poolWaitMs: number; statementTimeoutMs: number };
  redis: { url: string };
  queue: {
    prefix: string;
    attempts: number;
    backoffMs: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    maxStalledCount: number;
    batchMaxStalledCount: number;
  };
  worker: { count: number; concurrency: number; batchConcurrency: number; metricsPort: number; heapMb: number; simulatedLatencyMs: number };
  reconcile: { intervalMs: number; graceMs: number };
  limits: { textMaxLength: number; preferWaitMaxSeconds: number; ratePerMinute: number; ipRatePerMinute: number };
  log: { level: Env['LOG_LEVEL'] };
  devBootstrapKey: boolean;
  files: { maxBytes: number; maxRows: number; maxColumns: number; parseMemoryMb: number; parseTimeoutMs: number; tmpDir: string; clamavUrl?: string; clamavTimeoutMs: number };
  batch: { chunkSize: number; textMaxLength: number; retentionDays: number; cleanupIntervalMs: number };
  callbacks: { allowPrivate: boolean; timeoutMs: number; attempts: number; backoffMs: number };
  cache: CacheConfig;
  sessions: SessionsConfig;
  llm: LlmConfig;
  /** Set when OIDC_ISSUER is: bearer JWTs from that issuer are accepted besides API keys. */
  oidc?: OidcConfig;
}

/** UI sessions (src/sessions): sliding TTL, per-user cap, state size, purge period. */
export interface SessionsConfig {
  ttlSeconds: number;
  maxPerUser: number;
  /** Largest state, as compact JSON in UTF-8 bytes. */
  maxBytes: number;
  purgeIntervalMs: number;
}

/** The analysis result cache: an in-process LRU per worker (L1) over Redis (L2). */
export interface CacheConfig {
  enabled: boolean;
  /** CACHE_REDIS_URL, or REDIS_URL when unset. */
  redisUrl: string;
  ttlSeconds: number;
  l1MaxEntries: number;
  l1MaxBytes: number;
}

/** Accepting an identity provider's access tokens (OAuth2/OIDC bearer JWTs). */
export interface OidcConfig {
  /** Compared exactly with the `iss` claim. */
  issuer: string;
  /** Must be in the `aud` claim. */
  audience: string;
  /** Unset: discovered from `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** `claim=value` or `claim`; see OIDC_ADMIN_CLAIM. */
  adminClaim?: string;
  clockToleranceSeconds: number;
  algorithms: string[];
  jwksCooldownSeconds: number;
}

/** USD per million tokens. */
export interface LlmPrice {
  input: number;
  output: number;
}

/** ENGINE and the OpenAI-compatible engine's settings (ignored with ENGINE=local). */
export interface LlmConfig {
  engine: Env['ENGINE'];
  baseUrl: string;
  /** Secret: never log it. Empty for servers that need no key. */
  apiKey: string;
  model: string;
  batchSize: number;
  concurrency: number;
  tokensPerMinute: number;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  cacheSize: number;
  tokenLimitParam: Env['OPENAI_TOKEN_LIMIT_PARAM'];
  /** The price table: built-in list prices, then OPENAI_PRICES, then OPENAI_PRICE_*_PER_1M for `model`. */
  prices: Record<string, LlmPrice>;
  /** `prices[model]`; null when unknown (cost is then recorded as 0). */
  price: LlmPrice | null;
}

/**
 * OpenAI list prices (USD per 1M tokens, standard tier) of models that suit this job, checked on
 * 2026-12-05 against published price tables (third-party copies of OpenAI's page, which now
 * leads with newer models). They change: override them with OPENAI_PRICES or
 * OPENAI_PRICE_INPUT_PER_1M/OUTPUT_PER_1M.
 */
const BUILT_IN_PRICES: Record<string, LlmPrice> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
};

function llmConfig(e: Env): LlmConfig {
  const prices: Record<string, LlmPrice> = { ...BUILT_IN_PRICES, ...e.OPENAI_PRICES };
  const listed = prices[e.OPENAI_MODEL];
  if (e.OPENAI_PRICE_INPUT_PER_1M !== undefined || e.OPENAI_PRICE_OUTPUT_PER_1M !== undefined) {
    prices[e.OPENAI_MODEL] = { input: e.OPENAI_PRICE_INPUT_PER_1M ?? listed?.input ?? 0, output: e.OPENAI_PRICE_OUTPUT_PER_1M ?? listed?.output ?? 0 };
  }
  return {
    engine: e.ENGINE,
    baseUrl: e.OPENAI_BASE_URL,
    apiKey: e.OPENAI_API_KEY ?? '',
    model: e.OPENAI_MODEL,
    batchSize: e.OPENAI_BATCH_SIZE,
    concurrency: e.OPENAI_CONCURRENCY,
    tokensPerMinute: e.OPENAI_TPM,
    timeoutMs: e.OPENAI_TIMEOUT_MS,
    maxRetries: e.OPENAI_MAX_RETRIES,
    retryBaseMs: e.OPENAI_RETRY_BASE_MS,
    cacheSize: e.OPENAI_CACHE_SIZE,
    tokenLimitParam: e.OPENAI_TOKEN_LIMIT_PARAM,
    prices,
    price: prices[e.OPENAI_MODEL] ?? null,
  };
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
      backlog: e.HTTP_BACKLOG,
    },
    database: {
      url: e.DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      poolWaitMs: e.DATABASE_POOL_WAIT_MS,
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
      batchMaxStalledCount: e.QUEUE_BATCH_MAX_STALLED_COUNT,
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
    sessions: {
      ttlSeconds: e.SESSION_TTL_SECONDS,
      maxPerUser: e.SESSION_MAX_PER_USER,
      maxBytes: e.SESSION_MAX_BYTES,
      purgeIntervalMs: e.SESSION_PURGE_INTERVAL_MS,
    },
    cache: {
      enabled: e.CACHE_ENABLED,
      redisUrl: e.CACHE_REDIS_URL ?? e.REDIS_URL,
      ttlSeconds: e.CACHE_TTL_SECONDS,
      l1MaxEntries: e.CACHE_L1_MAX_ENTRIES,
      l1MaxBytes: e.CACHE_L1_MAX_BYTES,
    },
    llm: llmConfig(e),
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER,
          audience: e.OIDC_AUDIENCE!,
          jwksUrl: e.OIDC_JWKS_URL,
          adminClaim: e.OIDC_ADMIN_CLAIM,
          clockToleranceSeconds: e.OIDC_CLOCK_TOLERANCE_SECONDS,
          algorithms: e.OIDC_ALGORITHMS,
          jwksCooldownSeconds: e.OIDC_JWKS_COOLDOWN_SECONDS,
        }
      : undefined,
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
