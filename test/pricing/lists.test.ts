import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseMoney, parsePercent } from '../../src/pricing/lists.ts';
import { pricingDay, resolvePrice } from '../../src/pricing/resolve.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** PRC-1/PRC-3: staff price lists (/staff/price-lists) and their entries, through the real app. */
const test = suite('PRC-1 staff price lists');
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
  const seg = await ten.db.insertInto('dealer_segments').values({ code: 'GOLD', name: 'Gold' }).returning('id').executeTakeFirstOrThrow();
  return { ...ten, cookie, segmentId: seg.id };
}
type S = Awaited<ReturnType<typeof setup>>;

const post = (s: S, path: string, fields: Record<string, string>, opts: { cookie?: string; htmx?: boolean } = {}) =>
  t.req(s.host, path, { ...formPost(s.host, fields, { headers: { cookie: opts.cookie ?? s.cookie } }), htmx: opts.htmx });
const get = (s: S, path: string, opts: { cookie?: string; htmx?: boolean } = {}) => t.req(s.host, path, { headers: { cookie: opts.cookie ?? s.cookie }, htmx: opts.htmx });

let skuSeq = 0;
async function product(s: S, listPrice: number, sku = `LP-${++skuSeq}`) {
  return s.db
    .insertInto('products')
    .values({ sku, name: `Product ${sku}`, description: '', unit: 'adet', currency: 'TRY', vat_rate: 20, stock_qty: 5, list_price: listPrice })
    .returning(['id', 'sku'])
    .executeTakeFirstOrThrow();
}

const listForm = (s: S, over: Record<string, string> = {}) => ({
  name: 'Gold TRY',
  kind: 'segment',
  segment_id: String(s.segmentId),
  dealer_code: '',
  currency: 'TRY',
  valid_from: '2026-01-01',
  valid_to: '',
  priority: '10',
  active: '1',
  note: '',
  ...over,
});

async function createList(s: S, over: Record<string, string> = {}): Promise<number> {
  const res = await post(s, '/staff/price-lists', listForm(s, over));
  assert.is(res.status, 303, 'list created');
  const m = /\/staff\/price-lists\/(\d+)$/.exec(res.headers.get('location') ?? '');
  assert.ok(m, res.headers.get('location') ?? '');
  return Number(m[1]);
}

const entries = (s: S, listId: number) =>
  s.db
    .selectFrom('price_list_entries as e')
    .innerJoin('products as p', 'p.id', 'e.product_id')
    .select(['p.sku', 'e.min_qty', 'e.price', (eb) => eb.cast<string | null>('e.percent_off', 'text').as('percent_off')])
    .where('e.price_list_id', '=', listId)
    .orderBy('p.sku')
    .orderBy('e.min_qty')
    .execute();

const auditCount = async (s: S, action: string) => (await s.db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;

test('parsing: money in the list currency and exact percentages', () => {
  assert.equal(parseMoney('1.234,56', 'TRY', 'tr'), { ok: true, value: 123456 });
  assert.equal(parseMoney('1234.56', 'USD', 'en'), { ok: true, value: 123456 });
  assert.equal(parseMoney('12,5', 'EUR', 'en'), { ok: true, value: 1250 });
  assert.ok(!parseMoney('1.2.3,4', 'TRY', 'tr').ok);
  assert.equal(parseMoney('1.234', 'TRY', 'tr'), { ok: true, value: 123400 });
  assert.equal(parseMoney('1,234', 'TRY', 'en'), { ok: true, value: 123400 });
  assert.equal(parseMoney('0,001', 'TRY', 'tr'), { ok: false, error: 'moneyPrecision' });
  for (const [raw, value] of [['7,5', '7.50'], ['7.5', '7.50'], ['%7,5', '7.50'], ['7,5 %', '7.50'], ['100', '100.00'], ['0', '0.00'], ['33.33', '33.33']] as const) {
    const p = parsePercent(raw);
    assert.ok(p.ok && p.value === value, `${raw} → ${value}`);
  }
  for (const [raw, error] of [['100.01', 'percentRange'], ['-1', 'percentRange'], ['7,555', 'percentPrecision'], ['abc', 'percent'], ['', 'required'], ['1e2', 'percent']] as const) {
    const p = parsePercent(raw);
    assert.ok(!p.ok && p.error === error, `${raw} → ${error}`);
  }
  const adj = parsePercent('-3', -100, 1000);
  assert.ok(adj.ok && adj.value === '-3.00' && adj.bp === -300n);
});

test('create/edit: errors next to the fields with typed values kept, valid_to ≥ valid_from, dealer by code; audited', async () => {
  const s = await setup();
  const bad = await post(s, '/staff/price-lists', listForm(s, { name: '', currency: 'XX', valid_from: '2026-05-10', valid_to: '2026-05-01', priority: 'high' }));
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, 'This field is required.');
  assert.match(html, 'Enter a three-letter ISO currency code');
  assert.match(html, 'Valid to cannot be before valid from.');
  assert.match(html, 'Enter a whole number.');
  assert.match(html, 'value="XX"');
  assert.match(html, 'value="high"');
  assert.match(html, 'value="2026-05-01"');
  const dealerBad = await post(s, '/staff/price-lists', listForm(s, { kind: 'dealer', dealer_code: 'NOPE-1' }));
  assert.is(dealerBad.status, 422);
  assert.match(await dealerBad.text(), 'No dealer has this code.');
  assert.equal(await s.db.selectFrom('price_lists').select('id').execute(), [], 'nothing saved');

  const d = await build.dealer(s.db, { code: 'ACM-5005' });
  const dealerList = await createList(s, { name: 'Deniz special', kind: 'dealer', dealer_code: 'acm-5005', currency: 'usd', valid_to: '2026-12-31' });
  const row = await s.db.selectFrom('price_lists').selectAll().where('id', '=', dealerList).executeTakeFirstOrThrow();
  assert.is(row.kind, 'dealer');
  assert.is(row.dealer_id, d.id);
  assert.is(row.segment_id, null);
  assert.is(row.currency, 'USD');
  assert.is(row.priority, 10);

  const edit = await post(s, `/staff/price-lists/${dealerList}`, listForm(s, { name: 'Deniz special', kind: 'segment', valid_to: '2025-01-01' }));
  assert.is(edit.status, 422);
  assert.match(await edit.text(), 'Valid to cannot be before valid from.');
  assert.is((await post(s, `/staff/price-lists/${dealerList}`, listForm(s, { name: 'Gold now', active: '' }))).status, 303);
  const after = await s.db.selectFrom('price_lists').selectAll().where('id', '=', dealerList).executeTakeFirstOrThrow();
  assert.is(after.kind, 'segment');
  assert.is(after.segment_id, s.segmentId);
  assert.is(after.dealer_id, null);
  assert.is(after.active, false);
  assert.is(await auditCount(s, 'price_list.created'), 1);
  assert.is(await auditCount(s, 'price_list.updated'), 1);
});

test('index: status badges, entry counts and filters; delete after confirmation; duplicate copies entries', async () => {
  const s = await setup();
  const running = await createList(s, { name: 'Running list' });
  const scheduled = await createList(s, { name: 'Later list', valid_from: '2099-01-01' });
  const expired = await createList(s, { name: 'Old list', valid_from: '2020-01-01', valid_to: '2020-12-31' });
  const inactive = await createList(s, { name: 'Off list', active: '' });
  const p = await product(s, 10000);
  await post(s, `/staff/price-lists/${running}/entries`, { sku: p.sku, min_qty: '1', mode: 'fixed', value: '80' });
  const html = await (await get(s, '/staff/price-lists')).text();
  for (const [id, label] of [[running, 'Running'], [scheduled, 'Scheduled'], [expired, 'Expired'], [inactive, 'Inactive']] as const) {
    const rowHtml = html.slice(html.indexOf(`id="list-${id}"`), html.indexOf('</tr>', html.indexOf(`id="list-${id}"`)));
    assert.match(rowHtml, `>${label}</span>`, `${id} is ${label}`);
  }
  assert.match(html.slice(html.indexOf(`id="list-${running}"`)), /<td class="num">1<\/td>/);
  const filtered = await (await get(s, '/staff/price-lists?status=expired', { htmx: true })).text();
  assert.match(filtered, `id="list-${expired}"`);
  assert.not.match(filtered, `id="list-${running}"`);
  assert.not.match(filtered, '<html');
  const byName = await (await get(s, '/staff/price-lists?q=later')).text();
  assert.match(byName, `id="list-${scheduled}"`);
  assert.not.match(byName, `id="list-${running}"`);

  const dup = await post(s, `/staff/price-lists/${running}/duplicate`, {});
  assert.is(dup.status, 303);
  const copyId = Number(/price-lists\/(\d+)\/edit/.exec(dup.headers.get('location') ?? '')![1]);
  assert.equal(await entries(s, copyId), await entries(s, running));
  assert.is((await s.db.selectFrom('price_lists').select(['name', 'active']).where('id', '=', copyId).executeTakeFirstOrThrow()).active, false);

  const confirm = await (await get(s, `/staff/price-lists/${running}/delete`)).text();
  assert.match(confirm, 'Its 1 entries are deleted too.');
  assert.is((await post(s, `/staff/price-lists/${running}/delete`, {})).status, 303);
  assert.not.ok(await s.db.selectFrom('price_lists').select('id').where('id', '=', running).executeTakeFirst());
  assert.is(await auditCount(s, 'price_list.deleted'), 1);
});

test('entries: add by SKU (lookup, tier, duplicate tier refused), inline edit 422 keeps the inputs, save swaps the row back, delete', async () => {
  const s = await setup();
  const list = await createList(s, { currency: 'TRY' });
  const p = await product(s, 20000, 'VD-4X40');
  const look = await (await get(s, `/staff/price-lists/${list}/sku-lookup?sku=vd4x40`, { htmx: true })).text();
  assert.match(look, 'Product VD-4X40');
  assert.match(await (await get(s, `/staff/price-lists/${list}/sku-lookup?sku=NOPE`, { htmx: true })).text(), 'No product with this SKU.');

  const badAdd = await post(s, `/staff/price-lists/${list}/entries`, { sku: 'NOPE', min_qty: '0', mode: 'fixed', value: '12.345' });
  assert.is(badAdd.status, 422);
  const bt = await badAdd.text();
  assert.match(bt, 'No product with this SKU.');
  assert.match(bt, 'Min qty must be a whole number');
  assert.match(bt, 'At most 2 decimals.');
  assert.match(bt, 'value="12.345"');
  assert.is((await post(s, `/staff/price-lists/${list}/entries`, { sku: 'VD-4X40', min_qty: '1', mode: 'fixed', value: '1.234,50' })).status, 303);
  assert.is((await post(s, `/staff/price-lists/${list}/entries`, { sku: 'VD-4X40', min_qty: '10', mode: 'fixed', value: '%7,5' })).status, 303, 'a % value is a percent entry');
  const dupTier = await post(s, `/staff/price-lists/${list}/entries`, { sku: 'VD-4X40', min_qty: '10', mode: 'percent', value: '9' });
  assert.is(dupTier.status, 422);
  assert.match(await dupTier.text(), 'already has a row starting at this quantity');
  assert.equal(await entries(s, list), [
    { sku: 'VD-4X40', min_qty: 1, price: 123450, percent_off: null },
    { sku: 'VD-4X40', min_qty: 10, price: null, percent_off: '7.50' },
  ]);

  const [e1, e10] = await s.db.selectFrom('price_list_entries').select(['id', 'min_qty']).where('price_list_id', '=', list).orderBy('min_qty').execute();
  const page = await (await get(s, `/staff/price-lists/${list}`)).text();
  assert.match(page, `id="entry-${e1!.id}"`);
  assert.match(page, '7.5 % off');
  assert.match(page, /TRY\s185\.00/, 'percent preview: 200.00 − 7.5 %');
  assert.match(page, 'href="/staff/price-lists/' + list + '/export.xlsx"');
  assert.match(page, 'href="/staff/price-lists/' + list + '/import"');
  assert.match(page, `href="/staff/payment-methods?list=${list}"`);

  const editRow = await (await get(s, `/staff/price-lists/${list}/entries/${e1!.id}/edit`, { htmx: true })).text();
  assert.match(editRow, `<tr id="entry-${e1!.id}" class="entry-row entry-row--edit">`);
  assert.match(editRow, 'value="1234.50"');
  const bad = await post(s, `/staff/price-lists/${list}/entries/${e1!.id}`, { min_qty: '10', mode: 'fixed', value: '12x' }, { htmx: true });
  assert.is(bad.status, 422);
  const badRow = await bad.text();
  assert.match(badRow, 'entry-row--edit');
  assert.match(badRow, 'value="12x"');
  assert.match(badRow, 'Enter an amount');
  const dupRow = await post(s, `/staff/price-lists/${list}/entries/${e1!.id}`, { min_qty: '10', mode: 'fixed', value: '99' }, { htmx: true });
  assert.is(dupRow.status, 422);
  assert.match(await dupRow.text(), 'value="10"');
  assert.equal((await entries(s, list))[0], { sku: 'VD-4X40', min_qty: 1, price: 123450, percent_off: null }, 'nothing saved on error');

  const ok = await post(s, `/staff/price-lists/${list}/entries/${e1!.id}`, { min_qty: '1', mode: 'fixed', value: '150' }, { htmx: true });
  assert.is(ok.status, 200);
  const okRow = await ok.text();
  assert.not.match(okRow, 'entry-row--edit');
  assert.match(okRow, /TRY\s150\.00/);
  assert.match(okRow, 'Saved.');
  assert.is((await entries(s, list))[0]!.price, 15000);

  // No JavaScript: the edit link opens the page with the row as inputs; a bad save re-renders it (422).
  const noJs = await get(s, `/staff/price-lists/${list}/entries/${e10!.id}/edit`);
  assert.match(await noJs.text(), `id="entry-form-${e10!.id}"`);
  const noJsBad = await post(s, `/staff/price-lists/${list}/entries/${e10!.id}`, { min_qty: '10', mode: 'percent', value: '101' });
  assert.is(noJsBad.status, 422);
  assert.match(await noJsBad.text(), 'between 0 and 100');

  assert.is((await post(s, `/staff/price-lists/${list}/entries/${e10!.id}/delete`, {}, { htmx: true })).status, 200);
  assert.is((await entries(s, list)).length, 1);
  assert.is(await auditCount(s, 'price_list_entry.created'), 2);
  assert.is(await auditCount(s, 'price_list_entry.updated'), 1);
  assert.is(await auditCount(s, 'price_list_entry.deleted'), 1);
  void p;
});

test('bulk: set percent off on the selected rows, change fixed prices by ±X % (half-up), errors keep the value', async () => {
  const s = await setup();
  const list = await createList(s);
  const a = await product(s, 10000);
  const b = await product(s, 10000);
  const c = await product(s, 10000);
  await post(s, `/staff/price-lists/${list}/paste`, { lines: `${a.sku};1;10,01\n${b.sku};1;20\n${c.sku};1;%5` });
  const ids = Object.fromEntries(
    (await s.db.selectFrom('price_list_entries as e').innerJoin('products as p', 'p.id', 'e.product_id').select(['e.id', 'p.sku']).where('e.price_list_id', '=', list).execute()).map((r) => [r.sku, r.id]),
  );
  const bulk = (fields: Record<string, string>, sel: number[]) => {
    const body = new URLSearchParams(fields);
    for (const id of sel) body.append('ids', String(id));
    return t.req(s.host, `/staff/price-lists/${list}/bulk`, { method: 'POST', body: body.toString(), headers: { cookie: s.cookie, origin: `http://${s.host}`, 'content-type': 'application/x-www-form-urlencoded' } });
  };
  const none = await bulk({ action: 'set_percent', bulk_value: '5' }, []);
  assert.is(none.status, 422);
  assert.match(await none.text(), 'Select rows first.');
  const badPct = await bulk({ action: 'set_percent', bulk_value: '120' }, [ids[a.sku]!]);
  assert.is(badPct.status, 422);
  assert.match(await badPct.text(), 'value="120"');

  assert.is((await bulk({ action: 'adjust_fixed', bulk_value: '-3' }, [ids[a.sku]!, ids[b.sku]!, ids[c.sku]!])).status, 303);
  // 10.01 × 0.97 = 9.7097 → 9.71; 20 × 0.97 = 19.40; the percent entry is left alone.
  assert.equal(
    (await entries(s, list)).map((e) => [e.price, e.percent_off]),
    [
      [971, null],
      [1940, null],
      [null, '5.00'],
    ],
  );
  assert.is((await bulk({ action: 'set_percent', bulk_value: '%7,5' }, [ids[a.sku]!, ids[b.sku]!])).status, 303);
  assert.equal(
    (await entries(s, list)).map((e) => [e.price, e.percent_off]),
    [
      [null, '7.50'],
      [null, '7.50'],
      [null, '5.00'],
    ],
  );
  // Ids of another list are ignored.
  const other = await createList(s, { name: 'Other' });
  await post(s, `/staff/price-lists/${other}/paste`, { lines: `${a.sku};1;50` });
  const otherId = (await s.db.selectFrom('price_list_entries').select('id').where('price_list_id', '=', other).executeTakeFirstOrThrow()).id;
  await bulk({ action: 'set_percent', bulk_value: '1' }, [otherId]);
  assert.equal(await entries(s, other), [{ sku: a.sku, min_qty: 1, price: 5000, percent_off: null }]);
  assert.is(await auditCount(s, 'price_list.bulk_edited'), 3);
});

test('paste: all-or-nothing with per-line errors; overwrite of the same product and min qty', async () => {
  const s = await setup();
  const list = await createList(s);
  const a = await product(s, 10000);
  const b = await product(s, 10000);
  const text = `${a.sku};1;12,50\n${b.sku};10;%101\nNOPE-1;1;5\n${a.sku};1;13\n${b.sku};x;5\nonly-one-column`;
  const res = await post(s, `/staff/price-lists/${list}/paste`, { lines: text });
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, 'nothing was saved');
  assert.match(html, 'Line 2: </strong>The percentage must be between 0 and 100.');
  assert.match(html, 'Line 3: </strong>No product with this SKU. (NOPE-1)');
  assert.match(html, 'Line 4: </strong>The same SKU and min qty are on line 1 too.');
  assert.match(html, 'Line 5: </strong>Min qty must be');
  assert.match(html, 'Line 6: </strong>A line needs SKU;min qty;value.');
  assert.match(html, `${a.sku};1;12,50`, 'the pasted text is kept');
  assert.equal(await entries(s, list), [], 'nothing saved');
  const ok = await post(s, `/staff/price-lists/${list}/paste`, { lines: `${a.sku};1;12,50\n${a.sku}\t10\t%7,5\n${b.sku};5` });
  assert.is(ok.status, 303);
  assert.equal(await entries(s, list), [
    { sku: a.sku, min_qty: 1, price: 1250, percent_off: null },
    { sku: a.sku, min_qty: 10, price: null, percent_off: '7.50' },
    { sku: b.sku, min_qty: 1, price: 500, percent_off: null },
  ]);
  await post(s, `/staff/price-lists/${list}/paste`, { lines: `${a.sku};1;11` });
  assert.is((await entries(s, list))[0]!.price, 1100, 'same product and min qty is overwritten');
  assert.is(await auditCount(s, 'price_list.pasted'), 2);
});

test('paging and search: 100 entries per page', async () => {
  const s = await setup();
  const list = await createList(s);
  const lines: string[] = [];
  for (let i = 0; i < 130; i++) {
    const p = await product(s, 1000, `PG-${String(i).padStart(3, '0')}`);
    lines.push(`${p.sku};1;5`);
  }
  assert.is((await post(s, `/staff/price-lists/${list}/paste`, { lines: lines.join('\n') })).status, 303);
  const first = await (await get(s, `/staff/price-lists/${list}`)).text();
  assert.is((first.match(/class="entry-row"/g) ?? []).length, 100);
  assert.match(first, `href="/staff/price-lists/${list}?offset=100"`);
  const second = await (await get(s, `/staff/price-lists/${list}?offset=100`)).text();
  assert.is((second.match(/class="entry-row"/g) ?? []).length, 30);
  assert.match(second, 'PG-129');
  const search = await (await get(s, `/staff/price-lists/${list}?q=PG-12`, { htmx: true })).text();
  assert.is((search.match(/class="entry-row"/g) ?? []).length, 10, 'PG-120 … PG-129');
});

test('permissions: warehouse and sales rep get 403 on every GET and write; owner allowed', async () => {
  const s = await setup();
  const list = await createList(s);
  const p = await product(s, 1000);
  await post(s, `/staff/price-lists/${list}/paste`, { lines: `${p.sku};1;5` });
  const eid = (await s.db.selectFrom('price_list_entries').select('id').where('price_list_id', '=', list).executeTakeFirstOrThrow()).id;
  for (const role of ['warehouse', 'sales_rep'] as const) {
    const cookie = await staffCookie(s.db, role);
    for (const path of ['/staff/price-lists', '/staff/price-lists/new', `/staff/price-lists/${list}`, `/staff/price-lists/${list}/edit`, `/staff/price-lists/${list}/delete`, `/staff/price-lists/${list}/sku-lookup?sku=x`, `/staff/price-lists/${list}/entries/${eid}/edit`]) {
      assert.is((await get(s, path, { cookie })).status, 403, `${role} GET ${path}`);
    }
    const writes: Array<[string, Record<string, string>]> = [
      ['/staff/price-lists', listForm(s)],
      [`/staff/price-lists/${list}`, listForm(s, { name: 'hacked' })],
      [`/staff/price-lists/${list}/delete`, {}],
      [`/staff/price-lists/${list}/duplicate`, {}],
      [`/staff/price-lists/${list}/entries`, { sku: p.sku, min_qty: '5', mode: 'fixed', value: '1' }],
      [`/staff/price-lists/${list}/entries/${eid}`, { min_qty: '1', mode: 'fixed', value: '1' }],
      [`/staff/price-lists/${list}/entries/${eid}/delete`, {}],
      [`/staff/price-lists/${list}/bulk`, { action: 'set_percent', bulk_value: '50', ids: String(eid) }],
      [`/staff/price-lists/${list}/paste`, { lines: `${p.sku};1;1` }],
    ];
    for (const [path, fields] of writes) assert.is((await post(s, path, fields, { cookie })).status, 403, `${role} POST ${path}`);
  }
  assert.equal(await entries(s, list), [{ sku: p.sku, min_qty: 1, price: 500, percent_off: null }]);
  assert.is((await s.db.selectFrom('price_lists').select('id').execute()).length, 1);
  const owner = await staffCookie(s.db, 'owner');
  assert.is((await get(s, `/staff/price-lists/${list}`, { cookie: owner })).status, 200);
  assert.is((await post(s, `/staff/price-lists/${list}/entries/${eid}`, { min_qty: '1', mode: 'fixed', value: '6' }, { cookie: owner, htmx: true })).status, 200);
});

test("isolation: another seller's list and entry ids are 404 and untouched", async () => {
  const a = await setup();
  const b = await setup();
  const listA = await createList(a);
  const p = await product(a, 1000);
  await post(a, `/staff/price-lists/${listA}/paste`, { lines: `${p.sku};1;5` });
  const foreign = listA + 100000;
  await a.db.insertInto('price_lists').values({ id: foreign, name: 'A only', currency: 'TRY', kind: 'segment', segment_id: a.segmentId, valid_from: '2026-01-01' }).execute();
  const e = await a.db.insertInto('price_list_entries').values({ id: 900001, price_list_id: foreign, product_id: p.id, min_qty: 1, price: 700 }).returning('id').executeTakeFirstOrThrow();
  for (const path of [`/staff/price-lists/${foreign}`, `/staff/price-lists/${foreign}/edit`, `/staff/price-lists/${foreign}/delete`, `/staff/price-lists/${foreign}/sku-lookup?sku=x`, `/staff/price-lists/${foreign}/entries/${e.id}/edit`]) {
    assert.is((await get(b, path)).status, 404, path);
  }
  for (const [path, fields] of [
    [`/staff/price-lists/${foreign}`, listForm(b)],
    [`/staff/price-lists/${foreign}/delete`, {}],
    [`/staff/price-lists/${foreign}/entries/${e.id}`, { min_qty: '1', mode: 'fixed', value: '1' }],
    [`/staff/price-lists/${foreign}/paste`, { lines: 'X;1;1' }],
  ] as const) {
    assert.is((await post(b, path, fields)).status, 404, path);
  }
  // B's own list with A's entry id: the entry is looked up inside B's list, so 404 too.
  const listB = await createList(b);
  assert.is((await post(b, `/staff/price-lists/${listB}/entries/${e.id}`, { min_qty: '1', mode: 'fixed', value: '1' })).status, 404);
  // A segment id of A only is refused on B's form.
  const segOnlyA = await a.db.insertInto('dealer_segments').values({ id: 700001, code: 'AONLY', name: 'A only' }).returning('id').executeTakeFirstOrThrow();
  const r = await post(b, '/staff/price-lists', listForm(b, { segment_id: String(segOnlyA.id) }));
  assert.is(r.status, 422);
  assert.match(await r.text(), 'This segment does not exist.');
  assert.is((await a.db.selectFrom('price_list_entries').select('price').where('id', '=', e.id).executeTakeFirstOrThrow()).price, 700);
});

test('what the UI writes is what resolvePrice reads: segment list with a fixed price and a tier, dealer assigned by the segment page', async () => {
  const s = await setup();
  const p = await product(s, 25000);
  const d = await build.dealer(s.db, { code: 'RES-1' });
  const list = await createList(s, { name: 'Gold', valid_from: '2026-01-01' });
  assert.is((await post(s, `/staff/price-lists/${list}/entries`, { sku: p.sku, min_qty: '1', mode: 'fixed', value: '199,90' })).status, 303);
  assert.is((await post(s, `/staff/price-lists/${list}/entries`, { sku: p.sku, min_qty: '10', mode: 'percent', value: '20' })).status, 303);
  const before = await resolvePrice(s.db, { dealerId: d.id, productId: p.id, qty: 1, date: TODAY });
  assert.is(before.unitNet, 25000, 'not in the segment yet: list price');
  assert.is((await post(s, `/staff/segments/${s.segmentId}/dealers`, { dealer_id: String(d.id) })).status, 303);
  const one = await resolvePrice(s.db, { dealerId: d.id, productId: p.id, qty: 1, date: TODAY });
  assert.is(one.unitNet, 19990);
  assert.is(one.breakdown.base, 'segment_list');
  assert.is(one.breakdown.priceListId, list);
  const ten = await resolvePrice(s.db, { dealerId: d.id, productId: p.id, qty: 10, date: TODAY });
  assert.is(ten.unitNet, 20000, '20 % off 250.00');
  // An inline edit changes what the resolver returns.
  const eid = (await s.db.selectFrom('price_list_entries').select('id').where('price_list_id', '=', list).where('min_qty', '=', 1).executeTakeFirstOrThrow()).id;
  await post(s, `/staff/price-lists/${list}/entries/${eid}`, { min_qty: '1', mode: 'fixed', value: '180' }, { htmx: true });
  assert.is((await resolvePrice(s.db, { dealerId: d.id, productId: p.id, qty: 1, date: TODAY })).unitNet, 18000);
  // Deactivating the list in the form takes it out of pricing.
  await post(s, `/staff/price-lists/${list}`, listForm(s, { name: 'Gold', active: '' }));
  assert.is((await resolvePrice(s.db, { dealerId: d.id, productId: p.id, qty: 1, date: TODAY })).unitNet, 25000);
});

test.run();
