import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { ForbiddenError, UnauthorizedError } from '../common/errors/domain-error';
import { MeDto } from './dto/me.dto';
import { WebhookSecretDto } from './dto/webhook-secret.dto';
import { WebhookSecretsService } from './webhook-secrets.service';
import { CurrentPrincipal } from './principal';
import type { Principal } from './principal';

@ApiTags('auth')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key, or a refused identity-provider token.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: "PostgreSQL, Redis or the identity provider's keys are unreachable; retry later." })
@Controller(`${API_V1}/me`)
export class MeController {
  constructor(private readonly secrets: WebhookSecretsService) {}

  /** What the guard resolved, nothing more: lets a token holder see which user it maps to and whether it is admin. */
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Who you are: your user, how you authenticated, and whether you are an admin' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return { userId: principal.userId, userName: principal.userName, isAdmin: principal.isAdmin, via: principal.keyId === null ? 'oidc' : 'api-key', keyId: principal.keyId };
  }

  /** Readable only with the credential it belongs to, like `GET /keys/current`; never cached. */
  @Get('webhook-secret')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The secret that signs the callbacks of tasks you create with this credential',
    description:
      'With an API key: that key\'s secret. With an identity-provider token: your user\'s own secret, created on the first call ' +
      '(or the first task with a `callbackUrl`) and the same for every token of that user.',
  })
  @ApiOkResponse({ type: WebhookSecretDto })
  async webhookSecret(@CurrentPrincipal() principal: Principal): Promise<WebhookSecretDto> {
    const found = await this.secrets.forCreator(principal);
    // A key revoked since the guard's cached check, or a user deleted meanwhile.
    if (!found) throw new UnauthorizedError('The credential is unknown or has been revoked.');
    return { webhookSecret: found.secret, signer: found.signer };
  }

  @Post('webhook-secret/rotate')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Replace your user's webhook secret (identity-provider tokens)",
    description:
      'The old secret stops signing at once: deliveries still pending are signed with the new one. ' +
      "An API key's secret lives as long as the key: create a new key and revoke the old one instead (403 here).",
  })
  @ApiOkResponse({ type: WebhookSecretDto, description: 'The new secret.' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'Called with an API key.' })
  async rotateWebhookSecret(@CurrentPrincipal() principal: Principal): Promise<WebhookSecretDto> {
    if (principal.keyId !== null) {
      throw new ForbiddenError("An API key's webhook secret lives as long as the key: create a new key (`npm run cli -- keys:create`) and revoke this one.");
    }
    const secret = await this.secrets.rotateUserSecret(principal.userId);
    if (!secret) throw new UnauthorizedError('The credential is unknown or has been revoked.');
    return { webhookSecret: secret, signer: 'user' };
  }
}
