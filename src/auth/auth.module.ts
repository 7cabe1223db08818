import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { ExternalUsersRepository } from './external-users.repository';
import { KeysController } from './keys.controller';
import { MeController } from './me.controller';
import { OidcService } from './oidc.service';

@Module({
  controllers: [KeysController, MeController],
  providers: [ApiKeysService, OidcService, ExternalUsersRepository],
  exports: [ApiKeysService, OidcService],
})
export class AuthModule {}
