/**
 * Catalog search (CAT-5) and facets (CAT-6): one ranked query over the tenant's products.
 *
 * A product matches when any of these hold, each backed by an index (a BitmapOr in the plan):
 *   - SKU exact or prefix, compared on `sku_key` (lower-case, letters and digits only), btree;
 *   - barcode exact, compared on `gtin14` (left-padded to 14 digits), unique btree;
 *   - full text on `fts_tr` / `fts_en` (stemmed with the catalog language, lexemes folded), GIN;
 *   - trigram word similarity of the folded query to `search_text` (name, brand, attribute
 *     values, folded), GIN pg_trgm, which is what makes "vidda" find "vida".
 * Ranking: exact SKU/barcode (1000) > SKU prefix (300) > full text (100 + rank) > trigram
 * (≤ 50 × similarity), plus 20 when the name starts with the query; ties by name.
 * The trigram arm runs only when the strict arms find fewer than FUZZY_BELOW products: its
 * per-row similarity check is what makes a search slow (see test/bench/search.ts).
 *
 * Raw SQL names every table and function with the tenant schema (`sql.id(schema, …)`) and every
 * extension operator with `extensions.`; the trigram threshold is set with a transaction-local
 * set_config, so nothing leaks to the pooled connection's next user.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Availability, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import { descendantIds, listCategories, type Category } from './categories.ts';
import { cleanGtin, toGtin14 } from './gtin.ts';
import { inTransaction } from './tx.ts';

export const AVAILABILITIES: Availability[] = ['in_stock', 'backorder', 'out_of_stock'];
export const DELIVERY_BUCKETS = ['upto2', 'upto7', 'upto14', 'over14'] as const;
export type DeliveryBucket = (typeof DELIVERY_BUCKETS)[number];

/** Word-similarity threshold for typo matches: 0.5 lets one wrong or doubled letter in a short word through ("vidda" → "vida" is 0.57). */
const WORD_SIMILARITY_THRESHOLD = '0.5';
const MAX_QUERY_LENGTH = 200;
/** Fewer strict matches than this and the search retries typo-tolerant. */
export const FUZZY_BELOW = 3;

export interface SearchFilters {
  brands?: string[];
  countries?: string[];
  availability?: Availability[];
  delivery?: DeliveryBucket[];
  /** Attribute code → accepted values (OR within one attribute, AND across attributes). */
  attributes?: Record<string, string[]>;
  /** List price in minor units (the pricing issue swaps in the dealer's price). */
  priceMin?: number;
  priceMax?: number;
}

export interface SearchInput {
  q?: string;
  categoryId?: number | null;
  filters?: SearchFilters;
  limit: number;
  offset: number;
  /** The catalog's language (the seller's default locale): picks the stemmer. */
  locale: Locale;
  /** Staff see hidden and inactive products too. */
  includeHidden?: boolean;
  /**
   * Trigram (typo) matching: unset = only when the strict search finds fewer than FUZZY_BELOW
   * on its first page; later pages and facets pass the first page's `fuzzy` so they agree.
   */
  fuzzy?: boolean;
}

export type MatchKind = 'sku' | 'barcode' | 'sku_prefix' | 'text' | 'fuzzy' | 'browse';

export interface ProductHit {
  id: number;
  sku: string;
  name: string;
  brand: string;
  unit: string;
  list_price: number;
  currency: string;
  vat_rate: number;
  availability: Availability;
  available_qty: number;
  lead_time_days: number;
  delivery_days: number;
  category_id: number | null;
  parent_id: number | null;
  barcode: string | null;
  score: number;
  match: MatchKind;
}

export interface SearchResult {
  items: ProductHit[];
  total: number;
  /** Typo-tolerant (trigram) matching was used: the strict search found fewer than FUZZY_BELOW and no exact SKU/barcode. */
  fuzzy: boolean;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface CategoryFacet {
  id: number;
  name: string;
  slug: string;
  count: number;
}

export interface AttributeFacet {
  id: number;
  code: string;
  name: string;
  unit: string;
  values: FacetValue[];
}

export interface Facets {
  categories: CategoryFacet[];
  brands: FacetValue[];
  countries: FacetValue[];
  availability: FacetValue[];
  delivery: FacetValue[];
  attributes: AttributeFacet[];
  price: { min: number; max: number } | null;
}

/** The normalised pieces of a query string; computed once in JS and passed as parameters. */
export interface ParsedQuery {
  text: string;
  /** All words but the last (stemmed as whole words) and the last one (also matched as a prefix while typing). */
  head: string;
  last: string;
  skuKey: string;
  gtin14: string | null;
}

export function parseQuery(q: string | undefined): ParsedQuery | null {
  const text = (q ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
  if (!text) return null;
  const digits = cleanGtin(text);
  const words = text.split(' ');
  return {
    text,
    head: words.slice(0, -1).join(' '),
    last: words.at(-1)!,
    // Mirrors products.sku_key (lower(sku) without anything but a-z and 0-9) after folding.
    skuKey: text.replace(/[İIı]/g, 'i').toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, ''),
    gtin14: digits && digits.length >= 8 && digits.length <= 14 ? toGtin14(digits) : null,
  };
}

interface Ctx {
  schema: string;
  t: (name: string) => RawBuilder<unknown>;
  fn: (name: string) => RawBuilder<unknown>;
  fts: RawBuilder<unknown>;
  cfg: RawBuilder<unknown>;
}

function context(schema: string, locale: Locale): Ctx {
  const s = assertSchemaName(schema);
  return {
    schema: s,
    t: (name) => sql.id(s, name) as RawBuilder<unknown>,
    fn: (name) => sql.id(s, name) as RawBuilder<unknown>,
    fts: sql.ref(locale === 'en' ? 'p.fts_en' : 'p.fts_tr') as RawBuilder<unknown>,
    cfg: sql.lit(locale === 'en' ? 'english' : 'turkish') as RawBuilder<unknown>,
  };
}

const visible = sql`p.active and not p.hidden and not (p.availability = 'out_of_stock' and p.out_of_stock_behaviour = 'hide')`;
const deliveryDays = sql`(p.lead_time_days + case when p.availability = 'backorder' then p.backorder_extra_days else 0 end)`;
const deliveryBucket = sql`case when ${deliveryDays} <= 2 then 'upto2' when ${deliveryDays} <= 7 then 'upto7' when ${deliveryDays} <= 14 then 'upto14' else 'over14' end`;

/**
 * Every word stemmed and folded; the last word may also be the start of a word (typing "vid"
 * finds "vida"): head & (last | last:*).
 */
function tsQuery(c: Ctx, pq: ParsedQuery): RawBuilder<unknown> {
  const tsq = (text: string) => sql`${c.fn('catalog_tsquery')}(${c.cfg}::regconfig, ${text})`;
  const prefix = /[\p{L}\p{N}]/u.test(pq.last)
    ? sql` || (${c.fn('catalog_quote_lexeme')}(${c.fn('catalog_fold')}(${pq.last})) || ':*')::tsquery`
    : sql``;
  return sql`(${tsq(pq.head)} && (${tsq(pq.last)}${prefix}))`;
}

/**
 * Strict: full text, SKU, barcode — cheap through their indexes. Fuzzy adds trigram word
 * similarity (GIN pg_trgm), which costs a similarity computation per candidate row, so it only
 * runs when the strict search finds (almost) nothing: that is when a typo is likely.
 */
function textMatch(c: Ctx, pq: ParsedQuery, fuzzy: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`${c.fts} @@ ${tsQuery(c, pq)}`];
  if (fuzzy) parts.push(sql`${c.fn('catalog_fold')}(${pq.text}) OPERATOR(extensions.<%) p.search_text`);
  if (pq.skuKey) parts.push(sql`p.sku_key = ${pq.skuKey}`);
  if (pq.skuKey.length >= 2) parts.push(sql`p.sku_key like ${pq.skuKey + '%'}`);
  if (pq.gtin14) parts.push(sql`p.gtin14 = ${pq.gtin14}`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

function scoreExpr(c: Ctx, pq: ParsedQuery | null, fuzzy: boolean): RawBuilder<number> {
  if (!pq) return sql<number>`0::float8`;
  const tsq = tsQuery(c, pq);
  return sql<number>`(
    case when p.sku_key = ${pq.skuKey} or p.gtin14 = ${pq.gtin14 ?? ''} then 1000
         when ${pq.skuKey.length >= 2} and p.sku_key like ${pq.skuKey + '%'} then 300
         else 0 end
    + case when ${c.fts} @@ ${tsq} then 100 + 100 * ts_rank(${c.fts}, ${tsq}) else 0 end
    + case when starts_with(p.search_text, ${c.fn('catalog_fold')}(${pq.text})) then 20 else 0 end
    ${fuzzy ? sql`+ 50 * extensions.word_similarity(${c.fn('catalog_fold')}(${pq.text}), p.search_text)` : sql``}
  )::float8`;
}

function matchKind(c: Ctx, pq: ParsedQuery | null): RawBuilder<MatchKind> {
  if (!pq) return sql<MatchKind>`'browse'`;
  return sql<MatchKind>`case
    when p.sku_key = ${pq.skuKey} then 'sku'
    when p.gtin14 = ${pq.gtin14 ?? ''} then 'barcode'
    when ${pq.skuKey.length >= 2} and p.sku_key like ${pq.skuKey + '%'} then 'sku_prefix'
    when ${c.fts} @@ ${tsQuery(c, pq)} then 'text'
    else 'fuzzy' end`;
}

type FilterKey = 'brand' | 'country' | 'availability' | 'delivery' | 'price' | `attr:${number}`;

/** The active filters, each as its own condition so facet counts can leave one out. */
function filterConditions(c: Ctx, f: SearchFilters, attributeIds: Map<string, number>): Map<FilterKey, RawBuilder<unknown>> {
  const out = new Map<FilterKey, RawBuilder<unknown>>();
  if (f.brands?.length) out.set('brand', sql`p.brand = any(${f.brands}::text[])`);
  if (f.countries?.length) out.set('country', sql`p.country_of_origin = any(${f.countries}::text[])`);
  if (f.availability?.length) out.set('availability', sql`p.availability = any(${f.availability}::text[])`);
  if (f.delivery?.length) out.set('delivery', sql`${deliveryBucket} = any(${f.delivery}::text[])`);
  if (f.priceMin !== undefined || f.priceMax !== undefined) {
    out.set('price', sql`p.list_price between ${f.priceMin ?? 0} and ${f.priceMax ?? Number.MAX_SAFE_INTEGER}`);
  }
  for (const [code, values] of Object.entries(f.attributes ?? {})) {
    if (!values.length) continue;
    const id = attributeIds.get(code);
    // An unknown attribute code matches nothing rather than being ignored.
    if (id === undefined) {
      out.set(`attr:0`, sql`false`);
      continue;
    }
    out.set(
      `attr:${id}`,
      sql`exists (select 1 from ${c.t('product_attribute_values')} v where v.product_id = p.id and v.attribute_id = ${id} and v.value_text = any(${values}::text[]))`,
    );
  }
  return out;
}

function and(conds: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conds.length ? sql`(${sql.join(conds, sql` and `)})` : sql`true`;
}

async function attributeIdsByCode(db: Kysely<TenantDb>, filters: SearchFilters | undefined): Promise<Map<string, number>> {
  const codes = Object.keys(filters?.attributes ?? {});
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('attribute_definitions').select(['id', 'code']).where('code', 'in', codes).where('filterable', '=', true).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

function categoryScope(categories: Category[] | null, categoryId: number | null | undefined): number[] | null {
  if (!categoryId || !categories) return null;
  return descendantIds(categories, categoryId);
}

/** Runs `fn` in a transaction with the trigram threshold set for it only. */
async function withTrigramThreshold<T>(db: Kysely<TenantDb>, fn: (trx: Kysely<TenantDb>) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${WORD_SIMILARITY_THRESHOLD}, true)`.execute(trx);
    return fn(trx);
  });
}

/**
 * One page of matching products, best first, with the total count. Without a query it browses
 * (category and filters only, by name).
 */
export async function searchProducts(
  db: Kysely<TenantDb>,
  schema: string,
  input: SearchInput,
  preloaded?: { categories?: Category[] },
): Promise<SearchResult> {
  const c = context(schema, input.locale);
  const pq = parseQuery(input.q);
  const categories = input.categoryId ? (preloaded?.categories ?? (await listCategories(db))) : null;
  const scope = categoryScope(categories, input.categoryId);
  const attrIds = await attributeIdsByCode(db, input.filters);
  const limit = Math.max(1, Math.min(200, Math.floor(input.limit)));
  const offset = Math.max(0, Math.floor(input.offset));

  const run = async (fuzzy: boolean, pageOffset: number) => {
    const conds: RawBuilder<unknown>[] = [];
    if (!input.includeHidden) conds.push(visible);
    if (pq) conds.push(textMatch(c, pq, fuzzy));
    if (scope) conds.push(sql`p.category_id = any(${scope}::bigint[])`);
    conds.push(...filterConditions(c, input.filters ?? {}, attrIds).values());
    const query = sql<ProductHit & { total: number }>`
      select p.id, p.sku, p.name, p.brand, p.unit, p.list_price, p.currency, p.vat_rate, p.availability,
             greatest(p.stock_qty - p.reserved_qty, 0) as available_qty, p.lead_time_days,
             ${deliveryDays} as delivery_days, p.category_id, p.parent_id, p.barcode,
             ${scoreExpr(c, pq, fuzzy)} as score, ${matchKind(c, pq)} as match,
             count(*) over ()::int as total
      from ${c.t('products')} p
      where ${and(conds)}
      order by score desc, p.name, p.id
      limit ${limit} offset ${pageOffset}`;
    const { rows } = fuzzy ? await withTrigramThreshold(db, (trx) => query.execute(trx)) : await query.execute(db);
    return rows;
  };

  let fuzzy = input.fuzzy ?? false;
  let rows = await run(fuzzy, offset);
  if (pq && input.fuzzy === undefined) {
    const first = rows.length || offset === 0 ? rows : await run(false, 0);
    const exact = first[0]?.match === 'sku' || first[0]?.match === 'barcode';
    if (!exact && (first[0]?.total ?? 0) < FUZZY_BELOW) {
      fuzzy = true;
      rows = await run(true, offset);
    }
  }
  let total = rows[0]?.total ?? 0;
  if (!rows.length && offset > 0) {
    // Past the last page: still report how many there are.
    total = (await searchProducts(db, schema, { ...input, fuzzy, offset: 0, limit: 1 }, { categories: categories ?? undefined })).total;
  }
  return { items: rows.map(({ total: _t, ...hit }) => ({ ...hit, score: Number(hit.score) })), total, fuzzy };
}

/**
 * Facet counts for a search (CAT-6), in one query: each facet counts the products that match
 * the query, the category and every active filter except its own (so choosing one brand
 * still shows the other brands' counts). Category counts are for the category's children
 * (or the top level), rolled up from the products' own categories.
 */
export async function searchFacets(
  db: Kysely<TenantDb>,
  schema: string,
  input: Omit<SearchInput, 'limit' | 'offset'>,
  preloaded?: { categories?: Category[] },
): Promise<Facets> {
  const c = context(schema, input.locale);
  const pq = parseQuery(input.q);
  const categories = preloaded?.categories ?? (await listCategories(db, { activeOnly: !input.includeHidden }));
  const scope = categoryScope(categories, input.categoryId);
  const definitions = await db
    .selectFrom('attribute_definitions')
    .select(['id', 'code', 'name', 'unit', 'position'])
    .where('filterable', '=', true)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const attrIds = new Map(definitions.map((d) => [d.code, d.id]));
  for (const code of Object.keys(input.filters?.attributes ?? {})) {
    if (!attrIds.has(code)) attrIds.set(code, -1);
  }
  const filters = filterConditions(c, input.filters ?? {}, attrIds);
  const base: RawBuilder<unknown>[] = [];
  if (!input.includeHidden) base.push(visible);
  if (pq) base.push(textMatch(c, pq, input.fuzzy ?? false));
  if (scope) base.push(sql`p.category_id = any(${scope}::bigint[])`);

  // Each filter becomes a boolean column of `hits`; a facet requires all of them but its own.
  const keys = [...filters.keys()];
  const flag = (k: FilterKey) => sql.ref(`f${keys.indexOf(k)}`);
  const allBut = (own: FilterKey | null) => and(keys.filter((k) => k !== own).map((k) => flag(k) as RawBuilder<unknown>));
  const flagColumns = keys.map((k, i) => sql`${filters.get(k)!} as ${sql.ref(`f${i}`)}`);
  const attrAllBut = and(
    keys.map((k) => (k.startsWith('attr:') ? sql`(v.attribute_id = ${Number(k.slice(5))} or ${flag(k)})` : (flag(k) as RawBuilder<unknown>))),
  );
  const filterableIds = definitions.map((d) => d.id);

  const query = sql<{ facet: string; value: string | null; n: number }>`
    with hits as materialized (
      select p.id, p.category_id, p.brand, p.country_of_origin, p.availability, p.list_price,
             ${deliveryBucket} as delivery ${flagColumns.length ? sql`, ${sql.join(flagColumns)}` : sql``}
      from ${c.t('products')} p
      where ${and(base)}
    )
    select 'category' as facet, category_id::text as value, count(*)::int as n from hits where ${allBut(null)} group by category_id
    union all
    select 'brand', brand, count(*)::int from hits where brand <> '' and ${allBut('brand')} group by brand
    union all
    select 'country', country_of_origin, count(*)::int from hits where country_of_origin is not null and ${allBut('country')} group by country_of_origin
    union all
    select 'availability', availability, count(*)::int from hits where ${allBut('availability')} group by availability
    union all
    select 'delivery', delivery, count(*)::int from hits where ${allBut('delivery')} group by delivery
    union all
    select 'price_min', min(list_price)::text, count(*)::int from hits where ${allBut('price')}
    union all
    select 'price_max', max(list_price)::text, count(*)::int from hits where ${allBut('price')}
    union all
    select 'attr:' || v.attribute_id, v.value_text, count(*)::int
    from hits join ${c.t('product_attribute_values')} v on v.product_id = hits.id
    where v.attribute_id = any(${filterableIds}::bigint[]) and ${attrAllBut}
    group by v.attribute_id, v.value_text`;
  const { rows } = pq && input.fuzzy ? await withTrigramThreshold(db, (trx) => query.execute(trx)) : await query.execute(db);

  const facets: Facets = { categories: [], brands: [], countries: [], availability: [], delivery: [], attributes: [], price: null };
  const byAttr = new Map<number, FacetValue[]>();
  const perCategory = new Map<number, number>();
  let priceMin: number | null = null;
  let priceMax: number | null = null;
  for (const r of rows) {
    const fv = { value: r.value ?? '', count: r.n };
    if (r.facet === 'category') {
      if (r.value !== null) perCategory.set(Number(r.value), r.n);
    } else if (r.facet === 'brand') facets.brands.push(fv);
    else if (r.facet === 'country') facets.countries.push(fv);
    else if (r.facet === 'availability') facets.availability.push(fv);
    else if (r.facet === 'delivery') facets.delivery.push(fv);
    else if (r.facet === 'price_min' && r.value !== null) priceMin = Number(r.value);
    else if (r.facet === 'price_max' && r.value !== null) priceMax = Number(r.value);
    else if (r.facet.startsWith('attr:')) {
      const id = Number(r.facet.slice(5));
      byAttr.set(id, [...(byAttr.get(id) ?? []), fv]);
    }
  }
  const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || a.value.localeCompare(b.value, 'tr');
  facets.brands.sort(byCount);
  facets.countries.sort(byCount);
  facets.availability.sort((a, b) => AVAILABILITIES.indexOf(a.value as Availability) - AVAILABILITIES.indexOf(b.value as Availability));
  facets.delivery.sort((a, b) => DELIVERY_BUCKETS.indexOf(a.value as DeliveryBucket) - DELIVERY_BUCKETS.indexOf(b.value as DeliveryBucket));
  facets.price = priceMin !== null && priceMax !== null ? { min: priceMin, max: priceMax } : null;
  facets.attributes = definitions
    .filter((d) => byAttr.has(d.id))
    .map((d) => ({ id: d.id, code: d.code, name: d.name, unit: d.unit, values: byAttr.get(d.id)!.sort(byCount) }));
  facets.categories = rollUpCategories(categories, input.categoryId ?? null, perCategory);
  return facets;
}

/** Counts per child of `parentId` (top level when null), each including its whole subtree. */
export function rollUpCategories(categories: Category[], parentId: number | null, perCategory: Map<number, number>): CategoryFacet[] {
  const children = categories.filter((cat) => cat.parent_id === parentId).sort((a, b) => a.position - b.position || a.id - b.id);
  return children
    .map((cat) => ({
      id: cat.id,
      name: cat.name,
      slug: cat.slug,
      count: descendantIds(categories, cat.id).reduce((sum, id) => sum + (perCategory.get(id) ?? 0), 0),
    }))
    .filter((f) => f.count > 0);
}
