import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seedDemoOrders } from '../../src/orders/demo-orders.ts';
import { build } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** The demo's shipped orders go through real shipments: rows that match shipped quantities, no mails. */
const test = suite('ORD-6 demo shipments');

test.after(async () => {
  await closeTestDb();
});

test('shipped, partly shipped, delivered and completed demo orders have shipments matching order_lines.shipped_qty; nothing mailed', async () => {
  const { db, tenant } = await makeTenant({ defaultLocale: 'en' });
  for (const name of ['North Tools', 'Fjord Supply']) {
    const d = await build.dealer(db, { companyName: name });
    for (const role of ['dealer_admin', 'buyer', 'approver'] as const) await build.dealerUser(db, { dealerId: d.id, role });
    await db.insertInto('addresses').values({ dealer_id: d.id, kind: 'shipping', label: 'HQ', line1: 'Storgata 1', city: 'Oslo', is_default: true }).execute();
  }
  await sql`
    insert into ${sql.id(tenant.schema)}.products (sku, name, list_price, currency, vat_rate, stock_qty, min_order_qty, order_multiple)
    select 'DM-' || g, 'Item ' || g, 2000 + g * 13, 'TRY', 20, 5000, 1, 1
    from generate_series(1, 40) g`.execute(db);
  const r = await seedDemoOrders(db, { tenantId: tenant.id, timeZone: 'Europe/Istanbul', locale: 'en' });
  assert.ok(r.seeded);

  const orders = await db.selectFrom('orders').select(['id', 'number', 'status']).execute();
  const shippedish = orders.filter((o) => ['partly_shipped', 'shipped', 'delivered', 'completed'].includes(o.status));
  assert.ok(shippedish.length >= 4);
  for (const o of shippedish) {
    const sh = await db.selectFrom('shipments').selectAll().where('order_id', '=', o.id).execute();
    assert.is(sh.length, 1, `${o.number} (${o.status}) has its shipment`);
    assert.is(sh[0]!.number, `${o.number}-1`);
    assert.is(sh[0]!.status, ['delivered', 'completed'].includes(o.status) ? 'delivered' : 'shipped');
    assert.ok(sh[0]!.carrier && sh[0]!.shipped_at);
    const lines = await db
      .selectFrom('order_lines as l')
      .leftJoin('shipment_lines as sl', 'sl.order_line_id', 'l.id')
      .select(['l.shipped_qty', 'l.qty', 'sl.qty as in_shipment'])
      .where('l.order_id', '=', o.id)
      .execute();
    for (const l of lines) assert.is(l.shipped_qty, l.in_shipment ?? 0);
    if (o.status === 'partly_shipped') assert.ok(lines.some((l) => l.shipped_qty < l.qty));
    else assert.ok(lines.every((l) => l.shipped_qty === l.qty));
  }
  const none = await db.selectFrom('shipments').select('id').where('order_id', 'in', orders.filter((o) => !shippedish.includes(o)).map((o) => o.id)).execute();
  assert.is(none.length, 0);
  const mails = await db.selectFrom('notifications').select('id').where('template', '=', 'order.status').execute();
  assert.is(mails.length, 0, 'the demo mails nobody');
  const again = await seedDemoOrders(db, { tenantId: tenant.id, timeZone: 'Europe/Istanbul', locale: 'en' });
  assert.not.ok(again.seeded, 'idempotent');
});

test.run();
