import { KeyFactory } from '../factories/api-keys.factory';
import { Receiver, verifySignature } from '../support/callback-receiver';
import { ApiClient, eventually } from '../support/http';
import { ApiProcess, baseEnv, ManagedProcess, runNode, startApi, startWorker, stopAll } from '../support/processes';

describe('signed completion callbacks (API + worker processes)', () => {
  const keys = new KeyFactory();
  const receiver = new Receiver();
  let api: ApiProcess;
  let strictApi: ApiProcess;
  let worker: ManagedProcess;
  let client: ApiClient;
  let secret: string;

  beforeAll(async () => {
    await receiver.start();
    // The worker's latency leaves time to cancel a task before it completes.
    const env = { QUEUE_SUFFIX: 'callbacks', CALLBACK_ALLOW_PRIVATE: 'true', CALLBACK_BACKOFF_MS: '200', CALLBACK_ATTEMPTS: '4' };
    [api, strictApi, worker] = await Promise.all([
      startApi(env),
      startApi({ QUEUE_SUFFIX: 'callbacks', CALLBACK_ALLOW_PRIVATE: 'false' }),
      // A fast reconciler: callbacks that were never enqueued (the outbox) are found within a second or two.
      startWorker({ ...env, ANALYSIS_SIMULATED_LATENCY_MS: '1000', RECONCILE_INTERVAL_MS: '500', RECONCILE_GRACE_MS: '1000' }),
    ]);
    const created = await keys.create('callbacks');
    client = new ApiClient(api.url, created.key);
    secret = created.webhookSecret;
  });

  afterAll(async () => {
    await stopAll(api, strictApi, worker);
    await receiver.stop();
    await keys.close();
  });

  it('shows a key its own webhook secret, and nobody else', async () => {
    const res = await client.get('/api/v1/keys/current');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.webhookSecret).toBe(secret);
    expect(res.body.webhookSecret).toMatch(/^[0-9a-f]{64}$/);

    const other = await keys.create('callbacks-other');
    const theirs = await client.withKey(other.key).get('/api/v1/keys/current');
    expect(theirs.body).toMatchObject({ id: other.id, webhookSecret: other.webhookSecret });
    expect(theirs.body.webhookSecret).not.toBe(secret);
    expect((await client.withKey(undefined).get('/api/v1/keys/current')).status).toBe(401);
  });

  it('prints the secret of a new key on stdout, with the key still alone on the last line', async () => {
    const cli = runNode('cli', baseEnv(), ['keys:create', '--user', `cb-cli-${Date.now()}`]);
    expect(await cli.waitForExit()).toBe(0);
    const lines = cli.output.trim().split('\n');
    const key = lines.pop()!;
    expect(key).toMatch(/^snt_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    const secretLine = lines.find((l) => l.startsWith('webhook-secret '));
    expect(secretLine).toMatch(/^webhook-secret [0-9a-f]{64}$/);
    expect((await client.withKey(key).get('/api/v1/keys/current')).body.webhookSecret).toBe(secretLine!.split(' ')[1]);
  });

  it('POSTs a correctly signed task.completed callback for a single task', async () => {
    const callbackUrl = `${receiver.url}/hooks/completed?tenant=42`;
    const created = await client.post('/api/v1/tasks/single', { text: 'Great service, thank you!', callbackUrl }, { Prefer: 'wait=10' });
    expect(created.status).toBe(200);
    expect(created.body.input.callbackUrl).toBe(callbackUrl);

    const [delivery] = await eventually(async () => receiver.at('/hooks/completed?tenant=42'), (d) => d.length === 1);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['user-agent']).toBe('Sentir-Webhooks/1');
    expect(delivery.headers['sentir-event']).toBe('task.completed');
    expect(delivery.headers['sentir-delivery']).toBe(`${created.body.id}-cb-completed`);
    expect(verifySignature(secret, String(delivery.headers['sentir-signature']), delivery.raw)).toBe(true);
    expect(verifySignature(secret, String(delivery.headers['sentir-signature']), delivery.raw.replace('completed', 'failed'))).toBe(false);

    const body = JSON.parse(delivery.raw);
    expect(body).toMatchObject({ id: `${created.body.id}-cb-completed`, event: 'task.completed' });
    expect(Math.abs(Date.parse(body.deliveredAt) - delivery.at)).toBeLessThan(5000);
    // The task as the API shows it.
    const current = await client.get(`/api/v1/tasks/${created.body.id}`);
    expect(body.task).toEqual(current.body);
  });

  it('retries a failing receiver with backoff: 500, 500, then 200 is three deliveries', async () => {
    receiver.script('/hooks/flaky', [500, 500]);
    const created = await client.post('/api/v1/tasks/single', { text: 'El técnico llegó tarde', callbackUrl: `${receiver.url}/hooks/flaky` });
    expect(created.status).toBe(202);

    const deliveries = await eventually(async () => receiver.at('/hooks/flaky'), (d) => d.length >= 3, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.at('/hooks/flaky')).toHaveLength(3);
    // One delivery id across attempts (receivers deduplicate on it), each attempt signed afresh.
    expect(new Set(deliveries.map((d) => d.headers['sentir-delivery']))).toEqual(new Set([`${created.body.id}-cb-completed`]));
    for (const d of deliveries) expect(verifySignature(secret, String(d.headers['sentir-signature']), d.raw)).toBe(true);
    // Exponential backoff from 200 ms: at least 200 ms, then 400 ms between attempts.
    expect(deliveries[1].at - deliveries[0].at).toBeGreaterThanOrEqual(150);
    expect(deliveries[2].at - deliveries[1].at).toBeGreaterThanOrEqual(350);
  });

  it('POSTs task.cancelled when the task is cancelled through the API', async () => {
    const created = await client.post('/api/v1/tasks/single', { text: 'cancel me', callbackUrl: `${receiver.url}/hooks/cancelled` });
    const cancelled = await client.delete(`/api/v1/tasks/${created.body.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');

    const [delivery] = await eventually(async () => receiver.at('/hooks/cancelled'), (d) => d.length === 1);
    expect(delivery.headers['sentir-event']).toBe('task.cancelled');
    expect(JSON.parse(delivery.raw)).toMatchObject({ event: 'task.cancelled', task: { id: created.body.id, status: 'cancelled' } });
    expect(verifySignature(secret, String(delivery.headers['sentir-signature']), delivery.raw)).toBe(true);
  });

  it('POSTs the same event again, under a new delivery id, when a retried task ends the same way', async () => {
    const created = await client.post('/api/v1/tasks/single', { text: 'cancel me twice', callbackUrl: `${receiver.url}/hooks/retried` });
    expect((await client.delete(`/api/v1/tasks/${created.body.id}`)).body.status).toBe('cancelled');
    await eventually(async () => receiver.at('/hooks/retried'), (d) => d.length === 1);

    const retried = await client.post(`/api/v1/tasks/${created.body.id}/retry`, {});
    expect(retried.status).toBe(202);
    expect((await client.delete(`/api/v1/tasks/${created.body.id}`)).body.status).toBe('cancelled');
    const deliveries = await eventually(async () => receiver.at('/hooks/retried'), (d) => d.length === 2);
    expect(deliveries.map((d) => d.headers['sentir-delivery'])).toEqual([`${created.body.id}-cb-cancelled`, `${created.body.id}-cb-cancelled-r2`]);
    expect(deliveries.map((d) => JSON.parse(d.raw).event)).toEqual(['task.cancelled', 'task.cancelled']);
    for (const d of deliveries) expect(verifySignature(secret, String(d.headers['sentir-signature']), d.raw)).toBe(true);
  });

  it('POSTs task.cancelled when deleting its file cancels a batch (sent by the reconciler, from the outbox)', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i + 1},El servicio número ${i + 1} anda lento`).join('\n');
    const file = await client.upload('/api/v1/files', { name: 'cb.csv', content: `id,comentario\n${rows}\n` });
    expect(file.status).toBe(201);
    const created = await client.post('/api/v1/tasks/batch', { fileId: file.body.id, callbackUrl: `${receiver.url}/hooks/file-deleted` });
    expect(created.status).toBe(202);
    expect((await client.delete(`/api/v1/files/${file.body.id}`)).status).toBe(204);
    expect((await client.get(`/api/v1/tasks/${created.body.id}`)).body.status).toBe('cancelled');

    // Nothing scheduled the callback when the file's deletion cancelled the task; the reconciler does.
    const [delivery] = await eventually(async () => receiver.at('/hooks/file-deleted'), (d) => d.length === 1, 20_000);
    expect(delivery.headers['sentir-event']).toBe('task.cancelled');
    expect(delivery.headers['sentir-delivery']).toBe(`${created.body.id}-cb-cancelled`);
    expect(JSON.parse(delivery.raw)).toMatchObject({ event: 'task.cancelled', task: { id: created.body.id, status: 'cancelled' } });
    expect(verifySignature(secret, String(delivery.headers['sentir-signature']), delivery.raw)).toBe(true);
    // Scheduled once: later reconciler passes do not send it again.
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.at('/hooks/file-deleted')).toHaveLength(1);
  });

  it('refuses loopback callback URLs with 400 unless private addresses are allowed', async () => {
    const strict = new ApiClient(strictApi.url, client.key);
    for (const callbackUrl of [`${receiver.url}/hooks/never`, 'http://localhost:9/hook', 'http://[::1]:9/hook', 'http://169.254.169.254/latest/meta-data']) {
      const res = await strict.post('/api/v1/tasks/single', { text: 'hola', callbackUrl });
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('https://sentir.dev/problems/validation-failed');
      expect(res.body.errors).toEqual([{ field: 'callbackUrl', message: expect.stringMatching(/loopback|link-local/) }]);
    }
    const notHttp = await strict.post('/api/v1/tasks/single', { text: 'hola', callbackUrl: 'ftp://example.com/hook' });
    expect(notHttp.status).toBe(400);
    expect(receiver.at('/hooks/never')).toHaveLength(0);
  });
});
