import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { SentirExpressAdapter } from './common/http/express.adapter';
import { createValidationPipe } from './common/http/validation';
import { AppLogger, logRequest, requestId } from './common/logging';
import { assertRedisReachable } from './common/redis/redis-connection';
import { installGracefulShutdown } from './common/shutdown';
import { exitOnStartupFailure } from './common/startup-error';
import { appConfig, AppConfig } from './config/config';
import { prepareDatabase } from './database/prepare-database';
import { MetricsService } from './monitoring/metrics.service';
import { buildOpenApiDocument } from './openapi';
import { CacheService } from './cache/cache.service';
import { SESSIONS_MOUNT, sessionBodyParser } from './sessions/session-body.parser';
import { SPOOL_SWEEP_INTERVAL_MS, sweepSpool } from './files/upload-spool';
import { isTaxonomyRoute, taxonomyBodyLimit } from './taxonomies/taxonomy.limits';

/** Everything that shapes HTTP behaviour, shared by main() and the OpenAPI generator. */
export function configureHttp(app: NestExpressApplication, config: AppConfig, onFinish?: (req: Request, res: Response, seconds: number) => void): void {
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Request id first, so that even body-parser failures carry one.
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestId(req, res);
    if (onFinish) {
      const start = process.hrtime.bigint();
      res.on('finish', () => onFinish(req, res, Number(process.hrtime.bigint() - start) / 1e9));
    }
    next();
  });
  app.use(helmet());
  app.enableCors({
    origin: config.http.corsOrigins.length ? config.http.corsOrigins : false,
    exposedHeaders: ['Location', 'X-Request-Id', 'Retry-After', 'Preference-Applied', 'Idempotent-Replayed', 'ETag', 'WWW-Authenticate'],
  });
  const jsonTypes = ['application/json', 'application/*+json'];
  // Taxonomies may need more than BODY_LIMIT: their routes get their own parser, which runs
  // first; body-parser skips a body that is already parsed, so every other route keeps BODY_LIMIT.
  app.useBodyParser('json', { limit: taxonomyBodyLimit(config.http.bodyLimit), type: (req: IncomingMessage) => isTaxonomyRoute(req.url) && Boolean((req as Request).is(jsonTypes)) });
  // Sessions hold up to SESSION_MAX_BYTES of state, and a body over their limit is a precise `session-too-large`.
  app.use(SESSIONS_MOUNT, sessionBodyParser(config.sessions.maxBytes));
  app.useBodyParser('json', { limit: config.http.bodyLimit, type: jsonTypes });
  app.useGlobalPipes(createValidationPipe());
}

async function bootstrap(): Promise<void> {
  const config = appConfig();
  await prepareDatabase(config.database);
  await assertRedisReachable(config.redis.url);

  const app = await NestFactory.create<NestExpressApplication>(AppModule, new SentirExpressAdapter({ backlog: config.http.backlog }), { bufferLogs: true, bodyParser: false });
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  // The queue's Redis must never evict (jobs would be lost); the API checks too, not only workers.
  for (const warning of await app.get(CacheService).evictionWarnings()) logger.warn(warning);
  const metrics = app.get(MetricsService);
  configureHttp(app, config, (req, res, seconds) => {
    const route = (req.route as { path?: string } | undefined)?.path;
    metrics.observeHttp(req.method, route, res.statusCode, seconds);
    logRequest(logger.pino, req, res.statusCode, seconds);
  });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yml',
    swaggerOptions: { persistAuthorization: true },
  });
  installGracefulShutdown(app);
  // Before the first upload: spool files of a killed predecessor on this host would stay forever.
  const spool = config.files.tmpDir;
  const swept = await sweepSpool(spool).catch((err: Error) => (logger.warn(`could not sweep the upload spool in ${spool}: ${err.message}`), []));
  if (swept.length) logger.warn(`removed ${swept.length} upload spool file(s) left in ${spool} by a killed API`);
  // Then now and again: another API on this host (or sharing the directory) may be killed meanwhile.
  setInterval(() => {
    sweepSpool(spool, { selfPid: null })
      .then((names) => names.length && logger.warn(`removed ${names.length} upload spool file(s) left in ${spool} by a killed API`))
      .catch((err: Error) => logger.warn(`could not sweep the upload spool in ${spool}: ${err.message}`));
  }, SPOOL_SWEEP_INTERVAL_MS).unref();
  await app.listen(config.http.port, config.http.host);
  logger.log(`Sentir API listening on http://${config.http.host}:${config.http.port} (docs at /docs)`);
}

if (require.main === module) {
  bootstrap().catch((err) => exitOnStartupFailure(err, 'api'));
}
