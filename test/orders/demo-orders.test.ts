import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seedDemoOrders } from '../../src/orders/demo-orders.ts';
import { build } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** Issue 6 demo: orders in every status through the real submission and status machine; idempotent; stock consistent. */
const test = suite('ORD demo orders');

test.after(async () => {
  await closeTestDb();
});

test('demo orders: every status, approvals waiting, one dealer near its limit, carts, stock consistent, idempotent', async () => {
  const { db, tenant } = await makeTenant({ defaultLocale: 'tr' });
  for (const name of ['Deniz Hırdavat', 'Karadeniz Yapı']) {
    const d = await build.dealer(db, { companyName: name });
    for (const role of ['dealer_admin', 'buyer', 'approver'] as const) await build.dealerUser(db, { dealerId: d.id, role });
    await db.insertInto('addresses').values({ dealer_id: d.id, kind: 'shipping', label: 'Merkez', line1: 'Atatürk Cd. 5', city: 'İzmir', is_default: true }).execute();
  }
  await sql`
    insert into ${sql.id(tenant.schema)}.products (sku, name, list_price, currency, vat_rate, stock_qty, min_order_qty, order_multiple)
    select 'DM-' || g, 'Ürün ' || g, 2000 + g * 13, 'TRY', 20, 5000, case when g % 5 = 0 then 6 else 1 end, case when g % 5 = 0 then 6 else 1 end
    from generate_series(1, 60) g`.execute(db);

  const r = await seedDemoOrders(db, { tenantId: tenant.id, timeZone: 'Europe/Istanbul', locale: 'tr' });
  assert.ok(r.seeded);
  const byStatus = await db.selectFrom('orders').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  const got = new Map(byStatus.map((x) => [x.status, Number(x.n)]));
  for (const s of ['awaiting_approval', 'credit_review', 'awaiting_payment', 'placed', 'confirmed', 'preparing', 'partly_shipped', 'shipped', 'delivered', 'completed', 'cancelled']) {
    assert.ok((got.get(s as never) ?? 0) > 0, `some orders ${s} (${JSON.stringify(Object.fromEntries(got))})`);
  }
  const total = [...got.values()].reduce((a, b) => a + b, 0);
  assert.ok(total >= 25, `about thirty orders (${total})`);
  const pending = await db.selectFrom('order_approvals').select('id').where('status', '=', 'pending').execute();
  assert.ok(pending.length > 0);

  // Reservations on products equal what open order lines hold; nothing negative.
  const res = await sql<{ products: string; lines: string; neg: string }>`
    select (select sum(reserved_qty) from ${sql.id(tenant.schema)}.products)::text as products,
           (select coalesce(sum(l.reserved_qty), 0) from ${sql.id(tenant.schema)}.order_lines l)::text as lines,
           (select count(*) from ${sql.id(tenant.schema)}.products where stock_qty < 0 or reserved_qty < 0)::text as neg`.execute(db);
  assert.is(res.rows[0]!.products, res.rows[0]!.lines);
  assert.is(res.rows[0]!.neg, '0');
  // Shipped lines left the warehouse: movements of source 'order'.
  const moved = await db.selectFrom('stock_movements').select('id').where('source', '=', 'order').execute();
  assert.ok(moved.length > 0);

  // The second dealer is close to (but within) its limit.
  assert.match(r.lines.join('\n'), /close to its credit limit/);
  const carts = await db.selectFrom('carts').select(['kind', 'shared']).execute();
  assert.is(carts.length, 6);
  assert.ok(carts.some((c) => c.kind === 'list'));
  // Timestamps spread back over weeks.
  const oldest = await db.selectFrom('orders').select((eb) => eb.fn.min('created_at').as('t')).executeTakeFirstOrThrow();
  assert.ok(Date.now() - new Date(oldest.t as Date).getTime() > 30 * 86400_000);

  const again = await seedDemoOrders(db, { tenantId: tenant.id, timeZone: 'Europe/Istanbul', locale: 'tr' });
  assert.is(again.seeded, false);
  const count = await db.selectFrom('orders').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  assert.is(Number(count.n), total);
});

test.run();
