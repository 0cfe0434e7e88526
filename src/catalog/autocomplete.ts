import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import { boughtBefore } from './products.ts';
import { parseQuery, searchProducts, type ProductHit } from './search.ts';

/** Fewer characters than this are not worth a round trip while typing. */
export const AUTOCOMPLETE_MIN_LENGTH = 2;

export interface Autocomplete {
  products: ProductHit[];
  categories: { id: number; name: string; slug: string }[];
  /** CAT-5/CAT-10: this dealer's earlier purchases matching the query (empty until orders exist). */
  boughtBefore: { id: number; sku: string; name: string }[];
}

/** The search-as-you-type panel: best products, matching categories, and what the dealer bought before. */
export async function autocomplete(
  db: Kysely<TenantDb>,
  schema: string,
  input: { q: string; locale: Locale; dealerId: number | null; limit?: number },
): Promise<Autocomplete> {
  const pq = parseQuery(input.q);
  if (!pq || pq.text.length < AUTOCOMPLETE_MIN_LENGTH) return { products: [], categories: [], boughtBefore: [] };
  const s = assertSchemaName(schema);
  const folded = sql`${sql.id(s, 'catalog_fold')}(${pq.text})`;
  const [products, categories, bought] = [
    await searchProducts(db, s, { q: pq.text, locale: input.locale, limit: input.limit ?? 8, offset: 0 }),
    // Categories are few: a substring or close-word match on the folded name is enough.
    await sql<{ id: number; name: string; slug: string }>`
      select c.id, c.name, c.slug from ${sql.id(s, 'categories')} c
      where c.active and (strpos(c.search_text, ${folded}) > 0 or extensions.word_similarity(${folded}, c.search_text) >= 0.5)
      order by extensions.word_similarity(${folded}, c.search_text) desc, c.name
      limit 4`.execute(db),
    await boughtBefore(db, input.dealerId, pq.text),
  ];
  return { products: products.items, categories: categories.rows, boughtBefore: bought };
}
