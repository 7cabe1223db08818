import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import type { JWK, JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

/** An RSA key pair made in the test; its public half as a JWK. */
export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export interface TokenOptions {
  key: SigningKey;
  /** Defaults: the provider's issuer and audience, issued now, valid for 5 minutes. */
  claims?: JWTPayload;
  issuer?: string;
  audience?: string | string[];
  issuedAt?: number;
  /** null: no `exp` at all. */
  expiresAt?: number | null;
  notBefore?: number;
  /** The `kid` header; defaults to the key's. */
  kid?: string;
}

/**
 * A minimal OpenID provider over real HTTP on 127.0.0.1: the discovery document and a JWKS
 * the test can change (key rotation) or take down. It counts requests so tests can see refetches.
 */
export class FakeIdentityProvider {
  /** Keys published in the JWKS. */
  published: SigningKey[] = [];
  /** When true, discovery and JWKS answer 503. */
  down = false;
  jwksRequests = 0;
  discoveryRequests = 0;
  private server?: Server;
  issuer = '';

  /** `audience`: what tokens carry in `aud` unless told otherwise (the API's OIDC_AUDIENCE). */
  constructor(readonly audience: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/.well-known/openid-configuration') {
        this.discoveryRequests++;
        if (this.down) return json(503, { error: 'down' });
        return json(200, { issuer: this.issuer, jwks_uri: `${this.issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.url === '/jwks') {
        this.jwksRequests++;
        if (this.down) return json(503, { error: 'down' });
        return json(200, { keys: this.published.map((k) => k.publicJwk) });
      }
      json(404, { error: 'not found' });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  /** A signed access token; every default can be overridden to make a bad one. */
  token(sub: string, o: TokenOptions): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ ...o.claims })
      .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? o.key.kid, typ: 'at+jwt' })
      .setSubject(sub)
      .setIssuer(o.issuer ?? this.issuer)
      .setAudience(o.audience ?? this.audience)
      .setIssuedAt(o.issuedAt ?? now)
      .setNotBefore(o.notBefore ?? now - 1);
    if (o.expiresAt !== null) jwt.setExpirationTime(o.expiresAt ?? now + 300);
    return jwt.sign(o.key.privateKey);
  }
}

/** An unsigned token (`alg: none`), as an attacker would forge one. */
export function unsignedToken(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64(header)}.${b64(payload)}.`;
}
