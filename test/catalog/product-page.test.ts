import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import { deliveryEstimate, isLowStock, shownPrice } from '../../src/catalog/product-page.ts';
import { createAttributeDefinition, setProductAttributes } from '../../src/catalog/products.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { makeTestApp } from '../support/app.ts';
import { product } from './support.ts';
import { variantLabels } from '../../views/catalog/product.tsx';

const test = suite('CAT-2/4/7 dealer product page');

const card = (over: Partial<Parameters<typeof deliveryEstimate>[0]> = {}) => ({
  availability: 'in_stock' as const,
  order_type: 'stock' as const,
  lead_time_days: 3,
  backorder_extra_days: 7,
  ...over,
});

test('delivery estimate: in stock ships in 1–2 working days whatever the lead time', () => {
  assert.equal(deliveryEstimate(card({ lead_time_days: 20 })), { orderable: true, basis: 'stock', extraDays: 0, from: 1, to: 2 });
});

test('delivery estimate: backorder is lead time + extra days, as a range at least 2 days wide', () => {
  assert.equal(deliveryEstimate(card({ availability: 'backorder' })), { orderable: true, basis: 'backorder', extraDays: 7, from: 10, to: 12 });
  assert.equal(deliveryEstimate(card({ availability: 'backorder', lead_time_days: 0, backorder_extra_days: 0 })), { orderable: true, basis: 'backorder', extraDays: 0, from: 1, to: 3 });
  assert.equal(deliveryEstimate(card({ availability: 'backorder', lead_time_days: 2, backorder_extra_days: 0 })), { orderable: true, basis: 'backorder', extraDays: 0, from: 2, to: 4 });
});

test('delivery estimate: made/engineered to order uses the lead time even with stock; long lead times widen', () => {
  assert.equal(deliveryEstimate(card({ order_type: 'mto', lead_time_days: 10 })), { orderable: true, basis: 'lead_time', extraDays: 0, from: 10, to: 12 });
  assert.equal(deliveryEstimate(card({ order_type: 'eto', availability: 'backorder', lead_time_days: 30 })), { orderable: true, basis: 'lead_time', extraDays: 0, from: 30, to: 36 });
});

test('delivery estimate: blocked (out of stock) is not orderable, whatever the order type', () => {
  assert.equal(deliveryEstimate(card({ availability: 'out_of_stock' })), { orderable: false });
  assert.equal(deliveryEstimate(card({ availability: 'out_of_stock', order_type: 'mto' })), { orderable: false });
});

test('low stock: free stock above zero and at or under the minimum', () => {
  assert.ok(isLowStock({ stock_qty: 15, reserved_qty: 0, min_stock: 20 }));
  assert.ok(isLowStock({ stock_qty: 25, reserved_qty: 5, min_stock: 20 }));
  assert.not.ok(isLowStock({ stock_qty: 21, reserved_qty: 0, min_stock: 20 }));
  assert.not.ok(isLowStock({ stock_qty: 0, reserved_qty: 0, min_stock: 20 }));
  assert.not.ok(isLowStock({ stock_qty: 3, reserved_qty: 0, min_stock: 0 }));
});

test('price: gross from net and VAT, half-up to minor units', () => {
  assert.equal(shownPrice({ list_price: 1999, currency: 'TRY', vat_rate: 20 }), { kind: 'list', net: 1999, gross: 2399, currency: 'TRY', vatRate: 20 });
  assert.is(shownPrice({ list_price: 5, currency: 'TRY', vat_rate: 10 }).gross, 6);
  assert.is(shownPrice({ list_price: 4900, currency: 'EUR', vat_rate: 0 }).gross, 4900);
});

test('variant labels: attribute values, with the telling part of the name when values clash', () => {
  const v = (id: number, name: string, renk?: string) => ({ id, name, variant_attributes: (renk ? { renk } : {}) as Record<string, string> });
  const labels = variantLabels([v(1, 'Lavabo Bataryası Krom', 'Krom'), v(2, 'Lavabo Bataryası Mat Siyah', 'Mat Siyah'), v(3, 'Lavabo Bataryası Termostatik', 'Krom'), v(4, 'Lavabo Bataryası Spiralli')]);
  assert.equal([...labels.values()], ['Krom', 'Mat Siyah', 'Termostatik · Krom', 'Spiralli']);
});

let app: Awaited<ReturnType<typeof makeTestApp>>;
let a: Awaited<ReturnType<typeof makeTenant>>;
let asDealer: string;
const ids = { parent: 0, black: 0, gold: 0, mto: 0 };

test('page: variant chips with attribute values, current one marked, unavailable ones labelled', async () => {
  app = await makeTestApp();
  a = await makeTenant({ name: 'Ürün Sayfası Satıcı' });
  await createAttributeDefinition(a.db, { code: 'renk', name: 'Renk', type: 'choice', choices: ['Krom', 'Mat Siyah', 'Altın'], variantAxis: true });
  const parent = await product(a.db, {
    name: 'Lavabo Bataryası',
    variant_attributes: { renk: 'Krom' },
    stock_qty: 12,
    min_stock: 20,
    pieces_per_package: 4,
    packages_per_pallet: 48,
    min_order_qty: 2,
    order_multiple: 2,
    list_price: 129000,
    advantages: 'Seramik kartuş · 5 yıl garanti',
  });
  const black = await product(a.db, { name: 'Lavabo Bataryası Mat Siyah', parent_id: parent.id, variant_attributes: { renk: 'Mat Siyah' }, stock_qty: 0, out_of_stock_behaviour: 'block' });
  const gold = await product(a.db, { name: 'Lavabo Bataryası Altın', parent_id: parent.id, variant_attributes: { renk: 'Altın' }, stock_qty: 0, out_of_stock_behaviour: 'backorder', lead_time_days: 2, backorder_extra_days: 5 });
  await product(a.db, { name: 'Lavabo Bataryası Gizli', parent_id: parent.id, variant_attributes: { renk: 'Altın' }, hidden: true });
  const mto = await product(a.db, { name: 'Taş Yünü Levha', order_type: 'mto', lead_time_days: 10 });
  await setProductAttributes(a.db, parent.id, { renk: 'Krom' });
  Object.assign(ids, { parent: parent.id, black: black.id, gold: gold.id, mto: mto.id });
  const dealer = await build.dealer(a.db);
  const { user } = await build.dealerUser(a.db, { dealerId: dealer.id, role: 'buyer', totp: false });
  asDealer = await sessionCookie(a.db, user.id);

  const html = await (await app.req(a.host, `${CATALOG_PATH}/products/${parent.id}`, { headers: { cookie: asDealer } })).text();
  const chips = /data-testid="variants"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  assert.match(chips, new RegExp(`href="${CATALOG_PATH}/products/${parent.id}"[^>]*aria-current="page"[^>]*title="Renk: Krom"`));
  assert.match(chips, /Mat Siyah<span class="variant-chip__sku">[^<]+<\/span><span class="variant-chip__state">tükendi<\/span>/);
  assert.match(chips, /Altın<span class="variant-chip__sku">[^<]+<\/span><span class="variant-chip__state">sipariş üzerine<\/span>/);
  assert.not.match(chips, 'Gizli', 'hidden variants are left out');
  assert.match(html, /data-testid="delivery"><strong>Tahmini teslim:<\/strong> 1–2 iş günü/);
  assert.match(html, 'Az kaldı', 'low stock: 12 under the minimum 20');
  assert.match(html, '<dt>Paket içi adet</dt><dd>4 adet</dd>');
  assert.match(html, '<dt>Palet başına paket</dt><dd>48 paket (192 adet)</dd>');
  assert.match(html, '<dt>En az sipariş</dt><dd>2 adet</dd>');
  assert.match(html, '2 adet katları halinde');
  assert.match(html, /₺1\.290,00/);
  assert.match(html, /₺1\.548,00<\/span> <span class="muted">KDV dahil \(%20\)/);
  assert.match(html, '<li>Seramik kartuş</li><li>5 yıl garanti</li>');
  assert.not.match(html, 'back-in-stock', 'nothing to wait for when in stock');
});

test('page: blocked variant is not orderable and offers back-in-stock; backorder and MTO show their ranges', async () => {
  const black = await (await app.req(a.host, `${CATALOG_PATH}/products/${ids.black}`, { headers: { cookie: asDealer } })).text();
  assert.match(black, /data-testid="delivery"><strong>Tahmini teslim:<\/strong> <span class="error-text">Şu an sipariş verilemez/);
  assert.match(black, `action="/portal/stock/subscriptions/${ids.black}"`);
  const gold = await (await app.req(a.host, `${CATALOG_PATH}/products/${ids.gold}`, { headers: { cookie: asDealer } })).text();
  assert.match(gold, /7–9 iş günü <span class="muted">\(Tedarik süresi \+ 5 gün ek süre\)/);
  const mto = await (await app.req(a.host, `${CATALOG_PATH}/products/${ids.mto}`, { headers: { cookie: asDealer } })).text();
  assert.match(mto, /10–12 iş günü <span class="muted">\(Üretim\/tedarik süresi\)/);
  assert.match(mto, 'data-testid="gallery"', 'placeholder when there are no images');
  assert.not.match(mto, 'data-testid="bought-together"', 'no recommendations without orders');
  await app.close();
  await closeTestDb();
});

test.run();
