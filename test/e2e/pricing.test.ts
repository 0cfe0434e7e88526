import path from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pricingDay } from '../../src/pricing/resolve.ts';
import { build, sessionCookie } from '../support/build.ts';
import { makeTenant } from '../support/db.ts';
import { RESULTS_DIR, startE2E, type E2E, type WatchedPage } from './support.ts';

/**
 * The pricing journey in Chromium (issue 5: PRC-1, PRC-2, PRC-3, PRC-5, PRC-6): a catalog manager
 * creates a Gold segment and puts a dealer in it, creates a USD price list for Gold, pastes a
 * fixed price and a quantity tier into it and enters the day's USD rate; a buyer of that dealer
 * then sees on the product page and in the search results the converted, tiered price in TRY,
 * net and gross, the list price struck through, the rate used and the tier table.
 */
const test = suite('pricing journey (browser)');

let e2e: E2E;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let staff: WatchedPage;
let buyer: WatchedPage;
let productId: number;
let dealerCode: string;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true, caret: 'initial' });

async function signIn(w: WatchedPage, userId: number) {
  const [name, ...rest] = (await sessionCookie(tenant.db, userId)).split('=');
  await w.context.addCookies([{ name: name!, value: rest.join('='), domain: tenant.host, path: '/' }]);
}

async function noProblems(w: WatchedPage, where: string) {
  const real = w.problems.filter((p) => !p.includes('status of 422'));
  assert.equal(real, [], `no console errors, CSP violations or failed requests (${where})`);
  w.problems.length = 0;
}

test.before(async () => {
  e2e = await startE2E();
  tenant = await makeTenant({ name: 'Işık Elektrik A.Ş.', defaultLocale: 'en' });
  const db = tenant.db;
  const p = await db
    .insertInto('products')
    .values({ sku: 'E2E-LED-6060', name: 'Işık Panel LED 60x60 Beyaz', list_price: 50000, currency: 'TRY', vat_rate: 20, stock_qty: 200 } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  productId = p.id;
  await db.insertInto('products').values({ sku: 'E2E-OTHER', name: 'Işık Spot 7W', list_price: 9900, currency: 'TRY', vat_rate: 20, stock_qty: 50 } as never).execute();
  const { user: cm } = await build.staff(db, { role: 'catalog_manager', name: 'Zeynep Fiyat' });
  const d = await build.dealer(db, { companyName: 'Ege Elektrik Ltd. Şti.' });
  dealerCode = d.code;
  const { user: b } = await build.dealerUser(db, { dealerId: d.id, role: 'buyer', name: 'Ali Alıcı' });
  staff = await e2e.newPage({ locale: 'en-GB' });
  buyer = await e2e.newPage({ locale: 'en-GB' });
  await signIn(staff, cm.id);
  await signIn(buyer, b.id);
});

test.after(async () => {
  await e2e?.close();
});

test('staff make a Gold segment with the dealer in it, a USD list with a tier, and the day’s USD rate', async () => {
  const page = staff.page;
  // Segment.
  await page.goto(e2e.url(tenant.host, '/staff/segments'));
  await page.fill('#segment-new input[name=code]', 'GOLD');
  await page.fill('#segment-new input[name=name]', 'Gold');
  await Promise.all([page.waitForURL(/\/staff\/segments\/\d+/), page.click('#segment-new button[type=submit]')]);
  await page.fill('input[name=q][type=search]', dealerCode);
  const add = page.getByRole('button', { name: `Add: ${dealerCode}` });
  await add.waitFor();
  await add.click();
  await page.locator('#segment-dealers').getByRole('link', { name: dealerCode }).waitFor();
  await shot(page, 'pricing-segment');
  await noProblems(staff, 'segment');

  // Price list in USD for Gold.
  await page.goto(e2e.url(tenant.host, '/staff/price-lists/new'));
  await page.fill('#list-form input[name=name]', 'Gold USD');
  await page.fill('#list-form input[name=currency]', 'USD');
  await page.check('#f-kind-segment');
  await page.selectOption('#f-segment_id', { label: 'Gold' });
  const from = await page.inputValue('#list-form input[name=valid_from]');
  if (!from) await page.fill('#list-form input[name=valid_from]', pricingDay());
  await Promise.all([page.waitForURL(/\/staff\/price-lists\/\d+$/), page.click('#list-form button[type=submit]')]);

  // A fixed price from 1 unit and a tier from 10 units, pasted.
  await page.fill('#f-paste', 'E2E-LED-6060;1;12.00\nE2E-LED-6060;10;11.40');
  await Promise.all([page.waitForLoadState('load'), page.locator('#entry-paste button[type=submit]').click()]);
  const entries = page.locator('#entries');
  await entries.getByText('E2E-LED-6060').first().waitFor();
  assert.match(await entries.innerText(), /12\.00/);
  assert.match(await entries.innerText(), /11\.40/);
  await shot(page, 'pricing-list');
  await noProblems(staff, 'price list');

  // The day's rate.
  await page.goto(e2e.url(tenant.host, '/staff/rates'));
  await page.fill('input[name=currency]', 'USD');
  await page.fill('input[name=date]', pricingDay());
  await page.fill('input[name=rate]', '34,5');
  await Promise.all([page.waitForLoadState('load'), page.locator('form:has(input[name=rate]) button[type=submit]').click()]);
  assert.match(await page.locator('main').innerText(), /34[.,]5/);
  await noProblems(staff, 'rates');
});

test('the Gold buyer sees the converted, tiered price, net and gross, with the rate and the list price', async () => {
  const page = buyer.page;
  await page.goto(e2e.url(tenant.host, `/portal/catalog/products/${productId}`));
  const box = page.getByTestId('price');
  const text = await box.innerText();
  // 12.00 USD × 34.5 = 414.00 TRY net; + 20 % VAT = 496.80 gross; list price 500.00 struck through.
  assert.match(text, /414\.00/);
  assert.match(text, /496\.80/);
  assert.match(await page.getByTestId('list-price').innerText(), /500\.00/);
  assert.match(await page.getByTestId('rate-note').innerText(), /34\.5/);
  // Tier from 10: 11.40 × 34.5 = 393.30 net, 471.96 gross.
  const tiers = await page.getByTestId('tiers').innerText();
  assert.match(tiers, /393\.30/);
  assert.match(tiers, /471\.96/);
  await shot(page, 'pricing-product-gold');

  // Search results carry the same price; the other product keeps its list price.
  await page.goto(e2e.url(tenant.host, '/portal/catalog/search?q=ışık'));
  const results = await page.locator('main').innerText();
  assert.match(results, /414\.00/);
  assert.match(results, /99\.00/);
  await shot(page, 'pricing-results-gold');
  await noProblems(buyer, 'dealer pages');
});

test.run();
