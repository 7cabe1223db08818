import type { AnalysisEngine } from '../analysis.types';
import { createLocalEngine, LOCAL_ENGINE_NAME } from '../local-engine';
import { ISP_DEFAULT_TAXONOMY } from '../themes/isp-default.taxonomy';
import type { LlmHooks } from './llm.types';
import { LruLlmCache } from './lru-cache';
import { OPENAI_ENGINE_NAME, OpenAiEngine, packRequests, type OpenAiEngineOptions } from './openai-engine';
import { startFakeOpenAi, type FakeOpenAi } from './testing/fake-openai-server';

/** The engine against a real HTTP server speaking the chat-completions API (no SDK mocks). */
describe('OpenAiEngine against a fake OpenAI-compatible server', () => {
  let local: AnalysisEngine;
  let fake: FakeOpenAi;
  let events: { outcome: string; promptTokens: number }[];
  let fallbacks: { reason: string; rows: number }[];

  const hooks: LlmHooks = {
    onRequest: (e) => events.push({ outcome: e.outcome, promptTokens: e.promptTokens }),
    onFallback: (e) => fallbacks.push({ reason: e.reason, rows: e.rows }),
  };

  function engine(overrides: Partial<OpenAiEngineOptions> = {}): OpenAiEngine {
    return new OpenAiEngine(local, {
      baseUrl: fake.url,
      apiKey: 'sk-test-123',
      model: 'fake-model',
      batchSize: 3,
      concurrency: 2,
      tokensPerMinute: 1_000_000,
      timeoutMs: 2000,
      retry: { maxRetries: 2, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 5000 },
      price: { input: 1, output: 2 },
      cache: new LruLlmCache(100),
      hooks,
      ...overrides,
    });
  }

  const TEXTS = [
    'El internet anda muy lento',
    'Excelente atención, gracias',
    'Se corta la señal todas las noches',
    'The connection drops every night',
    'Great service, thank you',
    'Nadie me atiende en el call center',
    'Me cobraron de más en la factura',
  ];
  const inputs = TEXTS.map((text) => ({ text }));

  beforeAll(async () => {
    local = await createLocalEngine();
  });

  beforeEach(async () => {
    fake = await startFakeOpenAi();
    events = [];
    fallbacks = [];
  });

  afterEach(async () => {
    await fake.close();
  });

  it('labels many comments per request with strict JSON-schema output, and counts tokens and cost', async () => {
    const r = await engine().analyzeAsync(inputs, { taxonomy: ISP_DEFAULT_TAXONOMY });
    expect(fake.requests).toHaveLength(3); // 3 + 3 + 1
    expect(fake.requests.map((q) => q.comments.length)).toEqual([3, 3, 1]);
    const body = fake.requests[0].body as { model: string; response_format: { type: string; json_schema: { strict: boolean } }; max_tokens: number; temperature: number };
    expect(body).toMatchObject({ model: 'fake-model', response_format: { type: 'json_schema', json_schema: { strict: true } }, temperature: 0 });
    expect(body.max_tokens).toBeGreaterThan(0);
    expect(fake.requests[0].authorization).toBe('Bearer sk-test-123');

    expect(r.fallbackRows).toEqual([]);
    expect(r.results.map((a) => a.sentiment.label)).toEqual(['negative', 'positive', 'negative', 'negative', 'positive', 'negative', 'negative']);
    expect(r.results[0]).toMatchObject({
      language: { code: 'es' },
      sentiment: { label: 'negative', score: -0.8, confidence: 0.9 },
      engine: { name: OPENAI_ENGINE_NAME, version: '1.0.0' },
      themeIds: ['speed'],
    });
    expect(r.results[0].engine.analyzers.at(-1)).toEqual({ name: 'llm:fake-model', version: 'prompt-1' });
    expect(r.results[2].themeIds).toEqual(['outages']);
    expect(r.results[6].themeIds).toEqual(['price-billing']);
    expect(r.usage.requests).toBe(3);
    expect(r.usage.promptTokens).toBeGreaterThan(100);
    expect(r.usage.completionTokens).toBeGreaterThan(10);
    expect(r.usage.costUsd).toBeCloseTo((r.usage.promptTokens * 1 + r.usage.completionTokens * 2) / 1e6, 12);
    expect(events.map((e) => e.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('asks once per distinct text, then answers from the content-hash cache', async () => {
    const sut = engine();
    const first = await sut.analyzeAsync([{ text: 'muy lento' }, { text: 'muy lento' }, { text: 'gracias' }]);
    expect(fake.requests.map((q) => q.comments.map((c) => c.text))).toEqual([['muy lento', 'gracias']]);
    expect(first.results.map((a) => a.sentiment.label)).toEqual(['negative', 'negative', 'positive']);
    const again = await sut.analyzeAsync([{ text: 'gracias' }, { text: 'muy lento' }]);
    expect(fake.requests).toHaveLength(1);
    expect(again.usage).toEqual({ requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, cacheHits: 2 });
    expect(again.results.map((a) => a.sentiment.label)).toEqual(['positive', 'negative']);
    // Another taxonomy is another question.
    await sut.analyzeAsync([{ text: 'gracias' }], { taxonomy: ISP_DEFAULT_TAXONOMY });
    expect(fake.requests).toHaveLength(2);
  });

  it('waits as long as a 429\'s Retry-After says, then succeeds', async () => {
    fake.script.push({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const r = await engine({ batchSize: 10 }).analyzeAsync(inputs.slice(0, 2));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(r.fallbackRows).toEqual([]);
    expect(r.usage.requests).toBe(2);
    expect(events.map((e) => e.outcome)).toEqual(['rate_limited', 'ok']);
  });

  it('pauses every request of the process after a 429 with retry-after-ms', async () => {
    fake.script.push({ kind: 'status', status: 429, headers: { 'retry-after-ms': '400' } });
    // One slot: the slot is free while the first request sleeps, so without the pause the
    // second text would be sent at once.
    const r = await engine({ batchSize: 1, concurrency: 1 }).analyzeAsync(inputs.slice(0, 3));
    expect(r.fallbackRows).toEqual([]);
    expect(fake.requests).toHaveLength(4);
    expect(fake.requests[1].at - fake.requests[0].at).toBeGreaterThanOrEqual(380);
  });

  it('retries a 500 with backoff', async () => {
    fake.script.push({ kind: 'status', status: 500 }, { kind: 'status', status: 502 });
    const r = await engine({ batchSize: 10 }).analyzeAsync(inputs.slice(0, 2));
    expect(r.fallbackRows).toEqual([]);
    expect(events.map((e) => e.outcome)).toEqual(['server_error', 'server_error', 'ok']);
  });

  it('falls back to the local engine, marked, when retries run out', async () => {
    fake.rule = () => ({ kind: 'status', status: 503 });
    const r = await engine({ batchSize: 10 }).analyzeAsync(inputs.slice(0, 2));
    expect(fake.requests).toHaveLength(3); // 1 + maxRetries
    expect(r.fallbackRows).toEqual([0, 1]);
    const expected = local.analyze(inputs.slice(0, 2));
    expect(r.results).toEqual(expected.map((a) => ({ ...a, fallback: { reason: 'request_failed' } })));
    expect(r.results[0].engine.name).toBe(LOCAL_ENGINE_NAME);
    expect(fallbacks).toEqual([{ reason: 'request_failed', rows: 2 }]);
  });

  it('never passes the API key on in error messages', async () => {
    const errors: string[] = [];
    fake.script.push({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided: sk-test-123 (sk-tes*****123).', type: 'invalid_request_error' } } });
    await engine({ batchSize: 10, hooks: { onRequest: (e) => e.error && errors.push(e.error) } }).analyzeAsync(inputs.slice(0, 1));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^401 Incorrect API key provided/);
    expect(errors[0]).not.toMatch(/sk-tes/);
  });

  it('does not retry a 400; the rows fall back', async () => {
    fake.script.push({ kind: 'status', status: 400, body: { error: { message: 'response_format json_schema is not supported', type: 'invalid_request_error' } } });
    const r = await engine({ batchSize: 10 }).analyzeAsync(inputs.slice(0, 2));
    expect(fake.requests).toHaveLength(1);
    expect(r.fallbackRows).toEqual([0, 1]);
    expect(events.map((e) => e.outcome)).toEqual(['client_error']);
  });

  it('times out a slow answer and retries it', async () => {
    fake.script.push({ kind: 'answer', delayMs: 1500 });
    const started = Date.now();
    const r = await engine({ batchSize: 10, timeoutMs: 300 }).analyzeAsync(inputs.slice(0, 2));
    expect(Date.now() - started).toBeLessThan(1400);
    expect(r.fallbackRows).toEqual([]);
    expect(events.map((e) => e.outcome)).toEqual(['timeout', 'ok']);
  });

  it('times out a body that never ends (the SDK\'s own timeout stops at the headers)', async () => {
    fake.rule = () => ({ kind: 'stall-body' });
    const r = await engine({ batchSize: 10, timeoutMs: 200, retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 1000 } }).analyzeAsync(inputs.slice(0, 2));
    expect(events.map((e) => e.outcome)).toEqual(['timeout', 'timeout']);
    expect(r.results.map((a) => a.fallback)).toEqual([{ reason: 'request_failed' }, { reason: 'request_failed' }]);
  });

  it('falls back (not retried) when the model answers malformed JSON, counting the tokens it cost', async () => {
    fake.script.push({ kind: 'content', content: '{"results": [{"id": 1, "sentiment": "negative", ' });
    const r = await engine().analyzeAsync(inputs.slice(0, 5));
    expect(fake.requests).toHaveLength(2);
    expect(r.fallbackRows).toEqual([0, 1, 2]);
    expect(r.results.slice(0, 3).every((a) => a.fallback?.reason === 'invalid_response' && a.engine.name === LOCAL_ENGINE_NAME)).toBe(true);
    expect(r.results.slice(3).every((a) => a.fallback === undefined && a.engine.name === OPENAI_ENGINE_NAME)).toBe(true);
    expect(r.usage.promptTokens).toBe(events[0].promptTokens + events[1].promptTokens);
    expect(events.map((e) => e.outcome).sort()).toEqual(['invalid_response', 'ok']);
    expect(fallbacks).toEqual([{ reason: 'invalid_response', rows: 3 }]);
  });

  it('falls back when the HTTP body itself is broken', async () => {
    fake.script.push({ kind: 'broken-body' });
    const r = await engine({ batchSize: 10 }).analyzeAsync(inputs.slice(0, 2));
    expect(fake.requests).toHaveLength(1);
    expect(r.results.map((a) => a.fallback?.reason)).toEqual(['invalid_response', 'invalid_response']);
  });

  it('falls back only for the rows missing from a valid answer', async () => {
    fake.script.push({ kind: 'answer', dropIds: [2] });
    const r = await engine().analyzeAsync(inputs.slice(0, 3));
    expect(r.fallbackRows).toEqual([1]);
    expect(r.results[1].fallback).toEqual({ reason: 'missing_row' });
    expect(r.results[0].engine.name).toBe(OPENAI_ENGINE_NAME);
    expect(r.results[2].engine.name).toBe(OPENAI_ENGINE_NAME);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    fake.rule = () => ({ kind: 'answer', delayMs: 50 });
    await engine({ batchSize: 1, concurrency: 2 }).analyzeAsync(inputs);
    expect(fake.requests).toHaveLength(inputs.length);
    expect(fake.maxInFlight).toBe(2);
  });

  it('sends max_completion_tokens and no temperature for reasoning models', async () => {
    await engine({ tokenLimitParam: 'max_completion_tokens' }).analyzeAsync(inputs.slice(0, 1));
    expect(fake.requests[0].body).toHaveProperty('max_completion_tokens');
    expect(fake.requests[0].body).not.toHaveProperty('max_tokens');
    expect(fake.requests[0].body).not.toHaveProperty('temperature');
  });

  it('summarises complaints in one call, with example rows from the sample only', async () => {
    const items = [
      { rowNumber: 4, text: 'El internet anda muy lento' },
      { rowNumber: 9, text: 'Lentísimo todo el día' },
      { rowNumber: 12, text: 'Me cobraron de más' },
    ];
    const r = await engine().summarizeComplaints(items);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].kind).toBe('summary');
    expect(r.sampledRows).toBe(3);
    expect(r.complaints).toEqual({
      summary: 'Fake summary of 3 comments.',
      topComplaints: [
        { label: 'speed', count: 2, exampleRowNumbers: [4, 9] },
        { label: 'price-billing', count: 1, exampleRowNumbers: [12] },
      ],
    });
    expect(r.usage.requests).toBe(1);
    expect(r.usage.costUsd).toBeGreaterThan(0);
  });

  it('returns no summary (null) when the model answers garbage', async () => {
    fake.script.push({ kind: 'content', content: 'I cannot help with that.' });
    const r = await engine().summarizeComplaints([{ rowNumber: 1, text: 'muy lento' }]);
    expect(r.complaints).toBeNull();
    expect(r.usage.requests).toBe(1);
  });
});

describe('packRequests', () => {
  it('splits by count and by characters, never leaving a request empty', () => {
    const t = (n: number) => ({ text: 'x'.repeat(n) });
    expect(packRequests([t(1), t(1), t(1)], 2).map((g) => g.length)).toEqual([2, 1]);
    expect(packRequests([t(10_000), t(10_000), t(20_000)], 25).map((g) => g.length)).toEqual([1, 1, 1]);
    expect(packRequests([], 25)).toEqual([]);
  });
});
