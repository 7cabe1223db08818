import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config';

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a sane X-Request-Id from the client (or a proxy), otherwise makes one; echoes it back. */
export function requestId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/** JSON logs with secrets redacted. Shared by the API, the workers and the CLI. */
export function loggerParams(log: AppConfig['log'], processName: string): Params {
  return {
    pinoHttp: {
      name: processName,
      level: log.level,
      genReqId: requestId,
      customProps: () => ({ process: processName }),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'res.headers["set-cookie"]',
          '*.key',
          '*.apiKey',
          '*.password',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: req.url?.split('?')[0],
          userAgent: req.headers?.['user-agent'],
          authorization: req.headers?.authorization ? '[redacted]' : undefined,
        }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      transport: log.pretty ? { target: 'pino/file', options: { destination: 1 } } : undefined,
    },
  };
}
