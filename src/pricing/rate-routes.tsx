import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RatesPage, type RateForm, type UploadState } from '../../views/pricing/rates.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { inTransaction } from '../catalog/tx.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { rateMessages } from './messages.ts';
import { displayRate, listRecentRates, MAX_CSV_BYTES, parseRatesCsv, upsertRate, validateRate } from './rates.ts';
import { getSetting } from '../settings/settings.ts';
import { pricingSettings } from './context.ts';
import { pricingDay } from './resolve.ts';

/**
 * /staff/rates (PRC-2): staff with prices.manage keep the seller's daily exchange rates — a table
 * of the last 14 days per currency, manual entry (upsert on currency + day) and an all-or-nothing
 * CSV upload with a per-line error list. Every change is audited. Rates are in the seller's base
 * currency (setting pricing.baseCurrency); writes validate against the stored setting, not the
 * per-process cache, so a just-changed base is never mistaken for a foreign currency.
 */
export const rateRoutes = new Hono<AppEnv>();
rateRoutes.use('*', requireStaff('prices.manage'));

type C = Context<AppEnv>;

const today = (c: C) => pricingDay(new Date(), c.var.tenant.timeZone);

async function show(c: C, form?: RateForm, upload: UploadState = {}, status: 200 | 413 | 422 = 200) {
  const m = rateMessages[c.var.locale];
  const day = today(c);
  const [rows, settings] = await Promise.all([listRecentRates(c.var.db, day), pricingSettings(c.var.db, c.var.tenant.id)]);
  const f: RateForm = form ?? { values: { currency: '', date: day, rate: '' }, errors: {} };
  return c.html(page(c, m.title, <RatesPage locale={c.var.locale} base={settings.baseCurrency} rows={rows} form={f} upload={upload} />, { nav: 'staff' }), status);
}

rateRoutes.get('/', (c) => show(c));

rateRoutes.post('/', async (c) => {
  const m = rateMessages[c.var.locale];
  const body = await c.req.parseBody();
  const values = {
    currency: String(body.currency ?? '').trim().slice(0, 10),
    date: String(body.date ?? '').trim().slice(0, 20),
    rate: String(body.rate ?? '').trim().slice(0, 40),
  };
  const v = validateRate(values, (await getSetting(c.var.db, 'pricing')).baseCurrency);
  if (!v.ok) return show(c, { values, errors: v.errors }, {}, 422);
  const r = v.value;
  const prev = await inTransaction(c.var.db, async (trx) => {
    const p = await upsertRate(trx, r);
    await audit(c, { action: 'exchange_rate.saved', targetType: 'exchange_rate', targetId: `${r.currency}:${r.date}`, details: { currency: r.currency, date: r.date, rate: r.rate, previous: p } }, trx);
    return p;
  });
  await setFlash(c, {
    kind: 'success',
    message: prev && prev !== r.rate ? m.overwritten(r.currency, r.date, displayRate(prev, c.var.locale)) : m.saved(r.currency, r.date),
  });
  return c.redirect('/staff/rates', 303);
});

rateRoutes.post(
  '/upload',
  bodyLimit({
    maxSize: MAX_CSV_BYTES + 64 * 1024,
    onError: (ctx) => show(ctx as unknown as C, undefined, { fileError: 'err_fileSize' }, 413),
  }),
  async (c) => {
    const m = rateMessages[c.var.locale];
    const body = await c.req.parseBody();
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    if (!file) return show(c, undefined, { fileError: 'err_file' }, 422);
    if (file.size > MAX_CSV_BYTES) return show(c, undefined, { fileError: 'err_fileSize' }, 413);
    const text = new TextDecoder('utf-8').decode(await file.arrayBuffer());
    const parsed = parseRatesCsv(text, (await getSetting(c.var.db, 'pricing')).baseCurrency);
    if (!parsed.ok) return show(c, undefined, { lineErrors: parsed.errors.slice(0, 200) }, 422);
    await inTransaction(c.var.db, async (trx) => {
      for (const r of parsed.rows) await upsertRate(trx, r);
      await audit(
        c,
        {
          action: 'exchange_rates.imported',
          targetType: 'exchange_rate',
          details: { file: file.name.slice(0, 200), count: parsed.rows.length, currencies: [...new Set(parsed.rows.map((r) => r.currency))], dates: [...new Set(parsed.rows.map((r) => r.date))].sort() },
        },
        trx,
      );
    });
    await setFlash(c, { kind: 'success', message: m.imported(parsed.rows.length) });
    return c.redirect('/staff/rates', 303);
  },
);
