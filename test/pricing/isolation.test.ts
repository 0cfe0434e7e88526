import type { Kysely } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import type { TenantDb } from '../../src/db/types.ts';
import { pricingDay, resolvePrice } from '../../src/pricing/resolve.ts';
import { makeTestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/**
 * The dealer catalog shows each dealer its own price (PRC-1…PRC-5 on the catalog pages) and never
 * another dealer's or another seller's: results, the live search panel and the product page as
 * dealers of a USD segment list with tiers and a campaign, as a dealer with its own list (a
 * distinctive 777,77), as staff acting for that dealer, and with product ids of another tenant.
 */
const test = suite('PRC dealer prices on catalog pages, isolation');
type T = Awaited<ReturnType<typeof makeTenant>>;
let app: Awaited<ReturnType<typeof makeTestApp>>;
let a: T;
let b: T;
const id: Record<string, number> = {};
let gold: RequestInit;
let own: RequestInit;
let staffActing: RequestInit;
let bDealer: RequestInit;
const tl = new Intl.NumberFormat('tr-TR', { style: 'currency', currency: 'TRY' });
const money = (minor: number) => tl.format(minor / 100);

async function prod(db: Kysely<TenantDb>, key: string, v: { list_price: number; currency?: string; min_order_qty?: number; category_id?: number | null; name?: string }) {
  const row = await db
    .insertInto('products')
    .values({ sku: `ISO-${key}`, name: v.name ?? `Fiyat Deneme ${key}`, description: 'fiyat deneme ürünü', unit: 'adet', currency: v.currency ?? 'TRY', vat_rate: 20, stock_qty: 50, list_price: v.list_price, min_order_qty: v.min_order_qty ?? 1, category_id: v.category_id ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (id[key] = row.id);
}

test.before(async () => {
  app = await makeTestApp();
  a = await makeTenant({ name: 'Fiyat Sayfa A.Ş.' });
  b = await makeTenant({ name: 'Fiyat Sayfa B.Ş.' });
  const db = a.db;
  id.tools = (await db.insertInto('categories').values({ slug: 'aletler', name: 'Aletler' }).returning('id').executeTakeFirstOrThrow()).id;
  await prod(db, 'drill', { list_price: 100000, category_id: id.tools, name: 'Darbeli Matkap 800W' });
  await prod(db, 'screw', { list_price: 2500, min_order_qty: 10, category_id: id.tools, name: 'Sunta Vidası Kutusu' });
  await prod(db, 'gbp', { list_price: 4000, currency: 'GBP', category_id: id.tools, name: 'İthal Testere' });
  await prod(db, 'plain', { list_price: 1234, category_id: id.tools, name: 'Zımpara Kağıdı' });
  id.GOLD = (await db.insertInto('dealer_segments').values({ code: 'GOLD', name: 'Gold' }).returning('id').executeTakeFirstOrThrow()).id;
  id.dGold = (await db.insertInto('dealers').values({ code: 'G-1', company_name: 'Altın Bayi', segment_id: id.GOLD }).returning('id').executeTakeFirstOrThrow()).id;
  id.dOwn = (await db.insertInto('dealers').values({ code: 'O-1', company_name: 'Özel Bayi' }).returning('id').executeTakeFirstOrThrow()).id;
  id.usd = (await db.insertInto('price_lists').values({ name: 'Gold USD', kind: 'segment', segment_id: id.GOLD, currency: 'USD', valid_from: '2020-01-01' }).returning('id').executeTakeFirstOrThrow()).id;
  id.special = (await db.insertInto('price_lists').values({ name: 'Özel', kind: 'dealer', dealer_id: id.dOwn, currency: 'TRY', valid_from: '2020-01-01' }).returning('id').executeTakeFirstOrThrow()).id;
  await db
    .insertInto('price_list_entries')
    .values([
      { price_list_id: id.usd!, product_id: id.drill!, min_qty: 1, price: 2500 },
      { price_list_id: id.usd!, product_id: id.drill!, min_qty: 10, price: 2300 },
      { price_list_id: id.usd!, product_id: id.screw!, min_qty: 1, percent_off: '10' },
      { price_list_id: id.usd!, product_id: id.gbp!, min_qty: 1, price: 100 },
      { price_list_id: id.special!, product_id: id.drill!, min_qty: 1, price: 77777 },
    ])
    .execute();
  const camp = await db
    .insertInto('campaigns')
    .values({ name: 'Kasım Fırsatı', starts_at: '2020-01-01', ends_at: '2030-12-31', target: 'segment', segment_id: id.GOLD, scope: 'products', percent_off: '5' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('campaign_products').values({ campaign_id: camp.id, product_id: id.drill! }).execute();
  await db.insertInto('exchange_rates').values({ currency: 'USD', rate_date: '2026-01-05', rate: '34.50000000' }).execute();
  await db
    .insertInto('payment_adjustments')
    .values([
      { price_list_id: null, method: 'wire', installments: null, percent: '-3' },
      { price_list_id: null, method: 'installments', installments: 6, percent: '9.99' },
    ])
    .execute();
  gold = { headers: { cookie: await sessionCookie(db, (await build.dealerUser(db, { dealerId: id.dGold, totp: false })).user.id) } };
  own = { headers: { cookie: await sessionCookie(db, (await build.dealerUser(db, { dealerId: id.dOwn, totp: false })).user.id) } };
  const { user: staff } = await build.staff(db, { role: 'admin' });
  staffActing = { headers: { cookie: await sessionCookie(db, staff.id, { actingDealerId: id.dOwn }) } };

  // Tenant B: products with the same ids and a distinctive price of its own.
  for (let i = 0; i < 6; i++) await prod(b.db, `b${i}`, { list_price: 88888, name: `Fiyat Deneme B${i}` });
  const bd = await b.db.insertInto('dealers').values({ code: 'B-1', company_name: 'B Bayi' }).returning('id').executeTakeFirstOrThrow();
  const bl = await b.db.insertInto('price_lists').values({ name: 'B özel', kind: 'dealer', dealer_id: bd.id, currency: 'TRY', valid_from: '2020-01-01' }).returning('id').executeTakeFirstOrThrow();
  await b.db.insertInto('price_list_entries').values({ price_list_id: bl.id, product_id: id.b0!, min_qty: 1, price: 99999 }).execute();
  bDealer = { headers: { cookie: await sessionCookie(b.db, (await build.dealerUser(b.db, { dealerId: bd.id, totp: false })).user.id) } };
});

test.after(async () => {
  await app.close();
  await closeTestDb();
});

const today = () => pricingDay(new Date(), 'Europe/Istanbul');
const expected = async (dealer: number, product: number, qty = 1, extra: { paymentMethod?: 'wire' | 'installments'; installments?: number } = {}) =>
  resolvePrice(a.db, { dealerId: dealer, productId: product, qty, date: today(), currency: 'TRY', baseCurrency: 'TRY', ...extra });

async function html(host: string, path: string, init: RequestInit & { htmx?: boolean }) {
  const res = await app.req(host, path, init);
  assert.is(res.status, 200, path);
  return res.text();
}

test('results page: the gold dealer sees its converted, campaign price with net, gross, list price struck and the rate', async () => {
  const drill = await expected(id.dGold!, id.drill!);
  // USD 25.00 − 5 % = USD 23.75 × 34.5 = 819.375 → ₺819.38.
  assert.is(drill.unitNet, 81938);
  const page = await html(a.host, `${CATALOG_PATH}/search?category=${id.tools}`, gold);
  assert.match(page, money(81938));
  assert.match(page, money(drill.unitGross));
  assert.match(page, `<s class="price-tag__was" title="Liste fiyatı">${money(100000)}</s>`);
  assert.match(page, '−%18,1');
  assert.match(page, 'Kasım Fırsatı');
  assert.match(page, '34,5 (05.01.2026)');
  assert.not.match(page, '777,77');
  // The screw's price is for its minimum order quantity (10): 10 % off, converted to USD and back is not needed (percent entries stay in TRY).
  const screw = await expected(id.dGold!, id.screw!, 10);
  assert.match(page, money(screw.unitNet));
});

test('a missing rate shows the list price with a note for that product only; the page still works', async () => {
  const page = await html(a.host, `${CATALOG_PATH}/search?category=${id.tools}`, gold);
  assert.match(page, 'Fiyat için bize sorun (döviz kuru eksik)');
  assert.match(page, new Intl.NumberFormat('tr-TR', { style: 'currency', currency: 'GBP' }).format(40));
  assert.match(page, money(81938), 'other products keep the dealer price');
  const product = await html(a.host, `${CATALOG_PATH}/products/${id.gbp}`, gold);
  assert.match(product, 'data-testid="rate-missing"');
});

test('the dealer with its own list sees 777,77; staff acting for it see the same; the gold dealer never does', async () => {
  for (const who of [own, staffActing]) {
    const page = await html(a.host, `${CATALOG_PATH}/search?category=${id.tools}`, who);
    assert.match(page, money(77777));
    assert.not.match(page, 'Kasım Fırsatı');
    const product = await html(a.host, `${CATALOG_PATH}/products/${id.drill}`, who);
    assert.match(product, money(77777));
  }
  for (const path of [`${CATALOG_PATH}/search?q=matkap`, `${CATALOG_PATH}/products/${id.drill}`, `${CATALOG_PATH}/search?category=${id.tools}&min=700&max=800`]) {
    assert.not.match(await html(a.host, path, gold), '777,77');
  }
  assert.not.match(await html(a.host, `${CATALOG_PATH}/suggest?q=matkap`, { ...gold, htmx: true }), '777,77');
});

test('live search panel shows the dealer price', async () => {
  const panel = await html(a.host, `${CATALOG_PATH}/suggest?q=matkap`, { ...gold, htmx: true });
  assert.match(panel, 'Darbeli Matkap');
  assert.match(panel, money(81938));
  assert.match(panel, 'Kasım Fırsatı');
  const ownPanel = await html(a.host, `${CATALOG_PATH}/suggest?q=matkap`, { ...own, htmx: true });
  assert.match(ownPanel, money(77777));
});

test('product page: tier table, payment methods side by side, campaign with its last day, rate note', async () => {
  const page = await html(a.host, `${CATALOG_PATH}/products/${id.drill}`, gold);
  assert.match(page, 'Size özel fiyat');
  assert.match(page, 'data-testid="tiers"');
  const ten = await expected(id.dGold!, id.drill!, 10);
  assert.match(page, '10+ adet');
  assert.match(page, money(ten.unitNet));
  assert.match(page, '31.12.2030 tarihine kadar');
  assert.match(page, 'data-testid="payment-prices"');
  const wire = await expected(id.dGold!, id.drill!, 1, { paymentMethod: 'wire' });
  assert.match(page, money(wire.unitNet));
  const six = await expected(id.dGold!, id.drill!, 1, { paymentMethod: 'installments', installments: 6 });
  assert.match(page, `6 × ${money(Math.round(six.unitGross / 6))} (toplam ${money(six.unitGross)})`);
  assert.match(page, 'Havale / EFT');
  assert.match(page, '−%3');
  // A product without tiers or a campaign shows neither.
  const plain = await html(a.host, `${CATALOG_PATH}/products/${id.plain}`, gold);
  assert.not.match(plain, 'data-testid="tiers"');
  assert.not.match(plain, 'data-testid="campaign-badge"');
});

test('the price filter uses the dealer price: 800–850 finds the drill for gold, 990–1010 (its list price) does not', async () => {
  const inRange = await html(a.host, `${CATALOG_PATH}/search?category=${id.tools}&min=800&max=850`, gold);
  assert.match(inRange, 'Darbeli Matkap');
  assert.match(inRange, 'Fiyatınız (TRY, KDV hariç)');
  const listRange = await html(a.host, `${CATALOG_PATH}/search?category=${id.tools}&min=990&max=1010`, gold);
  assert.not.match(listRange, 'Darbeli Matkap');
  const forOwn = await html(a.host, `${CATALOG_PATH}/search?category=${id.tools}&min=770&max=780`, own);
  assert.match(forOwn, 'Darbeli Matkap');
});

test("isolation: B's product ids on A's host never show B's prices; A's cookie means nothing on B; B never sees A's prices", async () => {
  for (let i = 0; i < 6; i++) {
    const res = await app.req(a.host, `${CATALOG_PATH}/products/${id[`b${i}`]}`, gold);
    const body = await res.text();
    assert.not.match(body, '888,88');
    assert.not.match(body, '999,99');
  }
  assert.is((await app.req(b.host, `${CATALOG_PATH}/search?q=fiyat`, gold)).status, 303);
  const bPage = await html(b.host, `${CATALOG_PATH}/search?q=fiyat`, bDealer);
  assert.match(bPage, '999,99');
  assert.not.match(bPage, '777,77');
  assert.not.match(bPage, '819,38');
  for (const key of ['drill', 'screw', 'gbp', 'plain']) {
    const res = await app.req(b.host, `${CATALOG_PATH}/products/${id[key]}`, bDealer);
    const body = await res.text();
    assert.not.match(body, '777,77');
    assert.not.match(body, 'Kasım Fırsatı');
  }
});

test.run();
