import { Hono, type Context } from 'hono';
import { CampaignFormPage, CampaignListPage, CampaignResults, ChipAdded, PickerResults, SkuCheck, type CampaignFormProps } from '../../views/pricing/campaigns.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { buildCategoryTree, listCategories } from '../catalog/categories.ts';
import { moneyFormat } from '../catalog/money.ts';
import { inTransaction } from '../catalog/tx.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { render } from '../web/render.ts';
import { campaignMessages } from './campaign-messages.ts';
import {
  CAMPAIGN_STATUSES,
  campaignStatus,
  campaignValues,
  campaignValuesFromBody,
  createCampaign,
  dealerChips,
  findCampaign,
  listCampaigns,
  parseCampaignForm,
  productChips,
  productsBySku,
  searchDealers,
  searchProducts,
  splitCodes,
  unknownCodes,
  updateCampaign,
  type CampaignData,
  type CampaignErrors,
  type CampaignStatus,
  type CampaignValues,
} from './campaigns.ts';
import { pricingSettings } from './context.ts';
import { pricingDay } from './resolve.ts';

/**
 * /staff/campaigns (PRC-3): staff with prices.manage list campaigns by status, create and edit them
 * (target, scope, discount, dates), deactivate and delete them. Pickers (dealer and product search,
 * SKU paste check) are htmx fragments; the form works without them (codes and SKUs typed in the
 * boxes). Every change is audited with the before/after values.
 */
export const campaignRoutes = new Hono<AppEnv>();
campaignRoutes.use('*', requireStaff('prices.manage'));

type C = Context<AppEnv>;
const BASE = '/staff/campaigns';
const today = (c: C) => pricingDay(new Date(), c.var.tenant.timeZone);

campaignRoutes.get('/', async (c) => {
  const m = campaignMessages[c.var.locale];
  const raw = c.req.query('status') ?? '';
  const status: CampaignStatus | '' = (CAMPAIGN_STATUSES as readonly string[]).includes(raw) ? (raw as CampaignStatus) : '';
  const pg = Math.min(Math.max(Number.parseInt(c.req.query('page') ?? '1', 10) || 1, 1), 10_000);
  const day = today(c);
  const { rows, more } = await listCampaigns(c.var.db, { status: status || undefined, today: day, page: pg });
  const props = { locale: c.var.locale, rows, status, page: pg, more, today: day, money: moneyFormat(c) };
  return render(c, <CampaignResults {...props} />, () => page(c, m.title, <CampaignListPage {...props} />, { nav: 'staff' }));
});

/** What the form needs besides its values: segments, picked dealers/products, the category tree, currencies. */
async function formProps(c: C, values: CampaignValues, errors: CampaignErrors, extra: Partial<CampaignFormProps> = {}): Promise<CampaignFormProps> {
  const db = c.var.db;
  const num = (xs: string[]) => xs.map((x) => parseId(x)).filter((x): x is number => x !== null).slice(0, 5000);
  const [segments, dealers, products, cats, settings, rateCurs, listCurs] = await Promise.all([
    db.selectFrom('dealer_segments').select(['id', 'name']).orderBy('name').execute(),
    dealerChips(db, num(values.dealer_ids)),
    productChips(db, num(values.product_ids)),
    listCategories(db),
    pricingSettings(db, c.var.tenant.id),
    db.selectFrom('exchange_rates').select('currency').distinct().execute(),
    db.selectFrom('price_lists').select('currency').distinct().execute(),
  ]);
  const currencies = [...new Set([settings.baseCurrency, ...rateCurs.map((r) => r.currency.trim()), ...listCurs.map((r) => r.currency.trim()), 'EUR', 'USD'])];
  if (values.currency && !currencies.includes(values.currency) && /^[A-Z]{3}$/.test(values.currency)) currencies.push(values.currency);
  return { locale: c.var.locale, values, errors, segments, dealers, products, tree: buildCategoryTree(cats), currencies, ...extra };
}

async function showForm(c: C, values: CampaignValues, errors: CampaignErrors, extra: Partial<CampaignFormProps> = {}, status: 200 | 422 = 200) {
  const m = campaignMessages[c.var.locale];
  const props = await formProps(c, values, errors, extra);
  return c.html(page(c, extra.id ? m.editTitle(values.name) : m.newCampaign, <CampaignFormPage {...props} />, { nav: 'staff' }), status);
}

async function newValues(c: C): Promise<CampaignValues> {
  const settings = await pricingSettings(c.var.db, c.var.tenant.id);
  const day = today(c);
  return {
    name: '',
    starts_at: day,
    ends_at: day,
    target: 'all',
    segment_id: '',
    dealer_codes: '',
    scope: 'products',
    skus: '',
    discount_kind: 'percent',
    percent_off: '',
    amount_off: '',
    currency: settings.baseCurrency,
    min_qty: '1',
    active: '1',
    note: '',
    dealer_ids: [],
    product_ids: [],
    category_ids: [],
  };
}

campaignRoutes.get('/new', async (c) => showForm(c, await newValues(c), {}));

const auditDetails = (d: CampaignData) => ({
  name: d.name,
  startsAt: d.startsAt,
  endsAt: d.endsAt,
  target: d.target,
  segmentId: d.segmentId,
  dealerIds: d.dealerIds,
  scope: d.scope,
  productIds: d.productIds.length > 200 ? `${d.productIds.length} products` : d.productIds,
  categoryIds: d.categoryIds,
  percentOff: d.percentOff,
  amountOff: d.amountOff,
  currency: d.currency,
  minQty: d.minQty,
  active: d.active,
  note: d.note,
});

/** A stored campaign for the audit log (long product lists become a count). */
function storedDetails(f: NonNullable<Awaited<ReturnType<typeof findCampaign>>>): Record<string, unknown> {
  const { dealer_count: _d, product_count: _p, category_count: _k, ...row } = f.row;
  return { ...row, dealerIds: f.dealerIds, productIds: f.productIds.length > 200 ? `${f.productIds.length} products` : f.productIds, categoryIds: f.categoryIds };
}

campaignRoutes.post('/', async (c) => {
  const m = campaignMessages[c.var.locale];
  const values = campaignValuesFromBody(await c.req.parseBody({ all: true }));
  const parsed = await parseCampaignForm(c.var.db, values, c.var.locale);
  if (!parsed.ok) return showForm(c, values, parsed.errors, {}, 422);
  const id = await inTransaction(c.var.db, async (trx) => {
    const id = await createCampaign(trx, parsed.data);
    await audit(c, { action: 'campaign.created', targetType: 'campaign', targetId: id, details: auditDetails(parsed.data) }, trx);
    return id;
  });
  await setFlash(c, { kind: 'success', message: m.created(parsed.data.name) });
  return c.redirect(`${BASE}/${id}`, 303);
});

// Picker fragments (htmx). Registered before '/:id' routes; ids are digits only there anyway.
const pickedIds = (c: C, name: string) => new Set(c.req.queries(name)?.map((x) => parseId(x)).filter((x): x is number => x !== null) ?? []);

campaignRoutes.get('/dealer-search', async (c) => {
  const q = (c.req.query('q') ?? '').slice(0, 100);
  const results = await searchDealers(c.var.db, q);
  return c.html(<PickerResults locale={c.var.locale} kind="dealer" results={results} picked={pickedIds(c, 'dealer_ids')} query={q.trim()} />);
});

campaignRoutes.get('/product-search', async (c) => {
  const q = (c.req.query('q') ?? '').slice(0, 100);
  const results = await searchProducts(c.var.db, q);
  return c.html(<PickerResults locale={c.var.locale} kind="product" results={results} picked={pickedIds(c, 'product_ids')} query={q.trim()} />);
});

campaignRoutes.get('/dealer-chip', async (c) => {
  const id = parseId(c.req.query('id'));
  if (id === null) return c.notFound();
  if (pickedIds(c, 'dealer_ids').has(id)) return c.body(null, 204);
  const [chip] = await dealerChips(c.var.db, [id]);
  if (!chip) return c.notFound();
  return c.html(<ChipAdded locale={c.var.locale} kind="dealer" chip={chip} />);
});

campaignRoutes.get('/product-chip', async (c) => {
  const id = parseId(c.req.query('id'));
  if (id === null) return c.notFound();
  if (pickedIds(c, 'product_ids').has(id)) return c.body(null, 204);
  const [chip] = await productChips(c.var.db, [id]);
  if (!chip) return c.notFound();
  return c.html(<ChipAdded locale={c.var.locale} kind="product" chip={chip} />);
});

campaignRoutes.post('/sku-check', async (c) => {
  const body = await c.req.parseBody();
  const skus = splitCodes(typeof body.skus === 'string' ? body.skus.slice(0, 200_000) : '');
  const found = await productsBySku(c.var.db, skus);
  return c.html(<SkuCheck locale={c.var.locale} typed={skus.length} found={found.length} missing={unknownCodes(skus, found.map((p) => p.sku))} />);
});

async function editPage(c: C, id: number, state?: { values: CampaignValues; errors: CampaignErrors }, status: 200 | 422 = 200) {
  const f = await findCampaign(c.var.db, id);
  if (!f) return c.notFound();
  const values = state?.values ?? campaignValues(f, c.var.locale);
  return showForm(c, values, state?.errors ?? {}, { id, active: f.row.active, status: campaignStatus(f.row, today(c)) }, status);
}

campaignRoutes.get('/:id{[0-9]+}', (c) => {
  const id = idParam(c);
  return id === null ? c.notFound() : editPage(c, id);
});

campaignRoutes.post('/:id{[0-9]+}', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const before = await findCampaign(c.var.db, id);
  if (!before) return c.notFound();
  const m = campaignMessages[c.var.locale];
  const values = campaignValuesFromBody(await c.req.parseBody({ all: true }));
  const parsed = await parseCampaignForm(c.var.db, values, c.var.locale);
  if (!parsed.ok) return editPage(c, id, { values, errors: parsed.errors }, 422);
  const ok = await inTransaction(c.var.db, async (trx) => {
    if (!(await updateCampaign(trx, id, parsed.data))) return false;
    await audit(c, { action: 'campaign.updated', targetType: 'campaign', targetId: id, details: { from: storedDetails(before), to: auditDetails(parsed.data) } }, trx);
    return true;
  });
  if (!ok) return c.notFound();
  await setFlash(c, { kind: 'success', message: m.saved });
  return c.redirect(`${BASE}/${id}`, 303);
});

campaignRoutes.post('/:id{[0-9]+}/active', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const m = campaignMessages[c.var.locale];
  const body = await c.req.parseBody();
  const active = body.active === '1';
  const row = await inTransaction(c.var.db, async (trx) => {
    const r = await trx.updateTable('campaigns').set({ active }).where('id', '=', id).returning(['id', 'name']).executeTakeFirst();
    if (r) await audit(c, { action: active ? 'campaign.activated' : 'campaign.deactivated', targetType: 'campaign', targetId: id, details: { name: r.name } }, trx);
    return r;
  });
  if (!row) return c.notFound();
  await setFlash(c, { kind: 'success', message: active ? m.activated : m.deactivated });
  return c.redirect(`${BASE}/${id}`, 303);
});

campaignRoutes.post('/:id{[0-9]+}/delete', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const m = campaignMessages[c.var.locale];
  const before = await findCampaign(c.var.db, id);
  if (!before) return c.notFound();
  await inTransaction(c.var.db, async (trx) => {
    await trx.deleteFrom('campaigns').where('id', '=', id).execute();
    await audit(c, { action: 'campaign.deleted', targetType: 'campaign', targetId: id, details: storedDetails(before) }, trx);
  });
  await setFlash(c, { kind: 'success', message: m.deleted(before.row.name) });
  return c.redirect(BASE, 303);
});
