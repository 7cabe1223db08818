import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiKey } from './api-key.entity';
import { generateApiKey, generateWebhookSecret, hashApiKey, looksLikeApiKey } from './api-key';
import { Principal } from './principal';
import { User } from './user.entity';

export interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  userId: string;
  userName: string;
  isAdmin: boolean;
  /** Signs this key's task callbacks; also readable later by the key itself (GET /api/v1/keys/current). */
  webhookSecret: string;
}

/** A key as its owner sees it, secret included. */
export interface OwnKey {
  id: string;
  prefix: string;
  userId: string;
  userName: string;
  createdAt: Date;
  webhookSecret: string;
}

export interface KeyListing {
  id: string;
  prefix: string;
  userName: string;
  isAdmin: boolean;
  createdAt: Date;
  revokedAt: Date | null;
}

const CACHE_TTL_MS = 5000;
const CACHE_MAX = 10_000;

/**
 * Creates, lists, revokes and checks API keys. Used by the API (authentication) and by
 * the CLI. A short in-process cache keeps key checks off PostgreSQL on hot paths; a
 * revocation is visible everywhere within CACHE_TTL_MS (and at once in this process).
 */
@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { principal: Principal | null; expires: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async create(userName: string, isAdmin: boolean): Promise<CreatedKey> {
    return this.dataSource.transaction(async (em) => {
      await em
        .createQueryBuilder()
        .insert()
        .into(User)
        .values({ name: userName, isAdmin })
        .orIgnore()
        .execute();
      const user = await em.findOneByOrFail(User, { name: userName });
      if (isAdmin && !user.isAdmin) {
        await em.update(User, { id: user.id }, { isAdmin: true });
        user.isAdmin = true;
      }
      const generated = generateApiKey();
      const webhookSecret = generateWebhookSecret();
      const row = await em.save(ApiKey, em.create(ApiKey, { userId: user.id, keyPrefix: generated.prefix, keyHash: generated.hash, webhookSecret, revokedAt: null }));
      return { id: row.id, key: generated.key, prefix: generated.prefix, userId: user.id, userName: user.name, isAdmin: user.isAdmin, webhookSecret };
    });
  }

  async list(): Promise<KeyListing[]> {
    const rows = await this.dataSource.getRepository(ApiKey).find({ relations: { user: true }, order: { createdAt: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      prefix: r.keyPrefix,
      userName: r.user?.name ?? '?',
      isAdmin: r.user?.isAdmin ?? false,
      createdAt: r.createdAt,
      revokedAt: r.revokedAt,
    }));
  }

  /** The calling key itself, with its webhook secret; null when it is gone or revoked. */
  async findOwn(keyId: string): Promise<OwnKey | null> {
    const row = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .addSelect('k.webhookSecret')
      .innerJoinAndSelect('k.user', 'u')
      .where('k.id = :keyId AND k.revoked_at IS NULL', { keyId })
      .getOne();
    if (!row?.user) return null;
    return { id: row.id, prefix: row.keyPrefix, userId: row.userId, userName: row.user.name, createdAt: row.createdAt, webhookSecret: row.webhookSecret };
  }

  /**
   * The secret that signs callbacks of tasks created with this key. Null when the key is gone
   * or revoked: revoking a key also stops its callbacks (a revoked credential signs nothing).
   */
  async webhookSecretFor(keyId: string): Promise<string | null> {
    const row = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .select(['k.id', 'k.webhookSecret'])
      .where('k.id = :keyId AND k.revoked_at IS NULL', { keyId })
      .getOne();
    return row?.webhookSecret ?? null;
  }

  /** Returns false when no such active key exists. */
  async revoke(id: string): Promise<boolean> {
    const res = await this.dataSource
      .getRepository(ApiKey)
      .update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    this.cache.clear();
    return (res.affected ?? 0) > 0;
  }

  async countActive(): Promise<number> {
    return this.dataSource.getRepository(ApiKey).count({ where: { revokedAt: IsNull() } });
  }

  /**
   * What authenticate() would answer right now without a query: the cached principal, null for
   * a key known to be unknown or revoked, undefined when only PostgreSQL can tell. Lets the IP
   * rate limit count the key's limit in the same Redis round trip (see rate-limit.guards.ts).
   */
  cached(presented: string): Principal | null | undefined {
    if (!looksLikeApiKey(presented)) return null;
    const hit = this.cache.get(hashApiKey(presented));
    return hit && hit.expires > Date.now() ? hit.principal : undefined;
  }

  /** The principal for a presented key, or null when it is unknown or revoked. */
  async authenticate(presented: string): Promise<Principal | null> {
    if (!looksLikeApiKey(presented)) return null;
    const hash = hashApiKey(presented);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.expires > now) return hit.principal;

    const row = await this.dataSource
      .getRepository(ApiKey)
      .findOne({ where: { keyHash: hash }, relations: { user: true } });
    const principal =
      row && !row.revokedAt && row.user
        ? { userId: row.userId, userName: row.user.name, keyId: row.id, isAdmin: row.user.isAdmin }
        : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { principal, expires: now + CACHE_TTL_MS });
    return principal;
  }
}
