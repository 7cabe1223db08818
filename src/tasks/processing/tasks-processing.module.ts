import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { CacheModule } from '../../cache/cache.module';
import { MetricsModule } from '../../monitoring/monitoring.module';
import { FilesModule } from '../../files/files.module';
import { CallbackDeliveryService } from '../callbacks/callback-delivery.service';
import { TasksModule } from '../tasks.module';
import { UsageModule } from '../../usage/usage.module';
import { analysisEngineProvider, llmEngineProvider } from './analysis-engine.provider';
import { AnalysisWorker } from './analysis.worker';
import { AnalyzeChunkProcessor, FinalizeBatchProcessor } from './analyze-chunk.processor';
import { AnalyzeTextProcessor } from './analyze-text.processor';
import { BatchAnalysisService } from './batch-analysis.service';
import { CachedAnalysisService } from './cached-analysis.service';
import { CleanupProcessor } from './cleanup.processor';
import { DeliverCallbackProcessor } from './deliver-callback.processor';
import { LlmAnalysisService } from './llm-analysis.service';
import { RetentionService } from './retention.service';
import { TaskAnalysisService } from './task-analysis.service';
import { TaskReconciler } from './task-reconciler.service';

/** Worker-only: consumers, the analysis engine and the reconciler. Never imported by AppModule. */
@Module({
  // AuthModule: the webhook secret of the key that created a task signs its callbacks.
  imports: [TasksModule, FilesModule, MetricsModule, AuthModule, UsageModule, CacheModule],
  providers: [
    analysisEngineProvider,
    llmEngineProvider,
    LlmAnalysisService,
    CachedAnalysisService,
    TaskAnalysisService,
    BatchAnalysisService,
    AnalyzeTextProcessor,
    AnalyzeChunkProcessor,
    FinalizeBatchProcessor,
    RetentionService,
    CleanupProcessor,
    CallbackDeliveryService,
    DeliverCallbackProcessor,
    AnalysisWorker,
    TaskReconciler,
  ],
})
export class TasksProcessingModule {}
