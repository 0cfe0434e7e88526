import path from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decideStep } from '../../src/approvals/workflow.ts';
import { changeQuantities } from '../../src/orders/dealer-change.ts';
import { editLines, markInvoiced } from '../../src/orders/desk.ts';
import { submitOrder } from '../../src/orders/submit.ts';
import { build, sessionCookie } from '../support/build.ts';
import { makeTenant } from '../support/db.ts';
import { RESULTS_DIR, startE2E, step, type E2E, type WatchedPage } from './support.ts';

/**
 * ORD-10 in Chromium: the dealer's order page in Turkish with a timeline that holds an approval,
 * a dealer quantity change that sent it back for approval, a seller line edit with a typed remark
 * and "invoiced" — every system note in Turkish, the remark as typed, no English left on the page
 * or in the my-orders list. Screenshot: test-results/order-timeline-tr.png.
 */
const test = suite('order page timeline in Turkish (browser)');

let e2e: E2E;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let buyer: WatchedPage;
let orderId = 0;
const brand = { sellerName: 'Kervan Test', primaryColor: null, portalUrl: 'http://x.localhost/' };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true, caret: 'initial' });

test.before(async () => {
  e2e = await startE2E();
  tenant = await makeTenant({ name: 'Kervan Hırdavat Ticaret A.Ş.', defaultLocale: 'tr' } as never);
  const db = tenant.db;
  const ids: number[] = [];
  for (const [sku, name, price] of [
    ['TL-201', 'Çelik Dübel Ğ-Serisi', 12500],
    ['TL-202', 'Işıklı Uyarı Levhası', 48000],
  ] as const) {
    const p = await db.insertInto('products').values({ sku, name, list_price: price, currency: 'TRY', vat_rate: 20, stock_qty: 500, unit: 'adet' } as never).returning('id').executeTakeFirstOrThrow();
    ids.push(p.id);
  }
  const d = await build.dealer(db, { companyName: 'Öztürk Yapı Çözümleri Ltd. Şti.' });
  await db.insertInto('addresses').values({ dealer_id: d.id, kind: 'shipping', label: 'Merkez Depo', line1: 'İkitelli OSB Çağdaş Sokak No: 7', city: 'İstanbul', is_default: true }).execute();
  await db.insertInto('dealer_accounts').values({ dealer_id: d.id, currency: 'TRY', credit_limit: 100_000_000, payment_methods: ['open_account'] as never }).execute();
  await db.insertInto('approval_rules').values({ dealer_id: d.id, name: '1.000 ₺ üzeri', kind: 'amount_over', amount: 100000, currency: 'TRY', levels: 1 }).execute();
  const { user: b } = await build.dealerUser(db, { dealerId: d.id, role: 'buyer', name: 'Şule Çağlar' });
  const a = await build.dealerUser(db, { dealerId: d.id, role: 'approver', name: 'İsmail Güneş', totp: true });
  const { user: s } = await build.staff(db, { role: 'admin', name: 'Gökçe Işıkçı' });

  const r = await submitOrder(db, { tenantId: tenant.tenant.id, timeZone: 'Europe/Istanbul', dealerId: d.id, userId: b.id, idempotencyKey: 'tl-1', items: [{ productId: ids[0]!, qty: 10 }], paymentMethod: 'open_account' });
  if (r.kind !== 'created') throw new Error(JSON.stringify(r));
  orderId = r.orderId;
  const stepRow = await db.selectFrom('order_approvals').select('id').where('order_id', '=', orderId).executeTakeFirstOrThrow();
  const dec = await decideStep(db, { dealerId: d.id, stepId: stepRow.id, userId: a.user.id, decision: 'approve', totpStep: 1, note: '', brand });
  if (!dec.ok) throw new Error(JSON.stringify(dec));
  const line = await db.selectFrom('order_lines').select('id').where('order_id', '=', orderId).executeTakeFirstOrThrow();
  const ch = await changeQuantities(db, { tenantId: tenant.tenant.id, timeZone: 'Europe/Istanbul', orderId, dealerId: d.id, actor: { kind: 'user', userId: b.id }, qty: new Map([[line.id, 12]]), brand });
  if (ch.kind !== 'ok') throw new Error(JSON.stringify(ch));
  await db.transaction().execute((trx) => editLines(trx, tenant.tenant.id, orderId, { qty: new Map(), remove: [], add: [{ productId: ids[1]!, qty: 2 }], note: 'Depodaki son iki levha eklendi' }, { kind: 'staff', userId: s.id }, brand));
  await db.transaction().execute((trx) => markInvoiced(trx, orderId, { kind: 'staff', userId: s.id }));

  buyer = await e2e.newPage({ locale: 'tr-TR', viewport: { width: 1360, height: 900 } });
  const [name, ...rest] = (await sessionCookie(db, b.id)).split('=');
  await buyer.context.addCookies([{ name: name!, value: rest.join('='), domain: tenant.host, path: '/' }]);
});

test.after(async () => {
  await e2e?.close();
});

const ENGLISH = [/approved \(level/i, /\binvoiced\b/i, /\blines: /, /\bqty[:/]/, /approval/i, /\bseller\b/i, /\bQuantities\b/, /\bpending\b/i, /\bStatus\b/];

test('the Turkish order page shows every timeline note in Turkish and keeps the typed remark', async () => {
  const page = buyer.page;
  await step(e2e, page, 'order timeline tr', async () => {
    await page.goto(e2e.url(tenant.host, `/portal/orders/${orderId}`));
    const timeline = (await page.locator('.order-cols').innerText()).replace(/\s+/g, ' ');
    assert.match(timeline, 'Onaylandı (seviye 1)');
    assert.match(timeline, 'Miktarlar değiştirildi: TL-201 10→12');
    assert.match(timeline, 'satın alma politikası gereği yeniden onay gerekiyor');
    assert.match(timeline, 'Satıcı satırları değiştirdi: TL-202 0→2');
    assert.match(timeline, 'Depodaki son iki levha eklendi', 'the remark as typed');
    assert.match(timeline, 'Faturalandı');
    assert.match(timeline, 'Güncelleme', 'a change without a status change is marked as an update, not as the status again');
    assert.is(await page.locator('input[name^=qty_]').count(), 0, 'invoiced: no quantity inputs');
    const body = await page.locator('main').innerText();
    for (const re of ENGLISH) assert.not.match(body, re, `no English on the Turkish page: ${re}`);
    await shot(page, 'order-timeline-tr');
    await page.goto(e2e.url(tenant.host, '/portal/orders'));
    const list = await page.locator('main').innerText();
    for (const re of ENGLISH) assert.not.match(list, re, `no English on my orders: ${re}`);
    await shot(page, 'order-list-tr');
  });
  assert.equal(buyer.problems, []);
});

test.run();
