import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateWebhookSecret } from './api-key';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';

/** Whose secret signs a task's callbacks: the API key that created it, or its user (identity-provider token). */
export type WebhookSigner = 'api-key' | 'user';

export interface WebhookSecret {
  secret: string;
  signer: WebhookSigner;
}

/**
 * The HMAC keys of callbacks. A task created with an API key is signed with that key's secret
 * (revoking the key stops its callbacks). A task created with an identity-provider token has no
 * key, so it is signed with its user's secret, created the first time it is needed.
 */
@Injectable()
export class WebhookSecretsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeysService,
  ) {}

  /** The secret that will sign callbacks of tasks this caller creates; null when its key is revoked. */
  async forCreator(creator: Pick<Principal, 'keyId' | 'userId'>): Promise<WebhookSecret | null> {
    if (creator.keyId !== null) {
      const secret = await this.keys.webhookSecretFor(creator.keyId);
      return secret ? { secret, signer: 'api-key' } : null;
    }
    // Read first: every task with a callbackUrl comes here, and only the first needs to write.
    const existing = await this.userSecret(creator.userId);
    if (existing) return { secret: existing, signer: 'user' };
    // COALESCE: concurrent first calls agree on one secret. (TypeORM answers an UPDATE with [rows, count].)
    const [rows]: [{ webhook_secret: string }[], number] = await this.dataSource.query(
      `UPDATE users SET webhook_secret = COALESCE(webhook_secret, $2) WHERE id = $1 RETURNING webhook_secret`,
      [creator.userId, generateWebhookSecret()],
    );
    return rows.length ? { secret: rows[0].webhook_secret, signer: 'user' } : null;
  }

  /**
   * A new secret for a user (identity-provider tokens); null when the user is gone. Deliveries
   * still pending are signed with it, since every attempt reads the secret afresh.
   */
  async rotateUserSecret(userId: string): Promise<string | null> {
    const [rows]: [{ webhook_secret: string }[], number] = await this.dataSource.query(`UPDATE users SET webhook_secret = $2 WHERE id = $1 RETURNING webhook_secret`, [
      userId,
      generateWebhookSecret(),
    ]);
    return rows[0]?.webhook_secret ?? null;
  }

  /** The secret that signs this task's callbacks; null when there is none (key revoked, user gone). */
  async forTask(task: { apiKeyId: string | null; userId: string }): Promise<string | null> {
    return task.apiKeyId !== null ? this.keys.webhookSecretFor(task.apiKeyId) : this.userSecret(task.userId);
  }

  private async userSecret(userId: string): Promise<string | null> {
    const rows: { webhook_secret: string | null }[] = await this.dataSource.query(`SELECT webhook_secret FROM users WHERE id = $1`, [userId]);
    return rows[0]?.webhook_secret ?? null;
  }
}
