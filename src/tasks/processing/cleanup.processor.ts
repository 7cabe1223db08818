import { Injectable } from '@nestjs/common';
import { RetentionService } from './retention.service';

/** Thin on purpose: the repeatable retention job calls RetentionService. */
@Injectable()
export class CleanupProcessor {
  constructor(private readonly retention: RetentionService) {}

  async process(): Promise<{ outcome: string }> {
    const { files, tasks } = await this.retention.purgeExpired();
    return { outcome: `deleted ${files} files, ${tasks} tasks` };
  }
}
