import { sql, type Kysely } from 'kysely';
import { currencyScale, isCurrency, parseDecimal as parseMoneyText } from '../catalog/staff/decimal.ts';
import type { CampaignScope, CampaignTarget, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { campaignMessages } from './campaign-messages.ts';
import { inputPercent, parsePercent } from './percent.ts';
import { parseDay } from './rates.ts';

/**
 * PRC-3: campaigns kept by staff. A campaign runs on [starts_at, ends_at] (calendar days in the
 * seller's time zone, both inclusive), targets all dealers / one segment / a list of dealers, covers
 * all products / listed products / listed categories (and everything below them), and takes a
 * percentage (exact, 0 < x ≤ 100) or a fixed amount (minor units of its own currency) off the
 * tiered price. How campaigns combine with price lists is resolve.ts's business; this file only
 * validates and stores them — before the table's check constraints would fire.
 */
export const CAMPAIGN_TARGETS: readonly CampaignTarget[] = ['all', 'segment', 'dealers'];
export const CAMPAIGN_SCOPES: readonly CampaignScope[] = ['all', 'products', 'categories'];
export const CAMPAIGN_STATUSES = ['running', 'scheduled', 'ended', 'inactive'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_PAGE_SIZE = 50;
/** At most this many dealers or products on one campaign (a paste of a whole catalog stays possible). */
export const MAX_LINKS = 5000;

export interface CampaignValues {
  name: string;
  starts_at: string;
  ends_at: string;
  target: string;
  segment_id: string;
  /** Dealer codes pasted or typed, one per line (or separated by commas/spaces). */
  dealer_codes: string;
  scope: string;
  /** SKUs pasted or typed. */
  skus: string;
  discount_kind: string;
  percent_off: string;
  amount_off: string;
  currency: string;
  min_qty: string;
  active: string;
  note: string;
  /** Dealers picked with the search (checkbox chips). */
  dealer_ids: string[];
  product_ids: string[];
  category_ids: string[];
}

export interface CampaignData {
  name: string;
  startsAt: string;
  endsAt: string;
  target: CampaignTarget;
  segmentId: number | null;
  dealerIds: number[];
  scope: CampaignScope;
  productIds: number[];
  categoryIds: number[];
  percentOff: string | null;
  amountOff: number | null;
  currency: string | null;
  minQty: number;
  active: boolean;
  note: string;
}

export type CampaignErrors = Partial<Record<keyof CampaignValues | 'form', string>>;

const str = (v: unknown, max: number) => (typeof v === 'string' ? v : '').slice(0, max);
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v == null ? [] : [v]).filter((x): x is string => typeof x === 'string').slice(0, MAX_LINKS);

/** The form body (hono parseBody with `all: true`) → values, kept as typed. */
export function campaignValuesFromBody(body: Record<string, unknown>): CampaignValues {
  return {
    name: str(body.name, 300).trim(),
    starts_at: str(body.starts_at, 20).trim(),
    ends_at: str(body.ends_at, 20).trim(),
    target: str(body.target, 20),
    segment_id: str(body.segment_id, 20),
    dealer_codes: str(body.dealer_codes, 100_000),
    scope: str(body.scope, 20),
    skus: str(body.skus, 200_000),
    discount_kind: str(body.discount_kind, 20),
    percent_off: str(body.percent_off, 20).trim(),
    amount_off: str(body.amount_off, 40).trim(),
    currency: str(body.currency, 10).trim().toUpperCase(),
    min_qty: str(body.min_qty, 20).trim(),
    active: body.active === '1' ? '1' : '',
    note: str(body.note, 5000),
    dealer_ids: list(body.dealer_ids),
    product_ids: list(body.product_ids),
    category_ids: list(body.category_ids),
  };
}

/** Codes or SKUs typed in a box: split on new lines, commas, semicolons, tabs and spaces. */
export function splitCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))].slice(0, MAX_LINKS);
}

const ids = (raw: string[]) => [...new Set(raw.filter((s) => /^[0-9]{1,15}$/.test(s)).map(Number).filter((n) => n > 0 && Number.isSafeInteger(n)))];

/** Products whose SKU is one of `skus` (case-insensitive, exact). */
export async function productsBySku(db: Kysely<TenantDb>, skus: string[]) {
  if (!skus.length) return [];
  return db
    .selectFrom('products')
    .select(['id', 'sku', 'name'])
    .where(sql<string>`lower(sku)`, 'in', skus.map((s) => s.toLowerCase()))
    .orderBy('sku')
    .execute();
}

export async function dealersByCode(db: Kysely<TenantDb>, codes: string[]) {
  if (!codes.length) return [];
  return db
    .selectFrom('dealers')
    .select(['id', 'code', 'company_name'])
    .where(sql<string>`lower(code)`, 'in', codes.map((s) => s.toLowerCase()))
    .orderBy('code')
    .execute();
}

/** Which typed codes matched nothing (compared case-insensitively). */
export function unknownCodes(typed: string[], found: string[]): string[] {
  const have = new Set(found.map((s) => s.toLowerCase()));
  return typed.filter((s) => !have.has(s.toLowerCase()));
}

const shortList = (xs: string[]) => (xs.length > 10 ? `${xs.slice(0, 10).join(', ')} … (+${xs.length - 10})` : xs.join(', '));

/**
 * Validates the form against the table's constraints (0010/0011) and this tenant's rows: every id
 * and code must exist here, so ids of another seller are simply unknown.
 */
export async function parseCampaignForm(db: Kysely<TenantDb>, v: CampaignValues, locale: Locale): Promise<{ ok: true; data: CampaignData } | { ok: false; errors: CampaignErrors }> {
  const m = campaignMessages[locale];
  const e: CampaignErrors = {};
  if (!v.name) e.name = m.errRequired;
  else if (v.name.length > 200) e.name = m.errTooLong(200);
  const s = parseDay(v.starts_at);
  const en = parseDay(v.ends_at);
  if (!s.ok) e.starts_at = m.errDate;
  if (!en.ok) e.ends_at = m.errDate;
  if (s.ok && en.ok && en.value < s.value) e.ends_at = m.errEndBeforeStart;

  const target = v.target as CampaignTarget;
  let segmentId: number | null = null;
  let dealerIds: number[] = [];
  if (!CAMPAIGN_TARGETS.includes(target)) e.target = m.errOption;
  else if (target === 'segment') {
    const sid = ids([v.segment_id])[0];
    const seg = sid ? await db.selectFrom('dealer_segments').select('id').where('id', '=', sid).executeTakeFirst() : undefined;
    if (!seg) e.segment_id = m.errSegment;
    else segmentId = seg.id;
  } else if (target === 'dealers') {
    const picked = ids(v.dealer_ids);
    const codes = splitCodes(v.dealer_codes);
    const [byId, byCode] = await Promise.all([
      picked.length ? db.selectFrom('dealers').select('id').where('id', 'in', picked).execute() : Promise.resolve([]),
      dealersByCode(db, codes),
    ]);
    const missing = unknownCodes(codes, byCode.map((d) => d.code));
    if (missing.length) e.dealer_codes = m.errUnknownDealers(shortList(missing));
    dealerIds = [...new Set([...byId.map((d) => d.id), ...byCode.map((d) => d.id)])];
    if (!dealerIds.length && !e.dealer_codes) e.dealer_codes = m.errNoDealers;
    if (dealerIds.length > MAX_LINKS) e.dealer_codes = m.errTooMany(MAX_LINKS);
  }

  const scope = v.scope as CampaignScope;
  let productIds: number[] = [];
  let categoryIds: number[] = [];
  if (!CAMPAIGN_SCOPES.includes(scope)) e.scope = m.errOption;
  else if (scope === 'products') {
    const picked = ids(v.product_ids);
    const skus = splitCodes(v.skus);
    const [byId, bySku] = await Promise.all([
      picked.length ? db.selectFrom('products').select('id').where('id', 'in', picked).execute() : Promise.resolve([]),
      productsBySku(db, skus),
    ]);
    const missing = unknownCodes(skus, bySku.map((p) => p.sku));
    if (missing.length) e.skus = m.errUnknownSkus(shortList(missing));
    productIds = [...new Set([...byId.map((p) => p.id), ...bySku.map((p) => p.id)])];
    if (!productIds.length && !e.skus) e.skus = m.errNoProducts;
    if (productIds.length > MAX_LINKS) e.skus = m.errTooMany(MAX_LINKS);
  } else if (scope === 'categories') {
    const picked = ids(v.category_ids);
    const found = picked.length ? await db.selectFrom('categories').select('id').where('id', 'in', picked).execute() : [];
    categoryIds = found.map((c) => c.id);
    if (!categoryIds.length) e.category_ids = m.errNoCategories;
  }

  let percentOff: string | null = null;
  let amountOff: number | null = null;
  let currency: string | null = null;
  if (v.discount_kind === 'percent') {
    const p = parsePercent(v.percent_off, { min: 0, minInclusive: false, max: 100 });
    if (!v.percent_off) e.percent_off = m.errRequired;
    else if (!p.ok) e.percent_off = p.error === 'precision' ? m.errPercentPrecision : p.error === 'range' ? m.errPercentRange : m.errPercentFormat;
    else percentOff = p.value;
  } else if (v.discount_kind === 'amount') {
    if (!v.currency) e.currency = m.errCurrencyRequired;
    else if (!isCurrency(v.currency)) e.currency = m.errCurrency;
    else currency = v.currency;
    const scale = currency ? currencyScale(currency) : 2;
    const a = parseMoneyText(v.amount_off, scale, locale);
    if (!v.amount_off) e.amount_off = m.errRequired;
    else if (!a.ok) e.amount_off = a.reason === 'precision' ? m.errAmountPrecision(scale) : a.reason === 'range' ? m.errAmountRange : m.errAmountFormat;
    else if (a.value <= 0) e.amount_off = m.errAmountPositive;
    else amountOff = a.value;
  } else e.discount_kind = m.errOption;

  const minQtyRaw = v.min_qty || '1';
  const minQty = /^[0-9]{1,7}$/.test(minQtyRaw) ? Number(minQtyRaw) : Number.NaN;
  if (!Number.isInteger(minQty) || minQty < 1 || minQty > 1_000_000) e.min_qty = m.errMinQty;
  if (v.note.length > 2000) e.note = m.errTooLong(2000);

  if (Object.keys(e).length) return { ok: false, errors: e };
  return {
    ok: true,
    data: {
      name: v.name,
      startsAt: (s as { value: string }).value,
      endsAt: (en as { value: string }).value,
      target,
      segmentId,
      dealerIds: target === 'dealers' ? dealerIds : [],
      scope,
      productIds: scope === 'products' ? productIds : [],
      categoryIds: scope === 'categories' ? categoryIds : [],
      percentOff,
      amountOff,
      currency: amountOff != null ? currency : null,
      minQty,
      active: v.active === '1',
      note: v.note.trim(),
    },
  };
}

async function writeLinks(trx: Kysely<TenantDb>, id: number, d: CampaignData): Promise<void> {
  await Promise.all([
    trx.deleteFrom('campaign_dealers').where('campaign_id', '=', id).execute(),
    trx.deleteFrom('campaign_products').where('campaign_id', '=', id).execute(),
    trx.deleteFrom('campaign_categories').where('campaign_id', '=', id).execute(),
  ]);
  const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / 1000) }, (_, i) => xs.slice(i * 1000, i * 1000 + 1000));
  for (const c of chunks(d.dealerIds)) await trx.insertInto('campaign_dealers').values(c.map((dealer_id) => ({ campaign_id: id, dealer_id }))).execute();
  for (const c of chunks(d.productIds)) await trx.insertInto('campaign_products').values(c.map((product_id) => ({ campaign_id: id, product_id }))).execute();
  for (const c of chunks(d.categoryIds)) await trx.insertInto('campaign_categories').values(c.map((category_id) => ({ campaign_id: id, category_id }))).execute();
}

const columns = (d: CampaignData) => ({
  name: d.name,
  starts_at: d.startsAt,
  ends_at: d.endsAt,
  target: d.target,
  segment_id: d.segmentId,
  scope: d.scope,
  percent_off: d.percentOff,
  amount_off: d.amountOff,
  currency: d.currency,
  min_qty: d.minQty,
  active: d.active,
  note: d.note,
});

/** Inside the caller's transaction. */
export async function createCampaign(trx: Kysely<TenantDb>, d: CampaignData): Promise<number> {
  const row = await trx.insertInto('campaigns').values(columns(d)).returning('id').executeTakeFirstOrThrow();
  await writeLinks(trx, row.id, d);
  return row.id;
}

/** Inside the caller's transaction; false when the id is not a campaign here. */
export async function updateCampaign(trx: Kysely<TenantDb>, id: number, d: CampaignData): Promise<boolean> {
  const r = await trx.updateTable('campaigns').set(columns(d)).where('id', '=', id).executeTakeFirst();
  if (!r.numUpdatedRows) return false;
  await writeLinks(trx, id, d);
  return true;
}

export interface CampaignRow {
  id: number;
  name: string;
  starts_at: string;
  ends_at: string;
  target: CampaignTarget;
  segment_id: number | null;
  segment_name: string | null;
  scope: CampaignScope;
  percent_off: string | null;
  amount_off: number | null;
  currency: string | null;
  min_qty: number;
  active: boolean;
  note: string;
  dealer_count: number;
  product_count: number;
  category_count: number;
}

function baseQuery(db: Kysely<TenantDb>) {
  return db
    .selectFrom('campaigns as c')
    .leftJoin('dealer_segments as s', 's.id', 'c.segment_id')
    .select([
      'c.id',
      'c.name',
      sql<string>`c.starts_at::text`.as('starts_at'),
      sql<string>`c.ends_at::text`.as('ends_at'),
      'c.target',
      'c.segment_id',
      's.name as segment_name',
      'c.scope',
      'c.percent_off',
      'c.amount_off',
      sql<string | null>`trim(c.currency)`.as('currency'),
      'c.min_qty',
      'c.active',
      'c.note',
      (eb) => eb.selectFrom('campaign_dealers as d').select((x) => x.fn.countAll<number>().as('n')).whereRef('d.campaign_id', '=', 'c.id').as('dealer_count'),
      (eb) => eb.selectFrom('campaign_products as p').select((x) => x.fn.countAll<number>().as('n')).whereRef('p.campaign_id', '=', 'c.id').as('product_count'),
      (eb) => eb.selectFrom('campaign_categories as k').select((x) => x.fn.countAll<number>().as('n')).whereRef('k.campaign_id', '=', 'c.id').as('category_count'),
    ]);
}

export function campaignStatus(r: Pick<CampaignRow, 'active' | 'starts_at' | 'ends_at'>, today: string): CampaignStatus {
  if (!r.active) return 'inactive';
  if (r.ends_at < today) return 'ended';
  if (r.starts_at > today) return 'scheduled';
  return 'running';
}

/** One page of campaigns, newest start first, optionally of one status on `today`. */
export async function listCampaigns(db: Kysely<TenantDb>, opts: { status?: CampaignStatus; today: string; page: number }): Promise<{ rows: CampaignRow[]; more: boolean }> {
  const day = sql<Date>`${opts.today}::date`;
  let q = baseQuery(db);
  if (opts.status === 'inactive') q = q.where('c.active', '=', false);
  else if (opts.status) {
    q = q.where('c.active', '=', true);
    if (opts.status === 'ended') q = q.where('c.ends_at', '<', day);
    if (opts.status === 'scheduled') q = q.where('c.starts_at', '>', day);
    if (opts.status === 'running') q = q.where('c.starts_at', '<=', day).where('c.ends_at', '>=', day);
  }
  const rows = (await q
    .orderBy('c.starts_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(CAMPAIGN_PAGE_SIZE + 1)
    .offset((opts.page - 1) * CAMPAIGN_PAGE_SIZE)
    .execute()) as CampaignRow[];
  return { rows: rows.slice(0, CAMPAIGN_PAGE_SIZE), more: rows.length > CAMPAIGN_PAGE_SIZE };
}

export async function findCampaign(db: Kysely<TenantDb>, id: number) {
  const row = (await baseQuery(db).where('c.id', '=', id).executeTakeFirst()) as CampaignRow | undefined;
  if (!row) return null;
  const [dealers, products, categories] = await Promise.all([
    db.selectFrom('campaign_dealers').select('dealer_id').where('campaign_id', '=', id).execute(),
    db.selectFrom('campaign_products').select('product_id').where('campaign_id', '=', id).execute(),
    db.selectFrom('campaign_categories').select('category_id').where('campaign_id', '=', id).execute(),
  ]);
  return { row, dealerIds: dealers.map((d) => d.dealer_id), productIds: products.map((p) => p.product_id), categoryIds: categories.map((c) => c.category_id) };
}

export interface Chip {
  id: number;
  code: string;
  name: string;
}

export async function dealerChips(db: Kysely<TenantDb>, idList: number[]): Promise<Chip[]> {
  if (!idList.length) return [];
  return db.selectFrom('dealers').select(['id', 'code', 'company_name as name']).where('id', 'in', idList).orderBy('code').execute();
}

export async function productChips(db: Kysely<TenantDb>, idList: number[]): Promise<Chip[]> {
  if (!idList.length) return [];
  return db.selectFrom('products').select(['id', 'sku as code', 'name']).where('id', 'in', idList).orderBy('sku').execute();
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (x) => `\\${x}`);

/** Dealers whose code or company name contains `q` (for pickers; at most 10). */
export async function searchDealers(db: Kysely<TenantDb>, q: string): Promise<Chip[]> {
  const t = q.trim().slice(0, 100);
  if (!t) return [];
  const pat = `%${likeEscape(t)}%`;
  return db
    .selectFrom('dealers')
    .select(['id', 'code', 'company_name as name'])
    .where((eb) => eb.or([eb('code', 'ilike', pat), eb('company_name', 'ilike', pat)]))
    .orderBy(sql`lower(code) = lower(${t})`, 'desc')
    .orderBy('code')
    .limit(10)
    .execute();
}

/** Products whose SKU or name contains `q` (at most 10, exact SKU first). */
export async function searchProducts(db: Kysely<TenantDb>, q: string): Promise<Chip[]> {
  const t = q.trim().slice(0, 100);
  if (!t) return [];
  const pat = `%${likeEscape(t)}%`;
  return db
    .selectFrom('products')
    .select(['id', 'sku as code', 'name'])
    .where((eb) => eb.or([eb('sku', 'ilike', pat), eb('name', 'ilike', pat)]))
    .orderBy(sql`lower(sku) = lower(${t})`, 'desc')
    .orderBy('sku')
    .limit(10)
    .execute();
}

/** Form values of a stored campaign (amount shown in its currency's decimals). */
export function campaignValues(f: NonNullable<Awaited<ReturnType<typeof findCampaign>>>, locale: Locale): CampaignValues {
  const r = f.row;
  let amount = '';
  if (r.amount_off != null && r.currency) {
    const scale = currencyScale(r.currency);
    const digits = String(r.amount_off).padStart(scale + 1, '0');
    amount = scale ? `${digits.slice(0, -scale)}${locale === 'tr' ? ',' : '.'}${digits.slice(-scale)}` : digits;
  }
  return {
    name: r.name,
    starts_at: r.starts_at,
    ends_at: r.ends_at,
    target: r.target,
    segment_id: r.segment_id == null ? '' : String(r.segment_id),
    dealer_codes: '',
    scope: r.scope,
    skus: '',
    discount_kind: r.percent_off != null ? 'percent' : 'amount',
    percent_off: r.percent_off != null ? inputPercent(r.percent_off, locale) : '',
    amount_off: amount,
    currency: r.currency ?? '',
    min_qty: String(r.min_qty),
    active: r.active ? '1' : '',
    note: r.note,
    dealer_ids: f.dealerIds.map(String),
    product_ids: f.productIds.map(String),
    category_ids: f.categoryIds.map(String),
  };
}
