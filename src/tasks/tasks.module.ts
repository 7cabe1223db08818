import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { MetricsModule } from '../monitoring/monitoring.module';
import { BatchRepository } from './batch.repository';
import { CallbacksService } from './callbacks/callbacks.service';
import { TaskEventsService } from './task-events.service';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TaskResultsService } from './task-results.service';
import { TasksService } from './tasks.service';

@Module({
  imports: [MetricsModule, FilesModule],
  controllers: [TasksController],
  providers: [TasksService, TaskResultsService, TasksRepository, BatchRepository, TaskEventsService, CallbacksService],
  exports: [TasksService, TasksRepository, BatchRepository, TaskEventsService, CallbacksService],
})
export class TasksModule {}
