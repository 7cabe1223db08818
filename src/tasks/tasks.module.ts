import { Module } from '@nestjs/common';
import { MetricsModule } from '../monitoring/monitoring.module';
import { TaskEventsService } from './task-events.service';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  imports: [MetricsModule],
  controllers: [TasksController],
  providers: [TasksService, TasksRepository, TaskEventsService],
  exports: [TasksService, TasksRepository, TaskEventsService],
})
export class TasksModule {}
