import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiKeysTable, TenantDb } from '../db/types.ts';

/**
 * Per-tenant API keys (API-1). A key reads `kv_<prefix>_<secret>`: the prefix (10 base32
 * characters) finds the row, the secret (32 random bytes, 52 base32 characters) proves it. Only
 * the SHA-256 of the secret is stored; the full key is shown once, on the page that creates it.
 * Keys live in the tenant schema, so a key presented on another seller's host is simply unknown.
 */
export const API_SCOPES = ['products.read', 'products.write', 'stock.write', 'prices.write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(v: unknown): v is ApiScope {
  return typeof v === 'string' && (API_SCOPES as readonly string[]).includes(v);
}

export type ApiKey = Selectable<ApiKeysTable>;

export interface ApiKeyRow extends Pick<ApiKey, 'id' | 'name' | 'prefix' | 'scopes' | 'created_at' | 'last_used_at' | 'revoked_at'> {
  createdBy: string | null;
  revokedBy: string | null;
}

const KEY_PATTERN = /^kv_([a-z2-7]{10})_([a-z2-7]{52})$/;

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A fresh key: its prefix, its secret's hash and the full text to show once. */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = encodeBase32LowerCaseNoPadding(randomBytes(6)).slice(0, 10);
  const secret = encodeBase32LowerCaseNoPadding(randomBytes(32));
  return { key: `kv_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export async function createApiKey(
  db: Kysely<TenantDb>,
  input: { name: string; scopes: ApiScope[]; createdBy: number | null },
): Promise<{ key: string; row: ApiKey }> {
  // A prefix collision (1 in 2^50 per pair) only costs a retry.
  for (let attempt = 0; ; attempt++) {
    const fresh = generateApiKey();
    try {
      const row = await db
        .insertInto('api_keys')
        .values({ name: input.name, prefix: fresh.prefix, secret_hash: fresh.secretHash, scopes: input.scopes, created_by: input.createdBy })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { key: fresh.key, row };
    } catch (err) {
      if ((err as { code?: string }).code !== '23505' || attempt >= 2) throw err;
    }
  }
}

export async function listApiKeys(db: Kysely<TenantDb>): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys as k')
    .leftJoin('users as c', 'c.id', 'k.created_by')
    .leftJoin('users as r', 'r.id', 'k.revoked_by')
    .select(['k.id', 'k.name', 'k.prefix', 'k.scopes', 'k.created_at', 'k.last_used_at', 'k.revoked_at', 'c.name as createdBy', 'r.name as revokedBy'])
    .orderBy(sql`k.revoked_at is not null`)
    .orderBy('k.id', 'desc')
    .execute();
}

/**
 * Revokes a key at once (the next request with it gets 401). Null when unknown; `changed` is
 * false when it was revoked already (the first revocation's time and author stay).
 */
export async function revokeApiKey(db: Kysely<TenantDb>, id: number, userId: number | null): Promise<{ id: number; name: string; prefix: string; changed: boolean } | null> {
  const updated = await db
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`now()`, revoked_by: userId })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name', 'prefix'])
    .executeTakeFirst();
  if (updated) return { ...updated, changed: true };
  const existing = await db.selectFrom('api_keys').select(['id', 'name', 'prefix']).where('id', '=', id).executeTakeFirst();
  return existing ? { ...existing, changed: false } : null;
}

export type Authenticated = Pick<ApiKey, 'id' | 'name' | 'prefix' | 'scopes' | 'last_used_at'>;

/**
 * The active key a bearer token names, or null (malformed, unknown, wrong secret, revoked). The
 * hashes are compared in constant time; a malformed token is refused without touching the db.
 */
export async function authenticateApiKey(db: Kysely<TenantDb>, token: string): Promise<Authenticated | null> {
  const m = KEY_PATTERN.exec(token);
  if (!m) return null;
  const [, prefix, secret] = m as unknown as [string, string, string];
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'scopes', 'secret_hash', 'last_used_at', 'revoked_at'])
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  if (!row) return null;
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(row.secret_hash, 'hex');
  if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return null;
  if (row.revoked_at) return null;
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, last_used_at: row.last_used_at };
}

/** last_used_at moves at most once a minute per key, so busy keys do not write on every request. */
export async function touchApiKey(db: Kysely<TenantDb>, key: Pick<Authenticated, 'id' | 'last_used_at'>): Promise<void> {
  if (key.last_used_at && key.last_used_at.getTime() > Date.now() - 60_000) return;
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', key.id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}
