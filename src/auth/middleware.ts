import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { currentPath } from '../web/scope.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './cookies.ts';
import { dealerCan, requiresTwoFactor, staffCan, type DealerPermission, type StaffPermission } from './permissions.ts';
import { validateSessionToken } from './sessions.ts';

/** Loads the session (if any) on tenant hosts: `c.var.user` / `c.var.session`, or null. */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('session', null);
  c.set('user', null);
  const token = readSessionCookie(c);
  if (token) {
    const valid = await validateSessionToken(c.var.db, token);
    if (valid) {
      c.set('session', valid.session);
      c.set('user', valid.user);
      // Sliding cookie lifetime follows the server-side session; the server decides validity.
      if (valid.session.last_seen_at.getTime() > Date.now() - 5_000) setSessionCookie(c, token);
    } else {
      clearSessionCookie(c);
    }
  }
  await next();
};

function loginRedirect(c: Context<AppEnv>, path: string) {
  const next = encodeURIComponent(currentPath(c));
  if (c.req.header('HX-Request') === 'true') {
    c.header('HX-Redirect', `${path}?next=${next}`);
    return c.body(null, 401);
  }
  return c.redirect(`${path}?next=${next}`, 303);
}

/**
 * A signed-in user has passed 2FA when enrolled; a user for whom 2FA is mandatory but who has
 * not enrolled is sent to enrolment before anything else.
 */
function secondFactorGate(c: Context<AppEnv>) {
  const user = c.var.user!;
  const session = c.var.session!;
  if (user.totp_enabled_at && !session.two_factor_verified) return c.redirect(`/login/2fa?next=${encodeURIComponent(currentPath(c))}`, 303);
  if (!user.totp_enabled_at && requiresTwoFactor(user)) return c.redirect(`/account/2fa/setup?next=${encodeURIComponent(currentPath(c))}`, 303);
  return null;
}

/** Staff pages: signed in as staff, second factor done, and (optionally) holding one of the permissions. */
export function requireStaff(...anyOf: StaffPermission[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (!user) return loginRedirect(c, '/staff/login');
    if (user.kind !== 'staff') return renderError(c, 403);
    const gate = secondFactorGate(c);
    if (gate) return gate;
    if (anyOf.length && !anyOf.some((p) => staffCan(user, p))) return renderError(c, 403);
    await next();
  };
}

/**
 * Dealer pages: a dealer user of this tenant, or a staff member acting for a dealer (IAM-11),
 * who then has the dealer admin's permissions and is audited with both identities.
 */
export function requireDealer(...anyOf: DealerPermission[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (!user) return loginRedirect(c, '/login');
    const acting = c.var.session?.acting_dealer_id;
    if (user.kind === 'staff' && acting) {
      const gate = secondFactorGate(c);
      if (gate) return gate;
      await next();
      return;
    }
    if (user.kind !== 'dealer') return renderError(c, 403);
    const gate = secondFactorGate(c);
    if (gate) return gate;
    if (anyOf.length && !anyOf.some((p) => dealerCan(user, p))) return renderError(c, 403);
    await next();
  };
}

/** Any signed-in user (account pages); the second-factor gate still applies except on the 2FA pages themselves. */
export function requireUser(opts: { allowPendingSecondFactor?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user) return loginRedirect(c, '/login');
    if (!opts.allowPendingSecondFactor) {
      const gate = secondFactorGate(c);
      if (gate) return gate;
    }
    await next();
  };
}

/** The dealer the current request acts for: the user's own company, or the one staff is acting for. */
export function currentDealerId(c: Context<AppEnv>): number | null {
  const user = c.var.user;
  if (!user) return null;
  if (user.kind === 'dealer') return user.dealer_id;
  return c.var.session?.acting_dealer_id ?? null;
}

/** Step-up for sensitive actions: true when the session proved a TOTP code in the last `maxAgeSeconds`. */
export function hasFreshTotp(c: Context<AppEnv>, maxAgeSeconds = 300): boolean {
  const at = c.var.session?.fresh_totp_at;
  return Boolean(at && at.getTime() > Date.now() - maxAgeSeconds * 1000);
}
