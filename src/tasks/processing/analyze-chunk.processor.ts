import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import type { AnalyzeChunkPayload, FinalizeBatchPayload } from '../../common/queue/job-payloads';
import { BatchAnalysisService, ChunkOutcome } from './batch-analysis.service';

/** Thin on purpose: business rules live in BatchAnalysisService. */
@Injectable()
export class AnalyzeChunkProcessor {
  constructor(private readonly batches: BatchAnalysisService) {}

  async process(job: Pick<Job<AnalyzeChunkPayload>, 'data'>): Promise<{ outcome: ChunkOutcome }> {
    return { outcome: await this.batches.runChunk(job.data.taskId, job.data.chunkIndex) };
  }
}

@Injectable()
export class FinalizeBatchProcessor {
  constructor(private readonly batches: BatchAnalysisService) {}

  async process(job: Pick<Job<FinalizeBatchPayload>, 'data'>): Promise<{ outcome: string }> {
    return { outcome: await this.batches.finalize(job.data.taskId) };
  }
}
