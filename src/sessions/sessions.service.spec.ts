import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { parseIfMatch } from '../common/http/if-match';
import type { AppConfig } from '../config/config';
import type { SessionEventsService } from './session-events.service';
import type { SessionMetrics } from './session.metrics';
import type { SessionStore } from './session.store';
import type { SessionRecord } from './session.entity';
import type { SessionsRepository } from './sessions.repository';
import { ifMatchAllows, SessionsService } from './sessions.service';

const ID = '6f1c2a4e-9b1d-4c3e-8f00-0123456789ab';
const alice: Principal = { userId: 'a0000000-0000-4000-8000-000000000001', userName: 'alice', keyId: 'k1', isAdmin: false } as Principal;
const LIMITS = { ttlSeconds: 3600, maxPerUser: 5, maxBytes: 1024, purgeIntervalMs: 60_000 };

function session(version: number, state: SessionRecord['state']): SessionRecord {
  const t = new Date('2026-03-01T10:00:00Z');
  return { id: ID, userId: alice.userId, state, version, createdAt: t, lastActivityAt: t, expiresAt: new Date(t.getTime() + 3_600_000) };
}

function setup() {
  const repo = {
    findLive: jest.fn(),
    updateState: jest.fn(),
    deleteLive: jest.fn(),
    createEvicting: jest.fn(),
    touch: jest.fn().mockResolvedValue(undefined),
    touchLive: jest.fn(),
  };
  const store = {
    write: jest.fn().mockResolvedValue(undefined),
    bury: jest.fn().mockResolvedValue(undefined),
    touch: jest.fn(),
    peek: jest.fn(),
  };
  const events = { publish: jest.fn().mockResolvedValue(undefined) };
  const metrics = { evictions: { inc: jest.fn() } };
  const config = { get: jest.fn(() => LIMITS) };
  const sut = new SessionsService(
    repo as unknown as SessionsRepository,
    store as unknown as SessionStore,
    events as unknown as SessionEventsService,
    metrics as unknown as SessionMetrics,
    config as unknown as ConfigService<AppConfig, true>,
  );
  return { sut, repo, store, events, metrics };
}

const updated = (version: number) => {
  const { state: _s, ...meta } = session(version, {});
  return meta;
};

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected a rejection');
}

beforeAll(() => Logger.overrideLogger(false));

describe('ifMatchAllows', () => {
  it.each([
    [undefined, 3, true],
    ['*', 3, true],
    ['W/"3"', 3, true],
    ['"3"', 3, true],
    ['W/"2", W/"3"', 3, true],
    ['W/"2"', 3, false],
    ['"abc"', 3, false],
  ])('If-Match %p at version %p → %p', (header, version, allowed) => {
    expect(ifMatchAllows(parseIfMatch(header), version)).toBe(allowed);
  });
});

describe('SessionsService.patch', () => {
  it('merges the patch into the state read from PostgreSQL and writes it at that version', async () => {
    const { sut, repo, store, events } = setup();
    repo.findLive.mockResolvedValue(session(3, { view: 'files', filters: { lang: 'es', sentiment: 'neg' } }));
    repo.updateState.mockResolvedValue(updated(4));

    const result = await sut.patch(alice, ID, { state: { view: 'tasks', filters: { lang: null } } }, parseIfMatch('W/"3"'));

    expect(repo.updateState).toHaveBeenCalledWith(alice.userId, ID, 3, '{"view":"tasks","filters":{"sentiment":"neg"}}', expect.any(Date), expect.any(Date));
    expect(result).toMatchObject({ version: 4, state: { view: 'tasks', filters: { sentiment: 'neg' } } });
    expect(store.write).toHaveBeenCalledWith(result, '{"view":"tasks","filters":{"sentiment":"neg"}}');
    expect(events.publish).toHaveBeenCalledWith(expect.objectContaining({ type: 'changed', sessionId: ID, session: expect.objectContaining({ version: 4, etag: 'W/"4"' }) }));
  });

  it('answers a stale If-Match with version-conflict carrying the current session, and writes nothing', async () => {
    const { sut, repo, store, events } = setup();
    repo.findLive.mockResolvedValue(session(5, { view: 'files' }));

    const err = await rejection(sut.patch(alice, ID, { state: { view: 'tasks' } }, parseIfMatch('W/"4"')));

    expect(err.code).toBe('version-conflict');
    expect(err.headers).toEqual({ ETag: 'W/"5"' });
    expect(err.extensions).toMatchObject({ currentVersion: 5, current: { id: ID, version: 5, etag: 'W/"5"', state: { view: 'files' } } });
    expect(repo.updateState).not.toHaveBeenCalled();
    expect(store.write).not.toHaveBeenCalled();
    expect(events.publish).not.toHaveBeenCalled();
  });

  it('with If-Match, a write lost to another tab between read and write is also a conflict', async () => {
    const { sut, repo } = setup();
    repo.findLive.mockResolvedValueOnce(session(3, { a: 1 })).mockResolvedValueOnce(session(4, { a: 2 }));
    repo.updateState.mockResolvedValue(null);

    const err = await rejection(sut.patch(alice, ID, { state: { b: 1 } }, parseIfMatch('W/"3"')));

    expect(err.code).toBe('version-conflict');
    expect(err.extensions).toMatchObject({ current: { version: 4, state: { a: 2 } } });
    expect(repo.updateState).toHaveBeenCalledTimes(1);
  });

  it('without If-Match, retries on the newer version so that both patches apply', async () => {
    const { sut, repo } = setup();
    repo.findLive.mockResolvedValueOnce(session(3, { a: 1 })).mockResolvedValueOnce(session(4, { a: 1, other: true }));
    repo.updateState.mockResolvedValueOnce(null).mockResolvedValueOnce(updated(5));

    const result = await sut.patch(alice, ID, { state: { b: 2 } }, undefined);

    expect(repo.updateState).toHaveBeenNthCalledWith(2, alice.userId, ID, 4, '{"a":1,"other":true,"b":2}', expect.any(Date), expect.any(Date));
    expect(result).toMatchObject({ version: 5, state: { a: 1, other: true, b: 2 } });
  });

  it('treats a patch that changes nothing as a read: same version, no event', async () => {
    const { sut, repo, store, events } = setup();
    const current = session(2, { a: 1 });
    repo.findLive.mockResolvedValue(current);

    const result = await sut.patch(alice, ID, { state: { a: 1, gone: null } }, parseIfMatch('W/"2"'));

    expect(result).toMatchObject({ version: 2, state: { a: 1 } });
    expect(result.expiresAt.getTime()).toBeGreaterThan(current.expiresAt.getTime());
    expect(repo.updateState).not.toHaveBeenCalled();
    expect(repo.touch).toHaveBeenCalledWith(alice.userId, ID, result.lastActivityAt, result.expiresAt);
    expect(store.write).toHaveBeenCalledWith(result);
    expect(events.publish).not.toHaveBeenCalled();
  });

  it('measures the resulting state: 413 session-too-large with the sizes', async () => {
    const { sut, repo } = setup();
    repo.findLive.mockResolvedValue(session(1, { notes: 'x'.repeat(900) }));

    const err = await rejection(sut.patch(alice, ID, { state: { more: 'y'.repeat(200) } }, undefined));

    expect(err.code).toBe('session-too-large');
    expect(err.extensions).toEqual({ limitBytes: 1024, sizeBytes: expect.any(Number) });
    expect((err.extensions as { sizeBytes: number }).sizeBytes).toBeGreaterThan(1024);
    expect(repo.updateState).not.toHaveBeenCalled();
  });

  it.each([
    [['not', 'an', 'object'], 'body'],
    [{ state: [1, 2] }, 'state'],
    [{ state: 'text' }, 'state'],
    [{ version: 9 }, 'version'],
    [{ state: {}, extra: 1 }, 'extra'],
  ])('refuses %j (400 naming %s)', async (body, field) => {
    const { sut } = setup();
    const err = await rejection(sut.patch(alice, ID, body, undefined));
    expect(err.code).toBe('validation-failed');
    expect(err.extensions).toMatchObject({ errors: [expect.objectContaining({ field })] });
  });

  it('refuses state nested deeper than 32 levels before merging it', async () => {
    const { sut, repo } = setup();
    repo.findLive.mockResolvedValue(session(1, {}));
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const err = await rejection(sut.patch(alice, ID, { state: deep }, undefined));
    expect(err.code).toBe('validation-failed');
    expect(err.message).toMatch(/32 levels/);
  });

  it('empties the state with "state": null', async () => {
    const { sut, repo } = setup();
    repo.findLive.mockResolvedValue(session(1, { a: 1 }));
    repo.updateState.mockResolvedValue(updated(2));
    await expect(sut.patch(alice, ID, { state: null }, undefined)).resolves.toMatchObject({ state: {} });
  });

  it('is 404 for a session that is missing, expired or someone else\'s', async () => {
    const { sut, repo } = setup();
    repo.findLive.mockResolvedValue(null);
    expect((await rejection(sut.patch(alice, ID, { state: {} }, undefined))).code).toBe('not-found');
    expect((await rejection(sut.patch(alice, 'not-a-uuid', { state: {} }, undefined))).code).toBe('not-found');
  });
});

describe('SessionsService.create', () => {
  it('evicts what the repository chose, buries it in Redis, counts it and tells its streams', async () => {
    const { sut, repo, store, events, metrics } = setup();
    repo.createEvicting.mockImplementation(async (_s, choose) => {
      const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
      const live = [1, 2, 3, 4, 5].map((n) => ({ id: `s${n}`, lastActivityAt: t(10 - n), createdAt: t(0) }));
      return { session: updated(1), evicted: choose([...live, { id: ID, lastActivityAt: t(20), createdAt: t(20) }], ID) };
    });

    const created = await sut.create(alice, { state: { view: 'home' } });

    expect(created).toMatchObject({ id: ID, version: 1, state: { view: 'home' } });
    expect(store.bury).toHaveBeenCalledWith(alice.userId, ['s5'], 'evicted', 3_600_000);
    expect(metrics.evictions.inc).toHaveBeenCalledWith(1);
    expect(events.publish).toHaveBeenCalledWith({ type: 'deleted', sessionId: 's5', userId: alice.userId, reason: 'evicted' });
  });

  it('still answers when Redis fails after PostgreSQL committed (PostgreSQL is the truth)', async () => {
    const { sut, repo, store } = setup();
    repo.createEvicting.mockResolvedValue({ session: updated(1), evicted: [] });
    store.write.mockRejectedValue(new Error('Connection is closed.'));
    await expect(sut.create(alice, undefined)).resolves.toMatchObject({ state: {} });
  });
});

describe('SessionsService.get', () => {
  it('falls back to PostgreSQL when Redis has no copy, and fills Redis again', async () => {
    const { sut, repo, store } = setup();
    store.touch.mockResolvedValue({ kind: 'missing' });
    const row = session(7, { restored: true });
    repo.touchLive.mockResolvedValue(row);

    await expect(sut.get(alice, ID)).resolves.toBe(row);
    expect(store.write).toHaveBeenCalledWith(row);
  });

  it('is 404 on a tombstone without asking PostgreSQL', async () => {
    const { sut, repo, store } = setup();
    store.touch.mockResolvedValue({ kind: 'gone', reason: 'evicted' });
    expect((await rejection(sut.get(alice, ID))).code).toBe('not-found');
    expect(repo.touchLive).not.toHaveBeenCalled();
  });
});
