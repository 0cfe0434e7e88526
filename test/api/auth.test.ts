import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { revokeApiKey } from '../../src/api/keys.ts';
import { product } from '../catalog/support.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { apiKey, call } from './support.ts';

const test = suite('API-1 authentication, scopes, rate limit, isolation');
let t: TestApp;
let limited: TestApp;

test.before(async () => {
  t = await makeTestApp();
  limited = await makeTestApp({ config: testConfig({ API_RATE_LIMIT: '5' }) });
});

const isErrorBody = (json: any, code: string) => {
  assert.type(json.error, 'object');
  assert.is(json.error.code, code);
  assert.type(json.error.message, 'string');
};

test('no key, a malformed key, a wrong secret and an unknown prefix all get 401 JSON', async () => {
  const ten = await makeTenant();
  const { key } = await apiKey(ten.db);
  const wrongSecret = key.slice(0, -4) + (key.endsWith('aaaa') ? 'bbbb' : 'aaaa');
  const unknownPrefix = `kv_aaaaaaaaaa_${key.split('_')[2]}`;
  for (const [label, k] of [['none', null], ['malformed', 'hello'], ['wrong secret', wrongSecret], ['unknown prefix', unknownPrefix]] as const) {
    const res = await call(t, ten.host, k, 'GET', '/products');
    assert.is(res.status, 401, label);
    isErrorBody(res.json, 'unauthorized');
    assert.match(res.headers.get('www-authenticate') ?? '', 'Bearer');
    assert.match(res.headers.get('content-type') ?? '', 'application/json');
  }
  const basic = await t.req(ten.host, '/api/v1/products', { headers: { authorization: `Basic ${Buffer.from(`x:${key}`).toString('base64')}` } });
  assert.is(basic.status, 401, 'only Bearer is accepted');
  assert.is((await call(t, ten.host, key, 'GET', '/products')).status, 200, 'the right key works');
});

test('a revoked key is refused at once', async () => {
  const ten = await makeTenant();
  const { key, id } = await apiKey(ten.db);
  assert.is((await call(t, ten.host, key, 'GET', '/products')).status, 200);
  await revokeApiKey(ten.db, id, null);
  const res = await call(t, ten.host, key, 'GET', '/products');
  assert.is(res.status, 401);
  assert.match(res.json.error.message, 'revoked');
});

test('a missing scope is 403 naming the scope; each endpoint checks its own', async () => {
  const ten = await makeTenant();
  await product(ten.db, { name: 'Vida', sku: 'V-1' });
  const { key: stockOnly } = await apiKey(ten.db, ['stock.write']);
  const { key: readOnly } = await apiKey(ten.db, ['products.read']);
  const list = await call(t, ten.host, stockOnly, 'GET', '/products');
  assert.is(list.status, 403);
  isErrorBody(list.json, 'insufficient_scope');
  assert.match(list.json.error.message, 'products.read');
  const checks: [string, string, unknown, string][] = [
    ['PUT', '/products/V-1', { name: 'x' }, 'products.write'],
    ['POST', '/products/batch', { products: [] }, 'products.write'],
    ['PUT', '/stock', [{ sku: 'V-1', qty: 1 }], 'stock.write'],
    ['PUT', '/prices', [{ sku: 'V-1', list_price: 100, currency: 'TRY' }], 'prices.write'],
  ];
  for (const [method, path, body, scope] of checks) {
    const res = await call(t, ten.host, readOnly, method, path, body);
    assert.is(res.status, 403, `${method} ${path}`);
    assert.match(res.json.error.message, scope);
  }
  const p = await ten.db.selectFrom('products').select(['name', 'stock_qty']).where('sku', '=', 'V-1').executeTakeFirstOrThrow();
  assert.equal(p, { name: 'Vida', stock_qty: 10 }, 'nothing changed');
});

test("tenant isolation: A's key on B's host is 401; A's SKU is invisible through B's key", async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  await product(a.db, { name: 'Gizli ürün A', sku: 'ONLY-A' });
  await product(b.db, { name: 'Ürün B', sku: 'ONLY-B' });
  const { key: keyA } = await apiKey(a.db);
  const { key: keyB } = await apiKey(b.db);
  const cross = await call(t, b.host, keyA, 'GET', '/products');
  assert.is(cross.status, 401);
  isErrorBody(cross.json, 'unauthorized');
  const get = await call(t, b.host, keyB, 'GET', '/products/ONLY-A');
  assert.is(get.status, 404);
  isErrorBody(get.json, 'not_found');
  const list = await call(t, b.host, keyB, 'GET', '/products?sku=ONLY-A,ONLY-B');
  assert.equal(list.json.data.map((p: any) => p.sku), ['ONLY-B']);
  const all = await call(t, b.host, keyB, 'GET', '/products?limit=500');
  assert.not.ok(all.json.data.some((p: any) => p.sku === 'ONLY-A'));
  const ownA = await call(t, a.host, keyA, 'GET', '/products/ONLY-A');
  assert.is(ownA.status, 200);
});

test('rate limit: the bucket allows the configured number, then 429 with Retry-After and X-RateLimit-* headers; keys have separate buckets', async () => {
  const ten = await makeTenant();
  const { key } = await apiKey(ten.db, ['products.read']);
  const { key: other } = await apiKey(ten.db, ['products.read']);
  const remaining: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await call(limited, ten.host, key, 'GET', '/products?limit=1');
    assert.is(res.status, 200, `request ${i + 1}`);
    assert.is(res.headers.get('x-ratelimit-limit'), '5');
    remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
  }
  assert.equal(remaining, [4, 3, 2, 1, 0]);
  const over = await call(limited, ten.host, key, 'GET', '/products?limit=1');
  assert.is(over.status, 429);
  isErrorBody(over.json, 'rate_limited');
  const retry = Number(over.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 12, `Retry-After ${retry} (one token per 12 s at 5/min)`);
  assert.is(over.headers.get('x-ratelimit-remaining'), '0');
  assert.ok(Number(over.headers.get('x-ratelimit-reset')) > 0);
  assert.is((await call(limited, ten.host, other, 'GET', '/products?limit=1')).status, 200, 'another key has its own bucket');
  const b = await makeTenant();
  const { key: keyB } = await apiKey(b.db, ['products.read']);
  assert.is((await call(limited, b.host, keyB, 'GET', '/products?limit=1')).status, 200, 'another tenant too');
});

test('last_used_at is set on use and moves at most once a minute', async () => {
  const ten = await makeTenant();
  const { key, id } = await apiKey(ten.db, ['products.read']);
  await call(t, ten.host, key, 'GET', '/products');
  const first = await ten.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
  assert.ok(first.last_used_at);
  await call(t, ten.host, key, 'GET', '/products');
  const second = await ten.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(second.last_used_at, first.last_used_at, 'not rewritten within a minute');
  await ten.db.updateTable('api_keys').set({ last_used_at: new Date(Date.now() - 120_000) }).where('id', '=', id).execute();
  await call(t, ten.host, key, 'GET', '/products');
  const third = await ten.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
  assert.ok(third.last_used_at!.getTime() > Date.now() - 10_000);
});

test('unknown endpoints are 404 JSON; bodies over 5 MB are 413; broken JSON is 400', async () => {
  const ten = await makeTenant();
  const { key } = await apiKey(ten.db);
  const nf = await call(t, ten.host, key, 'GET', '/orders');
  assert.is(nf.status, 404);
  isErrorBody(nf.json, 'not_found');
  const big = 'x'.repeat(5 * 1024 * 1024 + 10);
  const tooBig = await call(t, ten.host, key, 'POST', '/products/batch', `{"products":[],"pad":"${big}"}`);
  assert.is(tooBig.status, 413);
  isErrorBody(tooBig.json, 'payload_too_large');
  const broken = await call(t, ten.host, key, 'PUT', '/stock', '[{"sku": ');
  assert.is(broken.status, 400);
  isErrorBody(broken.json, 'invalid_json');
});

test.after(async () => {
  await t.close();
  await limited.close();
  await closeTestDb();
});

test.run();
