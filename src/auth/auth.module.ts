import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { KeysController } from './keys.controller';

@Module({
  controllers: [KeysController],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class AuthModule {}
