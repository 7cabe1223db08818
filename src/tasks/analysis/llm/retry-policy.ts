import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { RequestOutcome } from './llm.types';

/**
 * Our retry policy for chat-completion requests. The SDK's own retries are switched off
 * (`maxRetries: 0`) so that every attempt is counted, a 429 pauses every request of the
 * process (not only the one that got it) and the policy can be unit-tested.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff before the first retry when the server says nothing; doubles each time. */
  baseDelayMs: number;
  /** Cap of our own backoff. */
  maxDelayMs: number;
  /**
   * Longest Retry-After we honour. A server asking for more is treated as a final failure
   * (the rows fall back) rather than parking a batch chunk for minutes.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 };

export interface RetryDecision {
  outcome: Exclude<RequestOutcome, 'ok'>;
  retry: boolean;
  /** How long to wait before the next attempt (0 when not retrying). */
  delayMs: number;
  /** True when the delay came from the server (Retry-After / retry-after-ms): everyone should wait. */
  serverAsked: boolean;
}

/**
 * Classifies an error thrown by the SDK. Anything that is not an API error comes from
 * reading the answer (a 200 whose body is not JSON): the server is up, the answer is bad.
 */
export function classifyError(err: unknown): RetryDecision['outcome'] {
  if (err instanceof APIConnectionTimeoutError) return 'timeout';
  if (err instanceof APIUserAbortError) return 'client_error';
  if (err instanceof APIConnectionError) return 'connection_error';
  if (err instanceof APIError && typeof err.status === 'number') {
    if (err.status === 429) return 'rate_limited';
    if (err.status >= 500 || err.status === 408 || err.status === 409) return 'server_error';
    return 'client_error';
  }
  return 'invalid_response';
}

/**
 * The server's wish in milliseconds: `retry-after-ms` (OpenAI, Azure), else `Retry-After`
 * as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Decides whether attempt number `attempt` (0 = the first) is retried and after how long.
 * 408/409/429/5xx, timeouts and connection errors are retried; other 4xx and unreadable bodies are not. A
 * Retry-After within `maxRetryAfterMs` is honoured exactly; otherwise exponential backoff
 * with jitter in [½, 1] of the step.
 */
export function decideRetry(err: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random, now: number = Date.now()): RetryDecision {
  const outcome = classifyError(err);
  const retryable = outcome !== 'client_error' && outcome !== 'invalid_response';
  if (!retryable || attempt >= policy.maxRetries) return { outcome, retry: false, delayMs: 0, serverAsked: false };
  const asked = err instanceof APIError ? retryAfterMs(err.headers as Headers | undefined, now) : undefined;
  if (asked !== undefined) {
    if (asked > policy.maxRetryAfterMs) return { outcome, retry: false, delayMs: 0, serverAsked: true };
    return { outcome, retry: true, delayMs: Math.ceil(asked), serverAsked: true };
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return { outcome, retry: true, delayMs: Math.round(step * (0.5 + 0.5 * random())), serverAsked: false };
}
