import { Hono, type Context } from 'hono';
import { audit, writeAudit } from '../auth/audit.ts';
import { setSessionCookie } from '../auth/cookies.ts';
import { requireStaff } from '../auth/middleware.ts';
import { staffCan } from '../auth/permissions.ts';
import { clientIp } from '../auth/request-info.ts';
import { createSession, invalidateSession } from '../auth/sessions.ts';
import { requireFreshTotp } from '../auth/step-up.ts';
import { portalMessages } from '../dealers/portal-messages.ts';
import { findDealer, type Dealer } from '../dealers/dealers.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { idParam } from '../web/params.ts';
import { page } from '../web/page.tsx';
import { ActAsPage } from '../../views/staff/impersonation/act-as.tsx';

/**
 * Staff acting for a dealer (IAM-11). Starting and stopping each replace the session with a new
 * one (a privilege change never keeps a session id); starting needs a fresh TOTP code and a
 * reason. A sales rep may act only for the dealers assigned to them; others are not found.
 */
export const impersonationRoutes = new Hono<AppEnv>();

async function dealerFor(c: Context<AppEnv>): Promise<Dealer | null> {
  const id = idParam(c);
  if (id === null) return null;
  const dealer = await findDealer(c.var.db, id);
  if (!dealer) return null;
  const user = c.var.user!;
  if (!staffCan(user, 'dealers.read') && !staffCan(user, 'dealers.manage') && dealer.sales_rep_id !== user.id) return null;
  return dealer;
}

function confirmPage(c: Context<AppEnv>, dealer: Dealer, reason: string, errors: Partial<Record<'reason' | 'code', string>>, status: 200 | 422 | 429 = 200) {
  const m = portalMessages[c.var.locale];
  return c.html(page(c, m.actAsTitle, <ActAsPage locale={c.var.locale} dealer={dealer} reason={reason} errors={errors} />, { nav: 'staff' }), status);
}

impersonationRoutes.get('/dealers/:id/act-as', requireStaff('impersonate'), async (c) => {
  const dealer = await dealerFor(c);
  if (!dealer) return c.notFound();
  return confirmPage(c, dealer, '', {});
});

impersonationRoutes.post('/dealers/:id/act-as', requireStaff('impersonate'), async (c) => {
  const dealer = await dealerFor(c);
  if (!dealer) return c.notFound();
  const m = portalMessages[c.var.locale];
  const form = await c.req.parseBody();
  const reason = (typeof form.reason === 'string' ? form.reason : '').trim().slice(0, 200);
  const code = (typeof form.code === 'string' ? form.code : '').trim();
  if (!reason) return confirmPage(c, dealer, reason, { reason: m.actAsReasonRequired }, 422);
  const step = await requireFreshTotp(c, code, 'impersonate');
  if (!step.ok) {
    const msg = step.error === 'wait' ? m.codeWait(step.retryAfterSeconds ?? 60) : step.error === 'not_enrolled' ? m.codeNotEnrolled : m.codeInvalid;
    return confirmPage(c, dealer, reason, { code: msg }, step.error === 'wait' ? 429 : 422);
  }
  const user = c.var.user!;
  const old = c.var.session!;
  const fresh = await createSession(c.var.db, user.id, { twoFactorVerified: true, actingDealerId: dealer.id, ip: clientIp(c), userAgent: c.req.header('user-agent') });
  await invalidateSession(c.var.db, old.id);
  setSessionCookie(c, fresh.token);
  await writeAudit(c.var.db, {
    action: 'impersonation.started',
    actorUserId: user.id,
    actorLabel: `${user.name} <${user.email}>`,
    impersonatorUserId: user.id,
    dealerId: dealer.id,
    targetType: 'dealer',
    targetId: dealer.id,
    ip: clientIp(c),
    details: { reason, dealerCode: dealer.code },
  });
  await setFlash(c, { kind: 'info', message: m.actingStarted(dealer.company_name) });
  return c.redirect('/portal', 303);
});

impersonationRoutes.post('/act-as/stop', requireStaff(), async (c) => {
  const session = c.var.session!;
  const dealerId = session.acting_dealer_id;
  if (!dealerId) return c.redirect('/staff', 303);
  const user = c.var.user!;
  await audit(c, { action: 'impersonation.stopped', targetType: 'dealer', targetId: dealerId });
  const fresh = await createSession(c.var.db, user.id, { twoFactorVerified: session.two_factor_verified, ip: clientIp(c), userAgent: c.req.header('user-agent') });
  // The step-up proved for acting does not carry over to the plain staff session.
  await c.var.db.updateTable('sessions').set({ fresh_totp_at: null }).where('id', '=', fresh.session.id).execute();
  await invalidateSession(c.var.db, session.id);
  setSessionCookie(c, fresh.token);
  await setFlash(c, { kind: 'info', message: portalMessages[c.var.locale].actingStopped });
  return c.redirect(`/staff/dealers/${dealerId}`, 303);
});
