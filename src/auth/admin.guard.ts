import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { ForbiddenError } from '../common/errors/domain-error';
import { ProblemDto } from '../common/problem.dto';
import { AuthenticatedRequest } from './principal';

/** Runs after the global authentication guard, so a missing credential is still a 401. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal?.isAdmin) throw new ForbiddenError('Only administrators may do this (an admin API key, or an identity-provider token with the admin claim).');
    return true;
  }
}

/** Marks a route or controller as admin-only: others get a 403 `forbidden` problem. */
export const AdminOnly = () =>
  applyDecorators(UseGuards(AdminGuard), ApiForbiddenResponse({ type: ProblemDto, description: 'The caller is not an administrator.' }));
