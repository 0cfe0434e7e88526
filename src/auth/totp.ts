import { randomBytes, createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { TenantDb } from '../db/types.ts';
import { open, seal } from './secret-box.ts';

/** TOTP per RFC 6238: 30 s steps, SHA-1, 6 digits, ±1 step tolerated, each step accepted once. */
export const PERIOD = 30;
export const DIGITS = 6;
export const WINDOW = 1;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpFor(secretBase32: string, label: string, issuer: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: OTPAuth.Secret.fromBase32(secretBase32) });
}

export function generateCode(secretBase32: string, timestamp = Date.now()): string {
  return OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: DIGITS, period: PERIOD, timestamp });
}

/** The time step a code belongs to, or null. Does not check replay: see `acceptTotp`. */
export function matchStep(secretBase32: string, code: string, timestamp = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = OTPAuth.TOTP.validate({
    token,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    timestamp,
    window: WINDOW,
  });
  if (delta === null) return null;
  return Math.floor(timestamp / 1000 / PERIOD) + delta;
}

export function otpauthUri(secretBase32: string, account: string, issuer: string): string {
  return totpFor(secretBase32, account, issuer).toString();
}

export async function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

export const sealTotpSecret = (secretBase32: string, sessionSecret: string) => seal(secretBase32, sessionSecret, 'totp');
export const openTotpSecret = (sealed: string, sessionSecret: string) => open(sealed, sessionSecret, 'totp');

export type TotpResult = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' | 'not_enrolled' };

/**
 * Verifies a code for an enrolled user and records its step in the same statement, so a code
 * (or an earlier one) can never be accepted twice — not even by two requests racing.
 */
export async function acceptTotp(db: Kysely<TenantDb>, userId: number, code: string, sessionSecret: string, now = Date.now()): Promise<TotpResult> {
  const user = await db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', userId).executeTakeFirst();
  if (!user?.totp_secret || !user.totp_enabled_at) return { ok: false, reason: 'not_enrolled' };
  const step = matchStep(openTotpSecret(user.totp_secret, sessionSecret), code, now);
  if (step === null) return { ok: false, reason: 'invalid' };
  const res = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? { ok: true, step } : { ok: false, reason: 'replayed' };
}

// Recovery codes: 10 codes of 10 base32 characters, shown once, stored as SHA-256 (they are random, not passwords).
const RC_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    const bytes = randomBytes(10);
    const s = [...bytes].map((b) => RC_ALPHABET[b % RC_ALPHABET.length]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase().replace(/[^a-z0-9]/g, '')).digest('hex');
}

export async function replaceRecoveryCodes(db: Kysely<TenantDb>, userId: number, codes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('recovery_codes').values(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c) }))).execute();
}

/** Uses a recovery code once: the conditional update makes a second use (or a race) fail. */
export async function useRecoveryCode(db: Kysely<TenantDb>, userId: number, code: string): Promise<boolean> {
  const res = await db
    .updateTable('recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function remainingRecoveryCodes(db: Kysely<TenantDb>, userId: number): Promise<number> {
  const r = await db.selectFrom('recovery_codes').select(db.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}
