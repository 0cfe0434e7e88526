import { Hono } from 'hono';
import { WelcomeInvalid } from '../../views/platform/signup/signup-page.tsx';
import { audit } from '../auth/audit.ts';
import { setSessionCookie } from '../auth/cookies.ts';
import { clientIp } from '../auth/request-info.ts';
import { createSession, invalidateSession } from '../auth/sessions.ts';
import { consumeHandoff } from '../platform/signup.ts';
import { signupMessages } from '../platform/signup-messages.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { auditRoutes } from './audit-routes.tsx';
import { settingsRoutes } from './settings-routes.tsx';
import { teamRoutes } from './team-routes.tsx';

/** Staff back office: dashboard, staff users, branding and settings, audit log (IAM-10, IAM-12, PLT-4). */
export const staffRoutes = new Hono<AppEnv>();

/**
 * The end of seller sign-up: the owner signed up on the base domain, whose cookies this host
 * never sees, so a one-minute single-use token carries the login here. The session starts
 * without the second factor; staff 2FA is mandatory, so enrolment comes first.
 */
staffRoutes.get('/welcome', async (c) => {
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  const userId = await consumeHandoff(c.var.db, c.req.query('token') ?? '');
  const user = userId
    ? await c.var.db.selectFrom('users').select(['id', 'name', 'email', 'kind', 'status']).where('id', '=', userId).executeTakeFirst()
    : undefined;
  if (!user || user.kind !== 'staff' || user.status !== 'active') {
    c.var.log.warn({ ip: clientIp(c) }, 'invalid sign-up hand-off token');
    return c.html(page(c, signupMessages[c.var.locale].welcomeInvalidTitle, <WelcomeInvalid locale={c.var.locale} />, { nav: 'none' }), 400);
  }
  if (c.var.session) await invalidateSession(c.var.db, c.var.session.id);
  const { token } = await createSession(c.var.db, user.id, { twoFactorVerified: false, ip: clientIp(c), userAgent: c.req.header('User-Agent') });
  setSessionCookie(c, token);
  await audit(c, { action: 'login.handoff', actorUserId: user.id, actorLabel: `${user.name} <${user.email}>`, targetType: 'user', targetId: user.id });
  await setFlash(c, { kind: 'success', message: signupMessages[c.var.locale].welcomeFlash });
  return c.redirect(`/account/2fa/setup?next=${encodeURIComponent('/staff/settings')}`, 303);
});

staffRoutes.route('/team', teamRoutes);
staffRoutes.route('/settings', settingsRoutes);
staffRoutes.route('/audit', auditRoutes);
