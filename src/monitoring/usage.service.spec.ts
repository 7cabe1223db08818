import type { Principal } from '../auth/principal';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error';
import type { UsageDayRow, UsageReportRepository } from './usage-report.repository';
import { UsageService } from './usage.service';

const NOW = new Date('2026-03-15T12:00:00Z');
const ALICE: Principal = { userId: 'a0000000-0000-4000-8000-000000000001', userName: 'alice', keyId: 'k1', isAdmin: false };
const ROOT: Principal = { userId: 'a0000000-0000-4000-8000-000000000009', userName: 'root', keyId: 'k9', isAdmin: true };

function row(day: string, over: Partial<UsageDayRow> = {}): UsageDayRow {
  return { day, created: 0, single: 0, batch: 0, texts: 0, failedTasks: 0, errorRows: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, ...over };
}

function fakeRepository(rows: UsageDayRow[], users: string[] = []) {
  return {
    daily: jest.fn(async () => rows),
    userExists: jest.fn(async (id: string) => users.includes(id)),
  };
}

describe('UsageService', () => {
  it("shapes each day and adds them up, for the caller's own user by default", async () => {
    const repo = fakeRepository([
      row('2026-03-14', { created: 3, single: 2, batch: 1, texts: 1002, errorRows: 4, cacheHits: 7, promptTokens: 1000, completionTokens: 200, costUsd: 0.1 }),
      row('2026-03-15', { created: 1, single: 1, texts: 0, failedTasks: 1, costUsd: 0.2 }),
    ]);
    const sut = new UsageService(repo as unknown as UsageReportRepository);

    const usage = await sut.forUser(ALICE, { from: '2026-03-14', to: '2026-03-15' }, NOW);

    expect(repo.daily).toHaveBeenCalledWith(ALICE.userId, { from: '2026-03-14', to: '2026-03-15', days: 2 });
    expect(usage.userId).toBe(ALICE.userId);
    expect(usage.days[0]).toEqual({
      day: '2026-03-14',
      tasks: { created: 3, single: 2, batch: 1 },
      texts: 1002,
      errors: { tasks: 0, rows: 4 },
      cacheHits: 7,
      tokens: { prompt: 1000, completion: 200 },
      costUsd: 0.1,
    });
    expect(usage.totals).toEqual({
      tasks: { created: 4, single: 3, batch: 1 },
      texts: 1002,
      errors: { tasks: 1, rows: 4 },
      cacheHits: 7,
      tokens: { prompt: 1000, completion: 200 },
      costUsd: 0.3, // not 0.30000000000000004
    });
  });

  it('lets a non-admin name only themselves', async () => {
    const repo = fakeRepository([]);
    const sut = new UsageService(repo as unknown as UsageReportRepository);

    await expect(sut.forUser(ALICE, { userId: ALICE.userId }, NOW)).resolves.toMatchObject({ userId: ALICE.userId });
    await expect(sut.forUser(ALICE, { userId: ROOT.userId }, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    expect(repo.userExists).not.toHaveBeenCalled();
  });

  it('lets an admin read an existing user, and says 404 for an unknown one', async () => {
    const repo = fakeRepository([], [ALICE.userId]);
    const sut = new UsageService(repo as unknown as UsageReportRepository);

    await expect(sut.forUser(ROOT, { userId: ALICE.userId }, NOW)).resolves.toMatchObject({ userId: ALICE.userId, from: '2026-02-14', to: '2026-03-15' });
    await expect(sut.forUser(ROOT, { userId: 'a0000000-0000-4000-8000-00000000dead' }, NOW)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a bad range before touching the database', async () => {
    const repo = fakeRepository([]);
    const sut = new UsageService(repo as unknown as UsageReportRepository);

    await expect(sut.forUser(ALICE, { from: '2026-03-16', to: '2026-03-15' }, NOW)).rejects.toBeInstanceOf(ValidationFailedError);
    expect(repo.daily).not.toHaveBeenCalled();
  });
});
