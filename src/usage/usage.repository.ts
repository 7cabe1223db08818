import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pgPool } from '../database/pg-pool';

/** One row of `usage_records`: what one chunk, single task or summary call spent. */
export interface UsageRecordWrite {
  userId: string;
  taskId: string | null;
  engine: string;
  model: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  texts: number;
  cacheHits: number;
  fallbackRows: number;
}

/** Sums over a task's records (retried chunks count again: they were paid for again). */
export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  cacheHits: number;
}

/** All SQL about `usage_records`. Written by workers; read for task results (and, later, a usage API). */
@Injectable()
export class UsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(r: UsageRecordWrite): Promise<void> {
    await pgPool(this.dataSource).query({
      name: 'usage_records_insert',
      text: `INSERT INTO usage_records (user_id, task_id, engine, model, requests, prompt_tokens, completion_tokens, cost_usd, texts, cache_hits, fallback_rows)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      values: [r.userId, r.taskId, r.engine, r.model, r.requests, r.promptTokens, r.completionTokens, r.costUsd.toFixed(8), r.texts, r.cacheHits, r.fallbackRows],
    });
  }

  async taskTotals(taskId: string): Promise<UsageTotals> {
    const res = await pgPool(this.dataSource).query<{ requests: number; promptTokens: string; completionTokens: string; costUsd: string; cacheHits: number }>(
      `SELECT COALESCE(sum(requests), 0)::int AS requests, COALESCE(sum(prompt_tokens), 0)::text AS "promptTokens",
              COALESCE(sum(completion_tokens), 0)::text AS "completionTokens", COALESCE(sum(cost_usd), 0)::text AS "costUsd",
              COALESCE(sum(cache_hits), 0)::int AS "cacheHits"
         FROM usage_records WHERE task_id = $1`,
      [taskId],
    );
    const t = res.rows[0];
    return { requests: t.requests, promptTokens: Number(t.promptTokens), completionTokens: Number(t.completionTokens), costUsd: Number(t.costUsd), cacheHits: t.cacheHits };
  }
}
