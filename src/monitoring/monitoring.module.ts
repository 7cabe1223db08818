import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BackingServicesHealth, HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { QueueDashboardController } from './queue-dashboard.controller';
import { UsageController } from './usage.controller';
import { UsageReportRepository } from './usage-report.repository';
import { UsageService } from './usage.service';

/** Metrics for every process; the HTTP controllers are mounted by the API only. */
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}

@Module({
  imports: [MetricsModule, TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
  controllers: [HealthController, MetricsController, UsageController, QueueDashboardController],
  providers: [BackingServicesHealth, UsageService, UsageReportRepository],
})
export class MonitoringModule {}
