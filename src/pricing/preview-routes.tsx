import { Hono, type Context } from 'hono';
import { sql, type Kysely } from 'kysely';
import { PickerOptions, PricePreview, PricePreviewPage, type PreviewErrors, type PreviewProps, type PreviewResult, type PreviewValues } from '../../views/pricing/preview.tsx';
import { requireStaff } from '../auth/middleware.ts';
import { moneyFormat } from '../catalog/money.ts';
import type { PaymentMethod, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import type { AppEnv } from '../web/env.ts';
import { page } from '../web/page.tsx';
import { render } from '../web/render.ts';
import { searchDealers, searchProducts, type Chip } from './campaigns.ts';
import { dealerPricing } from './context.ts';
import { PAYMENT_METHODS } from './payment.ts';
import { previewMessages } from './preview-messages.ts';
import { parseDay } from './rates.ts';
import { PricingError, resolvePrice, type ResolvedPrice } from './resolve.ts';

/**
 * /staff/price-preview (PRC-6): staff with prices.manage pick a dealer and a product (code/SKU or
 * name, with a live datalist), a quantity, payment method, day and currency, and see the price
 * `resolvePrice` gives — the same function every dealer page uses — with its breakdown step by
 * step and the product's tier table for that dealer. A GET form: every question has its own URL.
 */
export const pricePreviewRoutes = new Hono<AppEnv>();
pricePreviewRoutes.use('*', requireStaff('prices.manage'));

type C = Context<AppEnv>;
const MAX_TIERS = 12;

/** "CODE — Name" (as the datalist fills it), a bare code, or a unique part of the name. */
async function pick(text: string, exact: (code: string) => Promise<Chip | undefined>, search: (q: string) => Promise<Chip[]>): Promise<{ ok: true; chip: Chip } | { ok: false; many?: Chip[] }> {
  const code = text.split(' — ')[0]!.trim();
  if (!code) return { ok: false };
  const hit = await exact(code);
  if (hit) return { ok: true, chip: hit };
  const found = await search(text.trim());
  if (found.length === 1) return { ok: true, chip: found[0]! };
  return { ok: false, many: found.length ? found : undefined };
}

const exactDealer = (db: Kysely<TenantDb>) => (code: string) =>
  db.selectFrom('dealers').select(['id', 'code', 'company_name as name']).where(sql<string>`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
const exactProduct = (db: Kysely<TenantDb>) => (sku: string) =>
  db.selectFrom('products').select(['id', 'sku as code', 'name']).where(sql<string>`lower(sku)`, '=', sku.toLowerCase()).executeTakeFirst();

function failureMessage(locale: Locale, err: PricingError, req: { installments?: number }): string {
  const m = previewMessages[locale];
  if (err.code === 'missing_rate') {
    const x = /no ([A-Z]{3}) exchange rate on or before (\d{4}-\d{2}-\d{2})/.exec(err.message);
    return x ? m.err_missing_rate(x[1]!, x[2]!) : err.message;
  }
  if (err.code === 'payment_method_unavailable') return m.err_payment_method_unavailable(String(req.installments ?? ''));
  return m[`err_${err.code}`];
}

async function answer(c: C): Promise<PreviewProps> {
  const m = previewMessages[c.var.locale];
  const db = c.var.db;
  const q = (k: string, max: number) => (c.req.query(k) ?? '').slice(0, max);
  const values: PreviewValues = {
    dealer: q('dealer', 200),
    product: q('product', 300),
    qty: q('qty', 10).trim() || '1',
    method: q('method', 20),
    installments: q('installments', 5).trim(),
    date: q('date', 20).trim(),
    currency: q('currency', 5).trim().toUpperCase(),
  };
  const base: Omit<PreviewProps, 'values' | 'errors'> = { locale: c.var.locale, money: moneyFormat(c) };
  const asked = Boolean(values.dealer.trim() || values.product.trim());
  if (!asked) return { ...base, values, errors: {} };

  const errors: PreviewErrors = {};
  const names = (xs: Chip[]) => xs.slice(0, 5).map((x) => x.code).join(', ') + (xs.length > 5 ? ' …' : '');
  const [dealer, product] = await Promise.all([
    pick(values.dealer, exactDealer(db), (s) => searchDealers(db, s)),
    pick(values.product, exactProduct(db), (s) => searchProducts(db, s)),
  ]);
  if (!values.dealer.trim()) errors.dealer = m.errRequired;
  else if (!dealer.ok) errors.dealer = dealer.many ? m.errDealerMany(names(dealer.many)) : m.errDealerNone;
  if (!values.product.trim()) errors.product = m.errRequired;
  else if (!product.ok) errors.product = product.many ? m.errProductMany(names(product.many)) : m.errProductNone;
  const qty = /^[0-9]{1,7}$/.test(values.qty) ? Number(values.qty) : Number.NaN;
  if (!Number.isInteger(qty) || qty < 1 || qty > 1_000_000) errors.qty = m.errQty;
  let method: PaymentMethod | undefined;
  let installments: number | undefined;
  if (values.method) {
    if (!PAYMENT_METHODS.includes(values.method as PaymentMethod)) errors.method = m.errMethod;
    else method = values.method as PaymentMethod;
    if (method === 'installments') {
      const n = /^[0-9]{1,2}$/.test(values.installments) ? Number(values.installments) : Number.NaN;
      if (!Number.isInteger(n) || n < 2 || n > 60) errors.installments = m.errInstallments;
      else installments = n;
    }
  }
  if (values.date && !parseDay(values.date).ok) errors.date = m.errDate;
  if (values.currency && !/^[A-Z]{3}$/.test(values.currency)) errors.currency = m.errCurrency;
  if (Object.keys(errors).length || !dealer.ok || !product.ok) return { ...base, values, errors };

  // The form shows what was picked in the datalist's own format, so a bookmark reads well.
  values.dealer = `${dealer.chip.code} — ${dealer.chip.name}`;
  values.product = `${product.chip.code} — ${product.chip.name}`;
  const ctx = await dealerPricing(db, { tenantId: c.var.tenant.id, dealerId: dealer.chip.id, timeZone: c.var.tenant.timeZone });
  if (!ctx) return { ...base, values, errors: { dealer: m.errDealerNone } };
  const date = values.date || ctx.date;
  values.date = date;
  const currency = values.currency || ctx.currency;
  const req = { dealerId: ctx.dealerId, paymentMethod: method, installments, date, currency, baseCurrency: ctx.baseCurrency };

  const [info, seg, tierQtys] = await Promise.all([
    db.selectFrom('products').select(['id', 'sku', 'name', 'list_price', sql<string>`trim(currency)`.as('currency'), 'parent_id']).where('id', '=', product.chip.id).executeTakeFirstOrThrow(),
    ctx.segmentId === null ? Promise.resolve(undefined) : db.selectFrom('dealer_segments').select('name').where('id', '=', ctx.segmentId).executeTakeFirst(),
    tierQuantities(db, ctx.dealerId, ctx.segmentId, product.chip.id, date),
  ]);
  let price: ResolvedPrice;
  let tiers: Array<{ minQty: number; price: ResolvedPrice }>;
  try {
    const qtys = [...new Set([1, ...tierQtys])].sort((a, b) => a - b).slice(0, MAX_TIERS);
    [price, ...tiers] = await Promise.all([
      resolvePrice(db, { ...req, productId: info.id, qty }),
      ...qtys.map((n) => resolvePrice(db, { ...req, productId: info.id, qty: n }).then((p) => ({ minQty: n, price: p }))),
    ] as [Promise<ResolvedPrice>, ...Promise<{ minQty: number; price: ResolvedPrice }>[]]);
  } catch (err) {
    if (!(err instanceof PricingError)) throw err;
    return { ...base, values, errors: {}, failure: { code: err.code, message: failureMessage(c.var.locale, err, req) } };
  }
  const listIds = [...new Set([price, ...tiers.map((t) => t.price)].map((p) => p.breakdown.priceListId).filter((x): x is number => x !== undefined))];
  const lists = listIds.length ? await db.selectFrom('price_lists').select(['id', 'name', sql<string>`trim(currency)`.as('currency')]).where('id', 'in', listIds).execute() : [];
  const listOf = (id: number | undefined) => (id === undefined ? undefined : lists.find((l) => l.id === id));
  const result: PreviewResult = {
    dealer: { id: ctx.dealerId, code: dealer.chip.code, name: dealer.chip.name, segmentName: seg?.name ?? null, currency: ctx.currency },
    product: { id: info.id, sku: info.sku, name: info.name, listPrice: info.list_price, currency: info.currency },
    baseCurrency: ctx.baseCurrency,
    priceList: listOf(price.breakdown.priceListId),
    price,
    tiers: tiers.map((t) => {
      const l = listOf(t.price.breakdown.priceListId);
      return { ...t, listName: l?.name };
    }),
  };
  return { ...base, values, errors: {}, result };
}

/**
 * The quantities where this dealer's price may step: every min_qty of the product's (or its
 * parent's) entries in the dealer's and its segment's lists valid on the day.
 */
async function tierQuantities(db: Kysely<TenantDb>, dealerId: number, segmentId: number | null, productId: number, date: string): Promise<number[]> {
  const day = sql<Date>`${date}::date`;
  const rows = await db
    .selectFrom('price_list_entries as e')
    .innerJoin('price_lists as l', 'l.id', 'e.price_list_id')
    .select('e.min_qty')
    .distinct()
    .where((eb) => eb.or([eb('e.product_id', '=', productId), eb('e.product_id', '=', eb.selectFrom('products').select('parent_id').where('id', '=', productId))]))
    .where('l.active', '=', true)
    .where('l.valid_from', '<=', day)
    .where((eb) => eb.or([eb('l.valid_to', 'is', null), eb('l.valid_to', '>=', day)]))
    .where((eb) => {
      const ors = [eb.and([eb('l.kind', '=', 'dealer'), eb('l.dealer_id', '=', dealerId)])];
      if (segmentId !== null) ors.push(eb.and([eb('l.kind', '=', 'segment'), eb('l.segment_id', '=', segmentId)]));
      return eb.or(ors);
    })
    .orderBy('e.min_qty')
    .limit(MAX_TIERS)
    .execute();
  return rows.map((r) => r.min_qty);
}

pricePreviewRoutes.get('/', async (c) => {
  const props = await answer(c);
  const status = Object.keys(props.errors).length ? 422 : 200;
  return render(c, <PricePreview {...props} />, () => page(c, previewMessages[c.var.locale].title, <PricePreviewPage {...props} />, { nav: 'staff' }), status);
});

pricePreviewRoutes.get('/dealers', async (c) => {
  const results = await searchDealers(c.var.db, (c.req.query('dealer') ?? '').split(' — ')[0]!.slice(0, 100));
  return c.html(<PickerOptions id="dealer-options" options={results} />);
});

pricePreviewRoutes.get('/products', async (c) => {
  const results = await searchProducts(c.var.db, (c.req.query('product') ?? '').split(' — ')[0]!.slice(0, 100));
  return c.html(<PickerOptions id="product-options" options={results} />);
});
