import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuthTokensTable, TenantDb } from '../db/types.ts';

/** Single-use tokens for invitations, password resets and e-mail changes; only their SHA-256 is stored. */
export const TOKEN_TTL_MS = { invite: 7 * 24 * 3600_000, reset: 30 * 60_000, email_change: 24 * 3600_000 } as const;
export type TokenPurpose = keyof typeof TOKEN_TTL_MS;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueToken(db: Kysely<TenantDb>, userId: number, purpose: TokenPurpose, data: Record<string, unknown> = {}): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  // A new token of the same purpose replaces the old one (only the latest link works).
  await db.updateTable('auth_tokens').set({ used_at: sql`now()` }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  await db
    .insertInto('auth_tokens')
    .values({ user_id: userId, purpose, token_hash: hashToken(token), data: JSON.stringify(data), expires_at: new Date(Date.now() + TOKEN_TTL_MS[purpose]) })
    .execute();
  return token;
}

export type AuthToken = Selectable<AuthTokensTable>;

/** A token that is unused and unexpired, without consuming it (to show the form). */
export async function peekToken(db: Kysely<TenantDb>, token: string, purpose: TokenPurpose): Promise<AuthToken | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .selectFrom('auth_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Consumes a token exactly once (a conditional update), returning it, or undefined if used/expired/unknown. */
export async function consumeToken(db: Kysely<TenantDb>, token: string, purpose: TokenPurpose): Promise<AuthToken | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .updateTable('auth_tokens')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returningAll()
    .executeTakeFirst();
}
