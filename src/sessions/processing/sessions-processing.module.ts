import { Module } from '@nestjs/common';
import { MetricsModule } from '../../monitoring/monitoring.module';
import { SessionsModule } from '../sessions.module';
import { PurgeSessionsProcessor } from './purge-sessions.processor';
import { SessionPurgeService } from './session-purge.service';
import { SessionsWorker } from './sessions.worker';

/** Worker-only: the repeatable purge of expired sessions. Never imported by AppModule. */
@Module({
  imports: [SessionsModule, MetricsModule],
  providers: [SessionPurgeService, PurgeSessionsProcessor, SessionsWorker],
})
export class SessionsProcessingModule {}
