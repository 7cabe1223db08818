import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { createRedis } from '../redis/redis-connection';
import { QueueName } from './queue-names';
import { defaultJobOptions } from './queue.defaults';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const ANALYSIS_QUEUE = Symbol('ANALYSIS_QUEUE');
export const BATCH_QUEUE = Symbol('BATCH_QUEUE');

/** Process role decides how Redis connections behave (see createRedis). */
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');
export type ProcessRole = 'api' | 'worker';

@Injectable()
class QueueLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(ANALYSIS_QUEUE) private readonly queue: Queue,
    @Inject(BATCH_QUEUE) private readonly batchQueue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.queue.close(), this.batchQueue.close()]).catch(() => undefined);
    this.redis.disconnect();
  }
}

function producer(name: QueueName) {
  return (config: ConfigService<AppConfig, true>, redis: IORedis): Queue => {
    const q = config.get('queue', { infer: true });
    const queue = new Queue(name, { connection: redis, prefix: q.prefix, defaultJobOptions: defaultJobOptions(q) });
    queue.on('error', () => undefined);
    return queue;
  };
}

/**
 * Redis and the BullMQ producers, shared by API and worker. Queues use QUEUE_PREFIX so
 * several stacks (and test runs) can share one Redis without seeing each other's jobs.
 */
@Global()
@Module({})
export class QueueModule {
  static forRole(role: ProcessRole) {
    return {
      module: QueueModule,
      providers: [
        { provide: PROCESS_ROLE, useValue: role },
        {
          provide: REDIS_CLIENT,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) =>
            createRedis(config.get('redis', { infer: true }).url, role, `${role}-main`),
        },
        { provide: ANALYSIS_QUEUE, inject: [ConfigService, REDIS_CLIENT], useFactory: producer(QueueName.Analysis) },
        { provide: BATCH_QUEUE, inject: [ConfigService, REDIS_CLIENT], useFactory: producer(QueueName.Batch) },
        QueueLifecycle,
      ],
      exports: [REDIS_CLIENT, ANALYSIS_QUEUE, BATCH_QUEUE, PROCESS_ROLE],
    };
  }
}
