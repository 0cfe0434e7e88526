import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateApproval } from '../../src/approvals/rules.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { closeTestDb } from '../support/db.ts';
import { order, product, world, type World } from './support.ts';

/** APR-1 rules pages and APR-4 workflow preview, through the routes, against real PostgreSQL. */
const test = suite('APR-1/APR-4 approval rules and preview');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const post = (w: World, path: string, fields: Record<string, string | string[]>, cookie = w.admin.cookie) => {
  const init = formPost(w.host, {}, { headers: { cookie } });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return t.req(w.host, path, { ...init, body: body.toString() });
};
const rules = (w: World) => w.db.selectFrom('approval_rules').selectAll().where('dealer_id', '=', w.dealer.id).orderBy('id').execute();

async function categories(w: World) {
  const root = await w.db.insertInto('categories').values({ slug: `elektrik-${w.dealer.id}`, name: 'Elektrik' }).returning('id').executeTakeFirstOrThrow();
  const child = await w.db.insertInto('categories').values({ slug: `kablo-${w.dealer.id}`, name: 'Kablolar', parent_id: root.id }).returning('id').executeTakeFirstOrThrow();
  const other = await w.db.insertInto('categories').values({ slug: `boya-${w.dealer.id}`, name: 'Boya' }).returning('id').executeTakeFirstOrThrow();
  return { root: root.id, child: child.id, other: other.id };
}

test('create: errors next to the fields with typed values kept, nothing saved; a valid rule is saved in the dealer currency and audited', async () => {
  const w = await world();
  const page = await (await t.req(w.host, '/portal/approvals/rules', { headers: { cookie: w.admin.cookie } })).text();
  assert.match(page, 'name="currency" type="text" value="TRY"', 'currency defaults to the dealer’s invoice currency');

  const bad = await post(w, '/portal/approvals/rules', { name: '', kind: 'amount_over', amount: '12,34,5x', currency: 'TRY', levels: '2', approver_ids: [String(w.a.id)] });
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, /id="f-name-error"[^>]*>This field is required/);
  assert.match(html, /id="f-amount-error"[^>]*>Enter a valid amount/);
  assert.match(html, /id="f-approver_ids-error"[^>]*>Two levels need at least two approvers/);
  assert.match(html, 'value="12,34,5x"');
  assert.is((await rules(w)).length, 0);

  const noUsers = await post(w, '/portal/approvals/rules', { name: 'Selin', kind: 'users', levels: '1' });
  assert.is(noUsers.status, 422);
  assert.match(await noUsers.text(), /id="f-user_ids-error"[^>]*>Pick at least one person/);
  const notApprover = await post(w, '/portal/approvals/rules', { name: 'X', kind: 'roles', roles: ['buyer'], levels: '1', approver_ids: [String(w.buyer.id)] });
  assert.is(notApprover.status, 422);
  assert.match(await notApprover.text(), 'Only active users with the approval right');

  const ok = await post(w, '/portal/approvals/rules', { name: 'Over 5,000', kind: 'amount_over', amount: '5,000.00', currency: 'TRY', levels: '2', approver_ids: [String(w.a.id), String(w.b.id)] });
  assert.is(ok.status, 303);
  const [r] = await rules(w);
  assert.equal([r!.kind, r!.amount, r!.currency, r!.levels, r!.approver_ids.map(Number).sort()], ['amount_over', 500000, 'TRY', 2, [w.a.id, w.b.id].sort()]);
  const dup = await post(w, '/portal/approvals/rules', { name: 'over 5,000', kind: 'roles', roles: ['buyer'], levels: '1' });
  assert.is(dup.status, 422);
  assert.match(await dup.text(), 'A rule with this name already exists');
  const audited = await w.db.selectFrom('audit_log').select(['action', 'target_id', 'dealer_id']).where('action', '=', 'approval_rule.created').execute();
  assert.equal(audited, [{ action: 'approval_rule.created', target_id: String(r!.id), dealer_id: w.dealer.id }]);
});

test('edit and deactivate: the saved rule changes, a deactivated rule no longer catches orders', async () => {
  const w = await world();
  await post(w, '/portal/approvals/rules', { name: 'Buyers', kind: 'roles', roles: ['buyer'], levels: '1' });
  const [r] = await rules(w);
  const edit = await t.req(w.host, `/portal/approvals/rules/${r!.id}/edit`, { headers: { cookie: w.admin.cookie } });
  assert.is(edit.status, 200);
  assert.match(await edit.text(), /id="f-roles-buyer"[^>]*checked/);
  const bad = await post(w, `/portal/approvals/rules/${r!.id}`, { name: 'Buyers', kind: 'roles', levels: '1' });
  assert.is(bad.status, 422);
  assert.equal((await rules(w))[0]!.roles, ['buyer'], 'nothing saved on error');
  assert.is((await post(w, `/portal/approvals/rules/${r!.id}`, { name: 'Buyers and viewers', kind: 'roles', roles: ['buyer', 'viewer'], levels: '1' })).status, 303);
  assert.equal((await rules(w))[0]!.roles, ['buyer', 'viewer']);

  const p = await product(w.db);
  assert.is((await order(w, w.buyer.id, p.id)).status, 'awaiting_approval');
  assert.is((await post(w, `/portal/approvals/rules/${r!.id}/deactivation`, {})).status, 303);
  assert.is((await rules(w))[0]!.active, false);
  assert.is((await order(w, w.buyer.id, p.id)).status, 'placed');
  const actions = await w.db.selectFrom('audit_log').select('action').where('action', 'like', 'approval_rule.%').orderBy('id').execute();
  assert.equal(actions.map((a) => a.action), ['approval_rule.created', 'approval_rule.updated', 'approval_rule.deactivated']);
});

test('category rules match products in the category or below (tenant schema, no raw SQL leak); the preview shows rules, levels and approvers', async () => {
  const w = await world();
  const c = await categories(w);
  const res = await post(w, '/portal/approvals/rules', { name: 'Electrical', kind: 'categories', category_ids: [String(c.root)], levels: '1', approver_ids: [String(w.b.id)] });
  assert.is(res.status, 303);
  await post(w, '/portal/approvals/rules', { name: 'Big', kind: 'amount_over', amount: '1000', currency: 'TRY', levels: '2' });
  const cable = await product(w.db, { categoryId: c.child });
  const paint = await product(w.db, { categoryId: c.other });
  assert.is((await order(w, w.buyer.id, cable.id, 1)).status, 'awaiting_approval');
  assert.is((await order(w, w.buyer.id, paint.id, 1)).status, 'placed');
  const wf = await evaluateApproval(w.db, { dealerId: w.dealer.id, userId: w.buyer.id, currency: 'TRY', totalGross: 100, productIds: [], categoryIds: [c.child], day: '2026-11-23', baseCurrency: 'TRY' });
  assert.equal(wf.rules.map((r) => r.name), ['Electrical']);

  const q = (params: string) => t.req(w.host, `/portal/approvals/rules/preview?${params}`, { headers: { cookie: w.admin.cookie }, htmx: true });
  const none = await (await q(`user_id=${w.buyer.id}&total=50`)).text();
  assert.match(none, 'No rule matches');
  assert.not.match(none, '<html', 'an htmx request gets the fragment');
  const one = await (await q(`user_id=${w.buyer.id}&total=50&category_ids=${c.child}`)).text();
  assert.match(one, '1 rule matches');
  assert.match(one, 'Electrical');
  assert.match(one, 'Büşra Onaycı');
  assert.not.match(one, 'Oğuz Onaycı');
  const both = await (await q(`user_id=${w.buyer.id}&total=2000,00&category_ids=${c.child}`)).text();
  assert.match(both, '2 rules match');
  assert.match(both, 'Level 2');
  const self = await (await q(`user_id=${w.a.id}&total=2000`)).text();
  assert.match(self, 'Oğuz Onaycı cannot approve their own order');
  const badUser = await q('user_id=&total=10');
  assert.is(badUser.status, 422);
  const full = await t.req(w.host, `/portal/approvals/rules/preview?user_id=${w.buyer.id}&total=2000`, { headers: { cookie: w.admin.cookie } });
  assert.match(await full.text(), '<html');
});

test('preview from a saved cart: priced like checkout, the owner orders; another dealer’s cart is refused', async () => {
  const w = await world();
  await post(w, '/portal/approvals/rules', { name: 'Over 100', kind: 'amount_over', amount: '100', currency: 'TRY', levels: '1' });
  const p = await product(w.db, { price: 5000 });
  const cart = await w.db.insertInto('carts').values({ dealer_id: w.dealer.id, owner_id: w.buyer.id, name: 'Monthly restock', shared: true }).returning('id').executeTakeFirstOrThrow();
  await w.db.insertInto('cart_lines').values({ cart_id: cart.id, product_id: p.id, qty: 3 }).execute();
  const page = await (await t.req(w.host, '/portal/approvals/rules', { headers: { cookie: w.admin.cookie } })).text();
  assert.match(page, 'Monthly restock — Selin Alıcı (1)');
  const res = await t.req(w.host, `/portal/approvals/rules/preview?user_id=&total=&cart_id=${cart.id}`, { headers: { cookie: w.admin.cookie }, htmx: true });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, '1 rule matches');
  assert.match(html, 'Over 100');
  assert.match(html, /The cart’s total today: [^<]*180/, '3 × 50.00 + 20 % VAT = 180.00');
  const other = await world(w);
  const foreign = await other.db.insertInto('carts').values({ dealer_id: other.dealer.id, owner_id: other.buyer.id, name: 'Theirs', shared: true }).returning('id').executeTakeFirstOrThrow();
  const refused = await t.req(w.host, `/portal/approvals/rules/preview?user_id=&total=&cart_id=${foreign.id}`, { headers: { cookie: w.admin.cookie }, htmx: true });
  assert.is(refused.status, 422);
  assert.match(await refused.text(), 'That cart was not found');
});

test('the rules pages are the company’s own: another dealer’s admin gets 404 for its rule ids, an approver without users.manage 403', async () => {
  const w = await world();
  await post(w, '/portal/approvals/rules', { name: 'Buyers', kind: 'roles', roles: ['buyer'], levels: '1' });
  const [r] = await rules(w);
  const other = await world(w);
  assert.is((await t.req(w.host, `/portal/approvals/rules/${r!.id}/edit`, { headers: { cookie: other.admin.cookie } })).status, 404);
  assert.is((await post(w, `/portal/approvals/rules/${r!.id}`, { name: 'Hacked', kind: 'roles', roles: ['viewer'], levels: '1' }, other.admin.cookie)).status, 404);
  assert.not.match(await (await t.req(w.host, '/portal/approvals/rules', { headers: { cookie: other.admin.cookie } })).text(), 'Buyers');
  assert.is((await post(w, '/portal/approvals/rules', { name: 'X', kind: 'roles', roles: ['viewer'], levels: '1' }, w.a.cookie)).status, 403);
  assert.is((await rules(w))[0]!.name, 'Buyers');
});

test.run();
