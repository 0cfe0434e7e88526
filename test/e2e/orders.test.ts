import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCode } from '../../src/auth/totp.ts';
import { build, sessionCookie } from '../support/build.ts';
import { makeTenant } from '../support/db.ts';
import { RESULTS_DIR, startE2E, step, type E2E, type WatchedPage } from './support.ts';

/**
 * The dealer order journey in Chromium (issue 6: ORD-1…ORD-5, ORD-7, ORD-9, ORD-10, APR-2/3): a
 * buyer adds to the cart from the catalog (badge swaps), types two SKUs into the quick-order grid,
 * imports an XLSX shopping list (a bad row is reported, the good one added), checks out, reviews
 * and confirms → the order waits for approval (an amount rule) → the approver approves it with a
 * TOTP code → a staff member confirms it on the order desk → the buyer sees "Onaylandı" in the
 * timeline and downloads the proforma PDF, whose first page is rendered to PNG to look at the
 * Turkish letters. No console errors or CSP violations anywhere.
 */
const test = suite('orders journey (browser)');

let e2e: E2E;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let buyer: WatchedPage;
let approver: WatchedPage;
let staff: WatchedPage;
let approverSecret: string;
let orderId = 0;
let orderNumber = '';

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true, caret: 'initial' });

async function signIn(w: WatchedPage, userId: number) {
  const [name, ...rest] = (await sessionCookie(tenant.db, userId)).split('=');
  await w.context.addCookies([{ name: name!, value: rest.join('='), domain: tenant.host, path: '/' }]);
}

async function noProblems(w: WatchedPage, where: string) {
  assert.equal(w.problems, [], `no console errors, CSP violations or failed requests (${where})`);
  w.problems.length = 0;
}

const PRODUCTS = [
  { sku: 'KRV-101', name: 'Çelik Şaft Kaplini Ğ-Tipi', price: 125000 },
  { sku: 'KRV-102', name: 'Işıklı Güvenlik İşareti Çift Yüz', price: 48000 },
  { sku: 'KRV-103', name: 'Paslanmaz Çöp Kovası Üçlü', price: 92000 },
  { sku: 'KRV-104', name: 'Yağ Keçesi Ölçü 40 × 62 İnce', price: 3500 },
];

test.before(async () => {
  e2e = await startE2E();
  tenant = await makeTenant({ name: 'Kervan Hırdavat Ticaret A.Ş.', defaultLocale: 'tr' } as never);
  const db = tenant.db;
  for (const p of PRODUCTS) {
    await db.insertInto('products').values({ sku: p.sku, name: p.name, list_price: p.price, currency: 'TRY', vat_rate: 20, stock_qty: 500, unit: 'adet' } as never).execute();
  }
  const d = await build.dealer(db, { companyName: 'Öztürk Yapı Çözümleri Ltd. Şti.' });
  await db.insertInto('addresses').values({ dealer_id: d.id, kind: 'shipping', label: 'Merkez Depo', line1: 'İkitelli OSB Çağdaş Sokak No: 7', district: 'Başakşehir', city: 'İstanbul', is_default: true }).execute();
  await db.insertInto('dealer_accounts').values({ dealer_id: d.id, currency: 'TRY', credit_limit: 100_000_000, payment_methods: ['open_account'] as never }).execute();
  await db.insertInto('approval_rules').values({ dealer_id: d.id, name: '5.000 ₺ üzeri siparişler', kind: 'amount_over', amount: 500000, currency: 'TRY', levels: 1 }).execute();
  const { user: b } = await build.dealerUser(db, { dealerId: d.id, role: 'buyer', name: 'Şule Çağlar' });
  const a = await build.dealerUser(db, { dealerId: d.id, role: 'approver', name: 'İsmail Güneş', totp: true });
  approverSecret = a.totpSecret!;
  const { user: s } = await build.staff(db, { role: 'warehouse', name: 'Gökçe Işıkçı' });
  buyer = await e2e.newPage({ locale: 'tr-TR', viewport: { width: 1360, height: 900 } });
  approver = await e2e.newPage({ locale: 'tr-TR', viewport: { width: 1360, height: 900 } });
  staff = await e2e.newPage({ locale: 'tr-TR', viewport: { width: 1360, height: 900 } });
  await signIn(buyer, b.id);
  await signIn(approver, a.user.id);
  await signIn(staff, s.id);
});

test.after(async () => {
  await e2e?.close();
});

test('catalog: add to cart on a results row swaps the cart badge', async () => {
  const page = buyer.page;
  await step(e2e, page, 'catalog add to cart', async () => {
    await page.goto(e2e.url(tenant.host, '/portal/catalog/search'));
    assert.is((await page.locator('#cart-badge').textContent())?.trim(), 'Sepet (0)');
    const row = page.locator('tr', { hasText: 'KRV-103' });
    await row.locator('input[name=qty]').fill('2');
    await row.getByRole('button', { name: 'Sepete ekle' }).click();
    await page.locator('#cart-badge', { hasText: 'Sepet (1)' }).waitFor();
    await row.locator('.add-to-cart__status', { hasText: 'Paslanmaz' }).waitFor();
    await shot(page, 'orders-catalog-added');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'results fit the window (no sideways scroll)');
    await page.getByRole('link', { name: 'Çelik Şaft Kaplini Ğ-Tipi' }).click();
    const box = page.locator('[data-testid=product-add-to-cart]');
    await box.waitFor();
    await shot(page, 'orders-product-page');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(e2e.url(tenant.host, '/portal/catalog/search'));
    await shot(page, 'orders-catalog-phone');
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map((e) => `${e.tagName}.${e.className}#${e.id}:${Math.round(e.getBoundingClientRect().right)}`).join(' | '));
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `phone: the page does not scroll sideways, only the table does (${wide}; ${await page.evaluate(() => `${document.documentElement.scrollWidth}/${window.innerWidth}`)})`);
    await page.setViewportSize({ width: 1360, height: 900 });
  });
  await noProblems(buyer, 'catalog');
});

test('quick order: two SKUs with quantities typed into the grid', async () => {
  const page = buyer.page;
  await step(e2e, page, 'quick order grid', async () => {
    await page.goto(e2e.url(tenant.host, '/portal/carts/quick'));
    await page.fill('#qo-sku-0', 'KRV-101');
    await page.fill('#qo-qty-0', '3');
    await page.locator('#qo-status-0', { hasText: 'Çelik Şaft' }).waitFor();
    await page.fill('#qo-sku-1', 'krv-102');
    await page.fill('#qo-qty-1', '2');
    await page.locator('#qo-status-1', { hasText: 'Işıklı Güvenlik' }).waitFor();
    await shot(page, 'orders-quick-grid');
    await Promise.all([page.waitForURL(/\/portal\/carts\/\d+$/), page.locator('form:has(#qo-sku-0) .form-actions button[type=submit]').click()]);
    const html = await page.content();
    assert.match(html, 'Çelik Şaft Kaplini Ğ-Tipi');
    assert.match(html, 'Işıklı Güvenlik İşareti Çift Yüz');
    assert.is((await page.locator('#cart-badge').textContent())?.trim(), 'Sepet (3)');
  });
  await noProblems(buyer, 'quick order');
});

test('shopping list import: XLSX with a good and an unknown row', async () => {
  const page = buyer.page;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Alışveriş listesi');
  ws.addRow(['Stok Kodu', 'Adet', 'Açıklama']);
  ws.addRow(['KRV-104', 10, 'Yağ keçesi']);
  ws.addRow(['YOK-999', 1, 'Böyle bir ürün yok']);
  const file = path.join(RESULTS_DIR, 'orders-shopping-list.xlsx');
  await wb.xlsx.writeFile(file);
  await step(e2e, page, 'import shopping list', async () => {
    await page.goto(e2e.url(tenant.host, '/portal/carts/import'));
    await page.setInputFiles('#f-file', file);
    await Promise.all([page.waitForURL(/\/portal\/carts\/import$/), page.locator('form[action="/portal/carts/import"] button[type=submit]').click()]);
    const preview = await page.content();
    assert.match(preview, 'YOK-999');
    assert.match(preview, 'Yağ Keçesi Ölçü 40');
    await shot(page, 'orders-import-preview');
    await Promise.all([page.waitForURL(/\/portal\/carts\/\d+$/), page.locator('form[action="/portal/carts/import/confirm"] button[type=submit]').click()]);
    assert.match(await page.content(), 'Yağ Keçesi Ölçü 40');
    assert.is((await page.locator('#cart-badge').textContent())?.trim(), 'Sepet (4)');
    await shot(page, 'orders-cart');
  });
  await noProblems(buyer, 'import');
});

test('checkout, review, confirm → the order waits for approval', async () => {
  const page = buyer.page;
  await step(e2e, page, 'checkout', async () => {
    await Promise.all([page.waitForURL(/\/portal\/orders\/checkout\?cart=\d+/), page.locator('a[href^="/portal/orders/checkout?cart="]').first().click()]);
    assert.match(await page.content(), 'İkitelli OSB Çağdaş Sokak');
    await page.fill('#f-note', 'Teslimatta İsmail Bey’i arayın.');
    await shot(page, 'orders-checkout');
    await Promise.all([page.waitForURL(/\/checkout\/review$/), page.locator('#checkout-form button[type=submit]').click()]);
    await shot(page, 'orders-review');
    await Promise.all([page.waitForURL(/\/portal\/orders\/\d+$/), page.locator('[data-testid=confirm-order]').click()]);
    orderId = Number(new URL(page.url()).pathname.split('/').pop());
    const o = await tenant.db.selectFrom('orders').select(['status', 'number']).where('id', '=', orderId).executeTakeFirstOrThrow();
    orderNumber = o.number;
    assert.is(o.status, 'awaiting_approval');
    assert.is((await tenant.db.selectFrom('order_lines').select('sku').where('order_id', '=', orderId).execute()).length, 4);
    assert.match(await page.content(), orderNumber);
    assert.is((await page.locator('#cart-badge').textContent())?.trim(), 'Sepet (0)');
    await shot(page, 'orders-awaiting-approval');
  });
  const mails = await tenant.db.selectFrom('notifications').select(['template']).execute();
  assert.ok(mails.some((m) => m.template === 'approval.waiting'), 'the approver was mailed');
  assert.ok(mails.some((m) => m.template === 'order.status'), 'the orderer was mailed');
  await noProblems(buyer, 'checkout');
});

test('the approver approves with a TOTP code', async () => {
  const page = approver.page;
  await step(e2e, page, 'approve', async () => {
    await page.goto(e2e.url(tenant.host, '/portal/approvals'));
    const step1 = await tenant.db.selectFrom('order_approvals').select('id').where('order_id', '=', orderId).executeTakeFirstOrThrow();
    await page.locator(`#step-${step1.id}`).waitFor();
    await page.goto(e2e.url(tenant.host, `/portal/approvals/${step1.id}`));
    await page.fill('#f-code', generateCode(approverSecret));
    await shot(page, 'orders-approval');
    await Promise.all([page.waitForURL(/\/portal\/approvals$/), page.click('button[value=approve]')]);
    assert.match(await page.content(), `${orderNumber} onaylandı`);
  });
  assert.is((await tenant.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status, 'placed');
  await noProblems(approver, 'approval');
});

test('a staff member confirms the order on the desk', async () => {
  const page = staff.page;
  await step(e2e, page, 'staff confirm', async () => {
    await page.goto(e2e.url(tenant.host, `/staff/orders/${orderId}`));
    await Promise.all([page.waitForURL(new RegExp(`/staff/orders/${orderId}$`)), page.locator('form:has(input[name=to][value=confirmed]) button[type=submit]').click()]);
    await shot(page, 'orders-staff-confirmed');
  });
  assert.is((await tenant.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status, 'confirmed');
  await noProblems(staff, 'desk');
});

test('the buyer sees "Onaylandı" in the timeline and downloads the proforma PDF', async () => {
  const page = buyer.page;
  const pdfFile = path.join(RESULTS_DIR, 'orders-proforma.pdf');
  await step(e2e, page, 'buyer timeline and PDF', async () => {
    await page.goto(e2e.url(tenant.host, `/portal/orders/${orderId}`));
    const timeline = (await page.locator('ol.timeline').first().textContent()) ?? '';
    assert.match(timeline, 'Onaylandı');
    await shot(page, 'orders-buyer-confirmed');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=doc-proforma]').click()]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    await download.saveAs(pdfFile);
  });
  const bytes = readFileSync(pdfFile);
  assert.is(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const png = path.join(RESULTS_DIR, 'orders-proforma');
  assert.ok(existsSync('/usr/bin/pdftoppm'), 'pdftoppm (poppler-utils) is needed to render the PDF page; .ci/run installs it');
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfFile, png]);
  assert.ok(existsSync(`${png}.png`), 'first page rendered');
  const text = execFileSync('/usr/bin/pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' });
  for (const word of ['Öztürk Yapı Çözümleri', 'Çelik Şaft Kaplini Ğ-Tipi', 'Işıklı Güvenlik İşareti', orderNumber]) assert.match(text.replace(/\s+/g, ' '), word, `PDF text has ${word}`);
  await noProblems(buyer, 'order page');
});

test.run();
