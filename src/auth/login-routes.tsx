import { Hono, type Context } from 'hono';
import { LoginPage, type LoginKind } from '../../views/auth/login.tsx';
import { TwoFactorPage } from '../../views/auth/two-factor.tsx';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { staffNav } from '../web/staff-nav.ts';
import { audit, writeAudit } from './audit.ts';
import { clearSessionCookie } from './cookies.ts';
import { nextTarget, noStore, startSession, waitMessage } from './flow.ts';
import { codeForm, dealerLoginForm, parseForm, readForm, staffLoginForm, translateErrors } from './forms.ts';
import { authMessages } from './messages.ts';
import { requireStaff } from './middleware.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { requiresTwoFactor } from './permissions.ts';
import { checkGate, recordFailure, recordSuccess, type Subject } from './rate-limit.ts';
import { clientIp } from './request-info.ts';
import { invalidateSession } from './sessions.ts';
import { acceptTotp, remainingRecoveryCodes, useRecoveryCode } from './totp.ts';
import { findDealerUser, findStaffByEmail } from './users.ts';

/** Sign-in with password (dealer and staff), the second step, sign-out (IAM-4, IAM-5). */
export const loginRoutes = new Hono<AppEnv>();

/** The brute-force key of a sign-in attempt: what was typed, so unknown accounts are throttled alike. */
export function loginSubject(tenantId: number, ip: string, kind: LoginKind, email: string, code = ''): Subject {
  const account = kind === 'dealer' ? `dealer:${code.trim().toUpperCase()}:${email.trim().toLowerCase()}` : `staff:${email.trim().toLowerCase()}`;
  return { tenantId, scope: 'login', account, ip };
}

function showLogin(c: Context<AppEnv>, kind: LoginKind, status: 200 | 422 | 429, props: { values?: { code?: string; email?: string }; errors?: Record<string, string>; formError?: string }) {
  const m = authMessages[c.var.locale];
  noStore(c);
  const body = <LoginPage locale={c.var.locale} kind={kind} values={props.values ?? {}} errors={props.errors ?? {}} formError={props.formError} next={c.req.query('next')} />;
  return c.html(page(c, kind === 'dealer' ? m.dealerTitle : m.staffTitle, body, { nav: 'none' }), status);
}

function loginPage(kind: LoginKind) {
  return (c: Context<AppEnv>) => {
    const user = c.var.user;
    if (user && user.kind === kind && (!user.totp_enabled_at || c.var.session?.two_factor_verified)) {
      return c.redirect(nextTarget(c.req.query('next'), user), 303);
    }
    return showLogin(c, kind, 200, {});
  };
}

/**
 * Every failure — unknown code or e-mail, wrong password, invited, blocked user or blocked
 * dealer — spends one argon2 verification and gets the same answer; only the audit log says which.
 */
function loginSubmit(kind: LoginKind) {
  return async (c: Context<AppEnv>) => {
    const m = authMessages[c.var.locale];
    const { db, deps, tenant } = c.var;
    const input = await readForm(c);
    const values = { code: (input.code ?? '').trim(), email: (input.email ?? '').trim() };
    const parsed = kind === 'dealer' ? parseForm(dealerLoginForm, input) : parseForm(staffLoginForm, input);
    if (!parsed.ok) return showLogin(c, kind, 422, { values, errors: translateErrors(parsed.errors, m) });
    const { email, password } = parsed.data;
    const code = 'code' in parsed.data ? String(parsed.data.code) : '';
    const ip = clientIp(c);
    const subject = loginSubject(tenant.id, ip, kind, email, code);

    const gate = await checkGate(deps.redis, subject);
    if (!gate.allowed) {
      await writeAudit(db, { action: 'login.throttled', ip, details: { kind, email: email.toLowerCase(), code: code.toUpperCase() || undefined, retryAfterSeconds: gate.retryAfterSeconds } });
      return showLogin(c, kind, 429, { values, formError: waitMessage(m, gate.retryAfterSeconds) });
    }

    const user = kind === 'dealer' ? await findDealerUser(db, code, email) : await findStaffByEmail(db, email);
    let reason: string | null = null;
    if (!user?.password_hash) {
      await verifyAgainstDummy(password);
      reason = user ? 'not_activated' : 'unknown_account';
    } else if (!(await verifyPassword(user.password_hash, password))) reason = 'wrong_password';
    else if (user.status !== 'active') reason = user.status === 'blocked' ? 'user_blocked' : 'not_activated';
    else if ('dealer_status' in user && user.dealer_status !== 'active') reason = 'dealer_blocked';

    if (reason || !user) {
      const after = await recordFailure(deps.redis, subject);
      await writeAudit(db, {
        action: 'login.failed',
        actorUserId: user?.id ?? null,
        actorLabel: user ? `${user.name} <${user.email}>` : '',
        dealerId: user?.dealer_id ?? null,
        ip,
        details: { kind, reason, email: email.toLowerCase(), code: code.toUpperCase() || undefined },
      });
      const failed = kind === 'dealer' ? m.loginFailed : m.loginFailedStaff;
      const formError = after.allowed ? failed : `${failed} ${waitMessage(m, after.retryAfterSeconds)}`;
      return showLogin(c, kind, after.allowed ? 422 : 429, { values, formError });
    }

    await recordSuccess(deps.redis, subject);
    const enrolled = Boolean(user.totp_enabled_at);
    await startSession(c, user.id, false);
    await writeAudit(db, {
      action: 'login.ok',
      actorUserId: user.id,
      actorLabel: `${user.name} <${user.email}>`,
      dealerId: user.dealer_id,
      ip,
      details: { kind, secondFactor: enrolled ? 'pending' : 'not_enrolled' },
    });
    const target = nextTarget(c.req.query('next'), user);
    if (enrolled) return c.redirect(`/login/2fa?next=${encodeURIComponent(target)}`, 303);
    if (requiresTwoFactor(user)) return c.redirect(`/account/2fa/setup?next=${encodeURIComponent(target)}`, 303);
    return c.redirect(target, 303);
  };
}

loginRoutes.get('/login', loginPage('dealer'));
loginRoutes.post('/login', loginSubmit('dealer'));
loginRoutes.get('/staff/login', loginPage('staff'));
loginRoutes.post('/staff/login', loginSubmit('staff'));

function showTwoFactor(c: Context<AppEnv>, status: 200 | 422 | 429, props: { error?: string; formError?: string } = {}) {
  noStore(c);
  const body = <TwoFactorPage locale={c.var.locale} error={props.error} formError={props.formError} next={c.req.query('next')} />;
  return c.html(page(c, authMessages[c.var.locale].twoFactorTitle, body, { nav: 'none' }), status);
}

/** Only a signed-in user with TOTP who has not passed it yet in this session belongs here. */
function pendingSecondFactor(c: Context<AppEnv>) {
  const user = c.var.user;
  if (!user || !c.var.session) return c.redirect('/login', 303);
  if (!user.totp_enabled_at || c.var.session.two_factor_verified) return c.redirect(nextTarget(c.req.query('next'), user), 303);
  return null;
}

loginRoutes.get('/login/2fa', (c) => pendingSecondFactor(c) ?? showTwoFactor(c, 200));

loginRoutes.post('/login/2fa', async (c) => {
  const away = pendingSecondFactor(c);
  if (away) return away;
  const user = c.var.user!;
  const m = authMessages[c.var.locale];
  const { db, deps, tenant } = c.var;
  const parsed = parseForm(codeForm, await readForm(c));
  if (!parsed.ok) return showTwoFactor(c, 422, { error: m.required });
  const subject: Subject = { tenantId: tenant.id, scope: 'totp', account: `user:${user.id}`, ip: clientIp(c) };
  const gate = await checkGate(deps.redis, subject);
  if (!gate.allowed) {
    await audit(c, { action: 'login.2fa_throttled', targetType: 'user', targetId: user.id });
    return showTwoFactor(c, 429, { formError: waitMessage(m, gate.retryAfterSeconds) });
  }

  const typed = parsed.data.code.replace(/\s+/g, '');
  let method: 'totp' | 'recovery_code' | null = null;
  let error = m.codeInvalid;
  if (/^\d{6}$/.test(typed)) {
    const res = await acceptTotp(db, user.id, typed, deps.config.SESSION_SECRET);
    if (res.ok) method = 'totp';
    else if (res.reason === 'replayed') {
      error = m.codeReplayed;
      await audit(c, { action: 'totp.replay_rejected', targetType: 'user', targetId: user.id, details: { at: 'login' } });
    }
  } else if (await useRecoveryCode(db, user.id, typed)) {
    method = 'recovery_code';
  }

  if (!method) {
    const after = await recordFailure(deps.redis, subject);
    await audit(c, { action: 'login.2fa_failed', targetType: 'user', targetId: user.id, details: { kind: /^\d{6}$/.test(typed) ? 'totp' : 'recovery_code' } });
    return showTwoFactor(c, after.allowed ? 422 : 429, { error, formError: after.allowed ? undefined : waitMessage(m, after.retryAfterSeconds) });
  }

  await recordSuccess(deps.redis, subject);
  await startSession(c, user.id, true);
  await audit(c, { action: 'login.2fa_ok', targetType: 'user', targetId: user.id, details: { method } });
  if (method === 'recovery_code') {
    await setFlash(c, { kind: 'info', message: m.recoveryLeft(await remainingRecoveryCodes(db, user.id)) });
  }
  return c.redirect(nextTarget(c.req.query('next'), user), 303);
});

loginRoutes.post('/logout', async (c) => {
  const { user, session } = c.var;
  if (session) {
    await audit(c, { action: 'logout', targetType: 'user', targetId: session.user_id });
    await invalidateSession(c.var.db, session.id);
  }
  clearSessionCookie(c);
  await setFlash(c, { kind: 'info', message: authMessages[c.var.locale].signedOut });
  return c.redirect(user?.kind === 'staff' ? '/staff/login' : '/login', 303);
});

/** The back office has no index page of its own: open the first area this staff member may use. */
loginRoutes.get('/staff', requireStaff(), (c) => c.redirect(staffNav(c.var.locale, c.var.user)[0]?.href ?? '/account', 303));
