import { Module } from '@nestjs/common';
import { MetricsModule } from '../../monitoring/monitoring.module';
import { TasksModule } from '../tasks.module';
import { analysisEngineProvider } from './analysis-engine.provider';
import { AnalysisWorker } from './analysis.worker';
import { AnalyzeTextProcessor } from './analyze-text.processor';
import { TaskAnalysisService } from './task-analysis.service';
import { TaskReconciler } from './task-reconciler.service';

/** Worker-only: consumers, the analysis engine and the reconciler. Never imported by AppModule. */
@Module({
  imports: [TasksModule, MetricsModule],
  providers: [analysisEngineProvider, TaskAnalysisService, AnalyzeTextProcessor, AnalysisWorker, TaskReconciler],
})
export class TasksProcessingModule {}
