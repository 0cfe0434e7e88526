import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pricingDay, resolvePrice } from '../../src/pricing/resolve.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** PRC-3: the staff campaigns pages (/staff/campaigns) through the real app, on real PostgreSQL. */
const test = suite('PRC-3 staff campaigns');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const TODAY = pricingDay();
const shift = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

async function setup() {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'catalog_manager');
  const db = ten.db;
  const seg = await db.insertInto('dealer_segments').values({ code: 'GOLD', name: 'Gold' }).returning('id').executeTakeFirstOrThrow();
  const dIn = await db.insertInto('dealers').values({ code: 'D-IN', company_name: 'Targeted Yapı' }).returning('id').executeTakeFirstOrThrow();
  const dOut = await db.insertInto('dealers').values({ code: 'D-OUT', company_name: 'Other Hırdavat' }).returning('id').executeTakeFirstOrThrow();
  const dGold = await db.insertInto('dealers').values({ code: 'D-GOLD', company_name: 'Gold Dealer', segment_id: seg.id }).returning('id').executeTakeFirstOrThrow();
  const tools = await db.insertInto('categories').values({ slug: 'tools', name: 'Tools' }).returning('id').executeTakeFirstOrThrow();
  const drills = await db.insertInto('categories').values({ slug: 'drills', name: 'Drills', parent_id: tools.id }).returning('id').executeTakeFirstOrThrow();
  const p1 = await db
    .insertInto('products')
    .values({ sku: 'CMP-1', name: 'Drill', description: '', unit: 'adet', list_price: 10000, currency: 'TRY', vat_rate: 20, stock_qty: 5, category_id: drills.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p2 = await db.insertInto('products').values({ sku: 'CMP-2', name: 'Saw', description: '', unit: 'adet', list_price: 5000, currency: 'TRY', vat_rate: 20, stock_qty: 5 }).returning('id').executeTakeFirstOrThrow();
  return { ...ten, cookie, seg: seg.id, dIn: dIn.id, dOut: dOut.id, dGold: dGold.id, tools: tools.id, drills: drills.id, p1: p1.id, p2: p2.id };
}
type S = Awaited<ReturnType<typeof setup>>;

/** A same-origin form POST with repeated fields (dealer_ids, category_ids …). */
function post(s: S, path: string, fields: Record<string, string | string[]>, cookie = s.cookie, htmx = false) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return t.req(s.host, path, { method: 'POST', body: body.toString(), headers: { cookie, origin: `http://${s.host}`, 'content-type': 'application/x-www-form-urlencoded' }, htmx });
}
const get = (s: S, path: string, cookie = s.cookie, htmx = false) => t.req(s.host, path, { headers: { cookie }, htmx });

const base = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  name: 'Autumn drills',
  starts_at: TODAY,
  ends_at: shift(10),
  target: 'all',
  scope: 'all',
  discount_kind: 'percent',
  percent_off: '10',
  min_qty: '1',
  active: '1',
  note: '',
  ...over,
});

const campaigns = (s: S) => s.db.selectFrom('campaigns').selectAll().orderBy('id').execute();
const price = (s: S, dealerId: number, productId: number, qty = 1) => resolvePrice(s.db, { dealerId, productId, qty, date: TODAY });

test('permissions: warehouse and sales_rep staff get 403 on every route; a catalog manager gets the pages', async () => {
  const s = await setup();
  const other = await s.db.insertInto('campaigns').values({ name: 'X', starts_at: TODAY, ends_at: TODAY, target: 'all', scope: 'all', percent_off: '5' }).returning('id').executeTakeFirstOrThrow();
  for (const role of ['warehouse', 'sales_rep'] as const) {
    const cookie = await staffCookie(s.db, role);
    for (const path of ['/staff/campaigns', '/staff/campaigns/new', `/staff/campaigns/${other.id}`, '/staff/campaigns/dealer-search?q=D', '/staff/campaigns/product-search?q=C']) {
      assert.is((await get(s, path, cookie)).status, 403, `${role} GET ${path}`);
    }
    for (const path of ['/staff/campaigns', `/staff/campaigns/${other.id}`, `/staff/campaigns/${other.id}/active`, `/staff/campaigns/${other.id}/delete`, '/staff/campaigns/sku-check']) {
      assert.is((await post(s, path, base({ name: 'Hacked' }), cookie)).status, 403, `${role} POST ${path}`);
    }
  }
  const rows = await campaigns(s);
  assert.equal(rows.map((r) => [r.name, r.active]), [['X', true]], 'nothing changed by them');
  const list = await get(s, '/staff/campaigns');
  assert.is(list.status, 200);
  const html = await list.text();
  assert.match(html, '<h1>Campaigns</h1>');
  assert.match(html, 'aria-current="page">Campaigns</a>', 'pricing tabs with campaigns current');
  assert.is((await get(s, '/staff/campaigns/new')).status, 200);
});

test('create: a dealer-list campaign on chosen products changes resolvePrice for the targeted dealer only; audit written', async () => {
  const s = await setup();
  assert.is((await price(s, s.dIn, s.p1)).unitNet, 10000);
  const res = await post(s, '/staff/campaigns', base({ target: 'dealers', dealer_ids: [String(s.dIn)], dealer_codes: '', scope: 'products', skus: 'cmp-1', percent_off: '12,5' }));
  assert.is(res.status, 303);
  const [c] = await campaigns(s);
  assert.ok(c);
  assert.is(res.headers.get('location'), `/staff/campaigns/${c.id}`);
  assert.is(c.percent_off, '12.50');
  assert.is(c.amount_off, null);
  assert.is(c.currency, null);
  assert.equal((await s.db.selectFrom('campaign_dealers').select('dealer_id').where('campaign_id', '=', c.id).execute()).map((r) => r.dealer_id), [s.dIn]);
  assert.equal((await s.db.selectFrom('campaign_products').select('product_id').where('campaign_id', '=', c.id).execute()).map((r) => r.product_id), [s.p1]);

  const hit = await price(s, s.dIn, s.p1);
  assert.is(hit.unitNet, 8750, '12.5 % off 100.00');
  assert.is(hit.breakdown.campaign?.id, c.id);
  assert.is((await price(s, s.dOut, s.p1)).unitNet, 10000, 'an untargeted dealer keeps the list price');
  assert.is((await price(s, s.dIn, s.p2)).unitNet, 5000, 'a product outside the scope is not discounted');

  const audit = await s.db.selectFrom('audit_log').select(['action', 'target_id', 'details']).where('action', '=', 'campaign.created').execute();
  assert.is(audit.length, 1);
  assert.is(audit[0]!.target_id, String(c.id));
  const d = (typeof audit[0]!.details === 'string' ? JSON.parse(audit[0]!.details) : audit[0]!.details) as Record<string, unknown>;
  assert.is(d.percentOff, '12.50');

  const page = await (await get(s, `/staff/campaigns/${c.id}`)).text();
  assert.match(page, 'value="Autumn drills"');
  assert.match(page, `name="dealer_ids" value="${s.dIn}" checked`, 'the picked dealer is a ticked chip');
  assert.match(page, `name="product_ids" value="${s.p1}" checked`);
  assert.match(page, 'data-status="running"');
});

test('fixed amount in a currency → minor units; segment and category targets work with subcategories', async () => {
  const s = await setup();
  const res = await post(s, '/staff/campaigns', base({ name: 'Gold tools', target: 'segment', segment_id: String(s.seg), scope: 'categories', category_ids: [String(s.tools)], discount_kind: 'amount', amount_off: '1.234,56', currency: 'TRY', min_qty: '2' }));
  assert.is(res.status, 303);
  const [c] = await campaigns(s);
  assert.is(c!.amount_off, 123456);
  assert.is(c!.currency?.trim(), 'TRY');
  assert.is(c!.percent_off, null);
  assert.is(c!.min_qty, 2);
  assert.is((await price(s, s.dGold, s.p1, 2)).unitNet, 0, 'an amount above the price never goes below zero');
  await post(s, `/staff/campaigns/${c!.id}`, base({ name: 'Gold tools', target: 'segment', segment_id: String(s.seg), scope: 'categories', category_ids: [String(s.tools)], discount_kind: 'amount', amount_off: '12.34', currency: 'TRY', min_qty: '2' }));
  assert.is((await price(s, s.dGold, s.p1, 2)).unitNet, 10000 - 1234, 'product in a subcategory of the ticked category');
  assert.is((await price(s, s.dGold, s.p1, 1)).unitNet, 10000, 'below the minimum quantity');
  assert.is((await price(s, s.dIn, s.p1, 2)).unitNet, 10000, 'a dealer outside the segment');
  assert.is((await price(s, s.dGold, s.p2, 2)).unitNet, 5000, 'a product outside the category');
});

test('validation: errors next to the fields, typed values kept, nothing saved', async () => {
  const s = await setup();
  const cases: Array<[Record<string, string | string[]>, string, string]> = [
    [base({ discount_kind: 'amount', amount_off: '5', currency: '' }), 'f-currency-error', 'Choose a currency for a fixed-amount discount.'],
    [base({ starts_at: shift(5), ends_at: shift(1) }), 'f-ends_at-error', 'The end cannot be before the start.'],
    [base({ target: 'segment', segment_id: '' }), 'f-segment_id-error', 'Choose a segment when the target is a dealer segment.'],
    [base({ percent_off: '12.345' }), 'f-percent_off-error', 'A percentage has at most 2 decimals.'],
    [base({ percent_off: '0' }), 'f-percent_off-error', 'The percentage must be above 0 and at most 100.'],
    [base({ percent_off: '100.01' }), 'f-percent_off-error', 'The percentage must be above 0 and at most 100.'],
    [base({ discount_kind: 'amount', amount_off: '0', currency: 'TRY' }), 'f-amount_off-error', 'The amount must be greater than zero.'],
    [base({ discount_kind: 'amount', amount_off: '1.234', currency: 'TRY' }), 'f-amount_off-error', 'The amount has at most 2 decimals.'],
    [base({ scope: 'products', skus: 'CMP-1\nNOPE-9' }), 'f-skus-error', 'These SKUs were not found: NOPE-9'],
    [base({ scope: 'products', skus: '' }), 'f-skus-error', 'Add at least one product.'],
    [base({ scope: 'categories' }), 'f-category_ids-error', 'Tick at least one category.'],
    [base({ target: 'dealers', dealer_codes: 'D-IN, GHOST' }), 'f-dealer_codes-error', 'These dealer codes were not found: GHOST'],
    [base({ target: 'dealers' }), 'f-dealer_codes-error', 'Add at least one dealer.'],
    [base({ min_qty: '0' }), 'f-min_qty-error', 'The minimum quantity must be a whole number'],
    [base({ name: '' }), 'f-name-error', 'This field is required.'],
    [base({ starts_at: '2026-02-30' }), 'f-starts_at-error', 'Enter a valid date'],
  ];
  for (const [fields, errId, text] of cases) {
    const res = await post(s, '/staff/campaigns', fields);
    const html = await res.text();
    assert.is(res.status, 422, `${errId} status`);
    assert.match(html, `id="${errId}"`, errId);
    assert.match(html, text, text);
    assert.match(html, 'The form has errors');
    if (fields.name) assert.match(html, `value="${fields.name as string}"`, 'typed name kept');
  }
  assert.equal(await campaigns(s), [], 'nothing saved');
  const kept = await (await post(s, '/staff/campaigns', base({ scope: 'products', skus: 'CMP-1\nNOPE-9', percent_off: '7,5' }))).text();
  assert.match(kept, 'CMP-1\nNOPE-9</textarea>', 'pasted SKUs kept');
  assert.match(kept, 'value="7,5"');
});

test('edit, deactivate, activate and delete; the list filters by status with badges', async () => {
  const s = await setup();
  await post(s, '/staff/campaigns', base({ name: 'Now', percent_off: '10' }));
  await post(s, '/staff/campaigns', base({ name: 'Later', starts_at: shift(3), ends_at: shift(6) }));
  await post(s, '/staff/campaigns', base({ name: 'Past', starts_at: shift(-9), ends_at: shift(-2) }));
  const [now, later, past] = await campaigns(s);
  assert.is((await price(s, s.dOut, s.p1)).unitNet, 9000);

  const edit = await post(s, `/staff/campaigns/${now!.id}`, base({ name: 'Now bigger', percent_off: '20' }));
  assert.is(edit.status, 303);
  assert.is((await price(s, s.dOut, s.p1)).unitNet, 8000);
  const bad = await post(s, `/staff/campaigns/${now!.id}`, base({ name: 'Now broken', percent_off: 'abc' }));
  assert.is(bad.status, 422);
  assert.is((await s.db.selectFrom('campaigns').select('name').where('id', '=', now!.id).executeTakeFirstOrThrow()).name, 'Now bigger', 'a refused edit keeps the saved campaign');

  assert.is((await post(s, `/staff/campaigns/${now!.id}/active`, { active: '0' })).status, 303);
  assert.is((await price(s, s.dOut, s.p1)).unitNet, 10000, 'an inactive campaign changes no price');

  const all = await (await get(s, '/staff/campaigns')).text();
  for (const [c, st] of [[now, 'inactive'], [later, 'scheduled'], [past, 'ended']] as const) {
    const row = all.slice(all.indexOf(`id="campaign-${c!.id}"`));
    assert.match(row.slice(0, row.indexOf('</tr>')), `data-status="${st}"`, `${c!.name} is ${st}`);
  }
  const scheduled = await get(s, '/staff/campaigns?status=scheduled', s.cookie, true);
  const frag = await scheduled.text();
  assert.match(frag, `id="campaign-${later!.id}"`);
  assert.not.match(frag, `id="campaign-${past!.id}"`);
  assert.not.match(frag, '<html', 'htmx gets the results fragment only');
  assert.match(frag, 'id="campaign-results"');
  const ended = await (await get(s, '/staff/campaigns?status=ended')).text();
  assert.match(ended, `id="campaign-${past!.id}"`);
  assert.not.match(ended, `id="campaign-${later!.id}"`);

  await post(s, `/staff/campaigns/${now!.id}/active`, { active: '1' });
  assert.is((await price(s, s.dOut, s.p1)).unitNet, 8000);
  const del = await post(s, `/staff/campaigns/${now!.id}/delete`, {});
  assert.is(del.status, 303);
  assert.equal((await campaigns(s)).map((c) => c.name), ['Later', 'Past']);
  assert.is((await price(s, s.dOut, s.p1)).unitNet, 10000);
  const actions = (await s.db.selectFrom('audit_log').select('action').where('target_type', '=', 'campaign').orderBy('id').execute()).map((a) => a.action);
  assert.equal(actions, ['campaign.created', 'campaign.created', 'campaign.created', 'campaign.updated', 'campaign.deactivated', 'campaign.activated', 'campaign.deleted']);
  assert.is((await get(s, `/staff/campaigns/${now!.id}`)).status, 404);
});

test('pickers: dealer and product search fragments, chips, SKU paste check', async () => {
  const s = await setup();
  const found = await (await get(s, '/staff/campaigns/dealer-search?q=targeted', s.cookie, true)).text();
  assert.match(found, 'D-IN');
  assert.not.match(found, 'D-OUT');
  assert.match(found, `/staff/campaigns/dealer-chip?id=${s.dIn}`);
  const picked = await (await get(s, `/staff/campaigns/dealer-search?q=D-&dealer_ids=${s.dIn}`, s.cookie, true)).text();
  assert.not.match(picked, `dealer-chip?id=${s.dIn}`, 'an already picked dealer is not offered again');
  assert.match(picked, `dealer-chip?id=${s.dOut}`);
  const chip = await (await get(s, `/staff/campaigns/dealer-chip?id=${s.dOut}`, s.cookie, true)).text();
  assert.match(chip, `name="dealer_ids" value="${s.dOut}" checked`);
  assert.is((await get(s, `/staff/campaigns/dealer-chip?id=${s.dOut}&dealer_ids=${s.dOut}`, s.cookie, true)).status, 204);
  const prod = await (await get(s, '/staff/campaigns/product-search?q=saw', s.cookie, true)).text();
  assert.match(prod, 'CMP-2');
  const check = await (await post(s, '/staff/campaigns/sku-check', { skus: 'cmp-1, CMP-2\nZZZ' }, s.cookie, true)).text();
  assert.match(check, '2 SKUs found, 1 unknown');
  assert.match(check, 'ZZZ');
});

test('isolation: another seller’s campaign, dealer and product ids are unknown here', async () => {
  const a = await setup();
  const b = await setup();
  await post(b, '/staff/campaigns', base({ name: 'B only' }));
  const [bc] = await campaigns(b);
  // Ids may coincide across schemas; make sure A has no campaign with B's id.
  await a.db.deleteFrom('campaigns').execute();
  assert.is((await get(a, `/staff/campaigns/${bc!.id}`)).status, 404);
  assert.is((await post(a, `/staff/campaigns/${bc!.id}`, base({ name: 'Steal' }))).status, 404);
  assert.is((await post(a, `/staff/campaigns/${bc!.id}/active`, { active: '0' })).status, 404);
  assert.is((await post(a, `/staff/campaigns/${bc!.id}/delete`, {})).status, 404);
  const still = await campaigns(b);
  assert.equal(still.map((c) => [c.name, c.active]), [['B only', true]], 'B’s campaign untouched');
  const list = await (await get(a, '/staff/campaigns')).text();
  assert.not.match(list, 'B only');
  // A dealer id that exists only in B is not a dealer of A.
  const bOnly = await b.db.insertInto('dealers').values({ code: 'B-ONLY', company_name: 'B only dealer' }).returning('id').executeTakeFirstOrThrow();
  const maxA = (await a.db.selectFrom('dealers').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m as number;
  if (bOnly.id > maxA) {
    const res = await post(a, '/staff/campaigns', base({ target: 'dealers', dealer_ids: [String(bOnly.id)] }));
    assert.is(res.status, 422);
    assert.match(await res.text(), 'Add at least one dealer.');
  }
  assert.is((await get(a, `/staff/campaigns/dealer-chip?id=${bOnly.id + 1000}`, a.cookie, true)).status, 404);
});

test.run();
