import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { REDIS_CLIENT } from '../common/queue/queue.module';
import { HealthDto } from './health.dto';
import { ProblemDto } from '../common/problem.dto';

@Injectable()
export class BackingServicesHealth {
  private migrationsUpToDate = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
  ) {}

  async redisUp(key: string) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(this.redis.ping(), 1500);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  async migrationsApplied(key: string) {
    const indicator = this.indicators.check(key);
    if (this.migrationsUpToDate) return indicator.up();
    try {
      const pending = await withTimeout(this.dataSource.showMigrations(), 1500);
      this.migrationsUpToDate = !pending;
      return pending ? indicator.down({ message: 'migrations pending: run `npm run migration:run`' }) : indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly backing: BackingServicesHealth,
  ) {}

  @Get('healthz')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthDto, description: 'The process is alive.' })
  live() {
    return this.health.check([]);
  }

  @Get('readyz')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthDto, description: 'PostgreSQL and Redis answer and migrations are applied.' })
  @ApiServiceUnavailableResponse({ type: ProblemDto, description: 'A dependency is down; `details` says which.' })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('postgresql', { timeout: 1500 }),
      () => this.backing.redisUp('redis'),
      () => this.backing.migrationsApplied('migrations'),
    ]);
  }
}
