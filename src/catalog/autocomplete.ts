import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import { cachedCatalogStructure, catalogStructure } from './catalog-cache.ts';
import type { Category } from './categories.ts';
import { parseQuery, searchProducts, type ProductHit } from './search.ts';

/** Fewer characters than this are not worth a round trip while typing. */
export const AUTOCOMPLETE_MIN_LENGTH = 2;
/** Full-text matches ranked per keystroke (every SKU/barcode candidate is ranked as well). */
export const AUTOCOMPLETE_CANDIDATES = 100;

export interface Autocomplete {
  products: ProductHit[];
  categories: { id: number; name: string; slug: string }[];
  /** CAT-5/CAT-10: this dealer's earlier purchases matching the query (empty until orders exist). */
  boughtBefore: { id: number; sku: string; name: string }[];
}

/**
 * The search-as-you-type panel: best products, matching categories, and what the dealer bought
 * before. Per keystroke: one product query on a bounded candidate set, which also reads the
 * catalog structure counter, so the categories come from the process cache (and are matched
 * here) without a query of their own; plus the typo retry when the strict query finds fewer
 * than FUZZY_BELOW.
 */
export async function autocomplete(
  db: Kysely<TenantDb>,
  schema: string,
  input: { q: string; locale: Locale; dealerId: number | null; limit?: number },
): Promise<Autocomplete> {
  const pq = parseQuery(input.q);
  if (!pq || pq.text.length < AUTOCOMPLETE_MIN_LENGTH) return { products: [], categories: [], boughtBefore: [] };
  const s = assertSchemaName(schema);
  const products = await searchProducts(db, s, { q: pq.text, locale: input.locale, limit: input.limit ?? 8, offset: 0, candidateLimit: AUTOCOMPLETE_CANDIDATES });
  // Without a product row there is no counter to compare: then the cache checks it itself.
  const structure = cachedCatalogStructure(s, products.structureVersion) ?? (await catalogStructure(db, s));
  const bought = await boughtBefore(db, s, input.dealerId, pq.text);
  return { products: products.items, categories: matchCategories(structure.categories, pq.text, 4), boughtBefore: bought };
}

/**
 * The search normal form of migrations/tenant/0007 `catalog_fold` (Turkish dotted/dotless I,
 * lower case, accents off), in JS for the cached category names.
 */
export function foldText(text: string): string {
  return text
    .replace(/[İI]/g, 'i')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/đ/g, 'd')
    .replace(/ł/g, 'l')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

/** pg_trgm's trigrams of one word: "  w", " wo", …, "rd ". */
function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/** pg_trgm similarity of two single words. */
export function wordSimilarity(a: string, b: string): number {
  return similarity(trigrams(a), trigrams(b));
}

interface FoldedCategory {
  c: Category;
  name: string;
  words: { word: string; trigrams: Set<string> }[];
}

/** Folded names and word trigrams, computed once per cached category list (it is replaced, never changed, when categories change). */
const foldedLists = new WeakMap<Category[], FoldedCategory[]>();

function foldedCategories(categories: Category[]): FoldedCategory[] {
  let list = foldedLists.get(categories);
  if (!list) {
    list = categories.map((c) => {
      const name = foldText(c.name);
      const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      return { c, name, words: words.map((word) => ({ word, trigrams: trigrams(word) })) };
    });
    foldedLists.set(categories, list);
  }
  return list;
}

function similarity(ta: Set<string>, tb: Set<string>): number {
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / (ta.size + tb.size - common);
}

/**
 * Categories whose folded name contains the folded query, or one of whose words is close to a
 * query word (similarity >= 0.5, the typo tolerance of product search); best first.
 */
export function matchCategories(categories: Category[], q: string, limit: number): { id: number; name: string; slug: string }[] {
  const fq = foldText(q).trim();
  if (!fq) return [];
  const qWords = fq
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
    .map((word) => ({ word, trigrams: trigrams(word) }));
  const scored: { c: Category; score: number }[] = [];
  for (const { c, name, words } of foldedCategories(categories)) {
    let score = name.includes(fq) ? 1 + (name.startsWith(fq) ? 0.5 : 0) : 0;
    if (!score && qWords.length) {
      // Every query word must be close to some word of the name (or its start, while typing).
      let sum = 0;
      for (const qw of qWords) {
        let best = 0;
        for (const w of words) best = Math.max(best, w.word.startsWith(qw.word) ? 1 : similarity(qw.trigrams, w.trigrams));
        if (best < 0.5) {
          sum = 0;
          break;
        }
        sum += best;
      }
      score = sum / qWords.length;
    }
    if (score > 0) scored.push({ c, score });
  }
  scored.sort((a, b) => b.score - a.score || a.c.name.localeCompare(b.c.name, 'tr'));
  return scored.slice(0, limit).map(({ c }) => ({ id: c.id, name: c.name, slug: c.slug }));
}

/**
 * CAT-5/CAT-10: products this dealer ordered before whose name or SKU matches, most ordered
 * first. Orders count once placed (placed_at set) and not cancelled, as in recommendations.ts.
 */
export async function boughtBefore(db: Kysely<TenantDb>, schema: string, dealerId: number | null, q: string, limit = 5): Promise<{ id: number; sku: string; name: string }[]> {
  if (!dealerId) return [];
  const s = assertSchemaName(schema);
  const folded = sql`${sql.id(s, 'catalog_fold')}(${q})`;
  const skuKey = foldText(q).replace(/[^a-z0-9]+/g, '');
  const query = sql<{ id: number; sku: string; name: string }>`
    select p.id, p.sku, p.name
    from ${sql.id(s, 'order_lines')} l
    join ${sql.id(s, 'orders')} o on o.id = l.order_id
    join ${sql.id(s, 'products')} p on p.id = l.product_id
    where o.dealer_id = ${dealerId} and o.placed_at is not null and o.status <> 'cancelled' and p.active and not p.hidden
      and (strpos(p.search_text, ${folded}) > 0 or (${skuKey.length >= 2} and p.sku_key like ${skuKey + '%'}))
    group by p.id, p.sku, p.name
    order by count(distinct o.id) desc, p.name
    limit ${limit}`;
  return (await query.execute(db)).rows;
}
