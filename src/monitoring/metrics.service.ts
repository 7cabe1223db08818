import { Inject, Injectable, Optional } from '@nestjs/common';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ANALYSIS_QUEUE, BATCH_QUEUE } from '../common/queue/queue.module';

const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed', 'paused', 'waiting-children'] as const;

/**
 * Prometheus metrics of this process (API or worker): one registry per process,
 * served at /metrics by the API and on WORKER_METRICS_PORT by each worker.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly tasksCreated = new Counter({
    name: 'sentir_tasks_created_total',
    help: 'Tasks created, by type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly tasksFinished = new Counter({
    name: 'sentir_tasks_finished_total',
    help: 'Tasks that reached a terminal status, by type and status (completed, failed, cancelled).',
    labelNames: ['type', 'status'] as const,
    registers: [this.registry],
  });

  readonly tasksRetried = new Counter({
    name: 'sentir_tasks_retried_total',
    help: 'Failed or cancelled tasks put back in line by POST /tasks/{id}/retry, by type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly jobsProcessed = new Counter({
    name: 'sentir_jobs_processed_total',
    help: 'Jobs this worker finished successfully.',
    labelNames: ['queue', 'name'] as const,
    registers: [this.registry],
  });

  readonly jobsFailed = new Counter({
    name: 'sentir_jobs_failed_total',
    help: 'Job attempts that failed in this worker, by whether BullMQ will retry.',
    labelNames: ['queue', 'name', 'final'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'sentir_job_duration_seconds',
    help: 'Time a worker spent on one job.',
    labelNames: ['queue', 'name'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly textsAnalysed = new Counter({
    name: 'sentir_texts_analysed_total',
    help: 'Texts analysed, by detected language.',
    labelNames: ['language'] as const,
    registers: [this.registry],
  });

  readonly tasksReconciled = new Counter({
    name: 'sentir_tasks_reconciled_total',
    help: 'Tasks the reconciler re-enqueued or failed because their job was missing (requeued, failed), or whose never-enqueued callback it scheduled (callback).',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  readonly filesUploaded = new Counter({
    name: 'sentir_files_uploaded_total',
    help: 'Files accepted and stored, by format.',
    labelNames: ['format'] as const,
    registers: [this.registry],
  });

  readonly filesRejected = new Counter({
    name: 'sentir_files_rejected_total',
    help: 'Uploads refused, by reason code (zip_bomb, invalid_encoding…).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly batchRows = new Counter({
    name: 'sentir_batch_rows_total',
    help: 'Batch rows written by this worker, by outcome (analysed or error).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly callbacks = new Counter({
    name: 'sentir_callbacks_total',
    help: 'Task callbacks: delivered, gone (receiver answered 410), failed (will retry), exhausted (last attempt failed), refused (address not allowed), skipped (task or key gone), enqueue_failed.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'sentir_cache_requests_total',
    help: 'Analysis cache look-ups by level (memory, redis) and result (hit, miss, error = Redis unavailable). A text repeated within a chunk counts as a memory hit.',
    labelNames: ['level', 'result'] as const,
    registers: [this.registry],
  });

  readonly cacheMemoryEntries = new Gauge({
    name: 'sentir_cache_memory_entries',
    help: "Entries in this worker's in-process analysis cache.",
    registers: [this.registry],
  });

  readonly cacheMemoryBytes = new Gauge({
    name: 'sentir_cache_memory_bytes',
    help: "Approximate bytes held by this worker's in-process analysis cache.",
    registers: [this.registry],
  });

  readonly llmTokens = new Counter({
    name: 'sentir_llm_tokens_total',
    help: 'Tokens the LLM engine was billed for, by model and kind (prompt or completion).',
    labelNames: ['model', 'kind'] as const,
    registers: [this.registry],
  });

  readonly llmCost = new Counter({
    name: 'sentir_llm_cost_usd_total',
    help: 'Estimated LLM spend in USD (tokens × the configured price table), by model.',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  readonly llmRequests = new Counter({
    name: 'sentir_llm_requests_total',
    help: 'LLM HTTP attempts by model and outcome: ok, invalid_response, rate_limited, server_error, timeout, connection_error, client_error.',
    labelNames: ['model', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly llmFallbackRows = new Counter({
    name: 'sentir_llm_fallback_rows_total',
    help: 'Texts the local engine labelled because the LLM could not, by reason (request_failed, invalid_response, missing_row).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly llmCacheHits = new Counter({
    name: 'sentir_llm_cache_hits_total',
    help: 'Texts answered from the LLM content-hash cache, by model.',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  constructor(@Optional() @Inject(ANALYSIS_QUEUE) queue?: Queue, @Optional() @Inject(BATCH_QUEUE) batchQueue?: Queue) {
    collectDefaultMetrics({ register: this.registry });
    const queues = [queue, batchQueue].filter((q): q is Queue => q !== undefined);
    if (queues.length) {
      new Gauge({
        name: 'sentir_queue_jobs',
        help: 'Jobs in each queue by state (read from Redis at scrape time).',
        labelNames: ['queue', 'state'] as const,
        registers: [this.registry],
        async collect() {
          try {
            for (const q of queues) {
              const counts = await q.getJobCounts(...JOB_STATES);
              for (const state of JOB_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
            }
          } catch {
            // Redis unreachable: leave the last values; the scrape itself must not fail.
          }
        },
      });
    }
  }

  /** Keep the route label bounded: templates only, never raw paths. */
  observeHttp(method: string, route: string | undefined, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route: route ?? 'unmatched', status: String(status) }, seconds);
  }
}
