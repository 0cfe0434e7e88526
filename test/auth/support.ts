import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { TenantDb } from '../../src/db/types.ts';
import { formPost, type TestApp } from '../support/app.ts';

/** The raw Set-Cookie line for the session cookie; like a browser, the last one of the response wins. */
export function sessionSetCookie(res: Response): string {
  return res.headers.getSetCookie().findLast((c) => /^(__Host-)?kv_session=/.test(c)) ?? '';
}

/** The session cookie a response leaves in the browser, as a Cookie header value (`name=value`), or null. */
export function sessionCookieOf(res: Response): string | null {
  const pair = sessionSetCookie(res).split(';')[0]!;
  return pair.split('=')[1] ? pair : null;
}

export function sessionIdOf(cookie: string): string {
  return cookie.split('=')[1]!.split('.')[0]!;
}

/** A TOTP code computed the way an authenticator app would, with otpauth. */
export function totpCode(secret: string, at = Date.now()): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
}

export async function loginDealer(t: TestApp, host: string, f: { code: string; email: string; password: string }, query = '') {
  return t.req(host, `/login${query}`, formPost(host, f));
}

export async function loginStaff(t: TestApp, host: string, f: { email: string; password: string }, query = '') {
  return t.req(host, `/staff/login${query}`, formPost(host, f));
}

export async function auditActions(db: Kysely<TenantDb>): Promise<string[]> {
  return (await db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);
}
