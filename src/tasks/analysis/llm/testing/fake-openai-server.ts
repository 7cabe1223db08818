/**
 * A fake OpenAI-compatible chat-completions server for tests: real HTTP on 127.0.0.1, the
 * request and response shapes the official SDK speaks, and scripted failures (status codes
 * with Retry-After, slow answers, malformed JSON, missing rows, unreadable bodies). Used by
 * openai-engine.spec.ts and by test/e2e/llm-engine.e2e-spec.ts (as OPENAI_BASE_URL).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comment as the engine sends it: `id` for labelling requests, `row` for the complaint summary. */
export interface FakeComment {
  id?: number;
  row?: number;
  text: string;
}

export interface FakeRequest {
  kind: 'labels' | 'summary' | 'other';
  /** Date.now() when the request arrived. */
  at: number;
  /** The parsed request body. */
  body: Record<string, unknown>;
  authorization: string | undefined;
  comments: FakeComment[];
  /** Theme ids the response schema allows (labelling requests). */
  themeIds: string[];
}

/** What the server does with one request. */
export type FakeReply =
  /** Answer like a model would (the default). */
  | { kind: 'answer'; delayMs?: number; dropIds?: number[] }
  /** An HTTP error, e.g. 429 with `retry-after`, or 500. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  /** 200 with this message content (malformed JSON, prose…). */
  | { kind: 'content'; content: string }
  /** 200 whose body itself is not JSON, although it says so. */
  | { kind: 'broken-body' }
  /** Headers sent, then nothing: only the client's deadline ends it. */
  | { kind: 'stall-body' };

export interface FakeOpenAi {
  /** Base URL for the SDK / OPENAI_BASE_URL (ends in /v1). */
  url: string;
  requests: FakeRequest[];
  /** Replies used in order by the next requests; then `rule`, then the default answer. */
  script: FakeReply[];
  /** Decides per request when the script is empty (e.g. garbage for comments containing a marker). */
  rule?: (req: FakeRequest) => FakeReply | undefined;
  /** Most requests the server was handling at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

const NEGATIVE = /lento|lenta|se corta|nadie|cobraron|malo|p[ée]sim|slow|drops|nobody|terrible|awful/i;
const POSITIVE = /excelente|buena|perfecto|gracias|great|thank|love|rápido/i;
const THEME_RULES: [string, RegExp][] = [
  ['speed', /lent|slow|velocidad|speed/i],
  ['outages', /se corta|corte|drops|caíd|caid|outage/i],
  ['customer-support', /atiende|atención|phone|support|call center/i],
  ['price-billing', /cobr|factura|bill|price/i],
];

/**
 * The fake model's labels: keyword rules, plus a marker for assertions — a text containing
 * `ZZ-MIXED` is labelled `mixed` with score 0.123 and confidence 0.77, which no local
 * analyzer would say.
 */
export function fakeLabel(text: string, themeIds: readonly string[]): { sentiment: string; score: number; confidence: number; themes: string[] } {
  const themes = THEME_RULES.filter(([id, re]) => themeIds.includes(id) && re.test(text)).map(([id]) => id);
  if (text.includes('ZZ-MIXED')) return { sentiment: 'mixed', score: 0.123, confidence: 0.77, themes };
  if (NEGATIVE.test(text)) return { sentiment: 'negative', score: -0.8, confidence: 0.9, themes };
  if (POSITIVE.test(text)) return { sentiment: 'positive', score: 0.8, confidence: 0.9, themes };
  return { sentiment: 'neutral', score: 0, confidence: 0.6, themes };
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const fake: FakeOpenAi = {
    url: '',
    requests: [],
    script: [],
    maxInFlight: 0,
    close: async () => undefined,
  };
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    void handle(fake, req, res).catch(() => res.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close').catch(() => undefined);
  };
  return fake;
}

async function handle(fake: FakeOpenAi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
    return json(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  const request = describe(body, req.headers.authorization);
  fake.requests.push(request);
  const reply = fake.script.shift() ?? fake.rule?.(request) ?? { kind: 'answer' };

  switch (reply.kind) {
    case 'status':
      return json(res, reply.status, reply.body ?? { error: { message: `fake ${reply.status}`, type: 'fake_error' } }, reply.headers);
    case 'content':
      return json(res, 200, completion(body, reply.content));
    case 'broken-body':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "chatcmpl-broken", "choices": [');
      return;
    case 'stall-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": "chatcmpl-stalled",');
      return;
    case 'answer': {
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      const drop = new Set(reply.dropIds ?? []);
      const content =
        request.kind === 'summary'
          ? JSON.stringify(summarise(request.comments))
          : JSON.stringify({
              results: request.comments.filter((c) => !drop.has(c.id!)).map((c) => ({ id: c.id, ...withThemes(fakeLabel(c.text, request.themeIds), request.themeIds) })),
            });
      return json(res, 200, completion(body, content));
    }
  }
}

function withThemes<T extends { themes: string[] }>(label: T, themeIds: string[]): T | Omit<T, 'themes'> {
  if (themeIds.length) return label;
  const { themes: _t, ...rest } = label;
  return rest;
}

function describe(body: Record<string, unknown>, authorization: string | undefined): FakeRequest {
  const format = body.response_format as { json_schema?: { name?: string; schema?: Record<string, unknown> } } | undefined;
  const name = format?.json_schema?.name;
  const kind = name === 'sentiment_labels' ? 'labels' : name === 'complaint_summary' ? 'summary' : 'other';
  const messages = (body.messages as { role: string; content: string }[]) ?? [];
  const user = messages.filter((m) => m.role === 'user').pop();
  let comments: FakeComment[] = [];
  try {
    comments = (JSON.parse(user?.content ?? '{}') as { comments?: FakeComment[] }).comments ?? [];
  } catch {
    comments = [];
  }
  const schema = format?.json_schema?.schema as { properties?: { results?: { items?: { properties?: { themes?: { items?: { enum?: string[] } } } } } } } | undefined;
  const themeIds = schema?.properties?.results?.items?.properties?.themes?.items?.enum ?? [];
  return { kind, at: Date.now(), body, authorization, comments, themeIds };
}

function summarise(comments: FakeComment[]): unknown {
  const groups = new Map<string, number[]>();
  for (const c of comments) {
    const theme = THEME_RULES.find(([, re]) => re.test(c.text))?.[0] ?? 'other';
    groups.set(theme, [...(groups.get(theme) ?? []), c.row!]);
  }
  const top = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
  return {
    summary: `Fake summary of ${comments.length} comments.`,
    topComplaints: top.map(([label, rows]) => ({ label, count: rows.length, exampleRowNumbers: rows.slice(0, 3) })),
  };
}

function completion(request: Record<string, unknown>, content: string): unknown {
  const promptChars = JSON.stringify(request.messages ?? []).length;
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: Math.ceil(promptChars / 4) + Math.ceil(content.length / 4) },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
