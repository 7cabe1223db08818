import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BackingServicesHealth, HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Metrics for every process; the HTTP controllers are mounted by the API only. */
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}

@Module({
  imports: [MetricsModule, TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
  controllers: [HealthController, MetricsController],
  providers: [BackingServicesHealth],
})
export class MonitoringModule {}
