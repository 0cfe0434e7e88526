import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { audit } from '../auth/audit.ts';
import { clearSessionCookie } from '../auth/cookies.ts';
import { startSession, waitMessage } from '../auth/flow.ts';
import { newPasswordForm, parseForm, profileForm, readForm, translateErrors } from '../auth/forms.ts';
import { authMessages } from '../auth/messages.ts';
import { requireUser } from '../auth/middleware.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { checkGate, recordFailure, recordSuccess } from '../auth/rate-limit.ts';
import { clientIp } from '../auth/request-info.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { queueNotification } from '../notifications/queries.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { emailRoutes } from './email-routes.tsx';
import { accountMessages } from './messages.ts';
import { loadSelf, renderAccount } from './page.tsx';
import { twoFactorRoutes } from './two-factor-routes.tsx';

/** The account page of any signed-in user (IAM-9): profile, e-mail, password, 2FA, sessions. */
export const accountRoutes = new Hono<AppEnv>();
accountRoutes.route('/2fa', twoFactorRoutes);
accountRoutes.route('/email', emailRoutes);
accountRoutes.use('*', requireUser());

accountRoutes.get('/', (c) => renderAccount(c));

accountRoutes.post('/profile', async (c) => {
  const m = accountMessages[c.var.locale];
  const input = await readForm(c);
  const parsed = parseForm(profileForm, input);
  if (!parsed.ok) {
    return renderAccount(c, 422, { profile: { values: { name: input.name ?? '', locale: input.locale ?? 'tr' }, errors: translateErrors(parsed.errors, m) } });
  }
  const user = c.var.user!;
  await c.var.db.updateTable('users').set({ name: parsed.data.name, locale: parsed.data.locale, updated_at: new Date() }).where('id', '=', user.id).execute();
  await audit(c, { action: 'profile.updated', targetType: 'user', targetId: user.id, details: { locale: parsed.data.locale, nameChanged: parsed.data.name !== user.name } });
  // The preference also becomes this browser's language, as the /lang switch would set it.
  setCookie(c, 'lang', parsed.data.locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax', httpOnly: true });
  await setFlash(c, { kind: 'success', message: accountMessages[parsed.data.locale].profileSaved });
  return c.redirect('/account', 303);
});

/**
 * Changing the password needs the current one, gives this browser a new session and ends all
 * others, and tells the user by mail.
 */
accountRoutes.post('/password', async (c) => {
  const m = accountMessages[c.var.locale];
  const catalog = { ...authMessages[c.var.locale], ...m };
  const { db, deps, tenant } = c.var;
  const user = c.var.user!;
  const input = await readForm(c);
  const errors: Record<string, string> = {};
  const pw = parseForm(newPasswordForm({ email: user.email }), input);
  if (!pw.ok) Object.assign(errors, translateErrors(pw.errors, catalog));
  if (!input.current) errors.current = m.required;
  if (Object.keys(errors).length) return renderAccount(c, 422, { password: { errors } });

  const subject = { tenantId: tenant.id, scope: 'password', account: `user:${user.id}`, ip: clientIp(c) };
  const gate = await checkGate(deps.redis, subject);
  const self = await loadSelf(c);
  if (!gate.allowed) {
    return renderAccount(c, 429, { password: { errors: { current: waitMessage(authMessages[c.var.locale], gate.retryAfterSeconds) } } });
  }
  if (!self.password_hash || !(await verifyPassword(self.password_hash, input.current!))) {
    await recordFailure(deps.redis, subject);
    await audit(c, { action: 'password.change_failed', targetType: 'user', targetId: user.id });
    return renderAccount(c, 422, { password: { errors: { current: m.currentPasswordWrong } } });
  }
  await recordSuccess(deps.redis, subject);
  const passwordHash = await hashPassword(pw.ok ? pw.data.password : '');
  const notificationId = await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', user.id).execute();
    await audit(c, { action: 'password.changed', targetType: 'user', targetId: user.id }, trx);
    return queueNotification(trx, brandOf(c), { template: 'password-changed', locale: self.locale, to: self.email, payload: { name: self.name } });
  });
  const fresh = await startSession(c, user.id, Boolean(c.var.session?.two_factor_verified));
  await invalidateUserSessions(db, user.id, fresh.id);
  await nudgeNotifications(deps.queues, tenant.id, [notificationId]).catch((err: unknown) => c.var.log.warn({ err: String(err) }, 'mail nudge failed'));
  await setFlash(c, { kind: 'success', message: m.passwordChanged });
  return c.redirect('/account', 303);
});

accountRoutes.post('/sessions/end-all', async (c) => {
  const user = c.var.user!;
  const n = await invalidateUserSessions(c.var.db, user.id);
  await audit(c, { action: 'logout.everywhere', targetType: 'user', targetId: user.id, details: { sessions: n } });
  clearSessionCookie(c);
  await setFlash(c, { kind: 'info', message: accountMessages[c.var.locale].signedOutEverywhere });
  return c.redirect(user.kind === 'staff' ? '/staff/login' : '/login', 303);
});

/** Ends one of the user's own sessions; another user's session id is simply not found. */
accountRoutes.post('/sessions/:id/end', async (c) => {
  const user = c.var.user!;
  const id = c.req.param('id');
  const res = await c.var.db.deleteFrom('sessions').where('id', '=', id).where('user_id', '=', user.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return c.notFound();
  await audit(c, { action: 'session.revoked', targetType: 'session', targetId: id.slice(0, 8) });
  if (id === c.var.session?.id) {
    clearSessionCookie(c);
    return c.redirect(user.kind === 'staff' ? '/staff/login' : '/login', 303);
  }
  await setFlash(c, { kind: 'success', message: accountMessages[c.var.locale].sessionEnded });
  return c.redirect('/account#sessions', 303);
});
