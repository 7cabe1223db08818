import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PROCESS_ROLE, type ProcessRole } from '../common/queue/queue.module';
import { createRedis } from '../common/redis/redis-connection';
import { AppConfig } from '../config/config';
import { MetricsModule } from '../monitoring/monitoring.module';
import { AnalysisCache, CACHE_REDIS } from './analysis-cache';
import { CacheController } from './cache.controller';
import { CacheService } from './cache.service';

/**
 * The analysis result cache: AnalysisCache (used by workers), CacheService and the admin
 * routes (API). Its own fail-fast Redis connection, even when CACHE_REDIS_URL is REDIS_URL:
 * a cache command must never wait like a queue command does.
 */
@Module({
  imports: [MetricsModule],
  controllers: [CacheController],
  providers: [
    {
      provide: CACHE_REDIS,
      inject: [ConfigService, PROCESS_ROLE],
      useFactory: (config: ConfigService<AppConfig, true>, role: ProcessRole) => {
        const c = config.get('cache', { infer: true });
        return c.enabled ? createRedis(c.redisUrl, 'cache', `${role}-cache`) : null;
      },
    },
    AnalysisCache,
    CacheService,
  ],
  exports: [AnalysisCache, CacheService],
})
export class CacheModule {}
