import type { Kysely } from 'kysely';
import type { OrderStatus, TenantDb } from '../db/types.ts';
import { lineError, productsById, shippingOptions, type RowError } from '../carts/carts.ts';
import { CreditError } from '../finance/credit.ts';
import type { Brand } from '../notifications/mail-frame.ts';
import { dealerPricing, priceForDealer } from '../pricing/context.ts';
import { releaseStock, reserveStock, StockShortError } from '../stock/stock.ts';
import { applyChangePolicy, creditAfterChange, creditRefuses, lockForChange, lockProducts, type CreditOutcome, type PolicyResult } from './edit-policy.ts';
import { DEALER_EDITABLE, type StatusActor } from './status.ts';
import { computeTotals } from './submit.ts';

/**
 * ORD-8: the dealer changes line quantities before the seller confirms. One transaction: the
 * order row lock, the lines checked like a cart line (minimum, package multiple, still orderable),
 * every line re-priced with the one price rule on the day the order was priced (priced_on, the
 * order's currency and payment method), reservations adjusted (more: conditional reservation,
 * refused when short; fewer: released), totals recomputed with computeTotals and the shipping
 * method's free threshold, and a history note naming the changes (same status, from = to).
 * Lock order: the dealer's account row first (as submitOrder), then the order, then products.
 * Credit and purchasing policy are the shared rules of edit-policy.ts (also used by the seller's
 * line edits): a larger total on open account over the credit limit is refused (block policy) or
 * sends the order to the seller's credit review (review policy); a placed order whose new figures
 * fall under the dealer's purchasing policy goes back to awaiting approval (the "changed by the
 * dealer" transition), its approval steps pending again and the approvers notified.
 */
export type QtyChangeResult =
  | { kind: 'ok'; changed: number; status: OrderStatus; approval?: PolicyResult['approval']; creditReview?: boolean; notified?: number[] }
  | { kind: 'pricing'; message: string }
  | { kind: 'not_editable' }
  | { kind: 'invoiced' }
  | { kind: 'lines'; problems: Array<{ sku: string; code: RowError; min_order_qty: number; order_multiple: number }> }
  | { kind: 'short'; short: Array<{ sku: string; available: number }> }
  | { kind: 'credit_limit'; limit: number; exposure: number; increase: number; currency: string };

/** A `date` column as pg returns it (local midnight) → 'YYYY-MM-DD'; toISOString() would shift it a day east of UTC. */
export function dayOf(d: Date | string): string {
  if (typeof d === 'string') return d.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

class Abort extends Error {
  constructor(readonly result: QtyChangeResult) {
    super('abort');
  }
}

export async function changeQuantities(
  db: Kysely<TenantDb>,
  input: { tenantId: number; timeZone: string; orderId: number; dealerId: number; actor: StatusActor; qty: Map<number, number | null>; brand?: Brand },
): Promise<QtyChangeResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      // Account → order → products (edit-policy.ts), the same order as a staff edit and submitOrder.
      const locked = await lockForChange(trx, input.orderId, input.dealerId);
      if (!locked || !DEALER_EDITABLE.includes(locked.order.status)) return { kind: 'not_editable' as const };
      // ORD-11: an invoiced order's lines and prices are frozen for the dealer too.
      if (locked.order.invoiced_at) return { kind: 'invoiced' as const };
      const { account, order } = locked;
      const lines = await trx.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).orderBy('line_no').execute();
      const products = await productsById(trx, lines.map((l) => l.product_id));
      const next = lines.map((l) => ({ line: l, qty: input.qty.has(l.id) ? input.qty.get(l.id)! : l.qty }));
      const changed = next.filter((n) => n.qty !== n.line.qty);
      if (!changed.length) return { kind: 'ok' as const, changed: 0, status: order.status };
      const problems: Array<{ sku: string; code: RowError; min_order_qty: number; order_multiple: number }> = [];
      for (const n of changed) {
        const p = products.get(n.line.product_id);
        const code = lineError(p, n.qty ?? NaN);
        if (code) problems.push({ sku: n.line.sku, code, min_order_qty: p?.min_order_qty ?? 1, order_multiple: p?.order_multiple ?? 1 });
      }
      if (problems.length) return { kind: 'lines' as const, problems };

      await lockProducts(trx, changed.map((n) => n.line.product_id));
      const more = changed.filter((n) => n.qty! > n.line.qty).map((n) => ({ productId: n.line.product_id, qty: n.qty! - n.line.qty }));
      try {
        await reserveStock(trx, more);
      } catch (err) {
        if (err instanceof StockShortError) {
          throw new Abort({ kind: 'short', short: err.short.map((s) => ({ sku: lines.find((l) => l.product_id === s.productId)?.sku ?? `#${s.productId}`, available: s.available })) });
        }
        throw err;
      }
      const release = changed.filter((n) => n.qty! < n.line.qty).map((n) => ({ productId: n.line.product_id, qty: Math.min(n.line.reserved_qty, n.line.qty - n.qty!) }));
      await releaseStock(trx, release);

      const base = await dealerPricing(trx, { tenantId: input.tenantId, dealerId: order.dealer_id, timeZone: input.timeZone, at: new Date(`${order.priced_day}T12:00:00Z`) });
      if (!base) return { kind: 'not_editable' as const };
      const ctx = { ...base, currency: order.currency.trim(), date: order.priced_day };
      const priced = await priceForDealer(
        trx,
        ctx,
        next.map((n) => ({ productId: n.line.product_id, qty: n.qty! })),
        { paymentMethod: order.payment_method, installments: order.installments ?? undefined },
      );
      const resolved = next.map((n) => priced.get(n.line.product_id)!);
      for (const n of next) {
        const r = priced.get(n.line.product_id)!;
        const reserved = n.qty! > n.line.qty ? n.line.reserved_qty + (n.qty! - n.line.qty) : n.qty! < n.line.qty ? n.line.reserved_qty - Math.min(n.line.reserved_qty, n.line.qty - n.qty!) : n.line.reserved_qty;
        await trx
          .updateTable('order_lines')
          .set({ qty: n.qty!, reserved_qty: reserved, unit_net: r.unitNet, unit_gross: r.unitGross, list_unit_net: r.listUnitNet, line_net: r.lineNet, line_gross: r.lineGross, breakdown: JSON.stringify(r.breakdown) })
          .where('id', '=', n.line.id)
          .execute();
      }
      const linesNet = resolved.reduce((s, r) => s + r.lineNet, 0);
      let shippingNet = BigInt(order.shipping_net);
      let shippingVat = 0;
      if (order.shipping_method_id) {
        const opt = (await shippingOptions(trx, ctx, linesNet)).find((o) => o.id === order.shipping_method_id);
        if (opt && opt.net !== null) shippingNet = BigInt(opt.net);
        const m = await trx.selectFrom('shipping_methods').select('vat_rate').where('id', '=', order.shipping_method_id).executeTakeFirst();
        shippingVat = m?.vat_rate ?? 0;
      }
      const totals = computeTotals(ctx.currency, resolved, shippingNet, shippingVat);
      let credit: CreditOutcome;
      try {
        credit = await creditAfterChange(trx, account, order, totals.totalGross, ctx.baseCurrency);
      } catch (err) {
        if (err instanceof CreditError) throw new Abort({ kind: 'pricing', message: err.message });
        throw err;
      }
      if (creditRefuses(credit, order.status)) {
        throw new Abort({ kind: 'credit_limit', limit: credit.limit, exposure: credit.exposure, increase: credit.increase, currency: credit.currency });
      }
      await trx
        .updateTable('orders')
        .set({ lines_net: totals.linesNet, shipping_net: totals.shippingNet, vat_total: totals.vatTotal, total_gross: totals.totalGross, vat_by_rate: JSON.stringify(totals.vatByRate), updated_at: new Date() })
        .where('id', '=', order.id)
        .execute();
      const policy = await applyChangePolicy(trx, {
        order,
        by: 'dealer',
        actor: input.actor,
        kind: 'qty',
        changes: changed.map((n) => ({ sku: n.line.sku, from: n.line.qty, to: n.qty! })),
        newTotal: totals.totalGross,
        added: false,
        productIds: next.map((n) => n.line.product_id),
        credit,
        baseCurrency: ctx.baseCurrency,
        brand: input.brand,
      });
      return { kind: 'ok' as const, changed: changed.length, status: policy.status, approval: policy.approval, creditReview: policy.creditReview, notified: policy.notified };
    });
  } catch (err) {
    if (err instanceof Abort) return err.result;
    throw err;
  }
}
