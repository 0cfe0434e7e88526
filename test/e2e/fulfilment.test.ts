import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { build, sessionCookie } from '../support/build.ts';
import { makeTenant } from '../support/db.ts';
import { dealer, order, product } from '../orders/desk-support.ts';
import { startE2E, step, type E2E, type WatchedPage } from './support.ts';

/**
 * Fulfilment in Chromium (ORD-6/ORD-7 split shipments, SHP-2, STK-3): warehouse staff open a
 * confirmed order, start picking, scan by barcode (one product short), close the session into a
 * draft shipment of the scanned quantities, ship it with a carrier and tracking number (order
 * partly shipped), then ship the rest from the order page (order shipped). Screenshots of the
 * order page and the pick screen; no console errors or CSP violations.
 */
const test = suite('fulfilment journey (browser)');

let e2e: E2E;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let staff: WatchedPage;
let orderId = 0;
let orderNumber = '';

test.before(async () => {
  e2e = await startE2E();
  tenant = await makeTenant({ name: 'Kervan Hırdavat Ticaret A.Ş.', defaultLocale: 'tr' } as never);
  const db = tenant.db;
  const who = await dealer(db, { name: 'Öztürk Yapı Çözümleri Ltd. Şti.' });
  const vida = await product(db, { stock: 200, sku: 'VD-4X40', name: 'Paslanmaz Vida 4×40 İnce Diş' });
  const dubel = await product(db, { stock: 80, sku: 'DB-8', name: 'Naylon Dübel 8 mm Çok Amaçlı' });
  await db.updateTable('products').set({ barcode: '8690000000012' }).where('id', '=', vida.id).execute();
  await db.updateTable('products').set({ barcode: '4006381333931' }).where('id', '=', dubel.id).execute();
  const o = await order(db, tenant.tenant.id, who, [
    { productId: vida.id, qty: 12 },
    { productId: dubel.id, qty: 4 },
  ]);
  await db.updateTable('orders').set({ status: 'confirmed', confirmed_at: new Date() }).where('id', '=', o.orderId).execute();
  orderId = o.orderId;
  orderNumber = o.number;
  const { user } = await build.staff(db, { role: 'warehouse', name: 'Gökçe Işıkçı' });
  staff = await e2e.newPage({ locale: 'tr-TR', viewport: { width: 1360, height: 900 } });
  const [name, ...rest] = (await sessionCookie(db, user.id)).split('=');
  await staff.context.addCookies([{ name: name!, value: rest.join('='), domain: tenant.host, path: '/' }]);
});

test.after(async () => {
  await e2e?.close();
});

test('pick by barcode, close into a shipment, ship it, then ship the rest', async () => {
  const page = staff.page;
  await step(e2e, page, 'order page and start picking', async () => {
    await page.goto(e2e.url(tenant.host, `/staff/orders/${orderId}`));
    await page.locator('#shipments').waitFor();
    await e2e.screenshot(page, 'fulfilment-order-confirmed');
    await page.locator('#start-pick').click();
    await page.locator('#scan-code').waitFor();
    assert.match((await page.locator('h1').textContent()) ?? '', `Sipariş ${orderNumber}`);
  });

  await step(e2e, page, 'scan by barcode; short line flagged', async () => {
    for (const [code, after] of [
      ['10*8690000000012', 'VD-4X40 — Paslanmaz Vida 4×40 İnce Diş (toplam 10)'],
      ['4006381333931', 'DB-8 — Naylon Dübel 8 mm Çok Amaçlı (toplam 1)'],
      ['3*4006381333931', 'DB-8 — Naylon Dübel 8 mm Çok Amaçlı (toplam 4)'],
    ] as const) {
      await page.keyboard.type(code, { delay: 3 });
      await page.keyboard.press('Enter');
      await page.locator('#scan-message').filter({ hasText: after }).waitFor();
    }
    await page.locator('#pick-line-' + (await tenant.db.selectFrom('products').select('id').where('sku', '=', 'VD-4X40').executeTakeFirstOrThrow()).id + '[data-flag="short"]').waitFor();
    assert.match((await page.locator('#pick-check').textContent()) ?? '', '1 satır eksik');
    await e2e.screenshot(page, 'fulfilment-pick-screen');
  });

  await step(e2e, page, 'close into a draft shipment of the scanned quantities and ship it', async () => {
    await page.locator('#pick-ship').click();
    await page.locator('#shipment-list').waitFor();
    assert.match((await page.locator('.flash').first().textContent()) ?? '', `${orderNumber}-1`);
    const card = page.locator('.shipment--draft');
    await card.getByLabel('Kargo firması').fill('Yurtiçi Kargo');
    await card.getByLabel('Takip numarası').fill('YK 1234 5678');
    await card.getByLabel('Takip bağlantısı').fill('https://kargo.example/takip/YK12345678');
    await card.getByRole('button', { name: 'Sevk et' }).click();
    await page.locator('.shipment--shipped').waitFor();
    assert.match((await page.locator('.order-head .badge').first().textContent()) ?? '', 'Kısmen sevk edildi');
    await e2e.screenshot(page, 'fulfilment-order-partly-shipped');
  });

  await step(e2e, page, 'ship the rest from the order page', async () => {
    const form = page.locator('#shipment-form');
    assert.is(await form.locator('input[name^="qty_"]').first().inputValue(), '2', 'prefilled with what remains');
    await form.getByLabel('Kargo firması').fill('Aras Kargo');
    await form.getByLabel('Hemen sevk et (stoktan düş)').check();
    await page.locator('#create-shipment').click();
    await page.locator('.shipment--shipped').nth(1).waitFor();
    assert.match((await page.locator('.order-head .badge').first().textContent()) ?? '', 'Sevk edildi');
    await e2e.screenshot(page, 'fulfilment-order-shipped');
  });

  const lines = await tenant.db.selectFrom('order_lines').select(['qty', 'shipped_qty', 'reserved_qty']).where('order_id', '=', orderId).execute();
  assert.ok(lines.every((l) => l.shipped_qty === l.qty && l.reserved_qty === 0));
  assert.equal(staff.problems, [], staff.problems.join('\n'));
});

test.run();
