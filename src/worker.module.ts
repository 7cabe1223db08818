import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { MetricsModule } from './monitoring/monitoring.module';
import { SessionsProcessingModule } from './sessions/processing/sessions-processing.module';
import { TasksProcessingModule } from './tasks/processing/tasks-processing.module';

/** The worker process: the same feature modules plus their processing modules. No HTTP API. */
@Module({
  imports: [CoreModule.forRole('worker'), MetricsModule, TasksProcessingModule, SessionsProcessingModule],
})
export class WorkerModule {}
