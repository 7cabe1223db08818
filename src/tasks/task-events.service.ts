import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import IORedis from 'ioredis';
import { AppConfig } from '../config/config';
import { PROCESS_ROLE, REDIS_CLIENT } from '../common/queue/queue.module';
import type { ProcessRole } from '../common/queue/queue.module';
import { createRedis } from '../common/redis/redis-connection';
import { TaskStatus } from './task.entity';

/** What every API instance hears when a task changes, whoever changed it. */
export interface TaskEvent {
  taskId: string;
  status: TaskStatus;
  processed: number;
  total: number;
}

/**
 * Task change notifications over Redis pub/sub, so that `Prefer: wait` (and later SSE)
 * work whichever API instance the client talks to. Notifications are hints: the task row
 * in PostgreSQL stays the truth and is re-read after each wake-up.
 */
@Injectable()
export class TaskEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TaskEventsService.name);
  private readonly channel: string;
  private subscriber?: IORedis;
  private readonly waiters = new Map<string, Set<(e: TaskEvent) => void>>();

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    this.channel = `${config.get('queue', { infer: true }).prefix}:events:tasks`;
  }

  async onModuleInit(): Promise<void> {
    // Workers only publish; only API instances have clients waiting.
    if (this.role !== 'api') return;
    this.subscriber = createRedis(this.config.get('redis', { infer: true }).url, 'subscriber', 'task-events');
    this.subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    // ioredis re-subscribes by itself after a reconnect.
    await this.subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  async publish(event: TaskEvent): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(event));
    } catch (err) {
      // A lost hint only delays waiters until their timeout; the row is already committed.
      this.logger.warn({ err: (err as Error).message, taskId: event.taskId }, 'could not publish task event');
    }
  }

  /** Calls `listener` for every event of the task until the returned function is called (SSE). */
  subscribe(taskId: string, listener: (e: TaskEvent) => void): () => void {
    const set = this.waiters.get(taskId) ?? new Set();
    set.add(listener);
    this.waiters.set(taskId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.waiters.get(taskId) === set) this.waiters.delete(taskId);
    };
  }

  /**
   * Resolves with the first event for the task that satisfies `done`, or null after `timeoutMs`.
   * Register before enqueueing so that a fast worker cannot finish unheard.
   */
  waitFor(taskId: string, timeoutMs: number, done: (e: TaskEvent) => boolean): { promise: Promise<TaskEvent | null>; cancel: () => void } {
    let cancel: () => void = () => undefined;
    const promise = new Promise<TaskEvent | null>((resolve) => {
      const set = this.waiters.get(taskId) ?? new Set();
      const listener = (e: TaskEvent) => {
        if (!done(e)) return;
        cleanup();
        resolve(e);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(null);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        set.delete(listener);
        if (set.size === 0) this.waiters.delete(taskId);
      };
      cancel = () => {
        cleanup();
        resolve(null);
      };
      set.add(listener);
      this.waiters.set(taskId, set);
    });
    return { promise, cancel };
  }

  private dispatch(message: string): void {
    let event: TaskEvent;
    try {
      event = JSON.parse(message) as TaskEvent;
    } catch {
      return;
    }
    const set = this.waiters.get(event.taskId);
    if (!set) return;
    for (const listener of [...set]) listener(event);
  }
}
