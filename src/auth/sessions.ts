import { randomBytes } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { SessionsTable, TenantDb, UsersTable } from '../db/types.ts';

/**
 * Sessions after the Lucia guide: the token is `<id>.<secret>`; only SHA-256(secret) is stored,
 * in the tenant's schema, and compared in constant time. A token from another tenant's host
 * is meaningless here: its id does not exist in this schema.
 */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;
/** last_seen_at is written at most once a minute per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export type Session = Selectable<SessionsTable>;
export type SessionUser = Pick<
  Selectable<UsersTable>,
  'id' | 'kind' | 'dealer_id' | 'email' | 'name' | 'role' | 'permissions' | 'status' | 'totp_enabled_at' | 'locale'
>;

function randomString(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(24));
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export interface NewSession {
  token: string;
  session: Session;
}

export async function createSession(
  db: Kysely<TenantDb>,
  userId: number,
  opts: { twoFactorVerified: boolean; ip?: string; userAgent?: string; actingDealerId?: number | null; now?: Date },
): Promise<NewSession> {
  const id = randomString();
  const secret = randomString();
  const now = opts.now ?? new Date();
  const session = await db
    .insertInto('sessions')
    .values({
      id,
      secret_hash: hashSecret(secret),
      user_id: userId,
      two_factor_verified: opts.twoFactorVerified,
      fresh_totp_at: opts.twoFactorVerified ? now : null,
      acting_dealer_id: opts.actingDealerId ?? null,
      ip: (opts.ip ?? '').slice(0, 64),
      user_agent: (opts.userAgent ?? '').slice(0, 300),
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token: `${id}.${secret}`, session };
}

export interface ValidSession {
  session: Session;
  user: SessionUser;
}

/** One indexed query (session joined to its user); a write only when last_seen_at is a minute old. */
export async function validateSessionToken(db: Kysely<TenantDb>, token: string, now = new Date()): Promise<ValidSession | null> {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 200) return null;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select([
      'u.kind',
      'u.dealer_id',
      'u.email',
      'u.name',
      'u.role',
      'u.permissions',
      'u.status',
      'u.totp_enabled_at',
      'u.locale',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null;
  const t = now.getTime();
  if (row.expires_at.getTime() <= t || row.last_seen_at.getTime() + IDLE_TIMEOUT_MS <= t || row.status !== 'active') {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (t - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    row.last_seen_at = now;
  }
  const { kind, dealer_id, email, name, role, permissions, status, totp_enabled_at, locale, ...session } = row;
  return {
    session: session as Session,
    user: { id: row.user_id, kind, dealer_id, email, name, role, permissions, status, totp_enabled_at, locale },
  };
}

export async function invalidateSession(db: Kysely<TenantDb>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, optionally keeping the current one (password change, sign out everywhere). */
export async function invalidateUserSessions(db: Kysely<TenantDb>, userId: number, exceptSessionId?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function markTwoFactorVerified(db: Kysely<TenantDb>, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ two_factor_verified: true, fresh_totp_at: sql`now()` }).where('id', '=', sessionId).execute();
}

export async function markFreshTotp(db: Kysely<TenantDb>, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ fresh_totp_at: sql`now()` }).where('id', '=', sessionId).execute();
}

export async function listUserSessions(db: Kysely<TenantDb>, userId: number): Promise<Session[]> {
  return db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('expires_at', '>', sql<Date>`now()`).orderBy('last_seen_at', 'desc').execute();
}

export async function deleteExpiredSessions(db: Kysely<TenantDb>): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('last_seen_at', '<=', sql<Date>`now() - make_interval(secs => ${IDLE_TIMEOUT_MS / 1000})`)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
