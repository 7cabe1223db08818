import { ProblemCode } from './problem-types';

/**
 * Base class for errors that services throw on purpose. `code` picks the problem type;
 * `extensions` become extra members of the problem document. Services never know HTTP
 * status codes: the global filter maps codes to them.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    /** Response headers the problem needs (Retry-After, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export interface FieldError {
  /** JSON pointer-ish path of the bad field, e.g. `text` or `priority`. */
  field: string;
  message: string;
}

export class ValidationFailedError extends DomainError {
  constructor(readonly errors: FieldError[], detail = describeFieldErrors(errors)) {
    super('validation-failed', detail, { errors });
  }
}

function describeFieldErrors(errors: FieldError[]): string {
  if (errors.length === 0) return 'The request is not valid.';
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}

export class NotFoundError extends DomainError {
  constructor(resource: string, id: string) {
    super('not-found', `${resource} ${id} does not exist or is not yours.`);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail: string) {
    super('unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer realm="sentir"' });
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail: string) {
    super('forbidden', detail);
  }
}

const RATE_LIMIT_SUBJECTS = { ip: 'IP address', key: 'API key', user: 'user (identity-provider token)' } as const;

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number, scope: 'ip' | 'key' | 'user', limit: number) {
    super(
      'rate-limited',
      `Rate limit of ${limit} requests per minute per ${RATE_LIMIT_SUBJECTS[scope]} exceeded; retry in ${retryAfterSeconds} s.`,
      { retryAfter: retryAfterSeconds, limit, scope },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

const SERVICE_NAMES = { postgresql: 'PostgreSQL', redis: 'Redis', clamav: 'The virus scanner (clamd)', oidc: "The identity provider's signing keys (OIDC)" } as const;

export class ServiceUnavailableError extends DomainError {
  constructor(service: keyof typeof SERVICE_NAMES, retryAfterSeconds = 5) {
    super(
      'service-unavailable',
      `${SERVICE_NAMES[service]} is unreachable right now. Retry shortly.`,
      { service },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

/** PostgreSQL is up, but no pooled connection became free in time: this process is overloaded. */
export class DatabaseBusyError extends DomainError {
  constructor(retryAfterSeconds = 2) {
    super(
      'service-unavailable',
      'PostgreSQL is up but this server is busy: no database connection became free in time (DATABASE_POOL_WAIT_MS). Retry shortly.',
      { service: 'postgresql', reason: 'busy' },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
