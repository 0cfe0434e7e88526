import { sql, type Kysely } from 'kysely';

/**
 * Dealer prices in catalog facets (issue 5, PRC-6 on CAT-6): the category page's facet query reads
 * its hits from the covering browse index alone (index-only scan, migrations/tenant/0009). The
 * dealer price needs two more columns of each hit — the product's currency and its parent (a
 * variant may be priced by its parent's list entry) — so the browse index carries them too.
 * The old index is a prefix of the new one and goes. Additive for readers: every query that used
 * the old index can use the new one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index products_browse_priced_idx on products (category_id, name, id)
    include (active, hidden, availability, out_of_stock_behaviour, brand, country_of_origin, list_price, lead_time_days, backorder_extra_days, currency, parent_id)`.execute(db);
  await sql`drop index if exists products_browse_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create index if not exists products_browse_idx on products (category_id, name, id)
    include (active, hidden, availability, out_of_stock_behaviour, brand, country_of_origin, list_price, lead_time_days, backorder_extra_days)`.execute(db);
  await sql`drop index if exists products_browse_priced_idx`.execute(db);
}
