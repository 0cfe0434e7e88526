/**
 * Catalog search (CAT-5) and facets (CAT-6): one ranked query over the tenant's products.
 *
 * A product matches when any of these hold, each backed by an index (a BitmapOr in the plan):
 *   - SKU exact or prefix, compared on `sku_key` (lower-case, letters and digits only), btree;
 *   - barcode exact, compared on `gtin14` (left-padded to 14 digits), unique btree;
 *   - full text on `fts_tr` / `fts_en` (stemmed with the catalog language, lexemes folded), GIN.
 * Ranking: exact SKU/barcode (1000) > SKU prefix (300) > full text (100 + rank) > typo-corrected
 * full text (30 + rank), plus 20 when the name starts with the query; ties by name.
 *
 * Typos: only when the strict search finds fewer than FUZZY_BELOW products (and no exact SKU or
 * barcode), each query word is looked up in the tenant's `search_lexicon` (every folded, stemmed
 * word of the catalog, trigram GIN index, migrations/tenant/0009): the closest words
 * (similarity >= 0.4, best 3) are OR-ed with the word itself and the full-text query runs again
 * ("vidda" → 'vidda' | 'vida'). That is a few index probes on a few thousand words instead of a
 * trigram comparison with every product. A word with no close word and no match at all is
 * dropped from the corrected query, so one garbled word does not hide the others' matches.
 * The last word, still being typed, also accepts stems that start it: the Turkish stemmer cuts
 * "yünü" to "y", so "taş yü" would otherwise find nothing until the word is complete.
 *
 * Browsing (no query) pages by name through `products_browse_priced_idx` (category, name, id + the
 * columns filters and facets read): the page's ids come from an index-only scan and only those
 * rows are read. Search-as-you-type (`candidateLimit`) ranks a bounded candidate set: every SKU
 * and barcode candidate plus the first `candidateLimit` full-text matches.
 *
 * Categories and attribute definitions come from the per-process cache (catalog-cache.ts).
 * Raw SQL names every table and function with the tenant schema (`sql.id(schema, …)`) and every
 * extension operator with `extensions.`.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Availability, ProductOrderType, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import type { DealerPricing } from '../pricing/context.ts';
import { dealerPriceCtes, dealerPriceSourceColumns, withoutJit } from '../pricing/dealer-price-sql.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import { catalogStructure, type AttributeDefinitionInfo, type CatalogStructure } from './catalog-cache.ts';
import { descendantIds, type Category } from './categories.ts';
import { cleanGtin, toGtin14 } from './gtin.ts';

export const AVAILABILITIES: Availability[] = ['in_stock', 'backorder', 'out_of_stock'];
export const DELIVERY_BUCKETS = ['upto2', 'upto7', 'upto14', 'over14'] as const;
export type DeliveryBucket = (typeof DELIVERY_BUCKETS)[number];

/** Trigram similarity a lexicon word needs to count as a correction: one wrong or doubled letter in a short word passes ("vidda" → "vida" is 0.57). */
const CORRECTION_SIMILARITY = 0.4;
/** Close words tried per query word. */
const CORRECTIONS_PER_WORD = 3;
/** Query words looked up for corrections (the rest are used as typed). */
const MAX_CORRECTED_WORDS = 8;
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
  /** Price in minor units: the dealer's unit net price in its currency when `pricing` is given, else the list price. */
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
   * Typo correction: unset = only when the strict search finds fewer than FUZZY_BELOW on its
   * first page; later pages and facets pass the first page's `fuzzy` so they agree.
   */
  fuzzy?: boolean;
  /** Count every match for `total` (default true). Browse pages take the total from the facets instead. */
  countTotal?: boolean;
  /**
   * Search-as-you-type: rank only every SKU/barcode candidate plus the first `candidateLimit`
   * full-text matches; `total` is then the number of candidates (a lower bound).
   */
  candidateLimit?: number;
  /**
   * The dealer being priced (PRC-6): the price filter and the price-range facet then use the
   * dealer's qty-1 unit net price in its currency (src/pricing/dealer-price-sql.ts, the SQL mirror
   * of resolvePrices). Without it (staff lists, tests) they use the list price.
   */
  pricing?: DealerPricing | null;
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
  order_type: ProductOrderType;
  backorder_extra_days: number;
  delivery_days: number;
  category_id: number | null;
  parent_id: number | null;
  barcode: string | null;
  min_order_qty: number;
  score: number;
  match: MatchKind;
}

export interface SearchResult {
  /** Search-as-you-type only: the tenant's catalog structure counter, read in the same query (catalog-cache.ts). */
  structureVersion?: string;
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
  /** Products matching the query, category and every filter. */
  total: number;
  /** The tenant's catalog structure counter as this query saw it (catalog-cache.ts). */
  structureVersion?: string;
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
  cfgName: 'english' | 'turkish';
  t: (name: string) => RawBuilder<unknown>;
  fn: (name: string) => RawBuilder<unknown>;
  fts: RawBuilder<unknown>;
  cfg: RawBuilder<unknown>;
}

function context(schema: string, locale: Locale): Ctx {
  const s = assertSchemaName(schema);
  return {
    schema: s,
    cfgName: locale === 'en' ? 'english' : 'turkish',
    t: (name) => sql.id(s, name) as RawBuilder<unknown>,
    fn: (name) => sql.id(s, name) as RawBuilder<unknown>,
    fts: sql.ref(locale === 'en' ? 'p.fts_en' : 'p.fts_tr') as RawBuilder<unknown>,
    cfg: sql.lit(locale === 'en' ? 'english' : 'turkish') as RawBuilder<unknown>,
  };
}

/**
 * The price filter (CAT-6) on a price expression: the list price `p.list_price` without a dealer,
 * `dp.price` (the dealer's price from dealer-price-sql.ts) with one.
 */
function priceBetween(price: RawBuilder<unknown>, f: SearchFilters): RawBuilder<unknown> {
  return sql`${price} between ${f.priceMin ?? 0} and ${f.priceMax ?? Number.MAX_SAFE_INTEGER}`;
}

const hasPriceFilter = (f: SearchFilters | undefined) => f?.priceMin !== undefined || f?.priceMax !== undefined;

const visible = sql`p.active and not p.hidden and not (p.availability = 'out_of_stock' and p.out_of_stock_behaviour = 'hide')`;
/**
 * Working days until delivery, as the product page estimates it (deliveryEstimate in
 * product-page.ts): in stock ships from stock (bucket "up to 2 days"), backorder waits the lead
 * time plus the extra backorder days, otherwise the lead time. Made-to-order products that happen
 * to be in stock land in the from-stock bucket (order_type is not in the covering index).
 */
const deliveryDays = sql`(case when p.availability = 'in_stock' then 0 else p.lead_time_days + case when p.availability = 'backorder' then p.backorder_extra_days else 0 end end)`;
const deliveryBucket = sql`case when ${deliveryDays} <= 2 then 'upto2' when ${deliveryDays} <= 7 then 'upto7' when ${deliveryDays} <= 14 then 'upto14' else 'over14' end`;

/**
 * Every word stemmed and folded; the last word may also be the start of a word (typing "vid"
 * finds "vida"): head & (last | last:*). Built by the catalog's SQL functions (the Snowball
 * stemmers live in PostgreSQL).
 */
function tsQuerySql(c: Ctx, pq: ParsedQuery): RawBuilder<unknown> {
  const tsq = (text: string) => sql`${c.fn('catalog_tsquery')}(${c.cfg}::regconfig, ${text})`;
  const prefix = /[\p{L}\p{N}]/u.test(pq.last)
    ? sql` || (${c.fn('catalog_quote_lexeme')}(${c.fn('catalog_fold')}(${pq.last})) || ':*')::tsquery`
    : sql``;
  return sql`(${tsq(pq.head)} && (${tsq(pq.last)}${prefix}))`;
}

/**
 * The stemmed query and the folded text depend only on the text and the language (immutable
 * SQL functions), so they are computed once per distinct query and kept: PostgreSQL would
 * otherwise evaluate the stemming functions for every place the query appears while planning
 * (that cost more than running the query). Small LRU per process.
 */
const TSQUERY_CACHE_SIZE = 5000;
const tsqueryCache = new Map<string, { strict: string; folded: string }>();

async function stemmed(db: Kysely<TenantDb>, c: Ctx, pq: ParsedQuery): Promise<{ strict: string; folded: string }> {
  const key = `${c.cfgName}\u0000${pq.text}`;
  const hit = tsqueryCache.get(key);
  if (hit) {
    tsqueryCache.delete(key);
    tsqueryCache.set(key, hit);
    return hit;
  }
  const { rows } = await sql<{ strict: string; folded: string }>`
    select ${tsQuerySql(c, pq)}::text as strict, ${c.fn('catalog_fold')}(${pq.text}) as folded`.execute(db);
  const value = { strict: rows[0]?.strict ?? '', folded: rows[0]?.folded ?? '' };
  tsqueryCache.set(key, value);
  if (tsqueryCache.size > TSQUERY_CACHE_SIZE) tsqueryCache.delete(tsqueryCache.keys().next().value!);
  return value;
}

/** The query as typed, its stemmed tsquery and folded text, and in typo mode the corrected tsquery ('' = none). */
interface Matcher {
  pq: ParsedQuery;
  strict: string;
  folded: string;
  fuzzy: string | null;
}

async function matcher(db: Kysely<TenantDb>, c: Ctx, pq: ParsedQuery, fuzzy: boolean): Promise<Matcher> {
  const st = await stemmed(db, c, pq);
  return { pq, ...st, fuzzy: fuzzy ? await correctedTsQuery(db, c, pq) : null };
}

const strictTs = (m: Matcher) => sql`${m.strict}::tsquery`;

/**
 * The typo-tolerant tsquery, built in one round trip from the lexicon: per query word
 * (stem | close words… | prefix for the last word), AND-ed; a word with neither a close word
 * nor a known stem (nor, for the last one, a known prefix) is left out.
 */
async function correctedTsQuery(db: Kysely<TenantDb>, c: Ctx, pq: ParsedQuery): Promise<string> {
  const words = pq.text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, MAX_CORRECTED_WORDS);
  if (!words.length) return '';
  const lex = c.t('search_lexicon');
  const quote = c.fn('catalog_quote_lexeme');
  const { rows } = await sql<{ tsq: string }>`
    select coalesce(string_agg('(' || t.alt::text || ')', ' & ' order by t.i) filter (where t.keep and t.alt::text <> ''), '') as tsq
    from (
      select w.i,
             s.stem || coalesce(k.corr_q, ''::tsquery)
               || case when w.i = ${words.length} then (${quote}(s.f) || ':*')::tsquery else ''::tsquery end as alt,
             cardinality(k.corr) > 0
               or exists (select 1 from ${lex} l where l.lexeme = any(s.stems))
               or (w.i = ${words.length} and exists (select 1 from ${lex} l where l.lexeme >= s.f and l.lexeme < s.f || chr(1114111))) as keep
      from unnest(${words}::text[]) with ordinality as w(word, i)
      cross join lateral (
        select ${c.fn('catalog_tsquery')}(${c.cfg}::regconfig, w.word) as stem,
               ${c.fn('catalog_fold')}(w.word) collate "C" as f,
               tsvector_to_array(${c.fn('catalog_fold_lexemes')}(to_tsvector(${c.cfg}::regconfig, ${c.fn('catalog_lower')}(${c.cfg}::regconfig, w.word)))) as stems
      ) s
      cross join lateral (
        select array(
          select d.lexeme from (
            select distinct l.lexeme, extensions.similarity(l.lexeme, s.f) as sim from ${lex} l
            where l.lexeme OPERATOR(extensions.%) s.f and extensions.similarity(l.lexeme, s.f) >= ${CORRECTION_SIMILARITY}
          ) d
          order by d.sim desc, d.lexeme
          limit ${CORRECTIONS_PER_WORD}) as corr
      ) k0
      cross join lateral (
        -- The last word while typing: stems that are a start of it ("yü" of "yünü", whose Turkish stem is "y").
        select case when w.i = ${words.length} then array(
          select distinct l.lexeme from ${lex} l
          where l.lexeme = any(array(select left(s.f, n) from generate_series(greatest(1, length(s.f) - 2), length(s.f) - 1) n))
        ) else '{}'::text[] end as pre
      ) k1
      cross join lateral (
        select k0.corr || k1.pre as corr, (select string_agg(${quote}(x), ' | ') from unnest(k0.corr || k1.pre) x)::tsquery as corr_q
      ) k
    ) t`.execute(db);
  return rows[0]?.tsq ?? '';
}

const fuzzyTs = (m: Matcher) => sql`${m.fuzzy ?? ''}::tsquery`;

/** SKU exact/prefix and barcode: cheap through their btree indexes. */
function codeArms(pq: ParsedQuery): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (pq.skuKey) parts.push(sql`p.sku_key = ${pq.skuKey}`);
  if (pq.skuKey.length >= 2) parts.push(sql`p.sku_key like ${pq.skuKey + '%'}`);
  if (pq.gtin14) parts.push(sql`p.gtin14 = ${pq.gtin14}`);
  return parts;
}

/** Full text: the strict query, and in typo mode the corrected one. */
function textArms(c: Ctx, m: Matcher): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [sql`${c.fts} @@ ${strictTs(m)}`];
  if (m.fuzzy) parts.push(sql`${c.fts} @@ ${fuzzyTs(m)}`);
  return parts;
}

function textMatch(c: Ctx, m: Matcher): RawBuilder<unknown> {
  return sql`(${sql.join([...textArms(c, m), ...codeArms(m.pq)], sql` or `)})`;
}

function scoreExpr(c: Ctx, m: Matcher | null): RawBuilder<number> {
  if (!m) return sql<number>`0::float8`;
  const { pq } = m;
  const tsq = strictTs(m);
  return sql<number>`(
    case when p.sku_key = ${pq.skuKey} or p.gtin14 = ${pq.gtin14 ?? ''} then 1000
         when ${pq.skuKey.length >= 2} and p.sku_key like ${pq.skuKey + '%'} then 300
         else 0 end
    + case when ${c.fts} @@ ${tsq} then 100 + 100 * ts_rank(${c.fts}, ${tsq}) else 0 end
    + case when starts_with(p.search_text, ${m.folded}) then 20 else 0 end
    ${m.fuzzy ? sql`+ case when ${c.fts} @@ ${fuzzyTs(m)} then 30 + 50 * ts_rank(${c.fts}, ${fuzzyTs(m)}) else 0 end` : sql``}
  )::float8`;
}

function matchKind(c: Ctx, m: Matcher | null): RawBuilder<MatchKind> {
  if (!m) return sql<MatchKind>`'browse'`;
  const { pq } = m;
  return sql<MatchKind>`case
    when p.sku_key = ${pq.skuKey} then 'sku'
    when p.gtin14 = ${pq.gtin14 ?? ''} then 'barcode'
    when ${pq.skuKey.length >= 2} and p.sku_key like ${pq.skuKey + '%'} then 'sku_prefix'
    when ${c.fts} @@ ${strictTs(m)} then 'text'
    else 'fuzzy' end`;
}

type FilterKey = 'brand' | 'country' | 'availability' | 'delivery' | 'price' | `attr:${number}`;

/** The active filters, each as its own condition so facet counts can leave one out. */
function filterConditions(c: Ctx, f: SearchFilters, attributeIds: Map<string, number>, price: RawBuilder<unknown> = sql`p.list_price`): Map<FilterKey, RawBuilder<unknown>> {
  const out = new Map<FilterKey, RawBuilder<unknown>>();
  if (f.brands?.length) out.set('brand', sql`p.brand = any(${f.brands}::text[])`);
  if (f.countries?.length) out.set('country', sql`p.country_of_origin = any(${f.countries}::text[])`);
  if (f.availability?.length) out.set('availability', sql`p.availability = any(${f.availability}::text[])`);
  if (f.delivery?.length) out.set('delivery', sql`${deliveryBucket} = any(${f.delivery}::text[])`);
  if (hasPriceFilter(f)) out.set('price', priceBetween(price, f));
  for (const [code, values] of Object.entries(f.attributes ?? {})) {
    if (!values.length) continue;
    const id = attributeIds.get(code);
    // An unknown attribute code matches nothing rather than being ignored.
    if (id === undefined || id < 0) {
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

function attributeIds(defs: Map<string, AttributeDefinitionInfo>): Map<string, number> {
  return new Map([...defs].map(([code, d]) => [code, d.id]));
}

function categoryScope(categories: Category[] | null, categoryId: number | null | undefined): number[] | null {
  if (!categoryId || !categories) return null;
  return descendantIds(categories, categoryId);
}

/** What the caller already has: the category list to scope by, the cached catalog structure. */
export interface Preloaded {
  categories?: Category[];
  structure?: CatalogStructure;
}

const hitColumns = sql`p.id, p.sku, p.name, p.brand, p.unit, p.list_price, p.currency, p.vat_rate, p.availability,
  greatest(p.stock_qty - p.reserved_qty, 0) as available_qty, p.lead_time_days, p.order_type, p.backorder_extra_days,
  ${deliveryDays} as delivery_days, p.category_id, p.parent_id, p.barcode, p.min_order_qty`;

/**
 * One page of matching products, best first, with the total count. Without a query it browses
 * (category and filters only, by name).
 */
export async function searchProducts(
  db: Kysely<TenantDb>,
  schema: string,
  input: SearchInput,
  preloaded?: Preloaded,
): Promise<SearchResult> {
  const c = context(schema, input.locale);
  const pq = parseQuery(input.q);
  const needsStructure = (input.categoryId && !preloaded?.categories) || Object.values(input.filters?.attributes ?? {}).some((v) => v.length);
  const structure = needsStructure ? (preloaded?.structure ?? (await catalogStructure(db, c.schema))) : null;
  const categories = input.categoryId ? (preloaded?.categories ?? structure!.allCategories) : null;
  const scope = categoryScope(categories, input.categoryId);
  const attrIds = structure ? attributeIds(structure.filterableByCode) : new Map<string, number>();
  const limit = Math.max(1, Math.min(200, Math.floor(input.limit)));
  const offset = Math.max(0, Math.floor(input.offset));
  const countTotal = input.countTotal ?? true;

  const base: RawBuilder<unknown>[] = [];
  if (!input.includeHidden) base.push(visible);
  if (scope) base.push(sql`p.category_id = any(${scope}::bigint[])`);
  // A dealer's price filter: the dealer prices of the rows matching everything else are computed
  // once (CTEs before the query), and the price condition picks from them.
  const dealerFilter = input.pricing && hasPriceFilter(input.filters) ? input.pricing : null;
  const conditions = filterConditions(c, input.filters ?? {}, attrIds);
  if (dealerFilter) conditions.set('price', sql`p.id in (select id from dp_price where ${priceBetween(sql`price`, input.filters!)})`);
  const unpriced = [...base, ...[...conditions].filter(([k]) => k !== 'price').map(([, v]) => v)];
  base.push(...conditions.values());
  /** `with recursive <dealer price CTEs>` for a dealer's price filter, else nothing. */
  const pricedWith = (m: Matcher | null): RawBuilder<unknown> | null =>
    dealerFilter
      ? sql`with recursive dp_src as materialized (
          select ${dealerPriceSourceColumns()} from ${c.t('products')} p where ${and([...unpriced, ...(m ? [textMatch(c, m)] : [])])}
        ), ${dealerPriceCtes(c.schema, dealerFilter, 'dp_src')}`
      : null;

  type Row = ProductHit & { total?: number; structure_version?: string };
  const run = async (m: Matcher | null, pageOffset: number): Promise<Row[]> => {
    const pre = pricedWith(m);
    // With the dealer price CTEs, no JIT (see dealer-price-sql.ts).
    const exec = (q: RawBuilder<Row>) => (pre ? withoutJit(db, (d) => q.execute(d)) : q.execute(db));
    if (!m) {
      // Browse: the page's ids by name from the covering index, then only those rows.
      const { rows } = await exec(sql<Row>`
        ${pre ? sql`${pre},` : sql`with`} page as materialized (
          select p.id, p.name from ${c.t('products')} p where ${and(base)} order by p.name, p.id limit ${limit} offset ${pageOffset}
        )
        select ${hitColumns}, 0::float8 as score, 'browse' as match
               ${countTotal ? sql`, (select count(*) from ${c.t('products')} p where ${and(base)})::int as total` : sql``}
        from page join ${c.t('products')} p on p.id = page.id
        order by page.name, page.id`);
      return rows;
    }
    if (input.candidateLimit) {
      // Search-as-you-type: every code candidate plus the first N full-text matches.
      const code = codeArms(m.pq);
      const { rows } = await exec(sql<Row>`
        ${pre ? sql`${pre},` : sql`with`} cand as (
          ${code.length ? sql`(select p.id from ${c.t('products')} p where ${and([...base, sql`(${sql.join(code, sql` or `)})`])} limit 200) union` : sql``}
          (select p.id from ${c.t('products')} p where ${and([...base, sql`(${sql.join(textArms(c, m), sql` or `)})`])} limit ${input.candidateLimit})
        )
        select ${hitColumns}, ${scoreExpr(c, m)} as score, ${matchKind(c, m)} as match, count(*) over ()::int as total,
               (select structure from ${c.t('catalog_versions')})::text as structure_version
        from ${c.t('products')} p
        where p.id in (select id from cand)
        order by score desc, p.name, p.id
        limit ${limit} offset ${pageOffset}`);
      return rows;
    }
    const { rows } = await exec(sql<Row>`
      ${pre ?? sql``}
      select ${hitColumns}, ${scoreExpr(c, m)} as score, ${matchKind(c, m)} as match
             ${countTotal ? sql`, count(*) over ()::int as total` : sql``}
      from ${c.t('products')} p
      where ${and([...base, textMatch(c, m)])}
      order by score desc, p.name, p.id
      limit ${limit} offset ${pageOffset}`);
    return rows;
  };

  const strict: Matcher | null = pq ? await matcher(db, c, pq, false) : null;
  let fuzzy = Boolean(pq && input.fuzzy);
  let current = fuzzy && strict ? { ...strict, fuzzy: await correctedTsQuery(db, c, strict.pq) } : strict;
  let rows = await run(current, offset);
  if (pq && input.fuzzy === undefined) {
    const first = rows.length || offset === 0 ? rows : await run(strict, 0);
    const exact = first[0]?.match === 'sku' || first[0]?.match === 'barcode';
    const found = input.candidateLimit ? first.length : (first[0]?.total ?? 0);
    if (!exact && found < FUZZY_BELOW) {
      const corrected = await correctedTsQuery(db, c, pq);
      fuzzy = true;
      if (corrected) {
        current = { ...strict!, fuzzy: corrected };
        rows = await run(current, offset);
      }
    }
  }
  let total = rows[0]?.total ?? 0;
  if (!rows.length && offset > 0 && countTotal) {
    // Past the last page: still report how many there are.
    total = (await searchProducts(db, schema, { ...input, fuzzy, offset: 0, limit: 1 }, { categories: categories ?? undefined, structure: structure ?? undefined })).total;
  }
  return {
    items: rows.map(({ total: _t, structure_version: _v, ...hit }) => ({ ...hit, score: Number(hit.score) })),
    total,
    fuzzy,
    structureVersion: rows[0]?.structure_version,
  };
}

/**
 * Facet counts for a search (CAT-6), in one query: each facet counts the products that match
 * the query, the category and every active filter except its own (so choosing one brand
 * still shows the other brands' counts). Category counts are for the category's children
 * (or the top level), rolled up from the products' own categories. `total` counts the products
 * matching everything (what the results page shows). Without a query the matching rows come
 * from the covering index alone (index-only scan); attribute values join per product through
 * their own covering index.
 */
export async function searchFacets(
  db: Kysely<TenantDb>,
  schema: string,
  input: Omit<SearchInput, 'limit' | 'offset'>,
  preloaded?: Preloaded,
): Promise<Facets> {
  const c = context(schema, input.locale);
  const pq = parseQuery(input.q);
  const structure = preloaded?.structure ?? (await catalogStructure(db, c.schema));
  const categories = preloaded?.categories ?? (input.includeHidden ? structure.allCategories : structure.categories);
  const scope = categoryScope(categories, input.categoryId);
  const definitions = structure.definitions.filter((d) => d.filterable);
  const attrIds = attributeIds(structure.filterableByCode);
  for (const code of Object.keys(input.filters?.attributes ?? {})) {
    if (!attrIds.has(code)) attrIds.set(code, -1);
  }
  const pricing = input.pricing ?? null;
  const filters = filterConditions(c, input.filters ?? {}, attrIds, pricing ? sql`dp.price` : sql`p.list_price`);
  const m: Matcher | null = pq ? await matcher(db, c, pq, Boolean(input.fuzzy)) : null;
  const base: RawBuilder<unknown>[] = [];
  if (!input.includeHidden) base.push(visible);
  if (m) base.push(textMatch(c, m));
  if (scope) base.push(sql`p.category_id = any(${scope}::bigint[])`);

  // Each filter becomes a boolean column of `hits`; a facet requires all of them but its own.
  const keys = [...filters.keys()];
  const flag = (k: FilterKey) => sql.ref(`f${keys.indexOf(k)}`);
  const allBut = (own: FilterKey | null) => and(keys.filter((k) => k !== own).map((k) => flag(k) as RawBuilder<unknown>));
  const flagColumns = keys.map((k, i) => sql`${filters.get(k)!} as ${sql.ref(`f${i}`)}`);
  // With a dealer, the hits are read first (the covering index has what the dealer price needs),
  // their dealer prices computed in one set (dealer-price-sql.ts), then the price flag.
  const hitsCte = pricing
    ? sql`with recursive hits0 as materialized (
        select ${dealerPriceSourceColumns()}, p.brand, p.country_of_origin, p.availability, ${deliveryBucket} as delivery
               ${sql.join(keys.flatMap((k, i) => (k === 'price' ? [] : [sql`, ${filters.get(k)!} as ${sql.ref(`f${i}`)}`])), sql``)}
        from ${c.t('products')} p
        where ${and(base)}
      ),
      ${dealerPriceCtes(c.schema, pricing, 'hits0')},
      hits as materialized (
        select dp.id, dp.category_id, dp.brand, dp.country_of_origin, dp.availability, dp.price as list_price, dp.delivery
               ${sql.join(keys.map((k, i) => (k === 'price' ? sql`, ${filters.get(k)!} as ${sql.ref(`f${i}`)}` : sql`, ${sql.ref(`dp.f${i}`)}`)), sql``)}
        from dp_price dp
      )`
    : sql`with hits as materialized (
        select p.id, p.category_id, p.brand, p.country_of_origin, p.availability, p.list_price,
               ${deliveryBucket} as delivery ${flagColumns.length ? sql`, ${sql.join(flagColumns)}` : sql``}
        from ${c.t('products')} p
        where ${and(base)}
      )`;
  const filterableIds = definitions.map((d) => d.id);
  // Attribute values, per product id through their covering index (a sorted index descent over
  // the ids, no scan of every value row): an attribute with an active filter counts the hits
  // matching every other filter, all other attributes count the hits matching every filter.
  const filteredAttrs = keys.filter((k) => k.startsWith('attr:')).map((k) => Number(k.slice(5))).filter((id) => filterableIds.includes(id));
  const valueCounts = (ids: RawBuilder<unknown>, attrIds: number[]) => sql`
    select 'attr:' || v.attribute_id, v.value_text, count(*)::int, null, null
    from ${c.t('product_attribute_values')} v
    where v.product_id = any(array(select id from hits where ${ids})) and v.attribute_id = any(${attrIds}::bigint[])
    group by v.attribute_id, v.value_text`;
  const unfiltered = filterableIds.filter((id) => !filteredAttrs.includes(id));
  const attributeParts = [
    ...(unfiltered.length ? [valueCounts(allBut(null), unfiltered)] : []),
    ...filteredAttrs.map((id) => valueCounts(allBut(`attr:${id}`), [id])),
  ];

  const query = sql<{ facet: string; value: string | null; n: number; price_min: string | null; price_max: string | null }>`
    ${hitsCte}
    -- One pass over the hits for every plain facet: a grouping set per facet, each counting with
    -- the filters but its own (count(*) filter), the empty set for the total and the price range.
    select case when grouping(category_id) = 0 then 'category' when grouping(brand) = 0 then 'brand'
                when grouping(country_of_origin) = 0 then 'country' when grouping(availability) = 0 then 'availability'
                when grouping(delivery) = 0 then 'delivery' else 'total' end as facet,
           coalesce(category_id::text, brand, country_of_origin, availability, delivery) as value,
           (case when grouping(brand) = 0 then count(*) filter (where ${allBut('brand')})
                 when grouping(country_of_origin) = 0 then count(*) filter (where ${allBut('country')})
                 when grouping(availability) = 0 then count(*) filter (where ${allBut('availability')})
                 when grouping(delivery) = 0 then count(*) filter (where ${allBut('delivery')})
                 else count(*) filter (where ${allBut(null)}) end)::int as n,
           min(list_price) filter (where ${allBut('price')}) as price_min,
           max(list_price) filter (where ${allBut('price')}) as price_max
    from hits
    group by grouping sets ((category_id), (brand), (country_of_origin), (availability), (delivery), ())
    -- The catalog structure counter, so a caller that scoped by a cached category list can check it.
    union all
    select 'structure', structure::text, 0, null, null from ${c.t('catalog_versions')}
    ${
      attributeParts.length ? sql`union all ${sql.join(attributeParts, sql` union all `)}` : sql``
    }`;
  const { rows } = pricing ? await withoutJit(db, (d) => query.execute(d)) : await query.execute(db);

  const facets: Facets = { total: 0, categories: [], brands: [], countries: [], availability: [], delivery: [], attributes: [], price: null };
  const byAttr = new Map<number, FacetValue[]>();
  const perCategory = new Map<number, number>();
  let priceMin: number | null = null;
  let priceMax: number | null = null;
  for (const r of rows) {
    const fv = { value: r.value ?? '', count: r.n };
    if (r.facet === 'structure') {
      facets.structureVersion = r.value ?? undefined;
      continue;
    }
    if (r.facet === 'total') {
      facets.total = r.n;
      if (r.price_min !== null) priceMin = Number(r.price_min);
      if (r.price_max !== null) priceMax = Number(r.price_max);
      continue;
    }
    // A value present in the hits but excluded by the other filters has nothing to show.
    if (r.n <= 0 || r.value === null) continue;
    if (r.facet === 'category') perCategory.set(Number(r.value), r.n);
    else if (r.facet === 'brand') {
      if (r.value !== '') facets.brands.push(fv);
    } else if (r.facet === 'country') facets.countries.push(fv);
    else if (r.facet === 'availability') facets.availability.push(fv);
    else if (r.facet === 'delivery') facets.delivery.push(fv);
    else if (r.facet.startsWith('attr:')) {
      const id = Number(r.facet.slice(5));
      byAttr.set(id, [...(byAttr.get(id) ?? []), fv]);
    }
  }
  const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || a.value.localeCompare(b.value, 'tr', { numeric: true });
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
