import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import IORedis from 'ioredis';
import { PROCESS_ROLE, REDIS_CLIENT } from '../common/queue/queue.module';
import type { ProcessRole } from '../common/queue/queue.module';
import { createRedis } from '../common/redis/redis-connection';
import { AppConfig } from '../config/config';
import type { SessionDto } from './dto/session.dto';
import type { SessionEndReason } from './session.entity';

/** What every API instance hears when a session changes or ends, whichever instance did it. */
export type SessionEvent =
  | { type: 'changed'; sessionId: string; userId: string; session: SessionDto }
  | { type: 'deleted'; sessionId: string; userId: string; reason: SessionEndReason };

/**
 * Session change notifications over Redis pub/sub (like TaskEventsService), so that every
 * tab's event stream hears a change made through any API instance. A `changed` event carries
 * the whole resource (at most SESSION_MAX_BYTES of state): every stream can send exactly
 * that version without reading it back. Pub/sub is fire-and-forget: a lost event is
 * repaired by the next one (versions only grow) or by the stream's own expiry check.
 */
@Injectable()
export class SessionEventsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionEventsService.name);
  private readonly channel: string;
  private subscriber?: IORedis;
  private readonly listeners = new Map<string, Set<(e: SessionEvent) => void>>();

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {
    this.channel = `${config.get('queue', { infer: true }).prefix}:events:sessions`;
  }

  async onModuleInit(): Promise<void> {
    // Only API instances hold event streams.
    if (this.role !== 'api') return;
    this.subscriber = createRedis(this.config.get('redis', { infer: true }).url, 'subscriber', 'session-events');
    this.subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    await this.subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  async publish(event: SessionEvent): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(event));
    } catch (err) {
      // The change is committed; only live streams miss it (until the next change or reconnect).
      this.logger.warn({ err: (err as Error).message, sessionId: event.sessionId }, 'could not publish session event');
    }
  }

  /** Calls `listener` for every event of the session until the returned function is called. */
  subscribe(sessionId: string, listener: (e: SessionEvent) => void): () => void {
    const set = this.listeners.get(sessionId) ?? new Set();
    set.add(listener);
    this.listeners.set(sessionId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(sessionId) === set) this.listeners.delete(sessionId);
    };
  }

  private dispatch(message: string): void {
    let event: SessionEvent;
    try {
      event = JSON.parse(message) as SessionEvent;
    } catch {
      return;
    }
    const set = this.listeners.get(event.sessionId);
    if (!set) return;
    for (const listener of [...set]) listener(event);
  }
}
