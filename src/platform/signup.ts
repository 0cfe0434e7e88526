import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../auth/audit.ts';
import { checkPassword, hashPassword, type PasswordProblem } from '../auth/passwords.ts';
import { checkGate, recordFailure, type Gate } from '../auth/rate-limit.ts';
import { hashToken } from '../auth/tokens.ts';
import { createStaffUser, type User } from '../auth/users.ts';
import type { Config } from '../config.ts';
import type { RootDb } from '../db/pool.ts';
import type { TenantDb } from '../db/types.ts';
import { brandFor, portalUrl } from '../notifications/brand.ts';
import { queueNotification } from '../notifications/queries.ts';
import { ProvisionError, provisionTenant } from '../tenancy/provision.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import { checkSlug, type SlugProblem } from '../tenancy/slug.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { tenantDb } from '../tenancy/with-tenant.ts';

/** Seller sign-up (PLT-1): slug suggestions and checks, provisioning with its owner, the login hand-off. */

const TRANSLIT: Record<string, string> = { ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u', â: 'a', î: 'i', û: 'u', æ: 'ae', ø: 'o', å: 'a', ä: 'a', ß: 'ss' };
/** Legal-form words that make a slug long without making it recognisable. */
const LEGAL_WORDS = new Set(['a', 's', 'as', 'ltd', 'sti', 'san', 've', 'tic', 'ticaret', 'sanayi', 'limited', 'sirketi', 'anonim', 'asa', 'ab', 'gmbh', 'inc', 'llc']);

/** "Işık Elektrik San. ve Tic. A.Ş." → "isik-elektrik". Returns '' when nothing usable is left. */
export function suggestSlug(companyName: string): string {
  const ascii = companyName
    .toLocaleLowerCase('tr')
    .replace(/i̇/g, 'i')
    .replace(/[^\x00-\x7f]/g, (ch) => TRANSLIT[ch] ?? ch.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  const meaningful = words.filter((w) => !LEGAL_WORDS.has(w));
  let slug = (meaningful.length ? meaningful : words).join('-');
  if (slug.length > 30) slug = slug.slice(0, 30).replace(/-[^-]*$/, '') || slug.slice(0, 30);
  slug = slug.replace(/^-+|-+$/g, '');
  if (slug.length > 0 && slug.length < 3) slug = `${slug}-portal`;
  return checkSlug(slug) === 'reserved' ? `${slug}-portal` : slug;
}

export type SlugStatus = { kind: 'available' } | { kind: 'taken' } | { kind: 'invalid'; problem: SlugProblem };

export async function slugStatus(rootDb: RootDb, raw: string): Promise<SlugStatus> {
  const slug = raw.trim().toLowerCase();
  const problem = checkSlug(slug);
  if (problem) return { kind: 'invalid', problem };
  const row = await rootDb.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
  return row ? { kind: 'taken' } : { kind: 'available' };
}

export const signupSchema = z.object({
  company: z.string().trim().min(2).max(120),
  slug: z.string().trim().toLowerCase(),
  ownerName: z.string().trim().min(2).max(120),
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string(),
  locale: z.enum(['tr', 'en']),
});
export type SignupInput = z.input<typeof signupSchema>;

export type SignupErrorCode =
  | { field: 'company'; code: 'invalid' }
  | { field: 'slug'; code: 'taken' | SlugProblem }
  | { field: 'ownerName'; code: 'invalid' }
  | { field: 'email'; code: 'invalid' }
  | { field: 'password'; code: PasswordProblem };

/** Field errors of a sign-up form, checked without touching the database. */
export function validateSignup(input: SignupInput): SignupErrorCode[] {
  const errors: SignupErrorCode[] = [];
  const parsed = signupSchema.safeParse(input);
  const issues = new Set(parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0])));
  if (issues.has('company')) errors.push({ field: 'company', code: 'invalid' });
  const slugProblem = checkSlug(input.slug.trim().toLowerCase());
  if (slugProblem) errors.push({ field: 'slug', code: slugProblem });
  if (issues.has('ownerName')) errors.push({ field: 'ownerName', code: 'invalid' });
  if (issues.has('email')) errors.push({ field: 'email', code: 'invalid' });
  const pw = checkPassword(input.password, { email: input.email, name: input.ownerName });
  if (pw) errors.push({ field: 'password', code: pw });
  return errors;
}

export class SignupError extends Error {
  constructor(readonly error: SignupErrorCode) {
    super(`${error.field}: ${error.code}`);
  }
}

/** Sign-ups per IP share the brute-force guard's growing delays (scope 'signup', platform tenant id 0). */
export const signupSubject = (ip: string) => ({ tenantId: 0, scope: 'signup', account: `ip:${ip}`, ip });

export async function signupGate(redis: Redis, ip: string): Promise<Gate> {
  return checkGate(redis, signupSubject(ip));
}

export async function countSignupAttempt(redis: Redis, ip: string): Promise<void> {
  await recordFailure(redis, signupSubject(ip));
}

export interface SignupResult {
  tenant: Tenant;
  owner: User;
  /** Absolute URL on the new portal's host that signs the owner in once. */
  welcomeUrl: string;
  /** The "portal ready" mail, to nudge after commit. */
  mailId: number;
}

/**
 * Provisions the tenant and its owner, all or nothing: the password is hashed first (so the
 * only slow step is outside the window), a lost slug race surfaces as "taken", and a failure
 * after provisioning removes the new schema and row again.
 */
export async function signUpSeller(rootDb: RootDb, config: Config, raw: SignupInput, meta: { ip: string }): Promise<SignupResult> {
  const input = signupSchema.parse(raw);
  const passwordHash = await hashPassword(input.password);
  let tenant: Tenant;
  try {
    tenant = await provisionTenant(rootDb, { slug: input.slug, name: input.company, defaultLocale: input.locale });
  } catch (err) {
    if (err instanceof ProvisionError) {
      if (err.field === 'name') throw new SignupError({ field: 'company', code: 'invalid' });
      const problem = checkSlug(input.slug);
      throw new SignupError({ field: 'slug', code: problem ?? 'taken' });
    }
    throw err;
  }
  try {
    const db = tenantDb(rootDb, tenant.schema);
    const { owner, mailId, token } = await db.transaction().execute(async (trx) => {
      const owner = await createStaffUser(trx, { email: input.email, name: input.ownerName, role: 'owner', passwordHash, locale: input.locale });
      await writeAudit(trx, {
        action: 'tenant.signed_up',
        actorUserId: owner.id,
        actorLabel: `${owner.name} <${owner.email}>`,
        targetType: 'tenant',
        targetId: tenant.id,
        ip: meta.ip,
        details: { slug: tenant.slug },
      });
      const mailId = await queueNotification(trx, brandFor(config, tenant), {
        template: 'portal-ready',
        locale: input.locale,
        to: owner.email,
        payload: { ownerName: owner.name },
      });
      return { owner, mailId, token: await issueHandoff(trx, owner.id) };
    });
    const welcomeUrl = new URL(`/staff/welcome?token=${encodeURIComponent(token)}`, portalUrl(config, tenant)).toString();
    return { tenant, owner, welcomeUrl, mailId };
  } catch (err) {
    await removeTenant(rootDb, tenant);
    throw err;
  }
}

async function removeTenant(rootDb: RootDb, tenant: Tenant): Promise<void> {
  await sql`drop schema if exists ${sql.id(assertSchemaName(tenant.schema))} cascade`.execute(rootDb);
  await rootDb.deleteFrom('tenants').where('id', '=', tenant.id).execute();
}

/** The hand-off token works once, within a minute, on the new portal's host only (it lives in that schema). */
export const HANDOFF_TTL_MS = 60_000;

export async function issueHandoff(db: Kysely<TenantDb>, userId: number, ttlMs = HANDOFF_TTL_MS): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('auth_tokens')
    .values({ user_id: userId, purpose: 'handoff', token_hash: hashToken(token), data: '{}', expires_at: new Date(Date.now() + ttlMs) })
    .execute();
  return token;
}

/** Consumes a hand-off token with one conditional update; a second use, an expired or foreign token gives undefined. */
export async function consumeHandoff(db: Kysely<TenantDb>, token: string): Promise<number | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await db
    .updateTable('auth_tokens')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', 'handoff')
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}
