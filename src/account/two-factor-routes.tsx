import { Hono, type Context } from 'hono';
import { RecoveryCodesPage, ReenrolGatePage, SetupPage } from '../../views/account/two-factor.tsx';
import { audit } from '../auth/audit.ts';
import { nextTarget, noStore, startSession, waitMessage } from '../auth/flow.ts';
import { readForm } from '../auth/forms.ts';
import { authMessages } from '../auth/messages.ts';
import { hasFreshTotp, requireUser } from '../auth/middleware.ts';
import { requiresTwoFactor } from '../auth/permissions.ts';
import { open, seal } from '../auth/secret-box.ts';
import { requireFreshTotp, type StepUpResult } from '../auth/step-up.ts';
import { matchStep, newRecoveryCodes, newTotpSecret, otpauthUri, qrSvg, replaceRecoveryCodes, sealTotpSecret } from '../auth/totp.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { accountMessages } from './messages.ts';
import { renderAccount } from './page.tsx';

/** TOTP enrolment, change, recovery codes and turning it off (IAM-5). Mounted at /account/2fa. */
export const twoFactorRoutes = new Hono<AppEnv>();

/** How long a shown QR code may be confirmed, and how recent the proof of the old app must be to replace it. */
const PENDING_TTL_MS = 30 * 60_000;
const REENROL_FRESH_SECONDS = 10 * 60;

/**
 * The secret being enrolled travels in the form, sealed (AES-GCM, key from SESSION_SECRET) and
 * bound to the user and a time, so nothing half-enrolled is stored and it cannot be replayed for another user.
 */
function sealPending(c: Context<AppEnv>, secret: string): string {
  return seal(JSON.stringify({ u: c.var.user!.id, s: secret, t: Date.now() }), c.var.deps.config.SESSION_SECRET, 'totp-enrol');
}

function openPending(c: Context<AppEnv>, sealed: string | undefined): string | null {
  if (!sealed) return null;
  try {
    const v = JSON.parse(open(sealed, c.var.deps.config.SESSION_SECRET, 'totp-enrol')) as { u: number; s: string; t: number };
    return v.u === c.var.user!.id && Date.now() - v.t < PENDING_TTL_MS && typeof v.s === 'string' ? v.s : null;
  } catch {
    return null;
  }
}

/** Enrolment pages are open before the second factor only to users who have none yet. */
function enrolmentGate(c: Context<AppEnv>) {
  const user = c.var.user!;
  if (user.totp_enabled_at && !c.var.session?.two_factor_verified) return c.redirect(`/login/2fa?next=${encodeURIComponent('/account/2fa/setup')}`, 303);
  return null;
}

async function showSetup(c: Context<AppEnv>, status: 200 | 422, opts: { secret?: string; pending?: string; error?: string; notice?: string } = {}) {
  const user = c.var.user!;
  const secret = opts.secret ?? newTotpSecret();
  const svg = await qrSvg(otpauthUri(secret, user.email, c.var.tenant.name));
  const body = (
    <SetupPage
      locale={c.var.locale}
      qrSvg={svg}
      secret={secret}
      pending={opts.pending ?? sealPending(c, secret)}
      mandatory={!user.totp_enabled_at && requiresTwoFactor(user)}
      error={opts.error}
      notice={opts.notice}
      next={c.req.query('next')}
    />
  );
  noStore(c);
  return c.html(page(c, accountMessages[c.var.locale].setupTitle, body, { nav: 'none' }), status);
}

function showGate(c: Context<AppEnv>, status: 200 | 422 | 429, error?: string) {
  noStore(c);
  const body = <ReenrolGatePage locale={c.var.locale} error={error} next={c.req.query('next')} />;
  return c.html(page(c, accountMessages[c.var.locale].reenrol, body, { nav: 'none' }), status);
}

function stepUpError(c: Context<AppEnv>, res: Exclude<StepUpResult, { ok: true }>): string {
  const m = accountMessages[c.var.locale];
  if (res.error === 'wait') return waitMessage(authMessages[c.var.locale], res.retryAfterSeconds ?? 60);
  return res.error === 'replayed' ? m.codeReplayed : m.codeInvalid;
}

twoFactorRoutes.use('*', requireUser({ allowPendingSecondFactor: true }));

twoFactorRoutes.get('/setup', async (c) => {
  const away = enrolmentGate(c);
  if (away) return away;
  return c.var.user!.totp_enabled_at ? showGate(c, 200) : showSetup(c, 200);
});

twoFactorRoutes.post('/setup', async (c) => {
  const away = enrolmentGate(c);
  if (away) return away;
  const m = accountMessages[c.var.locale];
  const user = c.var.user!;
  const input = await readForm(c);
  const reenrol = Boolean(user.totp_enabled_at);

  if (input.pending === undefined) {
    // Step one of changing the app: prove the current one.
    if (!reenrol) return showSetup(c, 200);
    const res = await requireFreshTotp(c, input.current ?? '', 'totp.reenrol');
    return res.ok ? showSetup(c, 200) : showGate(c, res.error === 'wait' ? 429 : 422, stepUpError(c, res));
  }
  if (reenrol && !hasFreshTotp(c, REENROL_FRESH_SECONDS)) return showGate(c, 422);
  const secret = openPending(c, input.pending);
  if (!secret) return showSetup(c, 422, { notice: m.setupExpired });
  const step = matchStep(secret, input.code ?? '');
  if (step === null) {
    await audit(c, { action: 'totp.enrol_failed', targetType: 'user', targetId: user.id });
    return showSetup(c, 422, { secret, pending: input.pending, error: input.code ? m.codeInvalid : m.required });
  }

  const codes = newRecoveryCodes();
  await c.var.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_secret: sealTotpSecret(secret, c.var.deps.config.SESSION_SECRET), totp_enabled_at: new Date(), totp_last_step: step, updated_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    await replaceRecoveryCodes(trx, user.id, codes);
    await audit(c, { action: reenrol ? 'totp.reenrolled' : 'totp.enabled', targetType: 'user', targetId: user.id }, trx);
  });
  // Gaining the second factor is a privilege change: a new session that has passed it.
  await startSession(c, user.id, true);
  noStore(c);
  // Sent here by the sign-in gate (with next): carry on there; a voluntary set-up returns to the account page.
  const next = c.req.query('next');
  const body = <RecoveryCodesPage locale={c.var.locale} codes={codes} enabledNow continueHref={next ? nextTarget(next, user) : '/account#two-factor'} />;
  return c.html(page(c, m.codesTitle, body, { nav: 'none' }));
});

/** The remaining routes are for users who are fully signed in. */
const signedIn = requireUser();

twoFactorRoutes.post('/recovery-codes', signedIn, async (c) => {
  const user = c.var.user!;
  if (!user.totp_enabled_at) return c.redirect('/account', 303);
  const input = await readForm(c);
  const res = await requireFreshTotp(c, input.regen_code ?? '', 'totp.recovery_codes');
  if (!res.ok) return renderAccount(c, res.error === 'wait' ? 429 : 422, { twoFactorErrors: { regenerate: stepUpError(c, res) } });
  const codes = newRecoveryCodes();
  await c.var.db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, user.id, codes);
    await audit(c, { action: 'totp.recovery_codes_regenerated', targetType: 'user', targetId: user.id }, trx);
  });
  noStore(c);
  const body = <RecoveryCodesPage locale={c.var.locale} codes={codes} enabledNow={false} continueHref="/account#two-factor" />;
  return c.html(page(c, accountMessages[c.var.locale].codesTitle, body));
});

twoFactorRoutes.post('/disable', signedIn, async (c) => {
  const m = accountMessages[c.var.locale];
  const user = c.var.user!;
  if (!user.totp_enabled_at) return c.redirect('/account', 303);
  if (requiresTwoFactor(user)) return renderAccount(c, 422, { twoFactorErrors: { disable: m.cannotDisable } });
  const input = await readForm(c);
  const res = await requireFreshTotp(c, input.disable_code ?? '', 'totp.disable');
  if (!res.ok) return renderAccount(c, res.error === 'wait' ? 429 : 422, { twoFactorErrors: { disable: stepUpError(c, res) } });
  await c.var.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: new Date() }).where('id', '=', user.id).execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await audit(c, { action: 'totp.disabled', targetType: 'user', targetId: user.id }, trx);
  });
  await setFlash(c, { kind: 'success', message: m.twoFactorDisabled });
  return c.redirect('/account#two-factor', 303);
});
