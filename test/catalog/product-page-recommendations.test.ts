import { suite } from 'uvu';
import type { OrderStatus } from '../../src/db/types.ts';
import * as assert from 'uvu/assert';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import { productRecommendations } from '../../src/catalog/recommendations.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { makeTestApp } from '../support/app.ts';
import { product } from './support.ts';

/**
 * CAT-10 on the real orders/order_lines tables (tenant migration 0013).
 */
const test = suite('CAT-10 recommendations from order lines');
type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;
let b: T;
const p: Record<string, number> = {};
let dealerX = 0;
let dealerY = 0;

test.before(async () => {
  a = await makeTenant({ name: 'Öneri Satıcı A' });
  b = await makeTenant({ name: 'Öneri Satıcı B' });
  for (const name of ['P', 'Q', 'R', 'S', 'T']) p[name] = (await product(a.db, { name: `Ürün ${name}` })).id;
  p.V = (await product(a.db, { name: 'Ürün P varyant', parent_id: p.P })).id;
  p.H = (await product(a.db, { name: 'Ürün H gizli', hidden: true })).id;
  dealerX = (await build.dealer(a.db)).id;
  dealerY = (await build.dealer(a.db)).id;
  await product(b.db, { name: 'B ürünü' });
});

test.after(async () => {
  await closeTestDb();
});

test('before any order the query returns nothing', async () => {
  assert.equal(await productRecommendations(a.db, a.tenant.schema, { productId: p.P!, dealerId: dealerX }), { together: [], before: [] });
  assert.equal(await productRecommendations(a.db, a.tenant.schema, { productId: p.P!, dealerId: null }), { together: [], before: [] });
});

test('ranks "often bought together" and "bought before" for this dealer only', async () => {
  const day = 24 * 3600 * 1000;
  const order = async (dealer: number, status: OrderStatus, daysAgo: number | null, lines: [string, number][]) => {
    const placed = daysAgo === null ? null : new Date(Date.now() - daysAgo * day);
    await build.order(a.db, { dealerId: dealer, status, placedAt: placed, lines: lines.map(([name, qty]) => ({ productId: p[name]!, qty })) });
  };
  await order(dealerX, 'delivered', 10, [['P', 1], ['Q', 5], ['R', 1]]);
  await order(dealerX, 'shipped', 5, [['P', 2], ['Q', 1]]);
  await order(dealerX, 'placed', 1, [['S', 3], ['R', 1]]);
  await order(dealerX, 'placed', 2, [['V', 1], ['H', 9], ['R', 2]]); // a variant of P counts as P; hidden H never shows
  await order(dealerX, 'cancelled', 0, [['P', 1], ['T', 30]]); // cancelled: not counted
  await order(dealerX, 'awaiting_approval', null, [['P', 1], ['T', 30]]); // not placed yet: not counted
  await order(dealerY, 'placed', 0, [['P', 1], ['T', 50]]); // another dealer's: not counted

  const recs = await productRecommendations(a.db, a.tenant.schema, { productId: p.P!, dealerId: dealerX });
  // Q and R were each on 2 orders with P; R's last one is more recent.
  assert.equal(recs.together.map((r) => [r.name, r.orders]), [['Ürün R', 2], ['Ürün Q', 2]]);
  // R (3 orders), Q (2), S (1) — the ones already shown as "together" are left out.
  assert.equal(recs.before.map((r) => [r.name, r.orders]), [['Ürün S', 1]]);
  // From the variant's page, P's family is still left out.
  const fromVariant = await productRecommendations(a.db, a.tenant.schema, { productId: p.V!, dealerId: dealerX });
  assert.equal(fromVariant.together.map((r) => r.name), ['Ürün R', 'Ürün Q']);
  // From S: together is R (o3); before lists the rest by orders.
  const fromS = await productRecommendations(a.db, a.tenant.schema, { productId: p.S!, dealerId: dealerX });
  assert.equal(fromS.together.map((r) => r.name), ['Ürün R']);
  assert.equal(fromS.before.map((r) => r.name), ['Ürün P', 'Ürün Q', 'Ürün P varyant']);
  const forY = await productRecommendations(a.db, a.tenant.schema, { productId: p.P!, dealerId: dealerY });
  assert.equal(forY.together.map((r) => r.name), ['Ürün T']);
});

test('another tenant never sees A\'s order history', async () => {
  const [bp] = await b.db.selectFrom('products').select('id').execute();
  assert.equal(await productRecommendations(b.db, b.tenant.schema, { productId: bp!.id, dealerId: dealerX }), { together: [], before: [] });
});

test('the product page shows both sections with links when there are results', async () => {
  const app = await makeTestApp();
  try {
    const { user } = await build.dealerUser(a.db, { dealerId: dealerX, role: 'buyer', totp: false });
    const html = await (await app.req(a.host, `${CATALOG_PATH}/products/${p.P}`, { headers: { cookie: await sessionCookie(a.db, user.id) } })).text();
    const together = /data-testid="bought-together"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.match(together, 'Sık birlikte aldıklarınız');
    assert.match(together, new RegExp(`href="${CATALOG_PATH}/products/${p.R}"[\\s\\S]*Ürün R[\\s\\S]*2 siparişte`));
    assert.ok(together.indexOf('Ürün R') < together.indexOf('Ürün Q'));
    assert.match(html, /data-testid="bought-before"[\s\S]*Ürün S/);
  } finally {
    await app.close();
  }
});

test.run();
