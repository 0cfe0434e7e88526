import { Hono, type Context } from 'hono';
import { PricingSettingsPage } from '../../views/pricing/settings.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { inTransaction } from '../catalog/tx.ts';
import { forgetSetting } from '../settings/cache.ts';
import { getSetting, setSetting } from '../settings/settings.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { baseCurrencyUse, lockBaseCurrencyUse, parseSettingsForm, settingsValues, vatUsage, type SettingsError, type SettingsValues } from './pricing-settings.ts';
import { pricingSettingsMessages } from './settings-messages.ts';

/**
 * /staff/pricing-settings (PRC-2, PRC-5): the seller's base currency, the VAT rates offered on
 * products and the default rate for new products; with the number of products per VAT rate.
 * Changing the base currency is refused while exchange rates or non-base price lists exist.
 */
export const pricingSettingsRoutes = new Hono<AppEnv>();
pricingSettingsRoutes.use('*', requireStaff('prices.manage'));

type C = Context<AppEnv>;

async function show(c: C, form?: { values: SettingsValues; errors: SettingsError[] }) {
  const db = c.var.db;
  const saved = await getSetting(db, 'pricing');
  const [use, usage] = await Promise.all([baseCurrencyUse(db, saved.baseCurrency), vatUsage(db)]);
  const m = pricingSettingsMessages[c.var.locale];
  return c.html(
    page(
      c,
      m.title,
      <PricingSettingsPage locale={c.var.locale} values={form?.values ?? settingsValues(saved)} errors={form?.errors ?? []} saved={saved} use={use} usage={usage} />,
      { nav: 'staff' },
    ),
    form ? 422 : 200,
  );
}

pricingSettingsRoutes.get('/', (c) => show(c));

pricingSettingsRoutes.post('/', async (c) => {
  const body = await c.req.parseBody();
  const text = (k: string, max: number) => (typeof body[k] === 'string' ? (body[k] as string).slice(0, max) : '');
  const values: SettingsValues = { baseCurrency: text('baseCurrency', 10).trim(), vatRates: text('vatRates', 200), defaultVatRate: text('defaultVatRate', 10).trim() };
  const parsed = parseSettingsForm(values);
  if (!parsed.ok) {
    // Say at once that the base cannot change either, rather than after the other fields are fixed.
    const before = await getSetting(c.var.db, 'pricing');
    const typed = values.baseCurrency.toUpperCase();
    if (!parsed.errors.some((e) => e.field === 'baseCurrency') && typed !== before.baseCurrency) {
      const use = await baseCurrencyUse(c.var.db, before.baseCurrency);
      if (use.rates || use.lists) parsed.errors.push({ field: 'baseCurrency', code: 'baseLocked', base: before.baseCurrency, ...use });
    }
    return show(c, { values, errors: parsed.errors });
  }
  const next = parsed.value;
  const outcome = await inTransaction(c.var.db, async (trx) => {
    const before = await getSetting(trx, 'pricing');
    if (next.baseCurrency !== before.baseCurrency) {
      await lockBaseCurrencyUse(trx, c.var.tenant.schema);
      const use = await baseCurrencyUse(trx, before.baseCurrency);
      if (use.rates || use.lists) return { ok: false as const, error: { field: 'baseCurrency' as const, code: 'baseLocked' as const, base: before.baseCurrency, ...use } };
    }
    await setSetting(trx, 'pricing', next);
    await audit(c, { action: 'pricing_settings.saved', targetType: 'setting', targetId: 'pricing', details: { before, after: next } }, trx);
    return { ok: true as const };
  });
  if (!outcome.ok) return show(c, { values, errors: [outcome.error] });
  forgetSetting(c.var.tenant.id, 'pricing');
  await setFlash(c, { kind: 'success', message: pricingSettingsMessages[c.var.locale].saved });
  return c.redirect('/staff/pricing-settings', 303);
});
