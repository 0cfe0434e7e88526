import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSettingsForm } from '../../src/pricing/pricing-settings.ts';
import { getSetting } from '../../src/settings/settings.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { productFields } from '../catalog/staff-support.ts';

/** PRC-2/PRC-5: /staff/pricing-settings — base currency, VAT rates offered, default VAT rate. */
const test = suite('PRC-2/PRC-5 staff pricing settings');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

async function setup() {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'catalog_manager');
  return { ...ten, cookie };
}
type S = Awaited<ReturnType<typeof setup>>;

const save = (s: S, fields: Record<string, string>) => t.req(s.host, '/staff/pricing-settings', formPost(s.host, fields, { headers: { cookie: s.cookie } }));
const show = async (s: S, path = '/staff/pricing-settings') => {
  const res = await t.req(s.host, path, { headers: { cookie: s.cookie } });
  assert.is(res.status, 200, path);
  return res.text();
};

let sku = 0;
const product = (s: S, vat: number) =>
  s.db.insertInto('products').values({ sku: `SET-${++sku}`, name: 'Vida', description: '', unit: 'adet', currency: 'TRY', vat_rate: vat, list_price: 1000, stock_qty: 1 }).execute();

test('parsing: comma list of whole numbers 0–100, sorted and deduplicated, default must be offered', () => {
  const ok = parseSettingsForm({ baseCurrency: ' eur ', vatRates: '20, 10,1, %8, 10, 0', defaultVatRate: '10' });
  assert.ok(ok.ok);
  if (ok.ok) assert.equal(ok.value, { baseCurrency: 'EUR', vatRates: [0, 1, 8, 10, 20], defaultVatRate: 10 });
  const bad = (v: Partial<Record<'baseCurrency' | 'vatRates' | 'defaultVatRate', string>>) => {
    const r = parseSettingsForm({ baseCurrency: 'TRY', vatRates: '1, 10, 20', defaultVatRate: '20', ...v });
    return r.ok ? [] : r.errors.map((e) => e.code);
  };
  assert.equal(bad({ vatRates: '1, 10.5' }), ['vatFormat']);
  assert.equal(bad({ vatRates: '101', defaultVatRate: '20' }), ['vatFormat']);
  assert.equal(bad({ vatRates: '-1' }), ['vatFormat']);
  assert.equal(bad({ vatRates: ' , ' }), ['vatEmpty']);
  assert.equal(bad({ vatRates: '1,2,3,4,5,6,7,8,9,10,11' }), ['vatTooMany']);
  assert.equal(bad({ defaultVatRate: '18' }), ['defaultNotOffered']);
  assert.equal(bad({ defaultVatRate: 'x' }), ['defaultFormat']);
  assert.equal(bad({ baseCurrency: 'TL' }), ['currencyFormat']);
  assert.equal(bad({ baseCurrency: 'XQQ' }), ['currencyUnknown']);
});

test('permission: warehouse staff get 403 on page and post; nothing saved', async () => {
  const s = await setup();
  const wh = await staffCookie(s.db, 'warehouse');
  assert.is((await t.req(s.host, '/staff/pricing-settings', { headers: { cookie: wh } })).status, 403);
  const res = await t.req(s.host, '/staff/pricing-settings', formPost(s.host, { baseCurrency: 'EUR', vatRates: '5', defaultVatRate: '5' }, { headers: { cookie: wh } }));
  assert.is(res.status, 403);
  assert.equal(await getSetting(s.db, 'pricing'), { baseCurrency: 'TRY', vatRates: [1, 10, 20], defaultVatRate: 20 });
});

test('saving stores the setting, is audited, and the page shows product counts per VAT rate', async () => {
  const s = await setup();
  await product(s, 20);
  await product(s, 20);
  await product(s, 8);
  const html0 = await show(s);
  assert.match(html0, '<h1>Currency and VAT</h1>');
  assert.match(html0, 'value="1, 10, 20"');
  assert.match(html0, /id="vat-20"[\s\S]*?<td class="num">2<\/td>/);
  assert.match(html0, /id="vat-8"[\s\S]*?Not offered[\s\S]*?<td class="num">1<\/td>/, 'a rate in use but not offered is listed');
  const res = await save(s, { baseCurrency: 'eur', vatRates: '0, 8, 20, 25', defaultVatRate: '25' });
  assert.is(res.status, 303);
  assert.equal(await getSetting(s.db, 'pricing'), { baseCurrency: 'EUR', vatRates: [0, 8, 20, 25], defaultVatRate: 25 });
  const a = await s.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'pricing_settings.saved').execute();
  assert.is(a.length, 1);
  const html = await show(s);
  assert.match(html, 'value="EUR"');
  assert.match(html, /id="vat-8"[\s\S]*?Yes/);
  assert.match(html, /id="vat-25"[\s\S]*?default/);
  // The exchange-rates page follows the base currency at once (the cache is forgotten on save).
  const rates = await show(s, '/staff/rates');
  assert.match(rates, 'how many EUR one unit');
});

test('bad input: errors next to the fields, typed values kept, nothing saved', async () => {
  const s = await setup();
  const res = await save(s, { baseCurrency: 'EU', vatRates: '1, 10, yirmi', defaultVatRate: '18' });
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, /id="f-baseCurrency-error"[^>]*>Enter a three-letter ISO currency code/);
  assert.match(html, /id="f-vatRates-error"[^>]*>“yirmi” is not a valid rate/);
  assert.match(html, 'value="1, 10, yirmi"');
  assert.match(html, 'value="18"');
  const res2 = await save(s, { baseCurrency: 'TRY', vatRates: '1, 10', defaultVatRate: '20' });
  assert.is(res2.status, 422);
  assert.match(await res2.text(), /id="f-defaultVatRate-error"[^>]*>The default rate must be one of the offered rates/);
  assert.equal(await getSetting(s.db, 'pricing'), { baseCurrency: 'TRY', vatRates: [1, 10, 20], defaultVatRate: 20 });
  assert.is((await s.db.selectFrom('audit_log').select('id').where('action', '=', 'pricing_settings.saved').execute()).length, 0);
});

test('changing the base currency is refused while exchange rates or non-base price lists exist; VAT still saves', async () => {
  const s = await setup();
  await s.db.insertInto('exchange_rates').values({ currency: 'USD', rate_date: '2026-11-20', rate: '34.5' }).execute();
  const page = await show(s);
  assert.match(page, 'Locked for now — exchange rates: 1, price lists in other currencies: 0');
  const res = await save(s, { baseCurrency: 'EUR', vatRates: '1, 10, 20', defaultVatRate: '20' });
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, /id="f-baseCurrency-error"[^>]*>The base currency cannot be changed: stored rates are expressed in TRY \(exchange rates: 1, price lists not in TRY: 0\)/);
  assert.match(html, 'value="EUR"', 'typed value kept');
  // With another field wrong too, both errors show at once.
  const both = await (await save(s, { baseCurrency: 'EUR', vatRates: '1, x', defaultVatRate: '20' })).text();
  assert.match(both, 'id="f-baseCurrency-error"');
  assert.match(both, 'id="f-vatRates-error"');
  assert.is((await getSetting(s.db, 'pricing')).baseCurrency, 'TRY');
  // Same base: the VAT part saves.
  assert.is((await save(s, { baseCurrency: 'TRY', vatRates: '1, 10, 18, 20', defaultVatRate: '18' })).status, 303);
  assert.equal((await getSetting(s.db, 'pricing')).vatRates, [1, 10, 18, 20]);
  // A price list in another currency also pins it, even without rates.
  await s.db.deleteFrom('exchange_rates').execute();
  const seg = await s.db.insertInto('dealer_segments').values({ code: 'GOLD', name: 'Gold' }).returning('id').executeTakeFirstOrThrow();
  await s.db.insertInto('price_lists').values({ name: 'USD list', currency: 'USD', kind: 'segment', segment_id: seg.id, valid_from: '2026-01-01' }).execute();
  const res2 = await save(s, { baseCurrency: 'EUR', vatRates: '1, 10, 20', defaultVatRate: '20' });
  assert.is(res2.status, 422);
  assert.match(await res2.text(), '(exchange rates: 0, price lists not in TRY: 1)');
  // A list in the base currency does not pin it.
  await s.db.updateTable('price_lists').set({ currency: 'TRY' }).execute();
  assert.is((await save(s, { baseCurrency: 'EUR', vatRates: '1, 10, 20', defaultVatRate: '20' })).status, 303);
  assert.is((await getSetting(s.db, 'pricing')).baseCurrency, 'EUR');
});

test('the exchange-rates page validates against the configured base currency', async () => {
  const s = await setup();
  assert.is((await save(s, { baseCurrency: 'NOK', vatRates: '0, 12, 15, 25', defaultVatRate: '25' })).status, 303);
  const enter = (fields: Record<string, string>) => t.req(s.host, '/staff/rates', formPost(s.host, fields, { headers: { cookie: s.cookie } }));
  const res = await enter({ currency: 'NOK', date: '2026-11-20', rate: '1' });
  assert.is(res.status, 422);
  assert.match(await res.text(), 'NOK is the base currency; its rate is always 1.');
  assert.is((await enter({ currency: 'TRY', date: '2026-11-20', rate: '0,3' })).status, 303, 'TRY is a foreign currency for a NOK seller');
  const fd = new FormData();
  fd.append('file', new File(['2026-11-21;NOK;1\n'], 'r.csv', { type: 'text/csv' }));
  const up = await t.req(s.host, '/staff/rates/upload', { method: 'POST', body: fd, headers: { cookie: s.cookie, origin: `http://${s.host}` } });
  assert.is(up.status, 422);
  assert.match(await up.text(), 'NOK is the base currency');
});

test('product form: VAT is a select of the seller’s rates, the default preselected; a product keeps a rate no longer offered', async () => {
  const s = await setup();
  const cm = s.cookie;
  assert.is((await save(s, { baseCurrency: 'TRY', vatRates: '1, 10, 20', defaultVatRate: '10' })).status, 303);
  const form = await show(s, '/staff/catalog/products/new');
  const select = /<select id="f-vat_rate"[^>]*>([\s\S]*?)<\/select>/.exec(form)?.[1] ?? '';
  assert.equal([...select.matchAll(/<option value="(\d+)"/g)].map((x) => x[1]), ['1', '10', '20']);
  assert.match(select, /<option value="10" selected="">10 %<\/option>/, 'the default VAT rate is preselected');
  const post = (path: string, over: Record<string, string>) => t.req(s.host, path, formPost(s.host, productFields(over), { headers: { cookie: cm } }));
  // A rate not offered is refused next to the field, nothing saved.
  const bad = await post('/staff/catalog/products', { sku: 'VAT-8', vat_rate: '8' });
  assert.is(bad.status, 422);
  assert.match(await bad.text(), /id="f-vat_rate-error"[^>]*>Invalid choice/);
  assert.is((await s.db.selectFrom('products').select('id').where('sku', '=', 'VAT-8').execute()).length, 0);
  // A product that already has 8 % (imported earlier): its form offers 8 % and saves with it.
  const row = await s.db.insertInto('products').values({ sku: 'VAT-OLD', name: 'Eski', description: '', unit: 'adet', currency: 'TRY', vat_rate: 8, list_price: 1000, stock_qty: 0 }).returning('id').executeTakeFirstOrThrow();
  const edit = await show(s, `/staff/catalog/products/${row.id}`);
  assert.match(edit, /<option value="8" selected="">8 %<\/option>/);
  const ok = await post(`/staff/catalog/products/${row.id}`, { sku: 'VAT-OLD', vat_rate: '8', stock_qty: '0', stock_before: '0' });
  assert.is(ok.status, 303);
  const other = await post(`/staff/catalog/products/${row.id}`, { sku: 'VAT-OLD', vat_rate: '18', stock_qty: '0', stock_before: '0' });
  assert.is(other.status, 422, 'another rate not offered is still refused');
  assert.is((await s.db.selectFrom('products').select('vat_rate').where('id', '=', row.id).executeTakeFirstOrThrow()).vat_rate, 8);
  assert.is((await post(`/staff/catalog/products/${row.id}`, { sku: 'VAT-OLD', vat_rate: '20', stock_qty: '0', stock_before: '0' })).status, 303);
  assert.is((await s.db.selectFrom('products').select('vat_rate').where('id', '=', row.id).executeTakeFirstOrThrow()).vat_rate, 20);
});

test.run();
