import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { PROCESS_ROLE } from '../common/queue/queue.module';
import type { ProcessRole } from '../common/queue/queue.module';
import { MetricsService } from '../monitoring/metrics.service';
import { SessionsRepository } from './sessions.repository';

/** Session metrics, registered in this process's registry (kept here so the feature owns them). */
@Injectable()
export class SessionMetrics {
  readonly evictions: Counter;

  constructor(metrics: MetricsService, repo: SessionsRepository, @Inject(PROCESS_ROLE) role: ProcessRole) {
    this.evictions = new Counter({
      name: 'sentir_session_evictions_total',
      help: 'Sessions evicted because their user created one more than SESSION_MAX_PER_USER (least recently active first).',
      registers: [metrics.registry],
    });
    // One process kind reports it, so that a sum over API and workers does not double it.
    if (role !== 'api') return;
    new Gauge({
      name: 'sentir_sessions_live',
      help: 'Live (unexpired) sessions of all users, counted in PostgreSQL at scrape time.',
      registers: [metrics.registry],
      async collect() {
        try {
          this.set(await repo.countLive(new Date()));
        } catch {
          // PostgreSQL unreachable: keep the last value; the scrape itself must not fail.
        }
      },
    });
  }
}
