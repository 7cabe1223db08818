import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createServer, Server } from 'node:http';
import { AppLogger } from './common/logging';
import { CacheService } from './cache/cache.service';
import { assertRedisReachable } from './common/redis/redis-connection';
import { installGracefulShutdown } from './common/shutdown';
import { exitOnStartupFailure, StartupError } from './common/startup-error';
import { appConfig } from './config/config';
import { prepareDatabase } from './database/prepare-database';
import { MetricsService } from './monitoring/metrics.service';
import { WorkerModule } from './worker.module';

/**
 * A worker process: consumes the analysis queue, no HTTP API. Run as many as you like,
 * on any machine that reaches PostgreSQL and Redis (`npm run start:worker`).
 */
async function bootstrap(): Promise<void> {
  const config = appConfig();
  await prepareDatabase(config.database);
  await assertRedisReachable(config.redis.url);

  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  const logger = app.get(AppLogger);
  app.useLogger(logger);

  for (const warning of await app.get(CacheService).evictionWarnings()) logger.warn(warning);

  const metrics = app.get(MetricsService);
  const server = await listen(
    createServer((req, res) => {
      if (req.url === '/metrics') {
        metrics.registry
          .metrics()
          .then((body) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body))
          .catch(() => res.writeHead(500).end());
      } else if (req.url === '/healthz') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      } else {
        res.writeHead(404).end();
      }
    }),
    config.worker.metricsPort,
    config.http.host,
  );
  const address = server.address();
  logger.log(`Sentir worker ${process.pid} ready; metrics on port ${typeof address === 'object' && address ? address.port : '?'}`);
  installGracefulShutdown(app, () => void server.close());
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new StartupError(`WORKER_METRICS_PORT ${port} is already in use; give each worker on this machine its own port (or 0 for any).`)
          : err,
      ),
    );
    server.listen(port, host, () => resolve(server));
  });
}

bootstrap().catch((err) => exitOnStartupFailure(err, 'worker'));
