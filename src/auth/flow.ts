import type { Context } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { safeBack } from '../web/scope.ts';
import type { AuthMessages } from './messages.ts';
import { setSessionCookie } from './cookies.ts';
import { clientIp } from './request-info.ts';
import { createSession, invalidateSession, type Session } from './sessions.ts';

/** Where a user lands after signing in when no `next` was asked for. */
export function homeFor(user: { kind: 'staff' | 'dealer' }): string {
  return user.kind === 'dealer' ? '/portal' : '/staff';
}

/** A local `next` target, or the user's home. Sign-in pages are never a target (no loops). */
export function nextTarget(raw: string | undefined, user: { kind: 'staff' | 'dealer' }): string {
  const target = safeBack(raw, homeFor(user));
  return /^\/(login|staff\/login|logout)(\/|\?|$)/.test(target) ? homeFor(user) : target;
}

/**
 * Signing in and every privilege change (second factor passed, 2FA enrolled) get a brand-new
 * session; the one the browser held before is ended, so a fixated or stolen pre-login token is useless.
 */
export async function startSession(c: Context<AppEnv>, userId: number, twoFactorVerified: boolean): Promise<Session> {
  // Only a validated session is ended: a forged cookie naming someone else's session id does nothing.
  if (c.var.session) await invalidateSession(c.var.db, c.var.session.id);
  const { token, session } = await createSession(c.var.db, userId, {
    twoFactorVerified,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? '',
  });
  setSessionCookie(c, token);
  return session;
}

/** "Try again in N minutes" (or seconds, for the short growing delays). */
export function waitMessage(m: AuthMessages, seconds: number): string {
  return seconds < 90 ? m.tooManySeconds(Math.max(1, Math.ceil(seconds))) : m.tooManyMinutes(Math.ceil(seconds / 60));
}

/** Pages with secrets or one-time content are never cached. */
export function noStore(c: Context<AppEnv>): void {
  c.header('Cache-Control', 'no-store');
}
