import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { product } from '../catalog/support.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { apiKey, call } from './support.ts';

const test = suite('API-1 concurrent stock writes');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});

const shuffle = <T>(xs: T[], seed: number) => {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

test('parallel PUT /stock calls on the same SKUs in different orders: no deadlock, each call applies whole, movements chain up', async () => {
  const ten = await makeTenant();
  const { key } = await apiKey(ten.db, ['stock.write']);
  const products: { id: number; sku: string }[] = [];
  for (let i = 0; i < 25; i++) products.push(await product(ten.db, { name: `Ürün ${i}`, sku: `C-${i}`, stock_qty: 5 }));
  const CALLS = 8;
  // Call r sets product i to r * 100 + i: every final value says which call wrote it.
  const bodies = Array.from({ length: CALLS }, (_, r) => shuffle(products.map((p, i) => ({ sku: p.sku, qty: (r + 1) * 100 + i })), r + 1));
  const started = Date.now();
  const answers = await Promise.all(bodies.map((b) => call(t, ten.host, key, 'PUT', '/stock', b)));
  const ms = Date.now() - started;
  for (const a of answers) {
    assert.is(a.status, 200, JSON.stringify(a.json).slice(0, 300));
    assert.is(a.json.summary.rejected, 0);
  }
  const final = await ten.db.selectFrom('products').select(['id', 'sku', 'stock_qty']).orderBy('id').execute();
  const writers = new Set(final.map((p) => Math.floor(p.stock_qty / 100)));
  assert.is(writers.size, 1, `all levels come from one call (the last to commit), got calls ${[...writers]}`);
  final.forEach((p, i) => assert.is(p.stock_qty % 100, i, `${p.sku} holds a value that was written for it`));

  const moves = await ten.db.selectFrom('stock_movements').select(['product_id', 'delta', 'qty_after', 'source', 'api_key_id']).orderBy('id').execute();
  for (const p of final) {
    const mine = moves.filter((m) => m.product_id === p.id);
    let level = 5;
    for (const m of mine) {
      assert.is(m.qty_after - m.delta, level, `${p.sku}: each movement starts where the previous ended`);
      level = m.qty_after;
    }
    assert.is(level, p.stock_qty, `${p.sku}: movements add up to the final level`);
    assert.ok(mine.length >= 1 && mine.length <= CALLS);
  }
  assert.ok(moves.every((m) => m.source === 'api' && m.api_key_id !== null));
  assert.ok(ms < 30_000, `finished in ${ms} ms`);
});

test.after(async () => {
  await t.close();
  await closeTestDb();
});

test.run();
