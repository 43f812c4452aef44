import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { credentialInvalid } from './auth.exception.js';

/** argon2id with the package defaults (19 MiB, 2 passes, 1 lane): OWASP's minimum recommendation. */
const ARGON2ID = 2 as Algorithm;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the email is unknown, so both paths take the same time. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/**
 * 256 random bits behind a readable prefix (`cck_` keys, `ccr_` refresh tokens, `ccc_` calendar links, `ccv_`
 * shared volunteer records), so a leaked one is recognisable.
 */
export function newSecret(prefix: 'cck' | 'ccr' | 'ccc' | 'ccv'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** For high-entropy secrets a fast hash is enough: there is nothing to guess. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const ISSUER = 'coopcare';
export const PERSON_AUDIENCE = 'coopcare:person';
export const WIDGET_AUDIENCE = 'coopcare:widget';

/** Signs and checks the bearer tokens (HS256 under one server secret). */
export class TokenSigner {
  constructor(private readonly key: Uint8Array) {}

  sign(audience: string, claims: Record<string, string>, subject: string, expiresAt: Date): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
  }

  /** The verified claims and which audience the token is for; UNAUTHENTICATED for anything else. */
  async verify(token: string): Promise<{ audience: string; payload: JWTPayload }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: [PERSON_AUDIENCE, WIDGET_AUDIENCE],
        algorithms: ['HS256'],
        // Every token coopcare signs has all three; one without an expiry would never end.
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      const audience = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
      if (typeof payload.sub !== 'string' || typeof audience !== 'string') throw credentialInvalid('This token is not valid.');
      return { audience, payload };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw credentialInvalid('This token has expired.');
      throw credentialInvalid('This token is not valid.');
    }
  }
}
