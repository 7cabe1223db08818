import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
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
export function createPino(log: AppConfig['log'], processName: string): Pino {
  return pino({
    name: processName,
    level: log.level,
    base: { pid: process.pid, process: processName },
    redact: {
      paths: ['*.authorization', '*.headers.authorization', '*.headers.cookie', '*.key', '*.apiKey', '*.password', '*.secret'],
      censor: '[redacted]',
    },
  });
}

/**
 * Nest's LoggerService on top of one pino instance. We do not use nestjs-pino: its
 * per-request AsyncLocalStorage switches on promise hooks for every promise the API makes,
 * which cost a fifth of the GET throughput in the benchmark. Request logs carry the request
 * id explicitly instead (see requestLogLine), and so do problem logs.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.call('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.call('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.call('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.call('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.call('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.call('fatal', message, params);
  }

  /** Nest appends the context as the last parameter; `error(message, stack, context)` is its exception contract. */
  private call(level: pino.Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') {
      fields.context = rest[rest.length - 1];
      rest = rest.slice(0, -1);
    }
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
      this.pino[level](fields, typeof rest[0] === 'string' ? rest[0] : undefined);
    } else if (level === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n    at ')) {
      fields.err = { message: String(message), stack: rest[0] };
      this.pino[level](fields, String(message));
    } else {
      this.pino[level](fields, String(message));
    }
  }
}

/** One line per finished HTTP request: info below 500, error from 500 on. */
export function logRequest(logger: Pino, req: IncomingMessage & { id?: unknown }, status: number, seconds: number): void {
  const level = status >= 500 ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      reqId: req.id,
      method: req.method,
      url: req.url?.split('?')[0],
      status,
      ms: Math.round(seconds * 1e4) / 10,
      userAgent: req.headers['user-agent'],
    },
    'request completed',
  );
}
