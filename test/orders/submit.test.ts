import type { Kysely } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { TenantDb } from '../../src/db/types.ts';
import { exposure } from '../../src/finance/credit.ts';
import { changeStatus, OrderStatusError } from '../../src/orders/status.ts';
import { submitOrder, type SubmitInput, type SubmitResult } from '../../src/orders/submit.ts';
import { build } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/**
 * ORD-5 / FIN-2 / APR-1 groundwork: order submission against real PostgreSQL — concurrency of
 * stock, credit and idempotency keys, refusals that leave nothing behind, the status machine.
 */
const test = suite('ORD-5 order submission');

type Db = Kysely<TenantDb>;
let db: Db;
let tenantId: number;
let n = 0;

test.before(async () => {
  const t = await makeTenant({ defaultLocale: 'en' });
  db = t.db;
  tenantId = t.tenant.id;
});
test.after(async () => {
  await closeTestDb();
});

async function product(opts: { stock?: number; behaviour?: 'hide' | 'backorder' | 'block'; price?: number; vat?: number; hidden?: boolean; min?: number; multiple?: number } = {}) {
  n += 1;
  return db
    .insertInto('products')
    .values({
      sku: `SUB-${n}`,
      name: `Ürün ${n}`,
      list_price: opts.price ?? 10000,
      currency: 'TRY',
      vat_rate: opts.vat ?? 20,
      stock_qty: opts.stock ?? 100,
      out_of_stock_behaviour: opts.behaviour ?? 'block',
      hidden: opts.hidden ?? false,
      min_order_qty: opts.min ?? 1,
      order_multiple: opts.multiple ?? 1,
    } as never)
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

async function dealer(account: { limit?: number; overLimit?: 'block' | 'review'; methods?: string[]; settlement?: 'open_account' | 'prepayment' } = {}) {
  const d = await build.dealer(db);
  const u = await build.dealerUser(db, { dealerId: d.id, role: 'buyer' });
  await db.insertInto('addresses').values({ dealer_id: d.id, kind: 'shipping', label: 'Depo', line1: 'Organize Sanayi 4. Cadde No: 12', city: 'İstanbul', is_default: true }).execute();
  await db
    .insertInto('dealer_accounts')
    .values({
      dealer_id: d.id,
      currency: 'TRY',
      credit_limit: account.limit ?? 1_000_000_000,
      over_limit: account.overLimit ?? 'block',
      payment_methods: (account.methods ?? ['open_account', 'wire', 'prepayment']) as never,
      settlement: account.settlement ?? 'open_account',
    })
    .execute();
  return { dealerId: d.id, userId: u.user.id };
}

function input(who: { dealerId: number; userId: number }, items: SubmitInput['items'], extra: Partial<SubmitInput> = {}): SubmitInput {
  return {
    tenantId,
    timeZone: 'Europe/Istanbul',
    dealerId: who.dealerId,
    userId: who.userId,
    idempotencyKey: `k-${Math.random().toString(36).slice(2)}`,
    items,
    paymentMethod: 'open_account',
    ...extra,
  };
}

const stockOf = (id: number) => db.selectFrom('products').select(['stock_qty', 'reserved_qty', 'availability']).where('id', '=', id).executeTakeFirstOrThrow();
const created = (rs: SubmitResult[]) => rs.filter((r) => r.kind === 'created');

test('a plain order: placed, lines frozen with their price breakdown, totals by VAT rate, stock reserved, history written', async () => {
  const who = await dealer();
  const a = await product({ price: 12345, vat: 20 });
  const b = await product({ price: 1000, vat: 10 });
  const ship = await db.insertInto('shipping_methods').values({ code: `cargo-${n}`, name: 'Kargo', price: 5000, currency: 'TRY', free_from: 1_000_000, vat_rate: 20 }).returning('id').executeTakeFirstOrThrow();
  const r = await submitOrder(db, input(who, [{ productId: a.id, qty: 3 }, { productId: b.id, qty: 7 }], { shippingMethodId: ship.id, poNumber: 'PO-77', note: 'Kapıya teslim' }));
  assert.is(r.kind, 'created');
  if (r.kind !== 'created') return;
  assert.is(r.status, 'placed');
  assert.match(r.number, /^S\d{7}$/);
  const order = await db.selectFrom('orders').selectAll().where('id', '=', r.orderId).executeTakeFirstOrThrow();
  // 3 × 123.45 = 370.35 net, VAT 20 % = 74.07; 7 × 10.00 = 70.00 net, VAT 10 % = 7.00; shipping 50.00 + 10.00 VAT.
  assert.is(order.lines_net, 37035 + 7000);
  assert.is(order.shipping_net, 5000);
  assert.equal(order.vat_by_rate, [
    { rate: 10, net: 7000, vat: 700 },
    { rate: 20, net: 37035 + 5000, vat: 7407 + 1000 },
  ]);
  assert.is(order.vat_total, 700 + 7407 + 1000);
  assert.is(order.total_gross, 37035 + 7000 + 5000 + 700 + 7407 + 1000);
  assert.is(order.po_number, 'PO-77');
  assert.is((order.shipping_address as { city: string }).city, 'İstanbul');
  const lines = await db.selectFrom('order_lines').selectAll().where('order_id', '=', r.orderId).orderBy('line_no').execute();
  assert.is(lines.length, 2);
  assert.is(lines[0]!.unit_net, 12345);
  assert.is(lines[0]!.line_gross, 44442);
  assert.is((lines[0]!.breakdown as { base: string }).base, 'list');
  assert.is((await stockOf(a.id)).reserved_qty, 3);
  const hist = await db.selectFrom('order_status_history').selectAll().where('order_id', '=', r.orderId).execute();
  assert.equal(hist.map((h) => [h.from_status, h.to_status]), [[null, 'placed']]);
});

test('free shipping from the threshold (lines net)', async () => {
  const who = await dealer();
  const a = await product({ price: 10000 });
  const ship = await db.insertInto('shipping_methods').values({ code: `free-${n}`, name: 'Kargo', price: 5000, currency: 'TRY', free_from: 50000, vat_rate: 20 }).returning('id').executeTakeFirstOrThrow();
  const below = await submitOrder(db, input(who, [{ productId: a.id, qty: 4 }], { shippingMethodId: ship.id }));
  const at = await submitOrder(db, input(who, [{ productId: a.id, qty: 5 }], { shippingMethodId: ship.id }));
  const get = async (r: SubmitResult) => db.selectFrom('orders').select('shipping_net').where('id', '=', (r as { orderId: number }).orderId).executeTakeFirstOrThrow();
  assert.is((await get(below)).shipping_net, 5000);
  assert.is((await get(at)).shipping_net, 0);
});

test('50 parallel orders from 5 dealers for the last 10 units: exactly 10 sold, nothing negative', async () => {
  const p = await product({ stock: 10, behaviour: 'block' });
  const dealers = await Promise.all(Array.from({ length: 5 }, () => dealer()));
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => submitOrder(db, input(dealers[i % 5]!, [{ productId: p.id, qty: 1 }]))));
  assert.is(created(results).length, 10);
  assert.ok(results.filter((r) => r.kind !== 'created').every((r) => r.kind === 'rejected' && r.code === 'out_of_stock'));
  const s = await stockOf(p.id);
  assert.is(s.stock_qty, 10, 'on hand stays until shipped');
  assert.is(s.reserved_qty, 10);
  assert.is(s.availability, 'out_of_stock');
  const sold = await db.selectFrom('order_lines').select((eb) => eb.fn.sum<string>('qty').as('q')).where('product_id', '=', p.id).executeTakeFirstOrThrow();
  assert.is(Number(sold.q), 10);
});

test('20 parallel orders against a credit limit: exposure never exceeds the limit', async () => {
  // A different product per order, so no stock row lock serialises them: only the account lock does.
  const ps = await Promise.all(Array.from({ length: 20 }, () => product({ price: 10000, vat: 20 }))); // 120.00 gross per unit
  const who = await dealer({ limit: 5 * 12000 + 5000 }); // room for 5 orders, not 6
  const results = await Promise.all(ps.map((p) => submitOrder(db, input(who, [{ productId: p.id, qty: 1 }]))));
  assert.is(created(results).length, 5);
  const refused = results.filter((r) => r.kind === 'rejected');
  assert.is(refused.length, 15);
  assert.ok(refused.every((r) => r.kind === 'rejected' && r.code === 'credit_limit'));
  const open = await exposure(db, { dealer_id: who.dealerId, currency: 'TRY' }, '2026-11-23', 'TRY');
  assert.is(open, 5 * 12000);
  const reserved = await Promise.all(ps.map((p) => stockOf(p.id)));
  assert.is(reserved.reduce((s, r) => s + r.reserved_qty, 0), 5, 'refused orders reserved nothing');
});

test('the same idempotency key 10 times in parallel: one order', async () => {
  const who = await dealer();
  const p = await product();
  const same = input(who, [{ productId: p.id, qty: 2 }], { idempotencyKey: 'form-abc-123' });
  const results = await Promise.all(Array.from({ length: 10 }, () => submitOrder(db, same)));
  assert.is(created(results).length, 1);
  assert.is(results.filter((r) => r.kind === 'duplicate').length, 9);
  const ids = new Set(results.map((r) => (r as { orderId: number }).orderId));
  assert.is(ids.size, 1);
  const count = await db.selectFrom('orders').select((eb) => eb.fn.countAll<string>().as('c')).where('dealer_id', '=', who.dealerId).executeTakeFirstOrThrow();
  assert.is(Number(count.c), 1);
  assert.is((await stockOf(p.id)).reserved_qty, 2);
});

test('refusals name the problem and leave nothing behind', async () => {
  const who = await dealer({ methods: ['open_account'] });
  const hidden = await product({ hidden: true });
  const pack = await product({ min: 5, multiple: 5 });
  const ok = await product({ stock: 3 });
  const lines = await submitOrder(db, input(who, [{ productId: hidden.id, qty: 1 }, { productId: pack.id, qty: 7 }, { productId: 999999, qty: 1 }]));
  assert.is(lines.kind, 'rejected');
  assert.equal(
    (lines as { problems: unknown[] }).problems,
    [
      { productId: hidden.id, code: 'not_orderable' },
      { productId: pack.id, code: 'not_multiple', multiple: 5 },
      { productId: 999999, code: 'not_found' },
    ],
  );
  const below = await submitOrder(db, input(who, [{ productId: pack.id, qty: 3 }]));
  assert.equal((below as { problems: unknown[] }).problems, [{ productId: pack.id, code: 'below_minimum', minQty: 5 }]);
  const method = await submitOrder(db, input(who, [{ productId: ok.id, qty: 1 }], { paymentMethod: 'wire' }));
  assert.equal(method, { kind: 'rejected', code: 'payment_method' });
  const short = await submitOrder(db, input(who, [{ productId: ok.id, qty: 4 }]));
  assert.equal(short, { kind: 'rejected', code: 'out_of_stock', short: [{ productId: ok.id, wanted: 4, available: 3 }] });
  const stale = await submitOrder(db, input(who, [{ productId: ok.id, qty: 1 }], { expectedTotalGross: 1 }));
  assert.is(stale.kind, 'repriced');
  assert.is((stale as { totals: { totalGross: number } }).totals.totalGross, 12000);
  const orders = await db.selectFrom('orders').select('id').where('dealer_id', '=', who.dealerId).execute();
  assert.is(orders.length, 0);
  assert.is((await stockOf(ok.id)).reserved_qty, 0);
  const confirmed = await submitOrder(db, input(who, [{ productId: ok.id, qty: 1 }], { expectedTotalGross: 12000 }));
  assert.is(confirmed.kind, 'created');
});

test('backorder products can be ordered beyond stock; over the limit with review goes to credit_review; prepayment waits for payment', async () => {
  const who = await dealer({ limit: 10000, overLimit: 'review' });
  const bo = await product({ stock: 2, behaviour: 'backorder' });
  const r = await submitOrder(db, input(who, [{ productId: bo.id, qty: 5 }]));
  assert.is(r.kind, 'created');
  assert.is((r as { status: string }).status, 'credit_review');
  const s = await stockOf(bo.id);
  assert.is(s.reserved_qty, 5);
  assert.is(s.availability, 'backorder');
  const pre = await dealer({ settlement: 'prepayment', methods: ['prepayment'] });
  const r2 = await submitOrder(db, input(pre, [{ productId: bo.id, qty: 1 }], { paymentMethod: 'prepayment' }));
  assert.is((r2 as { status: string }).status, 'awaiting_payment');
});

test('approval rules: an amount rule and a role rule send the order to approval with the right levels', async () => {
  const who = await dealer();
  const p = await product({ price: 10000 });
  await db.insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Over 500', kind: 'amount_over', amount: 50000, currency: 'TRY', levels: 1 }).execute();
  const small = await submitOrder(db, input(who, [{ productId: p.id, qty: 1 }]));
  assert.is((small as { status: string }).status, 'placed');
  const big = await submitOrder(db, input(who, [{ productId: p.id, qty: 5 }])); // 600.00 gross
  assert.is((big as { status: string }).status, 'awaiting_approval');
  const steps = await db.selectFrom('order_approvals').select(['level', 'status']).where('order_id', '=', (big as { orderId: number }).orderId).execute();
  assert.equal(steps, [{ level: 1, status: 'pending' }]);
  const after = await db.selectFrom('orders').select('after_approval').where('id', '=', (big as { orderId: number }).orderId).executeTakeFirstOrThrow();
  assert.is(after.after_approval, 'placed', 'placed once approved');
  await db.insertInto('approval_rules').values({ dealer_id: who.dealerId, name: 'Buyers twice', kind: 'roles', roles: ['buyer'], levels: 2 }).execute();
  const any = await submitOrder(db, input(who, [{ productId: p.id, qty: 1 }]));
  const steps2 = await db.selectFrom('order_approvals').select('level').where('order_id', '=', (any as { orderId: number }).orderId).orderBy('level').execute();
  assert.equal(steps2.map((s) => s.level), [1, 2]);
});

test('status machine: allowed moves only, history rows, cancel gives the stock back, other dealers cannot move the order', async () => {
  const who = await dealer();
  const other = await dealer();
  const p = await product({ stock: 5 });
  const r = (await submitOrder(db, input(who, [{ productId: p.id, qty: 4 }]))) as { orderId: number };
  await db.transaction().execute(async (trx) => {
    let threw: unknown = null;
    try {
      await changeStatus(trx, r.orderId, 'delivered', { kind: 'staff' });
    } catch (e) {
      threw = e;
    }
    assert.ok(threw instanceof OrderStatusError && threw.code === 'not_allowed');
  });
  await db.transaction().execute(async (trx) => {
    let threw: unknown = null;
    try {
      await changeStatus(trx, r.orderId, 'cancelled', { kind: 'user', userId: other.userId }, { dealerId: other.dealerId });
    } catch (e) {
      threw = e;
    }
    assert.ok(threw instanceof OrderStatusError && threw.code === 'not_found');
  });
  assert.is((await stockOf(p.id)).reserved_qty, 4);
  await db.transaction().execute((trx) => changeStatus(trx, r.orderId, 'cancelled', { kind: 'user', userId: who.userId }, { dealerId: who.dealerId, cancelReason: 'Yanlış ürün' }));
  assert.is((await stockOf(p.id)).reserved_qty, 0);
  const o = await db.selectFrom('orders').select(['status', 'cancel_reason']).where('id', '=', r.orderId).executeTakeFirstOrThrow();
  assert.equal(o, { status: 'cancelled', cancel_reason: 'Yanlış ürün' });
  const hist = await db.selectFrom('order_status_history').select(['from_status', 'to_status']).where('order_id', '=', r.orderId).orderBy('id').execute();
  assert.equal(hist, [
    { from_status: null, to_status: 'placed' },
    { from_status: 'placed', to_status: 'cancelled' },
  ]);
  const exp = await exposure(db, { dealer_id: who.dealerId, currency: 'TRY' }, '2026-11-23', 'TRY');
  assert.is(exp, 0, 'a cancelled order is no exposure');
});

test.run();
