import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShipment, markShipped } from '../../src/shipping/shipments.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product } from '../orders/desk-support.ts';

/**
 * SHP-2 read side on the dealer's order page (/portal/orders/:id): shipped and delivered shipments
 * with carrier and tracking, never drafts; one waybill per shipment that left, the dealer's own
 * orders only (another dealer, another tenant, a draft → 404).
 */
const test = suite('SHP-2 dealer order page shipments');
let t: TestApp;
const brand = { sellerName: 'Test Satıcı', primaryColor: null, portalUrl: 'http://x.localhost/' };

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

async function setup(locale: 'tr' | 'en' = 'tr') {
  const ten = await makeTenant({ defaultLocale: locale });
  const who = await dealer(ten.db);
  const p1 = await product(ten.db, { stock: 50, sku: `VIDA-${Math.random().toString(36).slice(2, 6)}` });
  const p2 = await product(ten.db, { stock: 50 });
  const o = await order(ten.db, ten.tenant.id, who, [
    { productId: p1.id, qty: 10 },
    { productId: p2.id, qty: 4 },
  ]);
  await ten.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', o.orderId).execute();
  const lines = await ten.db.selectFrom('order_lines').select(['id']).where('order_id', '=', o.orderId).orderBy('line_no').execute();
  const cookie = await sessionCookie(ten.db, who.userId);
  return { ...ten, who, p1, p2, o, l1: lines[0]!.id, l2: lines[1]!.id, cookie };
}

/** A shipped shipment of 6 × line 1 with carrier and tracking, and a draft of line 2. */
async function shipSome(s: Awaited<ReturnType<typeof setup>>) {
  return s.db.transaction().execute(async (trx) => {
    const a = await createShipment(trx, s.o.orderId, { lines: new Map([[s.l1, 6], [s.l2, 0]]), carrier: 'Yurtiçi Kargo', trackingNumber: 'YK-778899', trackingUrl: 'https://kargo.example/t/YK-778899', userId: null });
    await markShipped(trx, s.o.orderId, a.id, {}, { kind: 'staff' }, brand);
    const d = await createShipment(trx, s.o.orderId, { lines: new Map([[s.l2, 4]]), carrier: 'Aras Kargo', trackingNumber: 'ARAS-DRAFT-1', trackingUrl: '', userId: null });
    return { shipped: a, draft: d };
  });
}

const get = (s: { host: string }, path: string, cookie: string) => t.req(s.host, path, { headers: { cookie } });

test('the dealer sees the shipped shipment with carrier and tracking link (TR), not the draft; per-shipment waybill link', async () => {
  const s = await setup('tr');
  let html = await (await get(s, `/portal/orders/${s.o.orderId}`, s.cookie)).text();
  assert.not.match(html, 'id="shipments"', 'nothing shipped yet: no section');
  const { shipped, draft } = await shipSome(s);
  const res = await get(s, `/portal/orders/${s.o.orderId}`, s.cookie);
  assert.is(res.status, 200);
  html = await res.text();
  assert.match(html, 'id="shipments"');
  assert.match(html, 'Sevkiyatlar');
  assert.match(html, shipped.number);
  assert.match(html, 'Yurtiçi Kargo');
  assert.match(html, 'href="https://kargo.example/t/YK-778899"');
  assert.match(html, 'YK-778899');
  assert.match(html, `${s.p1.sku}</span>`);
  assert.not.match(html, draft.number, 'a draft is the seller’s business');
  assert.not.match(html, 'Aras Kargo');
  assert.not.match(html, 'ARAS-DRAFT-1');
  // The section sits before the timeline columns.
  assert.ok(html.indexOf('id="shipments"') < html.indexOf('class="order-cols"'));
  // One waybill per shipment that left, instead of the order's.
  assert.match(html, `href="/portal/orders/${s.o.orderId}/shipments/${shipped.id}/waybill.pdf"`);
  assert.match(html, `İrsaliye ${shipped.number} (PDF)`);
  assert.not.match(html, `/shipments/${draft.id}/waybill.pdf`);
  assert.not.match(html, 'documents/waybill.pdf');
});

test('dealer waybill: the shipment’s lines only, seller dates; draft, unknown, other order’s shipment, other dealer, other tenant → 404', async () => {
  const s = await setup('tr');
  const { shipped, draft } = await shipSome(s);
  const url = `/portal/orders/${s.o.orderId}/shipments/${shipped.id}/waybill.pdf`;
  const res = await get(s, url, s.cookie);
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition') ?? '', 'attachment');
  const pdf = Buffer.from(await res.arrayBuffer());
  assert.is(pdf.subarray(0, 5).toString(), '%PDF-');
  const dir = mkdtempSync(join(tmpdir(), 'waybill-'));
  writeFileSync(join(dir, 'w.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'w.pdf'), '-'], { encoding: 'utf8' });
  assert.match(text, shipped.number);
  assert.match(text, s.p1.sku);
  const skuLines = text.split('\n').filter((l) => l.includes(s.p1.sku));
  assert.ok(skuLines.some((l) => /\b6\b/.test(l)), 'the shipment’s 6, not the ordered 10');
  assert.not.match(text, (await s.db.selectFrom('products').select('sku').where('id', '=', s.p2.id).executeTakeFirstOrThrow()).sku, 'line 2 did not ship');

  assert.is((await get(s, `/portal/orders/${s.o.orderId}/shipments/${draft.id}/waybill.pdf`, s.cookie)).status, 404, 'draft');
  assert.is((await get(s, `/portal/orders/${s.o.orderId}/shipments/999999/waybill.pdf`, s.cookie)).status, 404, 'unknown');

  // The same shipment id under another order of the same dealer → 404.
  const other = await order(s.db, s.tenant.id, s.who, [{ productId: s.p1.id, qty: 1 }]);
  assert.is((await get(s, `/portal/orders/${other.orderId}/shipments/${shipped.id}/waybill.pdf`, s.cookie)).status, 404, 'other order');

  // Another dealer of the same seller.
  const rival = await dealer(s.db, { name: 'Rakip Nalbur' });
  const rivalCookie = await sessionCookie(s.db, rival.userId);
  assert.is((await get(s, url, rivalCookie)).status, 404, 'another dealer');
  assert.is((await get(s, `/portal/orders/${s.o.orderId}`, rivalCookie)).status, 404);

  // Another tenant: its own dealer asking for these ids on its own host.
  const B = await makeTenant({ defaultLocale: 'tr' });
  const bWho = await dealer(B.db);
  const bCookie = await sessionCookie(B.db, bWho.userId);
  assert.is((await get(B, url, bCookie)).status, 404, 'another tenant');
});

test.run();
