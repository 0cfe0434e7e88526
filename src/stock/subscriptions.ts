import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { dealerCanSee } from '../catalog/products.ts';

/**
 * Back-in-stock subscriptions (CAT-7): a dealer user asks to be told when a product they may see
 * is available again. One open subscription per product and user (partial unique index); the
 * stock-alert job (alerts.ts) mails it and closes it (notified_at).
 */

export class SubscriptionError extends Error {
  constructor(readonly code: 'not_found' | 'in_stock') {
    super(code);
  }
}

export async function isSubscribed(db: Kysely<TenantDb>, productId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('stock_subscriptions')
    .select('id')
    .where('product_id', '=', productId)
    .where('user_id', '=', userId)
    .where('notified_at', 'is', null)
    .executeTakeFirst();
  return Boolean(row);
}

/** A product the dealer may see, with its availability; undefined when it is not theirs to see. */
export async function findVisibleProduct(db: Kysely<TenantDb>, productId: number) {
  const p = await db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'active', 'hidden', 'availability', 'out_of_stock_behaviour'])
    .where('id', '=', productId)
    .executeTakeFirst();
  return p && dealerCanSee(p) ? p : undefined;
}

/** Subscribes (idempotent: a second click keeps the one open subscription). Refused when the product is in stock now. */
export async function subscribe(db: Kysely<TenantDb>, productId: number, userId: number): Promise<void> {
  const p = await findVisibleProduct(db, productId);
  if (!p) throw new SubscriptionError('not_found');
  if (p.availability === 'in_stock') throw new SubscriptionError('in_stock');
  await db
    .insertInto('stock_subscriptions')
    .values({ product_id: productId, user_id: userId })
    .onConflict((oc) => oc.columns(['product_id', 'user_id']).where('notified_at', 'is', null).doNothing())
    .execute();
}

export async function unsubscribe(db: Kysely<TenantDb>, productId: number, userId: number): Promise<void> {
  await db.deleteFrom('stock_subscriptions').where('product_id', '=', productId).where('user_id', '=', userId).where('notified_at', 'is', null).execute();
}
