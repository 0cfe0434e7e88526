import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { listAccounts, registerCardGateway, validateAccount } from '../../src/finance/accounts.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product } from '../orders/desk-support.ts';

/** FIN-1/FIN-2/FIN-4: dealer settlement terms at /staff/accounts through the real app. */
const test = suite('FIN-1 dealer accounts');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  registerCardGateway(null);
  await t.close();
  await closeTestDb();
});

async function setup() {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const cookie = await staffCookie(ten.db, 'finance');
  return { ...ten, cookie, tenantId: ten.tenant.id };
}
type S = Awaited<ReturnType<typeof setup>>;
const get = (s: S, path: string, cookie = s.cookie) => t.req(s.host, path, { headers: { cookie } });
const post = (s: S, path: string, body: URLSearchParams, cookie = s.cookie) =>
  t.req(s.host, path, { method: 'POST', body: body.toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${s.host}` } });
const form = (f: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p;
};
const account = (s: S, id: number) => s.db.selectFrom('dealer_accounts').selectAll().where('dealer_id', '=', id).executeTakeFirst();

test('validation is exact: money text both ways, days range, methods, card needs a gateway, prepayment excludes open account', () => {
  const base = { settlement: 'open_account', credit_limit: '250.000,50', currency: 'TRY', payment_term_days: '45', payment_methods: ['open_account', 'wire'], over_limit: 'review' };
  const ok = validateAccount(base, 'tr');
  assert.ok(ok.ok && ok.value.credit_limit === 25000050 && ok.value.payment_term_days === 45 && ok.value.over_limit === 'review');
  const en = validateAccount({ ...base, credit_limit: '1234.56' }, 'en');
  assert.ok(en.ok && en.value.credit_limit === 123456);
  const cases: Array<[Partial<typeof base>, string, string]> = [
    [{ credit_limit: 'abc' }, 'credit_limit', 'money'],
    [{ credit_limit: '-5' }, 'credit_limit', 'money'],
    [{ currency: 'XX' }, 'currency', 'currency'],
    [{ payment_term_days: '400' }, 'payment_term_days', 'days'],
    [{ payment_term_days: '1.5' }, 'payment_term_days', 'days'],
    [{ payment_methods: [] }, 'payment_methods', 'methods'],
    [{ payment_methods: ['bitcoin'] }, 'payment_methods', 'methods'],
    [{ payment_methods: ['card'] }, 'payment_methods', 'card'],
    [{ settlement: 'prepayment', payment_methods: ['open_account'] }, 'payment_methods', 'prepaymentMethod'],
    [{ settlement: 'barter' }, 'settlement', 'settlement'],
    [{ over_limit: 'ignore' }, 'over_limit', 'overLimit'],
  ];
  for (const [patch, field, code] of cases) {
    const r = validateAccount({ ...base, ...patch }, 'en');
    assert.ok(!r.ok && (r.errors as Record<string, string>)[field] === code, `${JSON.stringify(patch)} → ${field}:${code}`);
  }
  registerCardGateway({ name: 'test', startPayment: async () => ({ redirectUrl: 'x', reference: 'y' }) });
  assert.ok(validateAccount({ ...base, payment_methods: ['card'] }, 'en').ok, 'card allowed once a gateway is registered');
  registerCardGateway(null);
});

test('page: list with exposure bars and near-limit filter; account page shows exposure, remaining, open orders', async () => {
  const s = await setup();
  const near = await dealer(s.db, { name: 'Yakın Limit Ticaret', limit: 100000 });
  const far = await dealer(s.db, { name: 'Uzak Limit Ticaret', limit: 10_000_000 });
  const p = await product(s.db, { price: 70000, vat: 20, stock: 100 });
  const o = await order(s.db, s.tenantId, near, [{ productId: p.id, qty: 1 }]); // 840.00 gross of 1000.00
  await order(s.db, s.tenantId, far, [{ productId: p.id, qty: 1 }]);
  let html = await (await get(s, '/staff/accounts')).text();
  assert.match(html, '<h1>Dealer accounts</h1>');
  assert.match(html, 'Yakın Limit Ticaret');
  assert.match(html, 'Uzak Limit Ticaret');
  assert.match(html, /<meter[^>]*value="84"/);
  assert.match(html, 'href="/staff/accounts"', 'nav item');
  html = await (await get(s, '/staff/accounts?near=1')).text();
  assert.match(html, 'Yakın Limit Ticaret');
  assert.not.match(html, 'Uzak Limit Ticaret');
  const rows = await listAccounts(s.db, { baseCurrency: 'TRY', day: '2099-01-01' });
  assert.is(rows.find((r) => r.dealer_id === near.dealerId)?.exposure, 84000);

  html = await (await get(s, `/staff/accounts/${near.dealerId}`)).text();
  assert.match(html, /data-testid="exposure">[^<]*840\.00</);
  assert.match(html, /data-testid="remaining"[^>]*>[^<]*160\.00</);
  assert.match(html, o.number);
  assert.match(html, 'not configured', 'card shown as not configured');
  assert.match(html, /value="card"[^>]*disabled/);
});

test('save: valid terms stored and audited; errors next to fields with typed values kept and nothing saved', async () => {
  const s = await setup();
  const who = await dealer(s.db);
  const before = await account(s, who.dealerId);
  const bad = await post(s, `/staff/accounts/${who.dealerId}`, form({ settlement: 'open_account', credit_limit: '12,34,5', currency: 'TRY', payment_term_days: '999', payment_methods: ['open_account', 'card'], over_limit: 'block' }));
  assert.is(bad.status, 422);
  const text = await bad.text();
  assert.match(text, 'value="12,34,5"');
  assert.match(text, 'Enter an amount');
  assert.match(text, 'whole number of days');
  assert.equal(await account(s, who.dealerId), before, 'nothing saved');
  const card = await post(s, `/staff/accounts/${who.dealerId}`, form({ settlement: 'open_account', credit_limit: '500', currency: 'TRY', payment_term_days: '30', payment_methods: ['card'], over_limit: 'block' }));
  assert.is(card.status, 422);
  assert.match(await card.text(), 'No card payment gateway');

  const ok = await post(s, `/staff/accounts/${who.dealerId}`, form({ settlement: 'open_account', credit_limit: '250.000,00', currency: 'TRY', payment_term_days: '60', payment_methods: ['wire', 'open_account'], over_limit: 'review' }));
  assert.is(ok.status, 303);
  const row = (await account(s, who.dealerId))!;
  assert.is(row.credit_limit, 25000000);
  assert.is(row.payment_term_days, 60);
  assert.equal(row.payment_methods, ['open_account', 'wire']);
  assert.is(row.over_limit, 'review');
  const a = await s.db.selectFrom('audit_log').select(['details', 'dealer_id']).where('action', '=', 'dealer_account.saved').executeTakeFirstOrThrow();
  assert.is(a.dealer_id, who.dealerId);
  assert.is((a.details as { previous: { credit_limit: number } }).previous.credit_limit, 1_000_000_000);

  // A dealer without terms yet: created on first save, currency defaults to the invoice currency.
  const fresh = await s.db.insertInto('dealers').values({ code: 'DNEW1', company_name: 'Yeni Bayi', status: 'active', invoice_currency: 'EUR' } as never).returning('id').executeTakeFirstOrThrow();
  const page = await (await get(s, `/staff/accounts/${fresh.id}`)).text();
  assert.match(page, 'No terms kept for this dealer yet');
  assert.match(page, 'name="currency" type="text" value="EUR"');
  const created = await post(s, `/staff/accounts/${fresh.id}`, form({ settlement: 'prepayment', credit_limit: '', currency: 'EUR', payment_term_days: '0', payment_methods: ['prepayment', 'wire'], over_limit: 'block' }));
  assert.is(created.status, 303);
  assert.is((await account(s, fresh.id))!.settlement, 'prepayment');
});

test('permissions and isolation: warehouse and sales rep 403 (page and post), unknown or tenant-B dealer 404', async () => {
  const s = await setup();
  const b = await setup();
  const who = await dealer(s.db);
  const whoB = await dealer(b.db);
  const body = form({ settlement: 'open_account', credit_limit: '1', currency: 'TRY', payment_term_days: '30', payment_methods: ['open_account'], over_limit: 'block' });
  for (const role of ['warehouse', 'sales_rep'] as const) {
    const c = await staffCookie(s.db, role);
    assert.is((await get(s, '/staff/accounts', c)).status, 403, role);
    assert.is((await get(s, `/staff/accounts/${who.dealerId}`, c)).status, 403, role);
    assert.is((await post(s, `/staff/accounts/${who.dealerId}`, body, c)).status, 403, role);
    const nav = await (await get(s, '/staff/orders', c)).text();
    assert.not.match(nav, 'href="/staff/accounts"', `no accounts nav for ${role}`);
  }
  assert.is((await account(s, who.dealerId))!.credit_limit, 1_000_000_000, 'unchanged');
  assert.is((await get(s, `/staff/accounts/${whoB.dealerId + 100000}`)).status, 404);
  // Tenant B's dealer id: looked up inside tenant A's schema only.
  const bOnly = await b.db.insertInto('dealers').values({ code: 'BONLY', company_name: 'B Only', status: 'active' } as never).returning('id').executeTakeFirstOrThrow();
  const maxA = await s.db.selectFrom('dealers').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
  if (bOnly.id > Number(maxA.m)) {
    assert.is((await get(s, `/staff/accounts/${bOnly.id}`)).status, 404);
    assert.is((await post(s, `/staff/accounts/${bOnly.id}`, body)).status, 404);
  }
  assert.is((await b.db.selectFrom('dealer_accounts').select('credit_limit').where('dealer_id', '=', whoB.dealerId).executeTakeFirstOrThrow()).credit_limit, 1_000_000_000);
});

test.run();
