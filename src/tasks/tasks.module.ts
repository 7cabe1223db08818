import { AuthModule } from '../auth/auth.module';
import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { FilesModule } from '../files/files.module';
import { TaxonomiesModule } from '../taxonomies/taxonomies.module';
import { MetricsModule } from '../monitoring/monitoring.module';
import { BatchRepository } from './batch.repository';
import { CallbacksService } from './callbacks/callbacks.service';
import { TaskEventsService } from './task-events.service';
import { AdminTasksController } from './admin-tasks.controller';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TaskResultsService } from './task-results.service';
import { TasksService } from './tasks.service';

@Module({
  // CacheModule: whether a finished batch's rows may be reused (the engine the workers run).
  // AuthModule: callbacks of identity-provider users are signed with their user's webhook secret.
  imports: [MetricsModule, FilesModule, TaxonomiesModule, CacheModule, AuthModule],
  controllers: [TasksController, AdminTasksController],
  providers: [TasksService, TaskResultsService, TasksRepository, BatchRepository, TaskEventsService, CallbacksService],
  exports: [TasksService, TasksRepository, BatchRepository, TaskEventsService, CallbacksService],
})
export class TasksModule {}
