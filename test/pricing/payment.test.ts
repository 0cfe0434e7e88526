import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { displayPercent, inputPercent, parsePercent } from '../../src/pricing/percent.ts';
import { PricingError, pricingDay, resolvePrice } from '../../src/pricing/resolve.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** PRC-4: the staff payment-method adjustments page (/staff/payment-methods) through the real app. */
const test = suite('PRC-4 staff payment methods');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const TODAY = pricingDay();

async function setup() {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'catalog_manager');
  const db = ten.db;
  const seg = await db.insertInto('dealer_segments').values({ code: 'GOLD', name: 'Gold' }).returning('id').executeTakeFirstOrThrow();
  const gold = await db.insertInto('dealers').values({ code: 'D-GOLD', company_name: 'Gold Dealer', segment_id: seg.id }).returning('id').executeTakeFirstOrThrow();
  const plain = await db.insertInto('dealers').values({ code: 'D-PLAIN', company_name: 'Plain Dealer' }).returning('id').executeTakeFirstOrThrow();
  const prod = await db.insertInto('products').values({ sku: 'PAY-1', name: 'Drill', description: '', unit: 'adet', list_price: 10000, currency: 'TRY', vat_rate: 20, stock_qty: 5 }).returning('id').executeTakeFirstOrThrow();
  const list = await db
    .insertInto('price_lists')
    .values({ name: 'Gold list', currency: 'TRY', kind: 'segment', segment_id: seg.id, valid_from: '2026-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('price_list_entries').values({ price_list_id: list.id, product_id: prod.id, min_qty: 1, price: 9000 }).execute();
  return { ...ten, cookie, gold: gold.id, plain: plain.id, product: prod.id, list: list.id };
}
type S = Awaited<ReturnType<typeof setup>>;

const add = (s: S, fields: Record<string, string>, htmx = false, cookie = s.cookie) => t.req(s.host, '/staff/payment-methods/rows', formPost(s.host, { source: 'new', ...fields }, { headers: { cookie }, htmx }));
const rows = (s: S) => s.db.selectFrom('payment_adjustments').select(['id', 'price_list_id', 'method', 'installments', 'percent']).orderBy('id').execute();
const get = (s: S, path: string, cookie = s.cookie, htmx = false) => t.req(s.host, path, { headers: { cookie }, htmx });
const price = (s: S, dealerId: number, method: 'wire' | 'card' | 'installments', installments?: number) =>
  resolvePrice(s.db, { dealerId, productId: s.product, qty: 1, date: TODAY, paymentMethod: method, installments });

test('percent parsing is exact: decimal comma, Unicode minus, two decimals, bounds', () => {
  const ok = (raw: string) => {
    const r = parsePercent(raw, { min: -100, minInclusive: false, max: 999.99 });
    return r.ok ? r.value : r.error;
  };
  assert.is(ok('−3'), '-3.00');
  assert.is(ok('-2,5'), '-2.50');
  assert.is(ok('4.50 %'), '4.50');
  assert.is(ok('12.340'), '12.34', 'trailing zeros beyond two decimals are exact');
  assert.is(ok('12.345'), 'precision');
  assert.is(ok('-100'), 'range');
  assert.is(ok('-99.99'), '-99.99');
  assert.is(ok('1000'), 'range');
  assert.is(ok('1e2'), 'format');
  assert.is(ok('0.1.2'), 'format');
  assert.is(displayPercent('-3.00', 'en'), '−3 %');
  assert.is(displayPercent('-3.00', 'tr'), '−%3');
  assert.is(displayPercent('12.50', 'tr'), '%12,5');
  assert.is(inputPercent('-2.50', 'tr'), '-2,5');
});

test('permissions: warehouse and sales_rep staff get 403; a catalog manager opens the page', async () => {
  const s = await setup();
  await s.db.insertInto('payment_adjustments').values({ price_list_id: null, method: 'wire', installments: null, percent: '-3.00' }).execute();
  const [row] = await rows(s);
  for (const role of ['warehouse', 'sales_rep'] as const) {
    const cookie = await staffCookie(s.db, role);
    assert.is((await get(s, '/staff/payment-methods', cookie)).status, 403);
    assert.is((await get(s, `/staff/payment-methods?list=${s.list}`, cookie)).status, 403);
    assert.is((await add(s, { list: '', method: 'card', installments: '', percent: '1' }, false, cookie)).status, 403);
    assert.is((await t.req(s.host, `/staff/payment-methods/rows/${row!.id}`, formPost(s.host, { percent: '50' }, { headers: { cookie } }))).status, 403);
    assert.is((await t.req(s.host, `/staff/payment-methods/rows/${row!.id}/delete`, formPost(s.host, {}, { headers: { cookie } }))).status, 403);
  }
  assert.equal((await rows(s)).map((r) => r.percent), ['-3.00'], 'nothing changed');
  const html = await (await get(s, '/staff/payment-methods')).text();
  assert.match(html, '<h1>Payment-method prices</h1>');
  assert.match(html, 'aria-current="page">Payment methods</a>');
});

test('defaults: add, negative percent applied by resolvePrice, edit, delete, audit', async () => {
  const s = await setup();
  const res = await add(s, { list: '', method: 'wire', installments: '', percent: '−3' });
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/staff/payment-methods');
  const [wire] = await rows(s);
  assert.equal({ ...wire, id: 0 }, { id: 0, price_list_id: null, method: 'wire', installments: null, percent: '-3.00' });
  const p = await price(s, s.plain, 'wire');
  assert.is(p.unitNet, 9700, 'the list price −3 %');
  assert.is(p.breakdown.payment?.percent, '-3.00');
  assert.is((await price(s, s.gold, 'wire')).unitNet, 8730, 'the gold list inherits the default: 90.00 −3 %');

  const html = await (await get(s, '/staff/payment-methods')).text();
  assert.match(html, `id="adjustment-${wire!.id}"`);
  assert.match(html, 'value="-3"');

  const edit = await t.req(s.host, `/staff/payment-methods/rows/${wire!.id}`, formPost(s.host, { percent: '-2,5' }, { headers: { cookie: s.cookie } }));
  assert.is(edit.status, 303);
  assert.is((await rows(s))[0]!.percent, '-2.50');
  assert.is((await price(s, s.plain, 'wire')).unitNet, 9750);

  const bad = await t.req(s.host, `/staff/payment-methods/rows/${wire!.id}`, formPost(s.host, { percent: '-100' }, { headers: { cookie: s.cookie } }));
  assert.is(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, `id="f-percent-${wire!.id}-error"`);
  assert.match(badHtml, 'The percentage must be above −100');
  assert.match(badHtml, 'value="-100"', 'typed value kept');
  assert.is((await rows(s))[0]!.percent, '-2.50', 'nothing saved');

  const del = await t.req(s.host, `/staff/payment-methods/rows/${wire!.id}/delete`, formPost(s.host, {}, { headers: { cookie: s.cookie } }));
  assert.is(del.status, 303);
  assert.equal(await rows(s), []);
  assert.is((await price(s, s.plain, 'wire')).unitNet, 10000, 'no row → 0 %');
  const actions = (await s.db.selectFrom('audit_log').select('action').where('target_type', '=', 'payment_adjustment').orderBy('id').execute()).map((a) => a.action);
  assert.equal(actions, ['payment_adjustment.created', 'payment_adjustment.updated', 'payment_adjustment.deleted']);
  assert.is((await t.req(s.host, `/staff/payment-methods/rows/${wire!.id}/delete`, formPost(s.host, {}, { headers: { cookie: s.cookie } }))).status, 404);
});

test('instalments: several counts with a surcharge each; an unknown count is unavailable; duplicates refused', async () => {
  const s = await setup();
  for (const [n, pct] of [['2', '0'], ['3', '1.5'], ['6', '4,5'], ['9', '7'], ['12', '10']]) {
    assert.is((await add(s, { list: '', method: 'installments', installments: n!, percent: pct! })).status, 303, `${n} instalments`);
  }
  assert.equal((await rows(s)).map((r) => [r.installments, r.percent]), [[2, '0.00'], [3, '1.50'], [6, '4.50'], [9, '7.00'], [12, '10.00']]);
  assert.is((await price(s, s.plain, 'installments', 6)).unitNet, 10450);
  try {
    await price(s, s.plain, 'installments', 4);
    assert.unreachable('4 instalments are not offered');
  } catch (e) {
    assert.ok(e instanceof PricingError && e.code === 'payment_method_unavailable');
  }
  const dup = await add(s, { list: '', method: 'installments', installments: '6', percent: '5' });
  assert.is(dup.status, 422);
  const html = await dup.text();
  assert.match(html, 'This list already has a row for Card in instalments · 6 instalments; edit that row instead of adding another.');
  assert.match(html, 'value="5"', 'typed percent kept');
  const dupWire = await add(s, { list: '', method: 'wire', percent: '-3' });
  assert.is(dupWire.status, 303);
  assert.is((await add(s, { list: '', method: 'wire', percent: '-4' })).status, 422);
  assert.is((await rows(s)).length, 6, 'no duplicate saved');

  for (const [fields, text] of [
    [{ method: 'installments', installments: '1', percent: '2' }, 'The number of instalments must be a whole number from 2 to 60.'],
    [{ method: 'installments', installments: '', percent: '2' }, 'The number of instalments must be a whole number from 2 to 60.'],
    [{ method: 'card', percent: '1.234' }, 'A percentage has at most 2 decimals.'],
    [{ method: 'card', percent: 'abc' }, 'Enter the percentage as a number'],
    [{ method: 'card', percent: '' }, 'The percentage is required.'],
    [{ method: 'bitcoin', percent: '1' }, 'Choose a payment method.'],
  ] as const) {
    const r = await add(s, { list: '', ...fields });
    assert.is(r.status, 422, text);
    assert.match(await r.text(), text);
  }
  assert.is((await rows(s)).length, 6);
});

test('per list: inherited rows vs overrides, the list select, htmx fragments', async () => {
  const s = await setup();
  await add(s, { list: '', method: 'wire', percent: '-3' });
  await add(s, { list: '', method: 'card', percent: '2' });
  const page = await (await get(s, `/staff/payment-methods?list=${s.list}`)).text();
  assert.match(page, `<option value="${s.list}" selected="">`, 'the select shows the chosen list');
  assert.match(page, 'Adjustments for Gold list (TRY)');
  assert.match(page, 'id="inherited-wire-0"');
  assert.match(page, 'Inherited from defaults');

  // Override the wire row on this list through the inline htmx form.
  const ov = await t.req(s.host, '/staff/payment-methods/rows', formPost(s.host, { list: String(s.list), method: 'wire', installments: '', percent: '-5', source: 'inherit-wire:0' }, { headers: { cookie: s.cookie }, htmx: true }));
  assert.is(ov.status, 200);
  const frag = await ov.text();
  assert.not.match(frag, '<html', 'htmx gets the panel only');
  assert.match(frag, 'id="payment-panel"');
  assert.match(frag, 'Row added.');
  assert.match(frag, 'Override');
  assert.match(frag, 'default: −3 %', 'the override shows the default it replaces');
  assert.match(frag, 'id="inherited-card-0"', 'card is still inherited');
  const own = (await rows(s)).find((r) => r.price_list_id === s.list)!;
  assert.is(own.percent, '-5.00');
  assert.is((await price(s, s.gold, 'wire')).unitNet, 8550, 'gold list: 90.00 −5 % (own row)');
  assert.is((await price(s, s.plain, 'wire')).unitNet, 9700, 'list price: the default −3 %');
  assert.is((await price(s, s.gold, 'card')).unitNet, 9180, 'inherited card +2 %');

  const dup = await t.req(s.host, '/staff/payment-methods/rows', formPost(s.host, { list: String(s.list), method: 'wire', percent: '-6', source: 'new' }, { headers: { cookie: s.cookie }, htmx: true }));
  assert.is(dup.status, 422);
  assert.match(await dup.text(), 'This list already has a row for Wire transfer / EFT');

  const del = await t.req(s.host, `/staff/payment-methods/rows/${own.id}/delete`, formPost(s.host, {}, { headers: { cookie: s.cookie } }));
  assert.is(del.headers.get('location'), `/staff/payment-methods?list=${s.list}`);
  assert.is((await price(s, s.gold, 'wire')).unitNet, 8730, 'back to the inherited default');

  const switched = await get(s, `/staff/payment-methods?list=${s.list}`, s.cookie, true);
  assert.match(await switched.text(), 'Adjustments for Gold list');
  assert.is((await get(s, '/staff/payment-methods?list=999999')).status, 404);
  assert.is((await get(s, '/staff/payment-methods?list=abc')).status, 404);
});

test('isolation: another seller’s list and row ids are unknown here', async () => {
  const a = await setup();
  const b = await setup();
  await add(b, { list: String(b.list), method: 'wire', percent: '-7' });
  const [bRow] = await rows(b);
  await a.db.deleteFrom('price_lists').where('id', '=', b.list).execute();
  await a.db.deleteFrom('payment_adjustments').execute();
  assert.is((await get(a, `/staff/payment-methods?list=${b.list}`)).status, 404);
  assert.is((await add(a, { list: String(b.list), method: 'card', percent: '1' })).status, 404);
  assert.is((await t.req(a.host, `/staff/payment-methods/rows/${bRow!.id}`, formPost(a.host, { percent: '1' }, { headers: { cookie: a.cookie } }))).status, 404);
  assert.is((await t.req(a.host, `/staff/payment-methods/rows/${bRow!.id}/delete`, formPost(a.host, {}, { headers: { cookie: a.cookie } }))).status, 404);
  assert.equal((await rows(b)).map((r) => r.percent), ['-7.00'], 'B untouched');
});

test.run();
