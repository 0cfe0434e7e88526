import { sql, type Insertable, type Kysely } from 'kysely';
import type { ApprovalRulesTable, OrderStatus, PaymentMethod, TenantDb } from '../db/types.ts';
import { exposure } from '../finance/credit.ts';
import type { Brand } from '../notifications/mail-frame.ts';
import { getSetting } from '../settings/settings.ts';
import { pricingDay } from '../pricing/resolve.ts';
import { createShipment, markShipped } from '../shipping/shipments.ts';
import { changeStatus } from './status.ts';
import { submitOrder } from './submit.ts';

/**
 * Demo orders for the demo sellers (issue 6 "Demo"): settlement terms for every demo dealer (one
 * close to its limit, with the over-limit policy "review"), three shipping methods, approval
 * rules (an amount rule with one level, a two-level rule), saved carts and lists for the buyers,
 * and about thirty orders per seller spread over the last six weeks and every status — some
 * waiting for approval, one for prepayment, one in credit review. Orders go through the real
 * submitOrder and changeStatus (so stock, prices and history are what the app would have made);
 * only their timestamps are moved back afterwards.
 *
 * Idempotent: a seller that already has orders is left alone. Nothing is e-mailed.
 */
export interface DemoOrdersResult {
  seeded: boolean;
  lines: string[];
}

const TEXT = {
  tr: {
    cargo: 'Anlaşmalı kargo',
    pallet: 'Ambar / palet',
    pickup: 'Depodan teslim',
    carts: ['Mağaza rafı', 'Aylık stok'],
    list: 'Sık alınanlar',
    amountRule: 'Büyük siparişler',
    twoLevel: 'Yüksek tutar — iki onay',
    notes: ['Sabah teslim edilirse seviniriz.', 'Faturayı merkeze kesin.', '', 'Şantiye teslimatı, arayın.', ''],
    cancel: 'Müşteri vazgeçti',
    carrier: 'Yurtiçi Kargo',
  },
  en: {
    cargo: 'Parcel service',
    pallet: 'Pallet freight',
    pickup: 'Collect at warehouse',
    carts: ['Shop shelf', 'Monthly restock'],
    list: 'Frequently bought',
    amountRule: 'Large orders',
    twoLevel: 'High value — two approvals',
    notes: ['Morning delivery please.', 'Invoice to head office.', '', 'Site delivery, call ahead.', ''],
    cancel: 'Customer changed their mind',
    carrier: 'PostNord',
  },
} as const;

/** Shipping in the demo notifies nobody, so the brand is never used for a mail. */
const DEMO_BRAND = { sellerName: '', primaryColor: null, portalUrl: '' } as unknown as Brand;

/** The status each demo order is walked to (cycled), from 'placed'. */
const WALK: OrderStatus[] = ['completed', 'delivered', 'shipped', 'preparing', 'confirmed', 'placed', 'completed', 'partly_shipped', 'cancelled', 'delivered', 'confirmed', 'placed'];
const PATH: Record<string, OrderStatus[]> = {
  placed: [],
  confirmed: ['confirmed'],
  preparing: ['confirmed', 'preparing'],
  partly_shipped: ['confirmed', 'preparing', 'partly_shipped'],
  shipped: ['confirmed', 'preparing', 'shipped'],
  delivered: ['confirmed', 'preparing', 'shipped', 'delivered'],
  completed: ['confirmed', 'preparing', 'shipped', 'delivered', 'completed'],
  cancelled: ['cancelled'],
};

/** Deterministic pseudo-random numbers (the demo is the same on every machine). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedDemoOrders(db: Kysely<TenantDb>, opts: { tenantId: number; timeZone: string; locale: 'tr' | 'en' }): Promise<DemoOrdersResult> {
  const any = await db.selectFrom('orders').select('id').limit(1).executeTakeFirst();
  if (any) return { seeded: false, lines: [] };
  const t = TEXT[opts.locale];
  const base = (await getSetting(db, 'pricing')).baseCurrency;
  const lines: string[] = [];

  const dealers = await db.selectFrom('dealers').select(['id', 'code', 'company_name', 'invoice_currency']).where('status', '=', 'active').orderBy('id').execute();
  if (!dealers.length) return { seeded: false, lines };
  const users = await db.selectFrom('users').select(['id', 'dealer_id', 'role']).where('kind', '=', 'dealer').where('status', '=', 'active').orderBy('id').execute();
  const userOf = (dealerId: number, role: string) => users.find((u) => u.dealer_id === dealerId && u.role === role);

  // Shipping methods (ORD-4), in the base currency.
  const major = (n: number) => n * 100;
  await db
    .insertInto('shipping_methods')
    .values([
      { code: 'cargo', name: t.cargo, price: major(base === 'TRY' ? 150 : 19), currency: base, free_from: major(base === 'TRY' ? 7500 : 900), vat_rate: base === 'TRY' ? 20 : 25, sort: 1 },
      { code: 'pallet', name: t.pallet, price: major(base === 'TRY' ? 1250 : 149), currency: base, free_from: null, vat_rate: base === 'TRY' ? 20 : 25, sort: 2 },
      { code: 'pickup', name: t.pickup, price: 0, currency: base, free_from: null, vat_rate: base === 'TRY' ? 20 : 25, sort: 3 },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const methods = await db.selectFrom('shipping_methods').select(['id', 'code']).orderBy('sort').execute();

  // Settlement terms (FIN-1): every dealer on open account; the second one is tightened below.
  await db
    .insertInto('dealer_accounts')
    .values(
      dealers.map((d, i) => ({
        dealer_id: d.id,
        currency: d.invoice_currency ?? base,
        // Room for every demo order whatever the currency; the second dealer is tightened below.
        credit_limit: i === 0 ? 50_000_000_00 : 20_000_000_00,
        payment_term_days: i === 0 ? 60 : 30,
        payment_methods: ['open_account', 'wire', 'prepayment', 'installments'] as PaymentMethod[],
        over_limit: i === 1 ? ('review' as const) : ('block' as const),
      })),
    )
    .onConflict((oc) => oc.column('dealer_id').doNothing())
    .execute();

  // Orderable products: visible, in stock with room, not a parent of variants.
  const pool = await db
    .selectFrom('products as p')
    .select(['p.id', 'p.min_order_qty', 'p.order_multiple', 'p.list_price'])
    .where('p.active', '=', true)
    .where('p.hidden', '=', false)
    .where('p.availability', '=', 'in_stock')
    .where(sql<boolean>`p.stock_qty - p.reserved_qty >= 300`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('products as v').select('v.id').whereRef('v.parent_id', '=', 'p.id'))))
    .orderBy('p.id')
    .limit(400)
    .execute();
  if (pool.length < 10) return { seeded: false, lines: ['demo orders skipped: too few products in stock'] };
  // Approval rules (APR-1), in the base currency (orders in another currency are compared after
  // conversion): dealer 1 — one approval over about four typical orders; dealer 2 — two approvals
  // over five. Big demo orders (×8 quantities) cross them.
  const typical = Math.round((pool.reduce((sum, p) => sum + p.list_price * p.min_order_qty, 0) / pool.length) * 2.5 * 3.5 * 1.2);
  const d1 = dealers[0]!;
  const d2 = dealers[1];
  const approver1 = userOf(d1.id, 'approver');
  const rules: Array<Insertable<ApprovalRulesTable>> = [
    { dealer_id: d1.id, name: t.amountRule, kind: 'amount_over', amount: Math.ceil((typical * 4) / 10000) * 10000, currency: base, levels: 1, approver_ids: approver1 ? [approver1.id] : [] },
  ];
  if (d2) {
    const a = userOf(d2.id, 'approver');
    const admin = userOf(d2.id, 'dealer_admin');
    rules.push({ dealer_id: d2.id, name: t.twoLevel, kind: 'amount_over', amount: Math.ceil((typical * 5) / 10000) * 10000, currency: base, levels: 2, approver_ids: [a?.id, admin?.id].filter((x): x is number => x != null) });
  }
  await db.insertInto('approval_rules').values(rules).execute();

  const rand = rng(opts.locale === 'tr' ? 7919 : 104729);
  const pick = (n: number) => {
    const out = new Map<number, number>();
    while (out.size < n) {
      const p = pool[Math.floor(rand() * pool.length)]!;
      const unit = p.order_multiple * Math.max(1, Math.ceil(p.min_order_qty / p.order_multiple));
      out.set(p.id, unit * (1 + Math.floor(rand() * 4)));
    }
    return [...out].map(([productId, qty]) => ({ productId, qty }));
  };

  // Carts and a saved list (ORD-1) for each dealer's buyer.
  for (const d of dealers) {
    const buyer = userOf(d.id, 'buyer');
    if (!buyer) continue;
    const made = await db
      .insertInto('carts')
      .values([
        { dealer_id: d.id, owner_id: buyer.id, name: t.carts[0], kind: 'cart' as const, shared: false },
        { dealer_id: d.id, owner_id: buyer.id, name: t.carts[1], kind: 'cart' as const, shared: true },
        { dealer_id: d.id, owner_id: buyer.id, name: t.list, kind: 'list' as const, shared: true },
      ])
      .returning('id')
      .execute();
    const sizes = [4, 6, 8];
    await db.insertInto('cart_lines').values(made.flatMap((c, i) => pick(sizes[i]!).map((l) => ({ cart_id: c.id, product_id: l.productId, qty: l.qty })))).execute();
    await db.insertInto('user_active_carts').values({ user_id: buyer.id, cart_id: made[0]!.id }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  }

  // Orders.
  const counts: Record<string, number> = {};
  const N = 30;
  let walked = 0;
  for (let i = 0; i < N; i++) {
    const d = dealers[i % Math.min(dealers.length, 2)]!;
    const buyer = userOf(d.id, 'buyer') ?? userOf(d.id, 'dealer_admin');
    if (!buyer) continue;
    let items = pick(2 + Math.floor(rand() * 4));
    const big = i % 10 === 3 || i % 10 === 6; // over the approval amount (both dealers)
    if (big) items = items.map((l) => ({ ...l, qty: l.qty * 8 }));
    const paymentMethod: PaymentMethod = i === 11 ? 'prepayment' : i % 7 === 5 ? 'wire' : 'open_account';
    const r = await submitOrder(db, {
      tenantId: opts.tenantId,
      timeZone: opts.timeZone,
      dealerId: d.id,
      userId: buyer.id,
      idempotencyKey: `demo-${i}`,
      items,
      paymentMethod,
      shippingMethodId: methods[i % 3 === 2 ? 1 : 0]?.id ?? null,
      note: t.notes[i % t.notes.length],
      poNumber: i % 3 === 0 ? `PO-${2026_0100 + i}` : '',
      cartName: t.carts[i % 2],
    });
    if (r.kind !== 'created') {
      counts[`refused:${r.kind === 'rejected' ? r.code : r.kind}`] = (counts[`refused:${r.kind === 'rejected' ? r.code : r.kind}`] ?? 0) + 1;
      continue;
    }
    const daysAgo = Math.round(((N - i) / N) * 42);
    let status = r.status;
    if (status === 'placed') {
      const target = WALK[walked++ % WALK.length]!;
      await db.transaction().execute(async (trx) => {
        for (const step of PATH[target]!) {
          if (step === 'shipped' || step === 'partly_shipped') {
            // Through a real shipment (stock booked out, shipped quantities, status, history).
            const ls = await trx.selectFrom('order_lines').select(['id', 'qty']).where('order_id', '=', r.orderId).orderBy('line_no').execute();
            const part = step === 'partly_shipped' ? ls.slice(0, Math.max(1, Math.floor(ls.length / 2))) : ls;
            const sh = await createShipment(trx, r.orderId, { lines: new Map(part.map((l) => [l.id, l.qty])), userId: null });
            await markShipped(trx, r.orderId, sh.id, { carrier: t.carrier, trackingNumber: `${1000_0000 + r.orderId * 7919}` }, { kind: 'staff', userId: null }, DEMO_BRAND, { notify: false });
          } else {
            await changeStatus(trx, r.orderId, step, { kind: step === 'cancelled' ? 'user' : 'staff', userId: step === 'cancelled' ? buyer.id : null }, { cancelReason: step === 'cancelled' ? t.cancel : undefined });
          }
          if (step === 'delivered') await trx.updateTable('shipments').set({ status: 'delivered', delivered_at: new Date() }).where('order_id', '=', r.orderId).where('status', '=', 'shipped').execute();
          status = step;
        }
      });
    }
    counts[status] = (counts[status] ?? 0) + 1;
    // Move the order's clock back (demo only): created daysAgo, each later step a few hours on.
    const at = (hours: number) => sql<Date>`now() - make_interval(days => ${daysAgo}) + make_interval(hours => ${hours})`;
    // Each history step 9 hours after the previous one; the order's and shipments' own stamps
    // take the time of the matching step, so the timeline, the desk and the shipment cards agree.
    const hist = await db.selectFrom('order_status_history').select(['id', 'to_status']).where('order_id', '=', r.orderId).orderBy('id').execute();
    for (const [k, h] of hist.entries()) await db.updateTable('order_status_history').set({ created_at: at(k * 9) } as never).where('id', '=', h.id).execute();
    const hourOf = (...to: OrderStatus[]) => {
      const k = hist.findIndex((h) => to.includes(h.to_status));
      return k < 0 ? null : k * 9;
    };
    const confirmedH = hourOf('confirmed') ?? 3;
    const shippedH = hourOf('partly_shipped', 'shipped') ?? 24;
    const deliveredH = hourOf('delivered') ?? shippedH + 36;
    await db
      .updateTable('orders')
      .set({
        created_at: at(0),
        updated_at: at(Math.max(0, (hist.length - 1) * 9)),
        placed_at: sql<Date>`case when placed_at is not null then ${at(0)} end`,
        confirmed_at: sql<Date>`case when confirmed_at is not null then ${at(confirmedH)} end`,
      } as never)
      .where('id', '=', r.orderId)
      .execute();
    await db
      .updateTable('shipments')
      .set({ created_at: at(Math.max(0, shippedH - 4)), shipped_at: at(shippedH), delivered_at: sql<Date>`case when delivered_at is not null then ${at(deliveredH)} end` } as never)
      .where('order_id', '=', r.orderId)
      .execute();
    // Waiting steps: a few hours to a bit over a day (so the queue shows some past the reminder
    // time); already announced, so start-up sends no burst of demo e-mails.
    const waited = sql<Date>`now() - make_interval(hours => ${Math.min(3 + daysAgo * 2, 30)})`;
    await db.updateTable('order_approvals').set({ created_at: waited, pending_since: waited, notified_at: waited } as never).where('order_id', '=', r.orderId).execute();
  }

  // The second dealer ends close to its limit: limit = exposure + about 3 %.
  if (d2) {
    const acc = await db.selectFrom('dealer_accounts').select(['dealer_id', 'currency']).where('dealer_id', '=', d2.id).executeTakeFirstOrThrow();
    const today = pricingDay(new Date(), opts.timeZone);
    const open = await exposure(db, acc, today, base);
    const limit = Math.ceil((open * 1.03) / 10000) * 10000 || major(1000);
    await db.updateTable('dealer_accounts').set({ credit_limit: limit }).where('dealer_id', '=', d2.id).execute();
    // One more order from that dealer goes over the limit: the seller's finance reviews it.
    const buyer = userOf(d2.id, 'buyer');
    if (buyer) {
      const over = await submitOrder(db, { tenantId: opts.tenantId, timeZone: opts.timeZone, dealerId: d2.id, userId: buyer.id, idempotencyKey: 'demo-over-limit', items: pick(3).map((l) => ({ ...l, qty: l.qty * 4 })), paymentMethod: 'open_account', shippingMethodId: methods[0]?.id ?? null, cartName: t.carts[1] });
      if (over.kind === 'created') counts[over.status] = (counts[over.status] ?? 0) + 1;
    }
    lines.push(`${d2.code} is close to its credit limit: exposure ${(open / 100).toFixed(2)} of ${(limit / 100).toFixed(2)} ${acc.currency} (one more order over the limit waits for the seller's finance review)`);
  }
  lines.unshift(`orders by status: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return { seeded: true, lines };
}
