import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DatabaseBusyError, DomainError, ServiceUnavailableError } from './domain-error';
import { classifyInfrastructureError, isPoolSaturated } from './infrastructure-errors';
import { ProblemCatalog, ProblemCode, problemTypeUri } from './problem-types';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** An RFC 9457 problem document as Sentir sends it. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
}

interface Described {
  code: ProblemCode;
  detail: string;
  extensions: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Errors raised by body-parser / http-errors before a controller runs. */
interface HttpErrorLike extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/**
 * The one place that turns any failure into application/problem+json.
 * Unknown errors become a bare 500 (logged with the request id, never echoed).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const requestId = String(req.id ?? res.getHeader('x-request-id') ?? '');
    const { code, detail, extensions, headers } = this.describe(exception, req);
    const { status, title } = ProblemCatalog[code];

    if (status >= 500 && code === 'internal-error') {
      this.logger.error({ err: exception, requestId }, 'unhandled error');
    } else if (status === 503) {
      this.logger.warn({ requestId, err: (exception as Error)?.message }, detail);
    }

    const body: ProblemDocument = {
      type: problemTypeUri(code),
      title,
      status,
      detail,
      instance: req.originalUrl?.split('?')[0] ?? req.url,
      requestId,
      ...extensions,
    };
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private describe(exception: unknown, req: Request): Described {
    if (exception instanceof DomainError) {
      return { code: exception.code, detail: exception.message, extensions: exception.extensions, headers: exception.headers };
    }
    const down = classifyInfrastructureError(exception);
    if (down) {
      const e = isPoolSaturated(exception) ? new DatabaseBusyError() : new ServiceUnavailableError(down);
      return { code: e.code, detail: e.message, extensions: e.extensions, headers: e.headers };
    }
    if (exception instanceof ThrottlerException) {
      return { code: 'rate-limited', detail: 'Too many requests.', extensions: {}, headers: { 'Retry-After': '60' } };
    }
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception, req);
    }
    const httpErr = exception as HttpErrorLike;
    const status = httpErr?.status ?? httpErr?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && httpErr.expose !== false) {
      return this.fromBodyParser(httpErr, status);
    }
    return { code: 'internal-error', detail: 'An unexpected error occurred. It has been logged with this request id.', extensions: {}, headers: {} };
  }

  private fromHttpException(e: HttpException, req: Request): Described {
    const status = e.getStatus();
    const none = { extensions: {}, headers: {} as Record<string, string> };
    switch (status) {
      case 400:
        // Nest turns body-parser's SyntaxError (and Express' URIError for bad %-escapes) into a bare 400.
        return e.message.startsWith('Failed to decode param')
          ? { code: 'validation-failed' as const, detail: e.message, extensions: { errors: [] }, headers: {} }
          : { code: 'malformed-json' as const, detail: `The body is not valid JSON: ${e.message}`, ...none };
      case 404:
        return { code: 'route-not-found' as const, detail: `There is no route ${req.method} ${req.path}.`, ...none };
      case 405:
        return { code: 'method-not-allowed' as const, detail: e.message, ...none };
      case 413:
        return { code: 'payload-too-large' as const, detail: e.message, ...none };
      case 415:
        return { code: 'unsupported-media-type' as const, detail: e.message, ...none };
      case 401:
        return { code: 'unauthorized' as const, detail: e.message, extensions: {}, headers: { 'WWW-Authenticate': 'Bearer realm="sentir"' } };
      case 403:
        return { code: 'forbidden' as const, detail: e.message, ...none };
      case 429:
        return { code: 'rate-limited' as const, detail: e.message, extensions: {}, headers: { 'Retry-After': '60' } };
      case 503: {
        // Terminus readiness failures carry which dependency is down.
        const body = e.getResponse() as { details?: unknown };
        return {
          code: 'service-unavailable' as const,
          detail: 'Not ready: a dependency is down (see details).',
          extensions: { details: body?.details ?? {} },
          headers: { 'Retry-After': '5' },
        };
      }
      default:
        if (status >= 400 && status < 500) return { code: 'validation-failed' as const, detail: e.message, extensions: { errors: [] }, ...{ headers: {} } };
        return { code: 'internal-error' as const, detail: 'An unexpected error occurred. It has been logged with this request id.', ...none };
    }
  }

  private fromBodyParser(e: HttpErrorLike, status: number): Described {
    const none = { extensions: {}, headers: {} as Record<string, string> };
    if (status === 413 || e.type === 'entity.too.large') {
      return { code: 'payload-too-large' as const, detail: `The request body exceeds the limit (${(e as { limit?: number }).limit ?? '?'} bytes).`, ...none };
    }
    if (e.type === 'entity.parse.failed') {
      return { code: 'malformed-json' as const, detail: `The body could not be parsed as JSON: ${e.message}`, ...none };
    }
    if (status === 415 || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      return { code: 'unsupported-media-type' as const, detail: e.message, ...none };
    }
    return { code: 'validation-failed' as const, detail: e.message, extensions: { errors: [] }, headers: {} as Record<string, string> };
  }
}
