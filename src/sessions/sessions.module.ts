import { Module } from '@nestjs/common';
import { MetricsModule } from '../monitoring/monitoring.module';
import { SessionEventsService } from './session-events.service';
import { SessionMetrics } from './session.metrics';
import { SessionStore } from './session.store';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

@Module({
  imports: [MetricsModule],
  controllers: [SessionsController],
  providers: [SessionsService, SessionsRepository, SessionStore, SessionEventsService, SessionMetrics],
  exports: [SessionsService, SessionsRepository, SessionStore],
})
export class SessionsModule {}
