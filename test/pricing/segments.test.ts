import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** PRC-1: dealer segments (/staff/segments) and the dealer page's pricing panel, through the real app. */
const test = suite('PRC-1 staff dealer segments');
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

const post = (s: S, path: string, fields: Record<string, string>, opts: { cookie?: string; htmx?: boolean } = {}) =>
  t.req(s.host, path, { ...formPost(s.host, fields, { headers: { cookie: opts.cookie ?? s.cookie } }), htmx: opts.htmx });
const get = (s: S, path: string, opts: { cookie?: string; htmx?: boolean } = {}) => t.req(s.host, path, { headers: { cookie: opts.cookie ?? s.cookie }, htmx: opts.htmx });

async function segment(s: S, code: string, name: string): Promise<number> {
  const res = await post(s, '/staff/segments', { code, name });
  assert.is(res.status, 303);
  const row = await s.db.selectFrom('dealer_segments').select('id').where('code', '=', code.toUpperCase()).executeTakeFirstOrThrow();
  return row.id;
}

const audits = (s: S, action: string) => s.db.selectFrom('audit_log').select(['action', 'target_id', 'dealer_id', 'details']).where('action', '=', action).orderBy('id').execute();

test('create: errors next to the fields with input kept; code upper-cased and unique; audited', async () => {
  const s = await setup();
  const bad = await post(s, '/staff/segments', { code: 'go ld!', name: '' });
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, 'value="GO LD!"');
  assert.match(html, 'Use capitals, digits, - and _');
  assert.match(html, 'This field is required.');
  assert.equal(await s.db.selectFrom('dealer_segments').selectAll().execute(), []);
  const id = await segment(s, 'gold', 'Gold');
  const dup = await post(s, '/staff/segments', { code: 'GOLD', name: 'Gold again' });
  assert.is(dup.status, 422);
  assert.match(await dup.text(), 'Another segment uses this code.');
  assert.is((await s.db.selectFrom('dealer_segments').select('id').execute()).length, 1);
  const a = await audits(s, 'segment.created');
  assert.is(a.length, 1);
  assert.is(a[0]!.target_id, String(id));
  const index = await (await get(s, '/staff/segments')).text();
  assert.match(index, `id="segment-${id}"`);
  assert.match(index, '>Gold</a>');
});

test('rename keeps values on error, saves on success; delete needs a confirmation and leaves dealers without segment', async () => {
  const s = await setup();
  const id = await segment(s, 'SILVER', 'Silver');
  await segment(s, 'NEW', 'New');
  const taken = await post(s, `/staff/segments/${id}`, { code: 'NEW', name: 'Silber' });
  assert.is(taken.status, 422);
  const html = await taken.text();
  assert.match(html, 'value="Silber"');
  assert.match(html, 'Another segment uses this code.');
  assert.is((await post(s, `/staff/segments/${id}`, { code: 'SILVER', name: 'Silver dealers' })).status, 303);
  assert.is((await s.db.selectFrom('dealer_segments').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name, 'Silver dealers');

  const d1 = await build.dealer(s.db, { code: 'SEG-1' });
  const d2 = await build.dealer(s.db, { code: 'SEG-2' });
  await s.db.updateTable('dealers').set({ segment_id: id }).where('id', 'in', [d1.id, d2.id]).execute();
  const confirm = await get(s, `/staff/segments/${id}/delete`);
  assert.is(confirm.status, 200);
  const ctext = await confirm.text();
  assert.match(ctext, '2 dealers will be left without a segment');
  assert.match(ctext, `action="/staff/segments/${id}/delete"`);
  // A price list on the segment blocks the delete (it would be cascaded away silently).
  const list = await s.db.insertInto('price_lists').values({ name: 'Silver TRY', currency: 'TRY', kind: 'segment', segment_id: id, valid_from: '2026-01-01' }).returning('id').executeTakeFirstOrThrow();
  const refused = await post(s, `/staff/segments/${id}/delete`, {});
  assert.is(refused.status, 422);
  assert.match(await refused.text(), '1 price lists and 0 campaigns target this segment');
  assert.ok(await s.db.selectFrom('dealer_segments').select('id').where('id', '=', id).executeTakeFirst());
  await s.db.deleteFrom('price_lists').where('id', '=', list.id).execute();
  assert.is((await post(s, `/staff/segments/${id}/delete`, {})).status, 303);
  assert.not.ok(await s.db.selectFrom('dealer_segments').select('id').where('id', '=', id).executeTakeFirst());
  const left = await s.db.selectFrom('dealers').select(['id', 'segment_id']).where('id', 'in', [d1.id, d2.id]).execute();
  assert.ok(left.every((d) => d.segment_id === null), 'dealers fall back to no segment');
  const a = await audits(s, 'segment.deleted');
  assert.is(a.length, 1);
  const det = (typeof a[0]!.details === 'string' ? JSON.parse(a[0]!.details) : a[0]!.details) as { dealerIds: number[] };
  assert.equal(det.dealerIds.sort(), [d1.id, d2.id].sort());
});

test('assign by search (htmx): the dealer shows in the segment list, moves between segments, and can be removed', async () => {
  const s = await setup();
  const gold = await segment(s, 'GOLD', 'Gold');
  const silver = await segment(s, 'SILVER', 'Silver');
  const d = await build.dealer(s.db, { code: 'ACM-7001', companyName: 'Kuzey Yapı A.Ş.' });
  const found = await get(s, `/staff/segments/${gold}/dealer-search?q=kuzey`, { htmx: true });
  assert.is(found.status, 200);
  const ftext = await found.text();
  assert.match(ftext, 'ACM-7001');
  assert.match(ftext, 'no segment');
  assert.not.match(ftext, '<html');
  const add = await post(s, `/staff/segments/${gold}/dealers`, { dealer_id: String(d.id) }, { htmx: true });
  assert.is(add.status, 200);
  const atext = await add.text();
  assert.match(atext, 'id="segment-dealers"');
  assert.match(atext, `id="segment-dealer-${d.id}"`);
  assert.match(atext, 'ACM-7001 added to the segment.');
  const detail = await (await get(s, `/staff/segments/${gold}`)).text();
  assert.match(detail, `id="segment-dealer-${d.id}"`);
  assert.is((await s.db.selectFrom('dealers').select('segment_id').where('id', '=', d.id).executeTakeFirstOrThrow()).segment_id, gold);
  // A dealer is in at most one segment: adding it to Silver moves it.
  const again = await get(s, `/staff/segments/${silver}/dealer-search?q=ACM-7001`, { htmx: true });
  assert.match(await again.text(), 'now: Gold');
  assert.is((await post(s, `/staff/segments/${silver}/dealers`, { dealer_id: String(d.id) })).status, 303);
  assert.is((await s.db.selectFrom('dealers').select('segment_id').where('id', '=', d.id).executeTakeFirstOrThrow()).segment_id, silver);
  assert.not.match(await (await get(s, `/staff/segments/${gold}`)).text(), `id="segment-dealer-${d.id}"`);
  // Removing from a segment it is not in is a 404; from its own it works.
  assert.is((await post(s, `/staff/segments/${gold}/dealers/${d.id}/remove`, {})).status, 404);
  assert.is((await post(s, `/staff/segments/${silver}/dealers/${d.id}/remove`, {}, { htmx: true })).status, 200);
  assert.is((await s.db.selectFrom('dealers').select('segment_id').where('id', '=', d.id).executeTakeFirstOrThrow()).segment_id, null);
  const a = await audits(s, 'dealer.segment_assigned');
  assert.is(a.length, 2);
  assert.is(a[1]!.dealer_id, d.id);
  assert.is((await audits(s, 'dealer.segment_removed')).length, 1);
});

test('permissions: warehouse and sales rep get 403 on every GET and write; owner is allowed', async () => {
  const s = await setup();
  const id = await segment(s, 'GOLD', 'Gold');
  const d = await build.dealer(s.db);
  for (const role of ['warehouse', 'sales_rep'] as const) {
    const cookie = await staffCookie(s.db, role);
    for (const path of ['/staff/segments', `/staff/segments/${id}`, `/staff/segments/${id}/delete`, `/staff/segments/${id}/dealer-search?q=a`]) {
      assert.is((await get(s, path, { cookie })).status, 403, `${role} GET ${path}`);
    }
    const writes: Array<[string, Record<string, string>]> = [
      ['/staff/segments', { code: 'X', name: 'X' }],
      [`/staff/segments/${id}`, { code: 'GOLD', name: 'Hacked' }],
      [`/staff/segments/${id}/delete`, {}],
      [`/staff/segments/${id}/dealers`, { dealer_id: String(d.id) }],
      [`/staff/segments/${id}/dealers/${d.id}/remove`, {}],
    ];
    for (const [path, fields] of writes) assert.is((await post(s, path, fields, { cookie })).status, 403, `${role} POST ${path}`);
  }
  assert.is((await s.db.selectFrom('dealer_segments').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name, 'Gold');
  assert.is((await s.db.selectFrom('dealers').select('segment_id').where('id', '=', d.id).executeTakeFirstOrThrow()).segment_id, null);
  const owner = await staffCookie(s.db, 'owner');
  assert.is((await get(s, '/staff/segments', { cookie: owner })).status, 200);
  assert.is((await post(s, '/staff/segments', { code: 'OWN', name: 'Owner made' }, { cookie: owner })).status, 303);
});

test('isolation: segment and dealer ids of another seller are 404', async () => {
  const a = await setup();
  const b = await setup();
  const segA = await segment(a, 'GOLD', 'Gold A');
  const dealerA = await build.dealer(a.db);
  const segB = await segment(b, 'GOLD', 'Gold B');
  const foreign = segA + 100000;
  await a.db.insertInto('dealer_segments').values({ id: foreign, code: 'FOREIGN', name: 'Only in A' }).execute();
  for (const path of [`/staff/segments/${foreign}`, `/staff/segments/${foreign}/delete`, `/staff/segments/${foreign}/dealer-search?q=x`]) assert.is((await get(b, path, { htmx: true })).status, 404, path);
  assert.is((await post(b, `/staff/segments/${foreign}`, { code: 'X', name: 'X' })).status, 404);
  assert.is((await post(b, `/staff/segments/${foreign}/delete`, {})).status, 404);
  // A's dealer id on B's segment: not found in B (unless B happens to have the same id — make it one B cannot have).
  const foreignDealer = dealerA.id + 100000;
  await a.db.insertInto('dealers').values({ id: foreignDealer, code: 'FD-1', company_name: 'A only' }).execute();
  assert.is((await post(b, `/staff/segments/${segB}/dealers`, { dealer_id: String(foreignDealer) })).status, 404);
  assert.is((await get(b, `/staff/dealers/${foreignDealer}/pricing`)).status, 404);
  assert.ok(await a.db.selectFrom('dealer_segments').select('id').where('id', '=', foreign).executeTakeFirst(), 'A untouched');
});

test('dealer page: pricing panel shows segment and base currency; prices.manage edits, others read only; bad currency 422; missing rate warns', async () => {
  const s = await setup();
  const gold = await segment(s, 'GOLD', 'Gold');
  const d = await build.dealer(s.db, { code: 'DP-1' });
  const detail = await (await get(s, `/staff/dealers/${d.id}`)).text();
  assert.match(detail, `hx-get="/staff/dealers/${d.id}/pricing"`, 'the dealer page loads the panel');
  const panel = await (await get(s, `/staff/dealers/${d.id}/pricing`, { htmx: true })).text();
  assert.match(panel, 'id="dealer-pricing"');
  assert.match(panel, 'placeholder="TRY"');
  assert.match(panel, "Leave empty for the seller&#39;s base currency (TRY).");

  const bad = await post(s, `/staff/dealers/${d.id}/pricing`, { segment_id: String(gold), invoice_currency: 'US' }, { htmx: true });
  assert.is(bad.status, 422);
  const btext = await bad.text();
  assert.match(btext, 'Enter a three-letter ISO currency code');
  assert.match(btext, 'value="US"');
  assert.is((await s.db.selectFrom('dealers').select(['segment_id', 'invoice_currency']).where('id', '=', d.id).executeTakeFirstOrThrow()).segment_id, null, 'nothing saved');

  const ok = await post(s, `/staff/dealers/${d.id}/pricing`, { segment_id: String(gold), invoice_currency: 'usd' }, { htmx: true });
  assert.is(ok.status, 200);
  const otext = await ok.text();
  assert.match(otext, 'No exchange rate for USD has been entered yet');
  const row = await s.db.selectFrom('dealers').select(['segment_id', 'invoice_currency']).where('id', '=', d.id).executeTakeFirstOrThrow();
  assert.equal(row, { segment_id: gold, invoice_currency: 'USD' });
  assert.is((await audits(s, 'dealer.pricing_changed')).length, 1);
  // The segment page lists the dealer assigned from the dealer page.
  assert.match(await (await get(s, `/staff/segments/${gold}`)).text(), `id="segment-dealer-${d.id}"`);

  // Base currency typed in full is stored as "none" (follows the seller's base currency).
  await s.db.insertInto('exchange_rates').values({ currency: 'EUR', rate_date: '2026-11-01', rate: '40' }).execute();
  const eur = await (await post(s, `/staff/dealers/${d.id}/pricing`, { segment_id: '', invoice_currency: 'EUR' }, { htmx: true })).text();
  assert.not.match(eur, 'No exchange rate');
  await post(s, `/staff/dealers/${d.id}/pricing`, { segment_id: '', invoice_currency: 'TRY' });
  assert.is((await s.db.selectFrom('dealers').select('invoice_currency').where('id', '=', d.id).executeTakeFirstOrThrow()).invoice_currency, null);

  // Finance may see the dealer but not edit prices: read-only panel, POST 403.
  const finance = await staffCookie(s.db, 'finance');
  const ro = await (await get(s, `/staff/dealers/${d.id}/pricing`, { cookie: finance, htmx: true })).text();
  assert.match(ro, 'data-testid="dealer-pricing-facts"');
  assert.match(ro, 'TRY (base currency)');
  assert.not.match(ro, '<form');
  assert.is((await post(s, `/staff/dealers/${d.id}/pricing`, { segment_id: String(gold), invoice_currency: '' }, { cookie: finance })).status, 403);
  assert.is((await get(s, `/staff/dealers/${d.id}/pricing`, { cookie: await staffCookie(s.db, 'warehouse') })).status, 403);
  // Without htmx the panel is a page of its own.
  const full = await (await get(s, `/staff/dealers/${d.id}/pricing`)).text();
  assert.match(full, '<html');
  assert.match(full, 'DP-1');
});

test.run();
