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

/** Signing algorithms OIDC_ALGORITHMS may name. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Keys fetched over plain http could be swapped in transit: https, except on the loopback (tests, a local IdP). */
export function isHttpsOrLoopbackUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname));
  } catch {
    return false;
  }
}
const secureUrl = z.string().url().refine(isHttpsOrLoopbackUrl, 'an https URL (plain http only on localhost, 127.0.0.1 or [::1])');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/sentir'),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /** Opening one PostgreSQL connection (TCP + startup); past it, PostgreSQL counts as unreachable. */
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(3000),
  /** Waiting for a free pooled connection when all DATABASE_POOL_SIZE are busy (load, not an outage). */
  DATABASE_POOL_WAIT_MS: positiveInt.default(10000),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(15000),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (1..64)')
    .default('sentir'),
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  /**
   * Pending connections the kernel queues for the API before it accepts them (listen backlog;
   * capped by net.core.somaxconn). Node's default, 511, drops new connections when several
   * hundred clients arrive while the API is busy, and each dropped SYN costs the client 1, 3, 7 s…
   */
  HTTP_BACKLOG: positiveInt.default(4096),
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
  QUEUE_BATCH_MAX_STALLED_COUNT: z.coerce.number().int().min(0).default(10),
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
  /** Analysis result cache (in-process LRU + Redis). Off: every text is analysed, and no batch reuses another's rows. */
  CACHE_ENABLED: bool.default('true'),
  /** Redis for cached results; unset = REDIS_URL (keys under `<QUEUE_PREFIX>:cache:`). A dedicated one may use allkeys-lru. */
  CACHE_REDIS_URL: z.string().url().optional(),
  /** Lifetime of a cached result in Redis. */
  CACHE_TTL_SECONDS: positiveInt.default(7 * 86_400),
  /** In-process LRU bounds per worker: entries and (approximate) bytes; 0 disables that level. */
  CACHE_L1_MAX_ENTRIES: z.coerce.number().int().min(0).default(50_000),
  CACHE_L1_MAX_BYTES: z.coerce.number().int().min(0).default(64 * 1024 * 1024),
  /** A session expires this long after its last read or write. */
  SESSION_TTL_SECONDS: z.coerce.number().int().min(1).max(30 * 24 * 3600).default(3600),
  /** Live sessions per user; creating one more evicts the least recently active. */
  SESSION_MAX_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  /** Largest session state (compact JSON, bytes); 1 MiB at most, since every change is also published to every API instance. */
  SESSION_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024).default(65536),
  /** How often a worker deletes expired sessions from PostgreSQL. */
  SESSION_PURGE_INTERVAL_MS: positiveInt.default(600_000),
  /** Which engine labels sentiment and themes: the bundled local one, or an OpenAI-compatible LLM (OpenAI, Azure OpenAI v1, Ollama, vLLM). */
  ENGINE: z.enum(['local', 'openai']).default('local'),
  OPENAI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  /** Secret: never logged. Optional for servers that need none (Ollama, vLLM without --api-key). */
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().min(1).max(200).default('gpt-4o-mini'),
  /** Comments per chat-completion request. */
  OPENAI_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(25),
  /** Requests in flight per worker process (shared by all its jobs). */
  OPENAI_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Tokens per minute per worker process (prompt + completion); split your provider's limit across workers. */
  OPENAI_TPM: positiveInt.default(200_000),
  OPENAI_TIMEOUT_MS: positiveInt.default(60_000),
  /** Our retries of 408/409/429/5xx, timeouts and connection errors (the SDK's own retries are off). */
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  /** First backoff when the server sends no Retry-After; each later one doubles (capped at 30 s). */
  OPENAI_RETRY_BASE_MS: positiveInt.default(1000),
  /** Content-hash cache entries per worker process (0 = off). */
  OPENAI_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(20_000),
  /** Reasoning models (o-series, gpt-5) want `max_completion_tokens`; Ollama and older servers only know `max_tokens`. */
  OPENAI_TOKEN_LIMIT_PARAM: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
  /** USD per million tokens for OPENAI_MODEL; override the price table entry. */
  OPENAI_PRICE_INPUT_PER_1M: z.coerce.number().min(0).optional(),
  OPENAI_PRICE_OUTPUT_PER_1M: z.coerce.number().min(0).optional(),
  /** Price table as JSON: {"model": {"input": usdPer1M, "output": usdPer1M}, …}; merged over the built-in one. */
  OPENAI_PRICES: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().min(1), z.object({ input: z.number().min(0), output: z.number().min(0) }).strict()))
    .optional(),
  /** Identity provider whose bearer JWTs are accepted besides API keys; unset = API keys only. */
  OIDC_ISSUER: secureUrl.optional(),
  /** Required with OIDC_ISSUER: the `aud` value the identity provider puts in tokens for this API. */
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** Where the signing keys are; unset = `jwks_uri` of `<OIDC_ISSUER>/.well-known/openid-configuration`. */
  OIDC_JWKS_URL: secureUrl.optional(),
  /** `claim=value` (the claim equals the value, lists it, or lists it space-separated) or `claim` (is true); grants admin. */
  OIDC_ADMIN_CLAIM: z
    .string()
    .regex(/^[^=\s]+(=\S.*)?$/, 'claim=value (e.g. roles=sentir-admin) or the name of a boolean claim')
    .optional(),
  OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Asymmetric algorithms only: a public JWKS must never verify HS* (its "secret" would be public) or `none`. */
  OIDC_ALGORITHMS: z
    .string()
    .default('RS256,ES256')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(OIDC_ALGORITHMS)).min(1)),
  /** Least time between two JWKS downloads caused by tokens with an unknown `kid` (key rotation). */
  OIDC_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
}).superRefine((e, ctx) => {
  if (e.OIDC_ISSUER && !e.OIDC_AUDIENCE) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['OIDC_AUDIENCE'], message: 'required when OIDC_ISSUER is set' });
  // api.openai.com answers 401 without a key; fail at boot instead of on every request.
  if (e.ENGINE === 'openai' && !e.OPENAI_API_KEY && new URL(e.OPENAI_BASE_URL).hostname === 'api.openai.com') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['OPENAI_API_KEY'], message: 'required with ENGINE=openai and the default OPENAI_BASE_URL' });
  }
});

export type Env = z.infer<typeof envSchema>;

/** Never echoed back in a validation message. */
const SECRET_VARS = new Set(['OPENAI_API_KEY']);

export class EnvValidationError extends Error {
  /** What the entry points recognise to print the message alone, without a stack trace. */
  override readonly name = 'EnvValidationError';

  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
  }
}

/** Zod's words, except where they speak of its internals: a coerced non-number reads "received nan". */
function issueMessage(issue: z.ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'nan') return 'must be a number';
  return issue.message;
}

export function validateEnv(raw: NodeJS.ProcessEnv): Env {
  // Empty strings mean "unset" so that `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvValidationError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${issueMessage(i)} (got ${SECRET_VARS.has(String(i.path[0])) ? '[redacted]' : JSON.stringify(cleaned[String(i.path[0])])})`),
    );
  }
  return parsed.data;
}
