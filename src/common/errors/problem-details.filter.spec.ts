import { Logger, type ArgumentsHost } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Runs the filter on one error with a minimal Express-like request and response. */
function problemFor(err: unknown): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const out = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const res = {
    headersSent: false,
    getHeader: () => undefined,
    setHeader: (k: string, v: string) => (out.headers[k] = v),
    status(s: number) {
      out.status = s;
      return this;
    },
    type() {
      return this;
    },
    send(text: string) {
      out.body = JSON.parse(text) as Record<string, unknown>;
      return this;
    },
  };
  const req = { id: 'req-1', originalUrl: '/api/v1/tasks/x', url: '/api/v1/tasks/x' };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(err, host);
  return out;
}

describe('ProblemDetailsFilter and PostgreSQL failures', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('a saturated pool is 503 "busy", not "unreachable"', () => {
    const { status, headers, body } = problemFor(new Error('timeout exceeded when trying to connect'));
    expect(status).toBe(503);
    expect(headers['Retry-After']).toBe('2');
    expect(body).toMatchObject({ type: 'https://sentir.dev/problems/service-unavailable', service: 'postgresql', reason: 'busy', requestId: 'req-1' });
    expect(body.detail).toMatch(/busy/);
  });

  it('a refused or timed-out connection is 503 "unreachable"', () => {
    for (const err of [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), new Error('timeout expired')]) {
      const { status, body } = problemFor(err);
      expect(status).toBe(503);
      expect(body).toMatchObject({ service: 'postgresql' });
      expect(body.reason).toBeUndefined();
      expect(body.detail).toMatch(/unreachable/);
    }
  });

  it('anything else stays a bare 500', () => {
    expect(problemFor(new Error('boom')).status).toBe(500);
  });
});
