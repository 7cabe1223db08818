import { createHmac } from 'node:crypto';
import { KeyFactory } from '../factories/api-keys.factory';
import { FakeIdentityProvider, newSigningKey, SigningKey, unsignedToken } from '../support/fake-idp';
import { Receiver, verifySignature } from '../support/callback-receiver';
import { ApiClient, ApiResponse, eventually } from '../support/http';
import { ApiProcess, freePort, ManagedProcess, startApi, startWorker, stopAll } from '../support/processes';

const P = 'https://sentir.dev/problems/';
const AUDIENCE = 'sentir-e2e';

function expectInvalidToken(res: ApiResponse, detail: RegExp) {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body.type).toBe(P + 'unauthorized');
  expect(res.body.detail).toMatch(detail);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="sentir", error="invalid_token", error_description="[^"]+"$/);
}

function expectOidcUnavailable(res: ApiResponse) {
  expect(res.status).toBe(503);
  expect(res.body).toMatchObject({ type: P + 'service-unavailable', service: 'oidc' });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

/**
 * Bearer JWTs from an identity provider (issue #5), against a provider served by the test over
 * real HTTP: discovery, JWKS, key rotation, and every way a token can be wrong.
 */
describe('identity-provider tokens (OIDC)', () => {
  const keys = new KeyFactory();
  const idp = new FakeIdentityProvider(AUDIENCE);
  const receiver = new Receiver();
  let api: ApiProcess;
  let worker: ManagedProcess;
  let k1: SigningKey;
  let k2: SigningKey;
  let rogue: SigningKey;
  const as = (token: string) => new ApiClient(api.url, token);
  const token = (sub: string, o: Partial<Parameters<FakeIdentityProvider['token']>[1]> = {}) => idp.token(sub, { key: k1, ...o });

  beforeAll(async () => {
    [k1, k2, rogue] = await Promise.all([newSigningKey('k1'), newSigningKey('k2'), newSigningKey('k1')]);
    await Promise.all([idp.start(), receiver.start()]);
    idp.published = [k1];
    // The worker delivers callbacks (to the receiver on loopback, hence CALLBACK_ALLOW_PRIVATE).
    [api, worker] = await Promise.all([
      startApi({
        QUEUE_SUFFIX: 'oidc',
        CALLBACK_ALLOW_PRIVATE: 'true',
        OIDC_ISSUER: idp.issuer,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_ADMIN_CLAIM: 'roles=sentir-admin',
        OIDC_CLOCK_TOLERANCE_SECONDS: '30',
        OIDC_JWKS_COOLDOWN_SECONDS: '1',
      }),
      startWorker({ QUEUE_SUFFIX: 'oidc', CALLBACK_ALLOW_PRIVATE: 'true' }),
    ]);
  });

  afterAll(async () => {
    await stopAll(api, worker);
    await Promise.all([idp.stop(), receiver.stop()]);
    await keys.close();
  });

  describe('a valid token', () => {
    let taskId: string;

    it('creates and reads a task; its sub becomes a user on first sight (discovered JWKS)', async () => {
      const alice = as(await token('alice'));
      const created = await alice.post('/api/v1/tasks/single', { text: 'El soporte respondió rápido' });
      expect(created.status).toBe(202);
      taskId = created.body.id;
      const read = await alice.get(`/api/v1/tasks/${taskId}`);
      expect(read.status).toBe(200);
      expect(read.body.id).toBe(taskId);
      expect(idp.discoveryRequests).toBe(1);
      expect(idp.jwksRequests).toBe(1);

      const me = await alice.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ via: 'oidc', keyId: null, isAdmin: false, userName: `alice@${new URL(idp.issuer).host}` });
    });

    it('another token with the same sub is the same user and sees the same tasks', async () => {
      const again = as(await token('alice', { issuedAt: Math.floor(Date.now() / 1000) - 5, claims: { jti: 'second' } }));
      expect((await again.get(`/api/v1/tasks/${taskId}`)).status).toBe(200);
      expect((await again.get('/api/v1/tasks')).body.data.map((t: { id: string }) => t.id)).toContain(taskId);
    });

    it("another sub is another user: alice's task is 404 for bob, and for an API-key user", async () => {
      const bob = as(await token('bob'));
      expect((await bob.get(`/api/v1/tasks/${taskId}`)).status).toBe(404);
      const keyUser = new ApiClient(api.url, (await keys.create('oidc-neighbour')).key);
      expect((await keyUser.get(`/api/v1/tasks/${taskId}`)).status).toBe(404);
    });

    it('concurrent first requests of a new sub create one user', async () => {
      const t = await token('grace');
      const answers = await Promise.all(Array.from({ length: 6 }, () => as(t).get('/api/v1/me')));
      expect(new Set(answers.map((r) => r.status))).toEqual(new Set([200]));
      expect(new Set(answers.map((r) => r.body.userId)).size).toBe(1);
    });

    it('never becomes an existing API-key user whose name matches (no takeover by choosing a sub)', async () => {
      const victim = await (await keys.service()).create(`mallory@${new URL(idp.issuer).host}`, true);
      const me = await as(await token('mallory')).get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.userId).not.toBe(victim.userId);
      expect(me.body.userName).toMatch(/^oidc-[0-9a-f]{32}$/);
      expect(me.body.isAdmin).toBe(false);
    });

    it('the admin claim makes the user an admin', async () => {
      const admin = await as(await token('carol', { claims: { roles: ['reader', 'sentir-admin'] } })).get('/api/v1/me');
      expect(admin.body).toMatchObject({ isAdmin: true, via: 'oidc' });
      const notAdmin = await as(await token('carol', { claims: { roles: ['reader'] } })).get('/api/v1/me');
      expect(notAdmin.body.isAdmin).toBe(false);
      expect(notAdmin.body.userId).toBe(admin.body.userId);
    });

    it("gets callbacks signed with its user's own webhook secret, the same for every token of the user; reads no key", async () => {
      const alice = as(await token('alice'));
      const created = await alice.post('/api/v1/tasks/single', { text: 'El técnico nunca vino', callbackUrl: `${receiver.url}/hooks/alice` }, { Prefer: 'wait=10' });
      expect(created.status).toBe(200);
      const [delivery] = await eventually(async () => receiver.at('/hooks/alice'), (d) => d.length === 1);
      expect(delivery.headers['sentir-event']).toBe('task.completed');
      expect(JSON.parse(delivery.raw).task).toMatchObject({ id: created.body.id, status: 'completed' });

      const first = await alice.get('/api/v1/me/webhook-secret');
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.body).toEqual({ webhookSecret: expect.stringMatching(/^[0-9a-f]{64}$/), signer: 'user' });
      expect(verifySignature(first.body.webhookSecret, String(delivery.headers['sentir-signature']), delivery.raw)).toBe(true);
      const again = await as(await token('alice', { claims: { jti: 'other' } })).get('/api/v1/me/webhook-secret');
      expect(again.body.webhookSecret).toBe(first.body.webhookSecret);
      // Another user has another secret.
      const bob = await as(await token('bob')).get('/api/v1/me/webhook-secret');
      expect(bob.body.webhookSecret).not.toBe(first.body.webhookSecret);

      const current = await alice.get('/api/v1/keys/current');
      expect(current.status).toBe(403);
      expect(current.body.type).toBe(P + 'forbidden');

      // Rotation: a new secret from now on, for every token of the user; the next callback is signed with it.
      const rotated = await alice.post('/api/v1/me/webhook-secret/rotate');
      expect(rotated.status).toBe(200);
      expect(rotated.body).toEqual({ webhookSecret: expect.stringMatching(/^[0-9a-f]{64}$/), signer: 'user' });
      expect(rotated.body.webhookSecret).not.toBe(first.body.webhookSecret);
      expect((await alice.get('/api/v1/me/webhook-secret')).body.webhookSecret).toBe(rotated.body.webhookSecret);
      await alice.post('/api/v1/tasks/single', { text: 'Ahora sí funciona', callbackUrl: `${receiver.url}/hooks/alice` });
      const [, second] = await eventually(async () => receiver.at('/hooks/alice'), (d) => d.length === 2);
      expect(verifySignature(rotated.body.webhookSecret, String(second.headers['sentir-signature']), second.raw)).toBe(true);
      expect(verifySignature(first.body.webhookSecret, String(second.headers['sentir-signature']), second.raw)).toBe(false);
    });

    it('API keys keep working alongside, unchanged', async () => {
      const created = await keys.create('oidc-key-user');
      const client = new ApiClient(api.url, created.key);
      expect((await client.post('/api/v1/tasks/single', { text: 'hello' })).status).toBe(202);
      const me = await client.get('/api/v1/me');
      expect(me.body).toMatchObject({ via: 'api-key', keyId: created.id, userId: created.userId });
      const current = await client.get('/api/v1/keys/current');
      expect(current.status).toBe(200);
      // For a key, the signing secret is the key's own.
      expect((await client.get('/api/v1/me/webhook-secret')).body).toEqual({ webhookSecret: current.body.webhookSecret, signer: 'api-key' });
      const rotate = await client.post('/api/v1/me/webhook-secret/rotate');
      expect(rotate.status).toBe(403);
      expect(rotate.body.detail).toMatch(/create a new key/);
    });
  });

  describe('refused tokens: 401 invalid_token with a precise reason', () => {
    const now = () => Math.floor(Date.now() / 1000);

    it('expired beyond the leeway; expired within it still passes', async () => {
      expectInvalidToken(await as(await token('alice', { issuedAt: now() - 600, expiresAt: now() - 60 })).get('/api/v1/tasks'), /expired/);
      expect((await as(await token('alice', { issuedAt: now() - 600, expiresAt: now() - 10 })).get('/api/v1/tasks')).status).toBe(200);
    });

    it('not valid yet beyond the leeway; within it passes', async () => {
      expectInvalidToken(await as(await token('alice', { notBefore: now() + 120 })).get('/api/v1/tasks'), /not valid yet/);
      expect((await as(await token('alice', { notBefore: now() + 10 })).get('/api/v1/tasks')).status).toBe(200);
    });

    it('another audience', async () => {
      expectInvalidToken(await as(await token('alice', { audience: 'someone-else' })).get('/api/v1/tasks'), /audience \(aud\) does not include sentir-e2e/);
      // One of several audiences is enough.
      expect((await as(await token('alice', { audience: ['someone-else', AUDIENCE] })).get('/api/v1/tasks')).status).toBe(200);
    });

    it('another issuer (even a prefix of ours)', async () => {
      expectInvalidToken(await as(await token('alice', { issuer: 'https://evil.example' })).get('/api/v1/tasks'), /not issued by/);
      expectInvalidToken(await as(await token('alice', { issuer: `${idp.issuer}/` })).get('/api/v1/tasks'), /not issued by/);
    });

    it('signed by another key that claims our kid', async () => {
      expectInvalidToken(await as(await idp.token('alice', { key: rogue })).get('/api/v1/tasks'), /signature is not valid/);
    });

    it('alg none, and HS256 keyed with the public key', async () => {
      const claims = { sub: 'alice', iss: idp.issuer, aud: AUDIENCE, exp: now() + 300 };
      expectInvalidToken(await as(unsignedToken({ alg: 'none', kid: 'k1' }, claims)).get('/api/v1/tasks'), /algorithm is not accepted/);
      const head = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64url');
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const sig = createHmac('sha256', JSON.stringify(k1.publicJwk)).update(`${head}.${body}`).digest('base64url');
      expectInvalidToken(await as(`${head}.${body}.${sig}`).get('/api/v1/tasks'), /algorithm is not accepted/);
    });

    it('a token without exp (it would never expire)', async () => {
      expectInvalidToken(await as(await token('alice', { expiresAt: null })).get('/api/v1/tasks'), /no "exp" claim/);
    });
  });

  describe('key rotation', () => {
    it('an unknown kid is refused until the provider publishes it, then accepted after a refetch', async () => {
      const rotated = await idp.token('dave', { key: k2 });
      expectInvalidToken(await as(rotated).get('/api/v1/tasks'), /unknown kid/);

      idp.published = [k1, k2];
      await new Promise((r) => setTimeout(r, 1100)); // OIDC_JWKS_COOLDOWN_SECONDS
      const before = idp.jwksRequests;
      expect((await as(rotated).get('/api/v1/tasks')).status).toBe(200);
      expect(idp.jwksRequests).toBe(before + 1);
      // The old key still works while it is published.
      expect((await as(await token('dave')).get('/api/v1/tasks')).status).toBe(200);
    });

    it('a burst of made-up kids costs at most one download per cooldown', async () => {
      await new Promise((r) => setTimeout(r, 1100));
      const before = idp.jwksRequests;
      const forged = await Promise.all(Array.from({ length: 10 }, (_, i) => idp.token('eve', { key: rogue, kid: `made-up-${i}` })));
      const answers = await Promise.all(forged.map((t) => as(t).get('/api/v1/tasks')));
      for (const res of answers) expectInvalidToken(res, /unknown kid/);
      expect(idp.jwksRequests - before).toBeLessThanOrEqual(1);
    });

    it('while the provider is down, known keys keep working and an unknown kid is 503', async () => {
      idp.down = true;
      try {
        await new Promise((r) => setTimeout(r, 1100));
        expect((await as(await token('alice')).get('/api/v1/tasks')).status).toBe(200);
        expectOidcUnavailable(await as(await idp.token('frank', { key: rogue, kid: 'k3' })).get('/api/v1/tasks'));
      } finally {
        idp.down = false;
      }
    });
  });
});

describe('identity provider unreachable, or not configured', () => {
  const keys = new KeyFactory();
  const idp = new FakeIdentityProvider(AUDIENCE);
  let down: ApiProcess;
  let plain: ApiProcess;
  let k1: SigningKey;

  beforeAll(async () => {
    k1 = await newSigningKey('k1');
    await idp.start();
    // Nothing listens on this port: discovery fails with ECONNREFUSED.
    const dead = `http://127.0.0.1:${await freePort()}`;
    [down, plain] = await Promise.all([
      startApi({ QUEUE_SUFFIX: 'oidc-down', OIDC_ISSUER: dead, OIDC_AUDIENCE: AUDIENCE }),
      startApi({ QUEUE_SUFFIX: 'oidc-none' }),
    ]);
  });

  afterAll(async () => {
    await stopAll(down, plain);
    await idp.stop();
    await keys.close();
  });

  it('503 service-unavailable (oidc), not 401 or 500, while the keys cannot be fetched; API keys unaffected', async () => {
    const t = await idp.token('alice', { key: k1 });
    expectOidcUnavailable(await new ApiClient(down.url, t).get('/api/v1/tasks'));
    expect((await new ApiClient(down.url, (await keys.create('oidc-down')).key).get('/api/v1/tasks')).status).toBe(200);
  });

  it('without OIDC_ISSUER a JWT is refused with a clear reason', async () => {
    const res = await new ApiClient(plain.url, await idp.token('alice', { key: k1 })).get('/api/v1/tasks');
    expectInvalidToken(res, /OIDC_ISSUER is not set/);
  });
});
