import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ForbiddenError, UnauthorizedError } from '../common/errors/domain-error';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { ApiKeysService } from './api-keys.service';
import { OwnKeyDto } from './dto/own-key.dto';
import { CurrentPrincipal } from './principal';
import type { Principal } from './principal';

@ApiTags('keys')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'PostgreSQL or Redis is unreachable; retry later.' })
@Controller(`${API_V1}/keys`)
export class KeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /**
   * Only the key itself: there is no route to read another key's secret, not even for admins,
   * so a secret is exposed exactly as far as its key already is.
   */
  @Get('current')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The API key you are calling with, and its webhook secret',
    description: 'The secret signs the callbacks (`callbackUrl`) of tasks created with this key. Only the key itself can read it; the answer is never cached.',
  })
  @ApiOkResponse({ type: OwnKeyDto })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'Called with an identity-provider token: only API keys have a webhook secret.' })
  async current(@CurrentPrincipal() principal: Principal): Promise<OwnKeyDto> {
    if (principal.keyId === null) {
      throw new ForbiddenError('This request carries an identity-provider token, not an API key: there is no current key or webhook secret.');
    }
    const key = await this.keys.findOwn(principal.keyId);
    // Revoked since the guard's cached check (at most a few seconds ago).
    if (!key) throw new UnauthorizedError('The API key is unknown or has been revoked.');
    return { ...key, createdAt: key.createdAt.toISOString() };
  }
}
