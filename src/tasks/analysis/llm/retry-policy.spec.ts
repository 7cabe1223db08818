import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { classifyError, decideRetry, retryAfterMs, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const apiError = (status: number, headers: Record<string, string> = {}) => APIError.generate(status, { message: 'x' }, 'x', new Headers(headers));

describe('retry policy', () => {
  it('classifies SDK errors', () => {
    expect(classifyError(apiError(429))).toBe('rate_limited');
    expect(classifyError(apiError(500))).toBe('server_error');
    expect(classifyError(apiError(503))).toBe('server_error');
    expect(classifyError(apiError(408))).toBe('server_error');
    expect(classifyError(apiError(400))).toBe('client_error');
    expect(classifyError(apiError(401))).toBe('client_error');
    expect(classifyError(new APIConnectionTimeoutError())).toBe('timeout');
    expect(classifyError(new APIConnectionError({ message: 'ECONNREFUSED' }))).toBe('connection_error');
    expect(classifyError(new SyntaxError('Unexpected end of JSON input'))).toBe('invalid_response');
  });

  it('reads retry-after-ms first, then Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 12:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 11:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('honours the server\'s Retry-After exactly and says so (everyone pauses)', () => {
    expect(decideRetry(apiError(429, { 'retry-after': '2' }), 0, policy)).toEqual({ outcome: 'rate_limited', retry: true, delayMs: 2000, serverAsked: true });
    expect(decideRetry(apiError(503, { 'retry-after-ms': '1234' }), 2, policy)).toEqual({ outcome: 'server_error', retry: true, delayMs: 1234, serverAsked: true });
  });

  it('gives up when the server asks for more than maxRetryAfterMs', () => {
    expect(decideRetry(apiError(429, { 'retry-after': '60' }), 0, policy)).toMatchObject({ retry: false, serverAsked: true });
  });

  it('backs off exponentially with jitter in [1/2, 1] of the step, capped', () => {
    const delays = (random: number) => [0, 1, 2].map((a) => decideRetry(apiError(500), a, policy, () => random).delayMs);
    expect(delays(1)).toEqual([100, 200, 400]);
    expect(delays(0)).toEqual([50, 100, 200]);
    const capped = decideRetry(apiError(500), 9, { ...policy, maxRetries: 20 }, () => 1);
    expect(capped.delayMs).toBe(1000);
  });

  it('retries timeouts and connection errors, not client errors nor unreadable answers', () => {
    expect(decideRetry(new APIConnectionTimeoutError(), 0, policy, () => 1)).toMatchObject({ outcome: 'timeout', retry: true, delayMs: 100 });
    expect(decideRetry(new APIConnectionError({ message: 'reset' }), 0, policy)).toMatchObject({ retry: true });
    expect(decideRetry(apiError(400), 0, policy)).toMatchObject({ outcome: 'client_error', retry: false });
    expect(decideRetry(new SyntaxError('bad'), 0, policy)).toMatchObject({ outcome: 'invalid_response', retry: false });
  });

  it('stops after maxRetries', () => {
    expect(decideRetry(apiError(500), 2, policy).retry).toBe(true);
    expect(decideRetry(apiError(500), 3, policy).retry).toBe(false);
    expect(decideRetry(apiError(429, { 'retry-after': '1' }), 3, policy).retry).toBe(false);
  });
});
