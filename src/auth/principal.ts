import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling: resolved from the API key by ApiKeyAuthGuard. */
export interface Principal {
  userId: string;
  userName: string;
  keyId: string;
  isAdmin: boolean;
}

export type AuthenticatedRequest = { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
