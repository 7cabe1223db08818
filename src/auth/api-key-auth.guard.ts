import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { UnauthorizedError } from '../common/errors/domain-error';
import { ApiKeysService } from './api-keys.service';
import { AuthenticatedRequest } from './principal';
import { IS_PUBLIC } from './public.decorator';

/** Every route needs `Authorization: Bearer <api key>` unless marked @Public(). */
@Injectable()
export class ApiKeyAuthGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (!header) throw new UnauthorizedError('Send your API key as `Authorization: Bearer <key>`.');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new UnauthorizedError('The Authorization header must use the Bearer scheme: `Authorization: Bearer <key>`.');
    const principal = await this.keys.authenticate(match[1]);
    if (!principal) throw new UnauthorizedError('The API key is unknown or has been revoked.');
    req.principal = principal;
    return true;
  }
}
