import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface ExternalUser {
  id: string;
  name: string;
}

/** users.name is unique and at most 100 characters (see CreateUsersAndApiKeys). */
const NAME_MAX = 100;

/**
 * Users known by an identity provider, keyed by (issuer, subject). Never matched by name: a
 * token whose `sub` happens to equal an API-key user's name must not become that user.
 */
@Injectable()
export class ExternalUsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The user for this identity, created on first sight (safe under concurrent first requests). */
  async findOrCreate(issuer: string, subject: string): Promise<ExternalUser> {
    const existing = await this.find(issuer, subject);
    if (existing) return existing;
    for (const name of candidateNames(issuer, subject)) {
      // No conflict target: a clash on the identity (a concurrent first request won) or on the
      // name (an API-key user already has it) both insert nothing.
      const inserted: ExternalUser[] = await this.dataSource.query(
        `INSERT INTO users (name, issuer, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id, name`,
        [name, issuer, subject],
      );
      if (inserted.length) return inserted[0];
      // A new statement sees a row that a concurrent transaction has committed meanwhile.
      const raced = await this.find(issuer, subject);
      if (raced) return raced;
    }
    throw new Error(`no free user name for subject ${JSON.stringify(subject)} of ${issuer}`);
  }

  private async find(issuer: string, subject: string): Promise<ExternalUser | undefined> {
    const rows: ExternalUser[] = await this.dataSource.query(`SELECT id, name FROM users WHERE issuer = $1 AND subject = $2`, [issuer, subject]);
    return rows[0];
  }
}

/**
 * Readable first (`<sub>@<issuer host>`, what `keys:create --user` takes to give this user an
 * API key too), then one derived from a hash when that is too long or already taken.
 */
export function candidateNames(issuer: string, subject: string): string[] {
  const readable = `${subject}@${new URL(issuer).host}`;
  const hashed = `oidc-${createHash('sha256').update(`${issuer}\n${subject}`).digest('hex').slice(0, 32)}`;
  return [...readable].length <= NAME_MAX ? [readable, hashed] : [hashed];
}
