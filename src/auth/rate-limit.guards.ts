import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimitedError } from '../common/errors/domain-error';

export const ThrottlerName = { Ip: 'ip', Key: 'key' } as const;

/**
 * Two limits, both counted in Redis so they hold across API instances:
 * per client IP before authentication (protects the key check itself) and per API key after it.
 * Each guard handles one named throttler; they are registered around ApiKeyAuthGuard.
 */
abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;

  /** Keep only our own throttler, so the per-request loop does not even read the other's metadata. */
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((t) => t.name === this.throttlerName);
  }

  protected override async throwThrottlingException(_ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(Math.max(1, Math.ceil(detail.timeToBlockExpire)), this.throttlerName === ThrottlerName.Ip ? 'ip' : 'key', detail.limit);
  }
}

@Injectable()
export class IpThrottlerGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = ThrottlerName.Ip;
}

@Injectable()
export class KeyThrottlerGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = ThrottlerName.Key;
}
