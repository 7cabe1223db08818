import { Module } from '@nestjs/common';
import { UsageRepository } from './usage.repository';

/** Token and cost accounting of the LLM engine (`usage_records`). */
@Module({
  providers: [UsageRepository],
  exports: [UsageRepository],
})
export class UsageModule {}
