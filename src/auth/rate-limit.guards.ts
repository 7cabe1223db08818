import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGenerateKeyFunction,
  ThrottlerGetTrackerFunction,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import { RateLimitedError } from '../common/errors/domain-error';
import { ApiKeysService } from './api-keys.service';
import { bearerCredential } from './bearer-token';
import { keyLimitScope, Principal, rateLimitTracker } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { RedisThrottlerStorage, ThrottleHit } from './redis-throttler.storage';

export const ThrottlerName = { Ip: 'ip', Key: 'key' } as const;

/** The key limit's tracker: the API key (or the token's user) once authenticated, else the client IP. */
export function keyLimitTracker(req: { principal?: Principal; ip?: string }): string {
  return rateLimitTracker(req.principal) ?? String(req.ip);
}

/** One named throttler as it applies to one route: what ThrottlerGuard looks up on every request. */
interface Plan {
  name: string;
  limit: number;
  ttl: number;
  blockDuration: number;
  getTracker: ThrottlerGetTrackerFunction;
  generateKey: ThrottlerGenerateKeyFunction;
  setHeaders: boolean;
}

/** `skip`: the route skips this throttler; `dynamic`: decided per request, so left to ThrottlerGuard itself. */
type Resolved = Plan | 'skip' | 'dynamic';

interface RouteInfo {
  isPublic: boolean;
  plans: Map<string, Resolved>;
}

/** The key limit's count, taken by the IP guard in its own round trip (see IpThrottlerGuard). */
const PREFETCHED = Symbol('keyThrottlePrefetched');
type Prefetchable = Record<string, unknown> & { ip?: string; [PREFETCHED]?: { key: string; record: ThrottlerStorageRecord } };

/**
 * Two limits, both counted in Redis so they hold across API instances:
 * per client IP before authentication (protects the key check itself) and per API key after it.
 * Each guard handles one named throttler; they are registered around ApiKeyAuthGuard.
 *
 * Same rules, headers and errors as ThrottlerGuard, but a route's settings (metadata on the
 * handler and controller, which never change after boot) are resolved once instead of a dozen
 * reflector lookups per request (#2); anything decided per request (skipIf, ignoreUserAgents,
 * limits given as functions) still goes through ThrottlerGuard.
 */
abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;
  private allThrottlers: ThrottlerOptions[] = [];
  private readonly routes = new WeakMap<object, Map<object, RouteInfo>>();

  /** Keep only our own throttler for ThrottlerGuard's loop; remember all of them for plans. */
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.allThrottlers = this.throttlers;
    this.throttlers = this.throttlers.filter((t) => t.name === this.throttlerName);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const plan = this.plan(context, this.throttlerName);
    if (plan === 'dynamic') return super.canActivate(context);
    if (plan === 'skip') return true;
    const { req, res } = this.getRequestResponse(context);
    const tracker = await plan.getTracker(req, context);
    const key = plan.generateKey(context, tracker, plan.name);
    const record = await this.count(context, req, plan, key);
    const suffix = plan.name === 'default' ? '' : `-${plan.name}`;
    if (record.isBlocked) {
      if (plan.setHeaders) this.setResponseHeader(res, `Retry-After${suffix}`, record.timeToBlockExpire);
      await this.throwThrottlingException(context, { ...record, limit: plan.limit, ttl: plan.ttl, key, tracker });
    }
    if (plan.setHeaders) {
      this.setResponseHeader(res, `${this.headerPrefix}-Limit${suffix}`, plan.limit);
      this.setResponseHeader(res, `${this.headerPrefix}-Remaining${suffix}`, Math.max(0, plan.limit - record.totalHits));
      this.setResponseHeader(res, `${this.headerPrefix}-Reset${suffix}`, record.timeToExpire);
    }
    return true;
  }

  /** Counts this request against the plan's counter `key`. */
  protected abstract count(context: ExecutionContext, req: Prefetchable, plan: Plan, key: string): Promise<ThrottlerStorageRecord>;

  protected override async throwThrottlingException(ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const scope = this.throttlerName === ThrottlerName.Ip ? 'ip' : keyLimitScope(ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal);
    throw new RateLimitedError(Math.max(1, Math.ceil(detail.timeToBlockExpire)), scope, detail.limit);
  }

  protected route(context: ExecutionContext): RouteInfo {
    const handler = context.getHandler();
    const cls = context.getClass();
    let byClass = this.routes.get(handler);
    if (!byClass) this.routes.set(handler, (byClass = new Map()));
    let info = byClass.get(cls);
    if (!info) {
      info = { isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, cls])), plans: new Map() };
      byClass.set(cls, info);
    }
    return info;
  }

  protected plan(context: ExecutionContext, name: string): Resolved {
    const { plans } = this.route(context);
    let plan = plans.get(name);
    if (!plan) plans.set(name, (plan = this.resolve(context, name)));
    return plan;
  }

  /** ThrottlerGuard.canActivate's lookups for one throttler, in the same order of precedence. */
  private resolve(context: ExecutionContext, name: string): Resolved {
    const t = this.allThrottlers.find((x) => x.name === name);
    if (!t) return 'skip';
    const targets = [context.getHandler(), context.getClass()];
    const meta = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key + name, targets);
    if (meta<boolean>(THROTTLER_SKIP)) return 'skip';
    if (t.skipIf || this.commonOptions.skipIf || (t.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents)?.length) return 'dynamic';
    const limit = meta(THROTTLER_LIMIT) ?? t.limit;
    const ttl = meta(THROTTLER_TTL) ?? t.ttl;
    const blockDuration = meta(THROTTLER_BLOCK_DURATION) ?? t.blockDuration ?? ttl;
    if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number') return 'dynamic';
    return {
      name,
      limit,
      ttl,
      blockDuration,
      getTracker: meta<ThrottlerGetTrackerFunction>(THROTTLER_TRACKER) || t.getTracker || this.commonOptions.getTracker!,
      generateKey: meta<ThrottlerGenerateKeyFunction>(THROTTLER_KEY_GENERATOR) || t.generateKey || this.commonOptions.generateKey!,
      setHeaders: t.setHeaders ?? this.commonOptions.setHeaders ?? true,
    };
  }
}

/**
 * The per-IP limit. When it can already tell which counter the key limit will use (a public
 * route, or an API key whose principal is in ApiKeysService's cache: nearly every request), it
 * counts both in one Redis round trip and leaves the key's count on the request for
 * KeyThrottlerGuard; the key counter is not touched when the IP limit blocks, as before. A
 * Redis round trip was a fifth of a GET's CPU (#2). Otherwise (a JWT, a key not yet cached, no
 * key) it counts the IP alone and the key limit counts after authentication.
 */
@Injectable()
export class IpThrottlerGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = ThrottlerName.Ip;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {
    super(options, storage, reflector);
  }

  protected async count(context: ExecutionContext, req: Prefetchable, plan: Plan, key: string): Promise<ThrottlerStorageRecord> {
    const storage = this.storageService;
    const next = storage instanceof RedisThrottlerStorage ? this.keyHitOf(context, req) : null;
    if (!next) return storage.increment(key, plan.ttl, plan.limit, plan.blockDuration, plan.name);
    const [ip, keyRecord] = await (storage as RedisThrottlerStorage).incrementPair({ key, ttl: plan.ttl, limit: plan.limit, blockDuration: plan.blockDuration, throttlerName: plan.name }, next);
    if (keyRecord) req[PREFETCHED] = { key: next.key, record: keyRecord };
    return ip;
  }

  /** The key limit's counter for this request, when it is known before authentication. */
  private keyHitOf(context: ExecutionContext, req: Prefetchable): ThrottleHit | null {
    const plan = this.plan(context, ThrottlerName.Key);
    // Only a tracker we can compute before authentication (a route's own tracker might read anything).
    if (typeof plan !== 'object' || plan.getTracker !== keyLimitTracker) return null;
    let principal: unknown;
    if (!this.route(context).isPublic) {
      const header = (req.headers as Record<string, string | undefined>).authorization;
      const token = header ? bearerCredential(header) : undefined;
      // Unknown, revoked or not cached: ApiKeyAuthGuard decides, and the key limit counts after it.
      principal = token ? this.keys.cached(token) : undefined;
      if (!principal) return null;
    }
    // The key limit's tracker, as it will be once ApiKeyAuthGuard has set the principal.
    const tracker = keyLimitTracker({ principal: principal as Principal | undefined, ip: req.ip });
    return { key: plan.generateKey(context, tracker, plan.name), ttl: plan.ttl, limit: plan.limit, blockDuration: plan.blockDuration, throttlerName: plan.name };
  }
}

@Injectable()
export class KeyThrottlerGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = ThrottlerName.Key;

  protected async count(_context: ExecutionContext, req: Prefetchable, plan: Plan, key: string): Promise<ThrottlerStorageRecord> {
    const prefetched = req[PREFETCHED];
    if (prefetched?.key === key) return prefetched.record;
    return this.storageService.increment(key, plan.ttl, plan.limit, plan.blockDuration, plan.name);
  }
}
