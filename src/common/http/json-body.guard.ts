import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';

/** A body that is not JSON gets a precise 415 instead of a confusing validation error. */
@Injectable()
export class JsonContentTypeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) return true;
    if (req.is(['application/json', 'application/*+json'])) return true;
    throw new DomainError(
      'unsupported-media-type',
      `Send the body as application/json (got ${req.headers['content-type'] ?? 'no Content-Type'}).`,
    );
  }
}

export const JsonBody = () => applyDecorators(UseGuards(JsonContentTypeGuard));
