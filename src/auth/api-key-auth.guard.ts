import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { UnauthorizedError } from '../common/errors/domain-error';
import { ApiKeysService } from './api-keys.service';
import { bearerCredential, classifyBearerToken } from './bearer-token';
import { OidcService } from './oidc.service';
import { AuthenticatedRequest } from './principal';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route needs `Authorization: Bearer <credential>` unless marked @Public(): an API key
 * (`snt_…`, the fast path: a hash and a cached lookup) or, with OIDC_ISSUER set, a JWT from
 * that identity provider (see OidcService). The token's shape alone picks the verifier.
 */
@Injectable()
export class ApiKeyAuthGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly oidc: OidcService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (!header) throw new UnauthorizedError('Send your API key as `Authorization: Bearer <key>`.');
    const token = bearerCredential(header);
    if (!token) throw new UnauthorizedError('The Authorization header must use the Bearer scheme: `Authorization: Bearer <key>`.');
    if (classifyBearerToken(token) === 'jwt') {
      req.principal = await this.oidc.authenticate(token);
      return true;
    }
    const principal = await this.keys.authenticate(token);
    if (!principal) throw new UnauthorizedError('The API key is unknown or has been revoked.');
    req.principal = principal;
    return true;
  }
}
