import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pricingDay } from '../../src/pricing/resolve.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** PRC-6: the staff price preview (/staff/price-preview) shows resolvePrice's answer step by step. */
const test = suite('PRC-6 staff price preview');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const TODAY = pricingDay();
const YESTERDAY = new Date(Date.parse(`${TODAY}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);

/**
 * The seeded case: a Gold dealer invoiced in USD; product list price TRY 1,000.00 (VAT 20 %); the
 * Gold list (TRY) has 900.00 from 1 unit and 15 % off from 10; a 10 % campaign for everyone; wire
 * −3 % by default; USD = 34.1234 TRY since yesterday.
 */
async function setup() {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'catalog_manager');
  const db = ten.db;
  const seg = await db.insertInto('dealer_segments').values({ code: 'GOLD', name: 'Gold' }).returning('id').executeTakeFirstOrThrow();
  const dealer = await db.insertInto('dealers').values({ code: 'PV-1', company_name: 'Preview Yapı', segment_id: seg.id, invoice_currency: 'USD' }).returning('id').executeTakeFirstOrThrow();
  const euro = await db.insertInto('dealers').values({ code: 'PV-EUR', company_name: 'Euro Bygg', invoice_currency: 'EUR' }).returning('id').executeTakeFirstOrThrow();
  const prod = await db.insertInto('products').values({ sku: 'PV-DRILL', name: 'Impact drill', description: '', unit: 'adet', list_price: 100000, currency: 'TRY', vat_rate: 20, stock_qty: 5 }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('products').values({ sku: 'PV-SAW', name: 'Impact saw', description: '', unit: 'adet', list_price: 5000, currency: 'TRY', vat_rate: 20, stock_qty: 5 }).execute();
  const list = await db.insertInto('price_lists').values({ name: 'Gold TRY', currency: 'TRY', kind: 'segment', segment_id: seg.id, valid_from: '2026-01-01' }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('price_list_entries')
    .values([
      { price_list_id: list.id, product_id: prod.id, min_qty: 1, price: 90000 },
      { price_list_id: list.id, product_id: prod.id, min_qty: 10, percent_off: '15' },
    ])
    .execute();
  const camp = await db.insertInto('campaigns').values({ name: 'Autumn −10', starts_at: YESTERDAY, ends_at: TODAY, target: 'all', scope: 'all', percent_off: '10' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('payment_adjustments').values({ price_list_id: null, method: 'wire', installments: null, percent: '-3' }).execute();
  await db.insertInto('exchange_rates').values({ currency: 'USD', rate_date: YESTERDAY, rate: '34.1234' }).execute();
  return { ...ten, cookie, dealer: dealer.id, euro: euro.id, product: prod.id, list: list.id, campaign: camp.id };
}
type S = Awaited<ReturnType<typeof setup>>;

const preview = (s: S, q: Record<string, string>, opts: { cookie?: string; htmx?: boolean } = {}) =>
  t.req(s.host, `/staff/price-preview?${new URLSearchParams(q)}`, { headers: { cookie: opts.cookie ?? s.cookie }, htmx: opts.htmx });

/** The text of the element with data-testid="name" (first one). */
function cell(html: string, name: string): string {
  const at = html.indexOf(`data-testid="${name}"`);
  assert.ok(at >= 0, `no ${name}`);
  const start = html.indexOf('>', at) + 1;
  const end = html.indexOf('</dd>', start);
  return html.slice(start, end).replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

test('permissions: warehouse and sales_rep staff get 403; a catalog manager opens the page', async () => {
  const s = await setup();
  for (const role of ['warehouse', 'sales_rep'] as const) {
    const cookie = await staffCookie(s.db, role);
    for (const path of ['/staff/price-preview', '/staff/price-preview?dealer=PV-1&product=PV-DRILL', '/staff/price-preview/dealers?dealer=PV', '/staff/price-preview/products?product=PV']) {
      assert.is((await t.req(s.host, path, { headers: { cookie } })).status, 403, `${role} ${path}`);
    }
  }
  const res = await preview(s, {});
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, '<h1>Price preview</h1>');
  assert.match(html, 'aria-current="page">Price preview</a>');
  assert.match(html, 'Pick a dealer and a product');
});

test('the breakdown of the seeded case, step by step, with exact figures', async () => {
  const s = await setup();
  const res = await preview(s, { dealer: 'PV-1 — Preview Yapı', product: 'pv-drill', qty: '10', method: 'wire' });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.is(cell(html, 'list-price'), 'TRY 1,000.00');
  assert.match(html, `href="/staff/price-lists/${s.list}">Gold TRY</a>`, 'the price list, linked');
  assert.is(cell(html, 'tier'), 'from 10 units: 15 % off the list price');
  assert.is(cell(html, 'base'), 'TRY 850.00');
  assert.match(html, `href="/staff/campaigns/${s.campaign}">Autumn −10</a>`);
  assert.is(cell(html, 'campaign'), 'TRY 850.00 → TRY 765.00');
  assert.is(cell(html, 'payment'), 'TRY 765.00 → TRY 742.05');
  assert.is(cell(html, 'rate'), '1 USD = 34.1234 TRY');
  assert.is(cell(html, 'rate-date'), YESTERDAY);
  assert.is(cell(html, 'unit-net'), 'US$21.75');
  assert.is(cell(html, 'unit-gross'), 'US$26.10');
  assert.is(cell(html, 'line-net'), 'US$217.50');
  assert.is(cell(html, 'line-gross'), 'US$261.00');
  assert.match(html, 'Invoice currency: USD', 'the dealer’s currency is the default');
  assert.match(html, `value="${TODAY}"`, 'the date defaults to today');
  assert.match(html, 'value="PV-1 — Preview Yapı"');
  // The tier table: the price at each tier's lowest quantity.
  const tiers = html.slice(html.indexOf('id="preview-tiers"'), html.indexOf('</table>', html.indexOf('id="preview-tiers"')));
  const row = (q: number) => {
    const at = tiers.indexOf(`id="tier-${q}"`);
    assert.ok(at >= 0, `tier ${q}`);
    return tiers.slice(at, tiers.indexOf('</tr>', at)).replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
  };
  assert.match(row(1), '|US$23.03|US$27.64|');
  assert.match(row(10), '|US$21.75|US$26.10|');
  assert.match(tiers, 'id="tier-10" class="preview-tier--current"', 'the chosen quantity is marked');
  assert.match(row(1), 'Autumn −10');
});

test('currency and date overrides, no method, htmx fragment', async () => {
  const s = await setup();
  const res = await preview(s, { dealer: 'PV-1', product: 'PV-DRILL', qty: '1', currency: 'TRY', date: TODAY }, { htmx: true });
  const html = await res.text();
  assert.not.match(html, '<html', 'htmx gets the block only');
  assert.match(html, 'id="price-preview"');
  assert.is(cell(html, 'unit-net'), 'TRY 810.00', '900.00 −10 % campaign, no payment adjustment, no conversion');
  assert.match(html, 'No payment method chosen; no adjustment.');
  assert.match(html, 'No conversion: the price is in TRY already.');
  const before = await preview(s, { dealer: 'PV-1', product: 'PV-DRILL', qty: '1', currency: 'USD', date: shiftDays(-5) });
  const text = await before.text();
  assert.match(text, 'id="preview-error"');
  assert.match(text, `There is no USD exchange rate on or before ${shiftDays(-5)}`, 'no rate that early');
});

function shiftDays(n: number) {
  return new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}

test('pricing errors are clear messages: missing rate, instalments not offered', async () => {
  const s = await setup();
  const res = await preview(s, { dealer: 'PV-EUR', product: 'PV-DRILL', qty: '1' });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, 'data-code="missing_rate"');
  assert.match(html, `There is no EUR exchange rate on or before ${TODAY}, so the price cannot be worked out.`);
  assert.match(html, 'href="/staff/rates"');
  const inst = await (await preview(s, { dealer: 'PV-1', product: 'PV-DRILL', qty: '1', method: 'installments', installments: '4' })).text();
  assert.match(inst, 'data-code="payment_method_unavailable"');
  assert.match(inst, '4 instalments are not offered');
});

test('form errors next to the fields; pickers fill the datalists', async () => {
  const s = await setup();
  const res = await preview(s, { dealer: 'NOBODY', product: 'impact', qty: '0', method: 'installments', installments: '1', date: '2026-13-01', currency: 'usd1' });
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, 'id="f-dealer-error"');
  assert.match(html, 'No dealer has this code or name.');
  assert.match(html, 'Several products match: PV-DRILL, PV-SAW. Pick one from the list.');
  assert.match(html, 'The quantity must be a whole number');
  assert.match(html, 'Enter 2 to 60 instalments');
  assert.match(html, 'Enter a valid date');
  assert.match(html, 'value="NOBODY"', 'typed values kept');
  const byName = await (await preview(s, { dealer: 'preview', product: 'drill', qty: '1' })).text();
  assert.is(cell(byName, 'unit-net'), 'US$23.74', 'a unique part of a name picks it: 810.00 TRY in USD');
  const dl = await (await t.req(s.host, '/staff/price-preview/dealers?dealer=pv', { headers: { cookie: s.cookie }, htmx: true })).text();
  assert.match(dl, '<datalist id="dealer-options">');
  assert.match(dl, 'value="PV-1 — Preview Yapı"');
  assert.match(dl, 'value="PV-EUR — Euro Bygg"');
  const pl = await (await t.req(s.host, '/staff/price-preview/products?product=saw', { headers: { cookie: s.cookie }, htmx: true })).text();
  assert.match(pl, 'value="PV-SAW — Impact saw"');
  assert.not.match(pl, 'PV-DRILL');
});

test('isolation: another seller’s dealers and products are not found here', async () => {
  const a = await setup();
  const b = await makeTenant({ defaultLocale: 'en' });
  await b.db.insertInto('dealers').values({ code: 'B-ONLY', company_name: 'Only in B' }).execute();
  await b.db.insertInto('products').values({ sku: 'B-SKU', name: 'B product', description: '', unit: 'adet', list_price: 100, currency: 'TRY', vat_rate: 20, stock_qty: 1 }).execute();
  const html = await (await preview(a, { dealer: 'B-ONLY', product: 'B-SKU', qty: '1' })).text();
  assert.match(html, 'No dealer has this code or name.');
  assert.match(html, 'No product has this SKU or name.');
  const dl = await (await t.req(a.host, '/staff/price-preview/dealers?dealer=B-ONLY', { headers: { cookie: a.cookie }, htmx: true })).text();
  assert.not.match(dl, 'B-ONLY');
});

test.run();
