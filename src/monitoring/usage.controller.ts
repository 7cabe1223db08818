import { Controller, Get, Header, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { UsageDto, UsageQuery } from './dto/usage.dto';
import { UsageService } from './usage.service';

@ApiTags('usage')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked credential.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'PostgreSQL or Redis is unreachable; retry later.' })
@Controller(`${API_V1}/usage`)
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Your usage by UTC day: tasks, texts analysed, errors, cache hits, tokens and cost',
    description:
      'Tasks count on the day they were created; texts, failed tasks and refused rows on the day their task ended; ' +
      'tokens and cost (paid engines only) and cache hits on the day they were recorded. Texts and errors come from the tasks still stored: ' +
      'tasks deleted by you or by retention (RETENTION_DAYS) no longer count; token, cost and cache records are kept. Admins may pass `userId`.',
  })
  @ApiOkResponse({ type: UsageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: '`from`/`to` are not YYYY-MM-DD, `from` is after `to`, the range is over 366 days, or `userId` is not a UUID.' })
  @ApiForbiddenResponse({ type: ProblemDto, description: "A non-admin asked for another user's usage." })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'Admins: no such user.' })
  get(@CurrentPrincipal() principal: Principal, @Query() query: UsageQuery): Promise<UsageDto> {
    return this.usage.forUser(principal, query);
  }
}
