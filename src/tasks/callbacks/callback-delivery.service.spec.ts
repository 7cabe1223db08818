import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnrecoverableError } from 'bullmq';
import type { WebhookSecretsService } from '../../auth/webhook-secrets.service';
import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/config';
import type { MetricsService } from '../../monitoring/metrics.service';
import { Task } from '../task.entity';
import type { TasksRepository } from '../tasks.repository';
import { CallbackDeliveryService } from './callback-delivery.service';
import { verifyCallbackSignature } from './callback-signature.util';

const SECRET = 'a'.repeat(64);

function makeTask(overrides: Partial<Task>): Task {
  return Object.assign(new Task(), {
    id: '6f1c0c4e-1111-4222-8333-444455556666',
    userId: 'u1',
    type: 'single',
    status: 'completed',
    priority: 'normal',
    languageHint: 'auto',
    inputText: 'Great service',
    result: { language: { code: 'en', confidence: 0.9 } },
    error: null,
    progressProcessed: 1,
    progressTotal: 1,
    fileId: null,
    options: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:01Z'),
    startedAt: new Date('2026-01-01T00:00:00Z'),
    completedAt: new Date('2026-01-01T00:00:01Z'),
    callbackUrl: null,
    apiKeyId: 'k1',
    ...overrides,
  });
}

describe('CallbackDeliveryService', () => {
  let server: Server;
  let url: string;
  let answer = 200;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const inc = jest.fn();
  let task: Task | null;
  let secret: string | null;
  let allowPrivate = true;

  const sut = new CallbackDeliveryService(
    { findById: async () => task } as unknown as TasksRepository,
    { forTask: async () => secret } as unknown as WebhookSecretsService,
    { callbacks: { inc } } as unknown as MetricsService,
    { get: () => ({ allowPrivate, timeoutMs: 2000, attempts: 3, backoffMs: 10 }) } as unknown as ConfigService<AppConfig, true>,
  );
  const attempt = (n = 1) => ({ deliveryId: 'job-1', attempt: n, attempts: 3 });

  // Outcomes are asserted through the metric; the logs would only clutter the test output.
  beforeAll(() => Logger.overrideLogger(false));

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answer).end('nope');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  beforeEach(() => {
    received.length = 0;
    inc.mockClear();
    answer = 200;
    allowPrivate = true;
    secret = SECRET;
    task = makeTask({ callbackUrl: url });
  });

  it('POSTs a signed body with the documented headers', async () => {
    expect(await sut.deliver(task!.id, 'completed', attempt())).toBe('delivered');
    expect(received).toHaveLength(1);
    const { headers, body } = received[0];
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('Sentir-Webhooks/1');
    expect(headers['sentir-event']).toBe('task.completed');
    expect(headers['sentir-delivery']).toBe('job-1');
    expect(verifyCallbackSignature(SECRET, String(headers['sentir-signature']), body)).toBe(true);
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({ id: 'job-1', event: 'task.completed', task: { id: task!.id, status: 'completed', input: { callbackUrl: url } } });
    expect(Date.parse(parsed.deliveredAt)).not.toBeNaN();
    expect(inc).toHaveBeenCalledWith({ outcome: 'delivered' });
  });

  it('sends only a digest of a batch summary', async () => {
    task = makeTask({
      type: 'batch',
      callbackUrl: url,
      inputText: null,
      fileId: null,
      options: { textColumn: 't', textIndex: 0, idColumn: null, idIndex: null, dateColumn: null, dateIndex: null, dateOrder: null, ratingColumn: null, ratingIndex: null, segmentColumns: [], language: 'auto', analyses: [], fileName: 'f.csv' },
      result: { totals: { rows: 2 }, sentiment: { positive: { count: 2, percent: 100 } }, averageScore: 0.5, timeline: { day: new Array(400).fill({}) } },
    });
    await sut.deliver(task.id, 'completed', attempt());
    const parsed = JSON.parse(received[0].body);
    expect(parsed.task.result).toEqual({ totals: { rows: 2 }, sentiment: { positive: { count: 2, percent: 100 } }, averageScore: 0.5, digest: true });
    expect(parsed.task.batch.callbackUrl).toBe(url);
    expect(parsed.task.links.items).toBe(`/api/v1/tasks/${task.id}/items`);
  });

  it('throws on a non-2xx answer so BullMQ retries, and counts the last attempt as exhausted', async () => {
    answer = 500;
    await expect(sut.deliver(task!.id, 'failed', attempt(1))).rejects.toThrow('callback attempt 1/3 failed: receiver answered 500: nope');
    expect(inc).toHaveBeenLastCalledWith({ outcome: 'failed' });
    await expect(sut.deliver(task!.id, 'failed', attempt(3))).rejects.not.toBeInstanceOf(UnrecoverableError);
    expect(inc).toHaveBeenLastCalledWith({ outcome: 'exhausted' });
  });

  it('stops without error when the receiver answers 410 Gone', async () => {
    answer = 410;
    expect(await sut.deliver(task!.id, 'cancelled', attempt())).toBe('gone');
    expect(inc).toHaveBeenCalledWith({ outcome: 'gone' });
  });

  it('refuses for good when the address is no longer allowed, without connecting', async () => {
    allowPrivate = false;
    await expect(sut.deliver(task!.id, 'completed', attempt())).rejects.toBeInstanceOf(UnrecoverableError);
    expect(received).toHaveLength(0);
    expect(inc).toHaveBeenCalledWith({ outcome: 'refused' });
  });

  it('skips a task that is gone or has no callback, and a key that is revoked', async () => {
    task = null;
    expect(await sut.deliver('x', 'completed', attempt())).toBe('skipped');
    task = makeTask({ callbackUrl: null });
    expect(await sut.deliver('x', 'completed', attempt())).toBe('skipped');
    task = makeTask({ callbackUrl: url });
    secret = null;
    expect(await sut.deliver('x', 'completed', attempt())).toBe('skipped');
    expect(received).toHaveLength(0);
  });
});
