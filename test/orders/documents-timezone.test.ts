import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShipment, markShipped } from '../../src/shipping/shipments.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { sessionCookie, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product } from './desk-support.ts';

/**
 * ORD-9: order PDFs print the order date in the seller's time zone on every route that renders
 * them (desk documents, dealer documents, staff and dealer per-shipment waybills).
 */
const test = suite('ORD-9 PDFs in the seller time zone');
let t: TestApp;
const brand = { sellerName: 'Test Satıcı', primaryColor: null, portalUrl: 'http://x.localhost/' };

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

function pdfText(bytes: ArrayBuffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'doc-tz-'));
  writeFileSync(join(dir, 'd.pdf'), Buffer.from(bytes));
  return execFileSync('pdftotext', ['-layout', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
}

test('an order placed at 03:00 UTC on 10 March is dated 9 March for a seller in Los Angeles', async () => {
  const ten = await makeTenant({ defaultLocale: 'en', timeZone: 'America/Los_Angeles' });
  const who = await dealer(ten.db);
  const p = await product(ten.db, { stock: 10 });
  const o = await order(ten.db, ten.tenant.id, who, [{ productId: p.id, qty: 2 }]);
  await ten.db.updateTable('orders').set({ status: 'confirmed', created_at: new Date('2026-03-10T03:00:00Z') } as never).where('id', '=', o.orderId).execute();
  const line = await ten.db.selectFrom('order_lines').select('id').where('order_id', '=', o.orderId).executeTakeFirstOrThrow();
  const s = await ten.db.transaction().execute(async (trx) => {
    const x = await createShipment(trx, o.orderId, { lines: new Map([[line.id, 1]]), carrier: 'UPS', userId: null });
    await markShipped(trx, o.orderId, x.id, {}, { kind: 'staff' }, brand);
    return x;
  });
  const staff = { headers: { cookie: await staffCookie(ten.db, 'admin') } };
  const buyer = { headers: { cookie: await sessionCookie(ten.db, who.userId) } };
  for (const [path, opts] of [
    [`/staff/orders/${o.orderId}/documents/confirmation.pdf`, staff],
    [`/staff/orders/${o.orderId}/shipments/${s.id}/waybill.pdf`, staff],
    [`/portal/orders/${o.orderId}/documents/proforma.pdf`, buyer],
    [`/portal/orders/${o.orderId}/shipments/${s.id}/waybill.pdf`, buyer],
  ] as const) {
    const res = await t.req(ten.host, path, opts);
    assert.is(res.status, 200, path);
    const text = pdfText(await res.arrayBuffer());
    assert.match(text, '9 Mar 2026', path);
    assert.not.match(text, '10 Mar 2026', path);
  }
});

test.run();
