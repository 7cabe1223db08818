import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { AnalyzeTextPayload } from '../../common/queue/job-payloads';
import { AnalysisOutcome, TaskAnalysisService } from './task-analysis.service';

/** Thin on purpose: business rules live in TaskAnalysisService. */
@Injectable()
export class AnalyzeTextProcessor {
  constructor(private readonly analysis: TaskAnalysisService) {}

  async process(job: Pick<Job<AnalyzeTextPayload>, 'data'>): Promise<{ outcome: AnalysisOutcome }> {
    return { outcome: await this.analysis.runAnalysis(job.data.taskId) };
  }
}
