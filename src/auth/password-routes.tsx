import { Hono, type Context } from 'hono';
import { sql } from 'kysely';
import { ForgotPage, ForgotSentPage } from '../../views/auth/forgot.tsx';
import { LinkInvalidPage, ResetPage } from '../../views/auth/set-password.tsx';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { queueNotification } from '../notifications/queries.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { writeAudit } from './audit.ts';
import { noStore, waitMessage } from './flow.ts';
import { forgotForm, newPasswordForm, parseForm, readForm, translateErrors, type FormErrors } from './forms.ts';
import { loginSubject } from './login-routes.tsx';
import { authMessages } from './messages.ts';
import { hashPassword } from './passwords.ts';
import { checkGate, recordFailure, recordSuccess } from './rate-limit.ts';
import { clientIp } from './request-info.ts';
import { invalidateUserSessions } from './sessions.ts';
import { consumeToken, issueToken, peekToken } from './tokens.ts';

/** Forgotten password and the reset link (IAM-4). */
export const passwordRoutes = new Hono<AppEnv>();

/** At most this many accounts (staff plus dealer users at several dealers) get a link per request. */
const MAX_RESET_ACCOUNTS = 5;

/** The page behind a link with a secret in its URL must not leak it to other sites. */
export function secretUrlPage(c: Context<AppEnv>) {
  noStore(c);
  c.header('Referrer-Policy', 'no-referrer');
}

export function linkInvalid(c: Context<AppEnv>, invite = false) {
  secretUrlPage(c);
  return c.html(page(c, authMessages[c.var.locale].linkInvalidTitle, <LinkInvalidPage locale={c.var.locale} invite={invite} />, { nav: 'none' }), 410);
}

function nudge(c: Context<AppEnv>, ids: number[]) {
  // The outbox row is the truth; if Redis is away the periodic sweep sends it later.
  return nudgeNotifications(c.var.deps.queues, c.var.tenant.id, ids).catch((err: unknown) => c.var.log.warn({ err: String(err) }, 'mail nudge failed'));
}

passwordRoutes.get('/forgot', (c) => {
  const staff = c.req.query('as') === 'staff';
  return c.html(page(c, authMessages[c.var.locale].forgotTitle, <ForgotPage locale={c.var.locale} staff={staff} />, { nav: 'none' }));
});

/**
 * The answer is the same page whether or not an account exists. The address is found among
 * staff and dealer users alike, so a dealer who also forgot the dealer code gets it in the mail.
 */
passwordRoutes.post('/forgot', async (c) => {
  const m = authMessages[c.var.locale];
  const { db, deps, tenant } = c.var;
  const staff = c.req.query('as') === 'staff';
  const input = await readForm(c);
  const title = m.forgotTitle;
  const parsed = parseForm(forgotForm, input);
  if (!parsed.ok) {
    const errors = translateErrors(parsed.errors, m);
    return c.html(page(c, title, <ForgotPage locale={c.var.locale} staff={staff} email={input.email} error={errors.email} />, { nav: 'none' }), 422);
  }
  const email = parsed.data.email.toLowerCase();
  // Every request counts, so nobody can flood an address (or the outbox) with reset mails.
  const subject = { tenantId: tenant.id, scope: 'reset', account: `email:${email}`, ip: clientIp(c) };
  const gate = await checkGate(deps.redis, subject);
  if (!gate.allowed) {
    return c.html(page(c, title, <ForgotPage locale={c.var.locale} staff={staff} email={input.email} formError={waitMessage(m, gate.retryAfterSeconds)} />, { nav: 'none' }), 429);
  }
  await recordFailure(deps.redis, subject);

  const brand = brandOf(c);
  const ids = await db.transaction().execute(async (trx) => {
    const accounts = await trx
      .selectFrom('users as u')
      .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
      .select(['u.id', 'u.name', 'u.email', 'u.locale', 'u.kind', 'u.dealer_id', 'd.code as dealer_code'])
      .where(sql`lower(u.email)`, '=', email)
      .where('u.status', '=', 'active')
      .where('u.password_hash', 'is not', null)
      .where((eb) => eb.or([eb('u.kind', '=', 'staff'), eb('d.status', '=', 'active')]))
      .orderBy('u.id')
      .limit(MAX_RESET_ACCOUNTS)
      .execute();
    const out: number[] = [];
    for (const u of accounts) {
      const token = await issueToken(trx, u.id, 'reset');
      out.push(
        await queueNotification(trx, brand, {
          template: 'password-reset',
          locale: u.locale,
          to: u.email,
          payload: { name: u.name, url: new URL(`/reset/${token}`, brand.portalUrl).toString(), ...(u.dealer_code ? { dealerCode: u.dealer_code } : {}) },
        }),
      );
      await writeAudit(trx, { action: 'password.reset_requested', actorUserId: u.id, actorLabel: `${u.name} <${u.email}>`, dealerId: u.dealer_id, targetType: 'user', targetId: u.id, ip: clientIp(c) });
    }
    return out;
  });
  await nudge(c, ids);
  noStore(c);
  return c.html(page(c, m.forgotSentTitle, <ForgotSentPage locale={c.var.locale} email={email} staff={staff} />, { nav: 'none' }));
});

export async function tokenUser(c: Context<AppEnv>, userId: number) {
  return c.var.db
    .selectFrom('users as u')
    .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
    .selectAll('u')
    .select('d.code as dealer_code')
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

function showReset(c: Context<AppEnv>, status: 200 | 422, errors: FormErrors = {}) {
  secretUrlPage(c);
  const body = <ResetPage locale={c.var.locale} action={`/reset/${c.req.param('token')}`} errors={errors} />;
  return c.html(page(c, authMessages[c.var.locale].resetTitle, body, { nav: 'none' }), status);
}

passwordRoutes.get('/reset/:token', async (c) => {
  const token = await peekToken(c.var.db, c.req.param('token'), 'reset');
  return token ? showReset(c, 200) : linkInvalid(c);
});

/**
 * A reset changes the password and ends every session of the account. It does not sign anyone
 * in: the next sign-in still asks for the second factor.
 */
passwordRoutes.post('/reset/:token', async (c) => {
  const m = authMessages[c.var.locale];
  const { db, deps, tenant } = c.var;
  const raw = c.req.param('token');
  const token = await peekToken(db, raw, 'reset');
  const user = token && (await tokenUser(c, token.user_id));
  if (!user || user.status !== 'active') return linkInvalid(c);
  const parsed = parseForm(newPasswordForm({ email: user.email }), await readForm(c));
  if (!parsed.ok) return showReset(c, 422, translateErrors(parsed.errors, m));
  const passwordHash = await hashPassword(parsed.data.password);
  const notificationId = await db.transaction().execute(async (trx) => {
    if (!(await consumeToken(trx, raw, 'reset'))) return null;
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', user.id).execute();
    await invalidateUserSessions(trx, user.id);
    await writeAudit(trx, { action: 'password.reset', actorUserId: user.id, actorLabel: `${user.name} <${user.email}>`, dealerId: user.dealer_id, targetType: 'user', targetId: user.id, ip: clientIp(c) });
    return queueNotification(trx, brandOf(c), { template: 'password-changed', locale: user.locale, to: user.email, payload: { name: user.name } });
  });
  if (notificationId === null) return linkInvalid(c);
  await nudge(c, [notificationId]);
  // Whoever proved the mailbox may try again at once: the account's sign-in lock is lifted.
  const kind = user.kind === 'dealer' ? 'dealer' : 'staff';
  await recordSuccess(deps.redis, loginSubject(tenant.id, clientIp(c), kind, user.email, user.dealer_code ?? ''));
  await setFlash(c, { kind: 'success', message: m.resetDone });
  return c.redirect(kind === 'dealer' ? '/login' : '/staff/login', 303);
});
