import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';

/**
 * CAT-10: recommendations from this dealer's own previous purchases, for the product page.
 *
 * Reads orders/order_lines (tenant migration 0013). An order counts once it is placed (placed_at
 * set: approved, paid if prepaid, past credit review) and not cancelled.
 *
 * - often bought together: other products on this dealer's orders that also held this product
 *   (or another variant of its family), ranked by the number of such orders, then by how
 *   recently, then by quantity;
 * - bought before: this dealer's most ordered products (by number of orders, then recency),
 *   without the ones already listed as "together".
 * Both leave out the product's own family and products the dealer may not see.
 *
 * Raw SQL is not rewritten by withSchema, so every table is named with the tenant's schema.
 */
export const NOT_COUNTED_STATUSES = ['cancelled'] as const;

export interface Recommendation {
  id: number;
  sku: string;
  name: string;
  orders: number;
  lastOrderedAt: Date;
}

export interface Recommendations {
  together: Recommendation[];
  before: Recommendation[];
}

const EMPTY: Recommendations = { together: [], before: [] };

interface Row {
  id: string | number;
  sku: string;
  name: string;
  orders: number;
  last_ordered_at: Date;
}

const toRecommendation = (r: Row): Recommendation => ({ id: Number(r.id), sku: r.sku, name: r.name, orders: Number(r.orders), lastOrderedAt: r.last_ordered_at });

export async function productRecommendations(
  db: Kysely<TenantDb>,
  schemaName: string,
  input: { productId: number; dealerId: number | null; limit?: number },
): Promise<Recommendations> {
  if (input.dealerId === null) return EMPTY;
  const schema = assertSchemaName(schemaName);
  const limit = input.limit ?? 6;
  const t = (name: string) => sql.id(schema, name);
  // Placed orders of this dealer, and the product's family (itself, its parent, its siblings).
  const ctes = sql`
    mine as (
      select o.id, o.placed_at from ${t('orders')} o
      where o.dealer_id = ${input.dealerId} and o.placed_at is not null
        and o.status <> all(${sql.val([...NOT_COUNTED_STATUSES])}::text[])
    ),
    family as (
      select f.id from ${t('products')} f
      where f.id = (select coalesce(p.parent_id, p.id) from ${t('products')} p where p.id = ${input.productId})
         or f.parent_id = (select coalesce(p.parent_id, p.id) from ${t('products')} p where p.id = ${input.productId})
    )`;
  const visible = sql`p.active and not p.hidden and not (p.availability = 'out_of_stock' and p.out_of_stock_behaviour = 'hide')`;
  return rankedFor(db, t, ctes, visible, limit);
}

async function rankedFor(
  db: Kysely<TenantDb>,
  t: (name: string) => ReturnType<typeof sql.id>,
  ctes: ReturnType<typeof sql>,
  visible: ReturnType<typeof sql>,
  limit: number,
): Promise<Recommendations> {
  const together = await sql<Row>`
    with ${ctes},
    with_this as (
      select distinct l.order_id from ${t('order_lines')} l
      join mine m on m.id = l.order_id
      where l.product_id in (select id from family)
    )
    select p.id, p.sku, p.name, count(distinct l.order_id)::int as orders, max(m.placed_at) as last_ordered_at
    from ${t('order_lines')} l
    join with_this w on w.order_id = l.order_id
    join mine m on m.id = l.order_id
    join ${t('products')} p on p.id = l.product_id
    where p.id not in (select id from family) and ${visible}
    group by p.id, p.sku, p.name
    order by orders desc, last_ordered_at desc, sum(l.qty) desc, p.id
    limit ${limit}`.execute(db);
  const before = await sql<Row>`
    with ${ctes}
    select p.id, p.sku, p.name, count(distinct l.order_id)::int as orders, max(m.placed_at) as last_ordered_at
    from ${t('order_lines')} l
    join mine m on m.id = l.order_id
    join ${t('products')} p on p.id = l.product_id
    where p.id not in (select id from family) and ${visible}
    group by p.id, p.sku, p.name
    order by orders desc, last_ordered_at desc, p.id
    limit ${limit * 2}`.execute(db);
  const shown = new Set(together.rows.map((r) => Number(r.id)));
  return {
    together: together.rows.map(toRecommendation),
    before: before.rows.filter((r) => !shown.has(Number(r.id))).slice(0, limit).map(toRecommendation),
  };
}
