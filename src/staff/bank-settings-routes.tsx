import { Hono, type Context } from 'hono';
import { BankSettingsForm, BankSettingsPage, type BankForm } from '../../views/staff/bank-settings.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { staffCan } from '../auth/permissions.ts';
import { forgetSetting } from '../settings/cache.ts';
import { compactIban, groupIban, IBAN_LENGTHS, ibanProblem } from '../settings/iban.ts';
import { getSetting, setSetting } from '../settings/settings.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { wantsFragment } from '../web/render.ts';
import { bankMessages, ibanErrorText } from './bank-messages.ts';

/**
 * FIN-1 / ORD-9: /staff/settings/bank, the seller's bank account printed on proformas and in
 * awaiting-payment mails. Owners, admins and finance (finance.manage) — finance has no access to
 * the rest of /staff/settings, so settings-routes mounts this router before its own guard.
 */
export const bankSettingsRoutes = new Hono<AppEnv>();
bankSettingsRoutes.use('*', requireStaff('finance.manage'));

async function bankPage(c: Context<AppEnv>, form?: BankForm) {
  const saved = await getSetting(c.var.db, 'bank');
  const m = bankMessages[c.var.locale];
  const f: BankForm = form ?? { values: { ...saved }, errors: {} };
  const body = <BankSettingsPage locale={c.var.locale} form={f} saved={saved} canOpenSettings={staffCan(c.var.user!, 'settings.manage')} />;
  return c.html(page(c, m.title, body, { nav: 'staff' }), form ? 422 : 200);
}

const text = (body: Record<string, unknown>, name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');

bankSettingsRoutes.get('/', (c) => bankPage(c));

bankSettingsRoutes.post('/', async (c) => {
  const m = bankMessages[c.var.locale];
  const body = await c.req.parseBody();
  const values = { iban: text(body, 'iban', 100).trim(), bankName: text(body, 'bankName', 300).trim(), accountHolder: text(body, 'accountHolder', 300).trim() };
  const errors: BankForm['errors'] = {};
  const iban = compactIban(values.iban);
  if (iban) {
    const problem = ibanProblem(iban);
    if (problem) errors.iban = ibanErrorText(m, problem, iban.slice(0, 2), IBAN_LENGTHS[iban.slice(0, 2)], iban.length);
  }
  if (values.bankName.length > 120) errors.bankName = m.errBankName;
  if (values.accountHolder.length > 200) errors.accountHolder = m.errAccountHolder;
  if (Object.keys(errors).length) {
    const form = { values, errors };
    if (wantsFragment(c)) return c.html(<BankSettingsForm locale={c.var.locale} form={form} />, 422);
    return bankPage(c, form);
  }
  const before = await getSetting(c.var.db, 'bank');
  const next = { iban: iban ? groupIban(iban) : '', bankName: values.bankName, accountHolder: values.accountHolder };
  await setSetting(c.var.db, 'bank', next);
  forgetSetting(c.var.tenant.id, 'bank');
  await audit(c, { action: 'settings.bank_changed', targetType: 'tenant', targetId: c.var.tenant.id, details: { iban: { from: before.iban, to: next.iban }, bankName: { from: before.bankName, to: next.bankName }, accountHolder: { from: before.accountHolder, to: next.accountHolder } } });
  await setFlash(c, { kind: 'success', message: m.saved });
  if (wantsFragment(c)) {
    c.header('HX-Redirect', '/staff/settings/bank');
    return c.body(null, 204);
  }
  return c.redirect('/staff/settings/bank', 303);
});
