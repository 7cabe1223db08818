import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { MeDto } from './dto/me.dto';
import { CurrentPrincipal } from './principal';
import type { Principal } from './principal';

@ApiTags('auth')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key, or a refused identity-provider token.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: "PostgreSQL, Redis or the identity provider's keys are unreachable; retry later." })
@Controller(`${API_V1}/me`)
export class MeController {
  /** What the guard resolved, nothing more: lets a token holder see which user it maps to and whether it is admin. */
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Who you are: your user, how you authenticated, and whether you are an admin' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return { userId: principal.userId, userName: principal.userName, isAdmin: principal.isAdmin, via: principal.keyId === null ? 'oidc' : 'api-key', keyId: principal.keyId };
  }
}
