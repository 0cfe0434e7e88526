import type { Kysely } from 'kysely';
import type { OrderStatus, TenantDb } from '../db/types.ts';
import { releaseStock } from '../stock/stock.ts';

/**
 * ORD-6/ORD-7: the one status machine of an order. Every change goes through `changeStatus`,
 * which locks the order row, checks the transition against this table, stamps the status's
 * timestamp, writes a history row and — for cancellation — gives the reserved stock back,
 * withdraws pending approvals, cancels draft shipments and closes an open pick session, all in
 * the caller's transaction.
 *
 *   awaiting_approval → placed | credit_review | awaiting_payment | cancelled
 *   credit_review     → placed | awaiting_payment | awaiting_approval (approval withdrawn) | cancelled
 *   awaiting_payment  → placed | awaiting_approval (approval withdrawn) | cancelled
 *   placed            → confirmed | awaiting_approval (changed by the dealer, approval withdrawn)
 *                       | credit_review (raised over the limit, review policy) | cancelled
 *   confirmed         → preparing | partly_shipped | shipped | cancelled
 *   preparing         → partly_shipped | shipped | cancelled
 *   partly_shipped    → shipped
 *   shipped           → delivered
 *   delivered         → completed
 *   completed, cancelled: final
 */
export const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  awaiting_approval: ['placed', 'credit_review', 'awaiting_payment', 'cancelled'],
  credit_review: ['placed', 'awaiting_payment', 'awaiting_approval', 'cancelled'],
  awaiting_payment: ['placed', 'awaiting_approval', 'cancelled'],
  placed: ['confirmed', 'awaiting_approval', 'credit_review', 'cancelled'],
  confirmed: ['preparing', 'partly_shipped', 'shipped', 'cancelled'],
  preparing: ['partly_shipped', 'shipped', 'cancelled'],
  partly_shipped: ['shipped'],
  shipped: ['delivered'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
};

/** Before the seller confirms, the dealer may still change or withdraw the order (ORD-8). */
export const DEALER_EDITABLE: readonly OrderStatus[] = ['awaiting_approval', 'credit_review', 'awaiting_payment', 'placed'];

export class OrderStatusError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_allowed',
    readonly from: OrderStatus | null,
    readonly to: OrderStatus,
  ) {
    super(code === 'not_found' ? 'order not found' : `an order cannot go from ${from} to ${to}`);
    this.name = 'OrderStatusError';
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface StatusActor {
  kind: 'user' | 'staff' | 'system';
  userId?: number | null;
}

/**
 * Moves an order to `to`. `dealerId`, when given, must own the order (a dealer's request can
 * never move another dealer's order: same error as a missing order). Returns the previous status.
 */
export async function changeStatus(
  trx: Kysely<TenantDb>,
  orderId: number,
  to: OrderStatus,
  actor: StatusActor,
  opts: { note?: string; dealerId?: number; cancelReason?: string } = {},
): Promise<OrderStatus> {
  if (!trx.isTransaction) throw new Error('changeStatus must run inside a transaction');
  let q = trx.selectFrom('orders').select(['id', 'status']).where('id', '=', orderId);
  if (opts.dealerId !== undefined) q = q.where('dealer_id', '=', opts.dealerId);
  const order = await q.forUpdate().executeTakeFirst();
  if (!order) throw new OrderStatusError('not_found', null, to);
  const from = order.status;
  if (!canTransition(from, to)) throw new OrderStatusError('not_allowed', from, to);

  const now = new Date();
  await trx
    .updateTable('orders')
    .set({
      status: to,
      updated_at: now,
      ...(to === 'placed' ? { placed_at: now } : {}),
      ...(to === 'confirmed' ? { confirmed_at: now } : {}),
      ...(to === 'cancelled' ? { cancel_reason: (opts.cancelReason ?? '').slice(0, 1000) } : {}),
    })
    .where('id', '=', orderId)
    .execute();
  await trx
    .insertInto('order_status_history')
    .values({ order_id: orderId, from_status: from, to_status: to, actor: actor.kind, actor_user_id: actor.userId ?? null, note: (opts.note ?? '').slice(0, 1000) })
    .execute();

  if (to === 'cancelled') {
    const lines = await trx.selectFrom('order_lines').select(['id', 'product_id', 'reserved_qty']).where('order_id', '=', orderId).where('reserved_qty', '>', 0).execute();
    await releaseStock(trx, lines.map((l) => ({ productId: l.product_id, qty: l.reserved_qty })));
    await trx.updateTable('order_lines').set({ reserved_qty: 0 }).where('order_id', '=', orderId).execute();
    await trx.updateTable('order_approvals').set({ status: 'withdrawn', decided_at: now }).where('order_id', '=', orderId).where('status', '=', 'pending').execute();
    // SHP-2/STK-3: nothing of a cancelled order leaves the warehouse — its draft shipments are
    // cancelled and an open pick session for it is closed (shipped ones cannot exist: a shipped
    // order cannot be cancelled).
    await trx.updateTable('shipments').set({ status: 'cancelled', cancelled_at: now }).where('order_id', '=', orderId).where('status', '=', 'draft').execute();
    await trx.updateTable('pick_sessions').set({ status: 'closed', closed_at: now }).where('order_id', '=', orderId).where('status', '=', 'open').execute();
  }
  return from;
}
