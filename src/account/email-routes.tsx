import { Hono, type Context } from 'hono';
import { sql, type Kysely } from 'kysely';
import { EmailConfirmPage, EmailLinkInvalidPage } from '../../views/account/email-change.tsx';
import { audit, writeAudit } from '../auth/audit.ts';
import { waitMessage } from '../auth/flow.ts';
import { forgotForm, parseForm, readForm, translateErrors } from '../auth/forms.ts';
import { authMessages } from '../auth/messages.ts';
import { requireUser } from '../auth/middleware.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { secretUrlPage, tokenUser } from '../auth/password-routes.tsx';
import { checkGate, recordFailure, recordSuccess } from '../auth/rate-limit.ts';
import { clientIp } from '../auth/request-info.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { consumeToken, issueToken, peekToken } from '../auth/tokens.ts';
import type { TenantDb } from '../db/types.ts';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { queueNotification } from '../notifications/queries.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { accountMessages } from './messages.ts';
import { loadSelf, renderAccount } from './page.tsx';

/**
 * Changing the e-mail address (IAM-9), mounted at /account/email. The request needs the session
 * and the current password; the change happens only when the link mailed to the new address is
 * confirmed. The link may be opened on another device, so confirming needs no session and never
 * starts one.
 */
export const emailRoutes = new Hono<AppEnv>();

type Owner = { id: number; kind: 'staff' | 'dealer'; dealer_id: number | null };

/** Addresses are unique among staff, and among the users of one dealer (see users_*_email_uq). */
async function addressTaken(db: Kysely<TenantDb>, user: Owner, email: string): Promise<boolean> {
  let q = db.selectFrom('users').select('id').where(sql`lower(email)`, '=', email).where('id', '<>', user.id).where('kind', '=', user.kind);
  if (user.kind === 'dealer') q = q.where('dealer_id', '=', user.dealer_id);
  return Boolean(await q.executeTakeFirst());
}

function nudge(c: Context<AppEnv>, id: number) {
  // The outbox row is the truth; if Redis is away the periodic sweep sends it later.
  return nudgeNotifications(c.var.deps.queues, c.var.tenant.id, [id]).catch((err: unknown) => c.var.log.warn({ err: String(err) }, 'mail nudge failed'));
}

emailRoutes.post('/', requireUser(), async (c) => {
  const m = accountMessages[c.var.locale];
  const { db, deps, tenant } = c.var;
  const user = c.var.user!;
  const input = await readForm(c);
  const values = { new_email: (input.new_email ?? '').slice(0, 254) };
  const fail = (status: 422 | 429, errors: { new_email?: string; email_password?: string }) => renderAccount(c, status, { email: { values, errors } });

  const errors: { new_email?: string; email_password?: string } = {};
  const parsed = parseForm(forgotForm, { email: input.new_email ?? '' });
  if (!parsed.ok) errors.new_email = translateErrors(parsed.errors, { ...authMessages[c.var.locale], ...m }).email;
  if (!input.email_password) errors.email_password = m.required;
  if (!parsed.ok || errors.email_password) return fail(422, errors);
  const newEmail = parsed.data.email.toLowerCase();

  // The same counters as the password change: both forms guess at the same password.
  const subject = { tenantId: tenant.id, scope: 'password', account: `user:${user.id}`, ip: clientIp(c) };
  const gate = await checkGate(deps.redis, subject);
  if (!gate.allowed) return fail(429, { email_password: waitMessage(authMessages[c.var.locale], gate.retryAfterSeconds) });
  const self = await loadSelf(c);
  if (!self.password_hash || !(await verifyPassword(self.password_hash, input.email_password!))) {
    await recordFailure(deps.redis, subject);
    await audit(c, { action: 'email.change_failed', targetType: 'user', targetId: user.id });
    return fail(422, { email_password: m.currentPasswordWrong });
  }
  await recordSuccess(deps.redis, subject);
  if (newEmail === self.email.toLowerCase()) return fail(422, { new_email: m.emailSame });
  if (await addressTaken(db, self, newEmail)) return fail(422, { new_email: m.emailTaken });

  const brand = brandOf(c);
  const notificationId = await db.transaction().execute(async (trx) => {
    const token = await issueToken(trx, self.id, 'email_change', { email: newEmail });
    await audit(c, { action: 'email.change_requested', targetType: 'user', targetId: self.id, details: { to: newEmail } }, trx);
    return queueNotification(trx, brand, {
      template: 'email-change-confirm',
      locale: self.locale,
      to: newEmail,
      payload: { name: self.name, newEmail, url: new URL(`/account/email/confirm/${token}`, brand.portalUrl).toString(), ...(self.dealer_code ? { dealerCode: self.dealer_code } : {}) },
    });
  });
  await nudge(c, notificationId);
  await setFlash(c, { kind: 'success', message: m.emailLinkSent(newEmail) });
  return c.redirect('/account#email', 303);
});

function linkInvalid(c: Context<AppEnv>) {
  secretUrlPage(c);
  return c.html(page(c, accountMessages[c.var.locale].emailLinkInvalidTitle, <EmailLinkInvalidPage locale={c.var.locale} />, { nav: 'none' }), 410);
}

function confirmPage(c: Context<AppEnv>, newEmail: string, status: 200 | 409 = 200, error?: string) {
  secretUrlPage(c);
  const m = accountMessages[c.var.locale];
  const body = <EmailConfirmPage locale={c.var.locale} action={`/account/email/confirm/${c.req.param('token')}`} newEmail={newEmail} error={error} />;
  return c.html(page(c, m.confirmEmailTitle, body, { nav: 'none' }), status);
}

/** The pending change behind a link: its unused, unexpired token, an active user and the new address. */
async function pendingChange(c: Context<AppEnv>) {
  const token = await peekToken(c.var.db, c.req.param('token') ?? '', 'email_change');
  const user = token && (await tokenUser(c, token.user_id));
  const email = token?.data.email;
  if (!user || user.status !== 'active' || typeof email !== 'string' || !email) return null;
  return { user, newEmail: email.toLowerCase() };
}

emailRoutes.get('/confirm/:token', async (c) => {
  const pending = await pendingChange(c);
  return pending ? confirmPage(c, pending.newEmail) : linkInvalid(c);
});

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/**
 * Applies the change: consumes the token once, ends the user's other sessions (all of them when
 * this browser is not signed in as that user), voids reset links sent to the old address, audits
 * and tells the old address. Nobody is signed in by it.
 */
emailRoutes.post('/confirm/:token', async (c) => {
  const m = accountMessages[c.var.locale];
  const { db } = c.var;
  const raw = c.req.param('token');
  const pending = await pendingChange(c);
  if (!pending) return linkInvalid(c);
  const { user, newEmail } = pending;
  if (await addressTaken(db, user, newEmail)) return confirmPage(c, newEmail, 409, m.emailLinkTaken);
  const here = c.var.session && c.var.user?.id === user.id ? c.var.session.id : undefined;
  let notificationId: number | null;
  try {
    notificationId = await db.transaction().execute(async (trx) => {
      if (!(await consumeToken(trx, raw, 'email_change'))) return null;
      await trx.updateTable('users').set({ email: newEmail, updated_at: new Date() }).where('id', '=', user.id).execute();
      await trx.updateTable('auth_tokens').set({ used_at: sql`now()` }).where('user_id', '=', user.id).where('purpose', '=', 'reset').where('used_at', 'is', null).execute();
      const ended = await invalidateUserSessions(trx, user.id, here);
      await writeAudit(trx, {
        action: 'email.changed',
        actorUserId: user.id,
        actorLabel: `${user.name} <${newEmail}>`,
        dealerId: user.dealer_id,
        targetType: 'user',
        targetId: user.id,
        ip: clientIp(c),
        details: { from: user.email, to: newEmail, sessionsEnded: ended },
      });
      return queueNotification(trx, brandOf(c), { template: 'email-changed', locale: user.locale, to: user.email, payload: { name: user.name, newEmail } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return confirmPage(c, newEmail, 409, m.emailLinkTaken);
    throw err;
  }
  if (notificationId === null) return linkInvalid(c);
  await nudge(c, notificationId);
  if (here) {
    await setFlash(c, { kind: 'success', message: m.emailChanged });
    return c.redirect('/account', 303);
  }
  await setFlash(c, { kind: 'success', message: m.emailChangedSignIn });
  return c.redirect(user.kind === 'dealer' ? '/login' : '/staff/login', 303);
});
