import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { ForbiddenError, NotFoundError } from '../common/errors/domain-error';
import type { UsageDayDto, UsageDto, UsageTotalsDto } from './dto/usage.dto';
import { parseUsageRange } from './usage-range';
import { UsageDayRow, UsageReportRepository } from './usage-report.repository';

/** Per-day usage of one user: the caller's own, or anyone's for an admin. */
@Injectable()
export class UsageService {
  constructor(private readonly usage: UsageReportRepository) {}

  async forUser(principal: Principal, query: { from?: string; to?: string; userId?: string }, now = new Date()): Promise<UsageDto> {
    const userId = query.userId ?? principal.userId;
    if (userId !== principal.userId) {
      if (!principal.isAdmin) throw new ForbiddenError("Only administrators may read another user's usage.");
      if (!(await this.usage.userExists(userId))) throw new NotFoundError('User', userId);
    }
    const range = parseUsageRange(query.from, query.to, now);
    const days = (await this.usage.daily(userId, range)).map(presentDay);
    return { from: range.from, to: range.to, userId, days, totals: addUp(days) };
  }
}

function presentDay(r: UsageDayRow): UsageDayDto {
  return {
    day: r.day,
    tasks: { created: r.created, single: r.single, batch: r.batch },
    texts: r.texts,
    errors: { tasks: r.failedTasks, rows: r.errorRows },
    cacheHits: r.cacheHits,
    tokens: { prompt: r.promptTokens, completion: r.completionTokens },
    costUsd: roundUsd(r.costUsd),
  };
}

function addUp(days: UsageDayDto[]): UsageTotalsDto {
  const t: UsageTotalsDto = { tasks: { created: 0, single: 0, batch: 0 }, texts: 0, errors: { tasks: 0, rows: 0 }, cacheHits: 0, tokens: { prompt: 0, completion: 0 }, costUsd: 0 };
  for (const d of days) {
    t.tasks.created += d.tasks.created;
    t.tasks.single += d.tasks.single;
    t.tasks.batch += d.tasks.batch;
    t.texts += d.texts;
    t.errors.tasks += d.errors.tasks;
    t.errors.rows += d.errors.rows;
    t.cacheHits += d.cacheHits;
    t.tokens.prompt += d.tokens.prompt;
    t.tokens.completion += d.tokens.completion;
    t.costUsd += d.costUsd;
  }
  t.costUsd = roundUsd(t.costUsd);
  return t;
}

/** The scale of usage_records.cost_usd (numeric(18, 8)), without float noise such as 0.30000000000000004. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e8) / 1e8;
}
