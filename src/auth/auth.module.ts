import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { ExternalUsersRepository } from './external-users.repository';
import { KeysController } from './keys.controller';
import { MeController } from './me.controller';
import { OidcService } from './oidc.service';
import { WebhookSecretsService } from './webhook-secrets.service';

@Module({
  controllers: [KeysController, MeController],
  providers: [ApiKeysService, OidcService, ExternalUsersRepository, WebhookSecretsService],
  exports: [ApiKeysService, OidcService, WebhookSecretsService],
})
export class AuthModule {}
