import { Injectable } from '@nestjs/common';
import { SessionPurgeService } from './session-purge.service';

/** Thin on purpose: the repeatable purge job calls SessionPurgeService. */
@Injectable()
export class PurgeSessionsProcessor {
  constructor(private readonly purge: SessionPurgeService) {}

  async process(): Promise<{ outcome: string }> {
    const { deleted, refreshed } = await this.purge.purgeExpired();
    return { outcome: `deleted ${deleted} sessions${refreshed ? `, kept ${refreshed} still live in Redis` : ''}` };
  }
}
