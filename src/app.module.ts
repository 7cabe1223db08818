import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyAuthGuard } from './auth/api-key-auth.guard';
import { AuthModule } from './auth/auth.module';
import { IpThrottlerGuard, KeyThrottlerGuard, keyLimitTracker, ThrottlerName } from './auth/rate-limit.guards';
import { RedisThrottlerStorage } from './auth/redis-throttler.storage';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { REDIS_CLIENT } from './common/queue/queue.module';
import IORedis from 'ioredis';
import { AppConfig } from './config/config';
import { CoreModule } from './core.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { FilesModule } from './files/files.module';
import { LimitsModule } from './limits/limits.module';
import { SessionsModule } from './sessions/sessions.module';
import { TasksModule } from './tasks/tasks.module';
import { CacheModule } from './cache/cache.module';
import { TaxonomiesModule } from './taxonomies/taxonomies.module';

/** The API process: HTTP routes only. It produces jobs but never consumes them. */
@Module({
  imports: [
    CoreModule.forRole('api'),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, REDIS_CLIENT],
      useFactory: (config: ConfigService<AppConfig, true>, redis: IORedis) => {
        const limits = config.get('limits', { infer: true });
        const prefix = config.get('queue', { infer: true }).prefix;
        // One counter per client across all routes, under the stack's prefix so stacks sharing a Redis stay apart.
        const generateKey = (_ctx: unknown, tracker: string, name: string) => `${prefix}:throttle:${name}:${tracker}`;
        return {
          throttlers: [
            { name: ThrottlerName.Ip, ttl: 60_000, limit: limits.ipRatePerMinute, generateKey },
            {
              name: ThrottlerName.Key,
              ttl: 60_000,
              limit: limits.ratePerMinute,
              generateKey,
              getTracker: keyLimitTracker,
            },
          ],
          storage: new RedisThrottlerStorage(redis),
        };
      },
    }),
    AuthModule,
    FilesModule,
    TasksModule,
    CacheModule,
    SessionsModule,
    TaxonomiesModule,
    LimitsModule,
    MonitoringModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    // Order matters: IP limit before the key check, key limit after it.
    { provide: APP_GUARD, useClass: IpThrottlerGuard },
    { provide: APP_GUARD, useClass: ApiKeyAuthGuard },
    { provide: APP_GUARD, useClass: KeyThrottlerGuard },
  ],
})
export class AppModule {}
