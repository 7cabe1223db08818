import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig, AppConfig } from './config/config';
import { AppLogger, createPino } from './common/logging';
import { ProcessRole, QueueModule } from './common/queue/queue.module';
import { typeormOptions } from './database/typeorm.options';

/** What every process needs: config, logs, PostgreSQL, Redis and queue producers. */
@Module({})
export class CoreModule {
  static forRole(role: ProcessRole): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => ({
            ...typeormOptions(config.get('database', { infer: true }), `sentir-${role}`),
            // Boot already checked reachability; later outages are handled per request.
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
        QueueModule.forRole(role),
      ],
      providers: [
        {
          provide: AppLogger,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => new AppLogger(createPino(config.get('log', { infer: true }), `sentir-${role}`)),
        },
      ],
      exports: [AppLogger],
    };
  }
}
