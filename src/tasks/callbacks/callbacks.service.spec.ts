import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import { ValidationFailedError } from '../../common/errors/domain-error';
import type { AppConfig } from '../../config/config';
import type { MetricsService } from '../../monitoring/metrics.service';
import type { TasksRepository } from '../tasks.repository';
import type { WebhookSecretsService } from '../../auth/webhook-secrets.service';
import { CallbacksService } from './callbacks.service';

describe('CallbacksService', () => {
  const add = jest.fn();
  const inc = jest.fn();
  const markCallbackScheduled = jest.fn();
  const forCreator = jest.fn();
  let allowPrivate = false;
  const sut = new CallbacksService(
    { add } as unknown as Queue,
    { callbacks: { inc } } as unknown as MetricsService,
    { get: () => ({ allowPrivate, timeoutMs: 5000, attempts: 10, backoffMs: 5000 }) } as unknown as ConfigService<AppConfig, true>,
    { markCallbackScheduled } as unknown as TasksRepository,
    { forCreator } as unknown as WebhookSecretsService,
  );

  // Outcomes are asserted through the metric; the logs would only clutter the test output.
  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    add.mockReset();
    inc.mockReset();
    markCallbackScheduled.mockReset().mockResolvedValue(undefined);
    forCreator.mockReset().mockResolvedValue({ secret: 's', signer: 'user' });
    allowPrivate = false;
  });

  it('enqueues one delivery per task and event, with the configured retries', async () => {
    await expect(sut.schedule({ id: 't1', callbackUrl: 'https://example.com/h', run: 1 }, 'completed')).resolves.toBe(true);
    expect(add).toHaveBeenCalledWith('deliver-callback', { taskId: 't1', event: 'completed' }, { jobId: 't1-cb-completed', attempts: 10, backoff: { type: 'exponential', delay: 5000 } });
    expect(markCallbackScheduled).toHaveBeenCalledWith('t1', 1);
  });

  it('gives a retried run its own delivery, so it is neither deduplicated by BullMQ nor by the receiver', async () => {
    await sut.schedule({ id: 't1', callbackUrl: 'https://example.com/h', run: 1 }, 'failed');
    await sut.schedule({ id: 't1', callbackUrl: 'https://example.com/h', run: 2 }, 'failed');
    expect(add.mock.calls.map(([, , opts]) => (opts as { jobId: string }).jobId)).toEqual(['t1-cb-failed', 't1-cb-failed-r2']);
    // Each run marks only its own outbox entry.
    expect(markCallbackScheduled.mock.calls).toEqual([
      ['t1', 1],
      ['t1', 2],
    ]);
  });

  it('does nothing for a task without callbackUrl (or no task)', async () => {
    await sut.schedule({ id: 't1', callbackUrl: null, run: 1 }, 'failed');
    await sut.schedule(null, 'failed');
    expect(add).not.toHaveBeenCalled();
  });

  it('never throws when Redis refuses the job: the task is done either way', async () => {
    add.mockRejectedValue(new Error('Connection is closed.'));
    await expect(sut.schedule({ id: 't1', callbackUrl: 'https://example.com/h', run: 1 }, 'cancelled')).resolves.toBe(false);
    expect(inc).toHaveBeenCalledWith({ outcome: 'enqueue_failed' });
    // Not marked, so the reconciler's outbox query still finds it.
    expect(markCallbackScheduled).not.toHaveBeenCalled();
  });

  it('never throws when the enqueue worked but PostgreSQL could not mark it', async () => {
    add.mockResolvedValue(undefined);
    markCallbackScheduled.mockRejectedValue(new Error('Connection terminated'));
    // Queued (the receiver will get it); the reconciler may queue it again, as at-least-once allows.
    await expect(sut.schedule({ id: 't1', callbackUrl: 'https://example.com/h', run: 1 }, 'completed')).resolves.toBe(true);
  });

  it('refuses a loopback callbackUrl at creation as a validation error on callbackUrl', async () => {
    const err = await sut.assertAllowed('http://127.0.0.1:9/hook', { keyId: 'key-1', userId: 'u1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailedError);
    expect((err as ValidationFailedError).errors).toEqual([{ field: 'callbackUrl', message: expect.stringMatching(/127\.0\.0\.1, a loopback address/) }]);
    allowPrivate = true;
    await expect(sut.assertAllowed('http://127.0.0.1:9/hook', { keyId: 'key-1', userId: 'u1' })).resolves.toBeUndefined();
  });

  it('accepts a callbackUrl from an identity-provider token user, making sure the user has a secret to sign it', async () => {
    allowPrivate = true;
    await expect(sut.assertAllowed('http://127.0.0.1:9/hook', { keyId: null, userId: 'u1' })).resolves.toBeUndefined();
    expect(forCreator).toHaveBeenCalledWith({ keyId: null, userId: 'u1' });
  });

  it('creates no user secret for a refused URL, nor for an API-key caller (its key signs)', async () => {
    await expect(sut.assertAllowed('http://127.0.0.1:9/hook', { keyId: null, userId: 'u1' })).rejects.toBeInstanceOf(ValidationFailedError);
    allowPrivate = true;
    await sut.assertAllowed('http://127.0.0.1:9/hook', { keyId: 'key-1', userId: 'u1' });
    expect(forCreator).not.toHaveBeenCalled();
  });
});
