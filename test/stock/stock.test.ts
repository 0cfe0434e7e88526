import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { adjustStock, setStockLevels, StockError } from '../../src/stock/stock.ts';
import { product } from '../catalog/support.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('STK-1 stock writers under concurrency');
type T = Awaited<ReturnType<typeof makeTenant>>;
let a: T;

test.before(async () => {
  a = await makeTenant();
});
test.after(async () => {
  await closeTestDb();
});

const level = async (id: number) => (await a.db.selectFrom('products').select('stock_qty').where('id', '=', id).executeTakeFirstOrThrow()).stock_qty;
const movementSum = async (id: number) =>
  Number((await a.db.selectFrom('stock_movements').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('delta'), eb.val('0')).as('s')).where('product_id', '=', id).executeTakeFirstOrThrow()).s);

test('20 parallel takes of one unit on 10 in stock: exactly 10 succeed, stock ends at 0, never negative', async () => {
  const p = await product(a.db, { name: 'Yarış Vidası', stock_qty: 10 });
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => adjustStock(a.db, p.id, -1, { source: 'order', note: 'race' })));
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.is(ok.length, 10);
  assert.is(refused.length, 10);
  for (const r of refused) {
    assert.instance(r.reason, StockError);
    assert.is((r.reason as StockError).code, 'negative');
  }
  assert.is(await level(p.id), 0);
  const moves = await a.db.selectFrom('stock_movements').select(['delta', 'qty_after']).where('product_id', '=', p.id).orderBy('id').execute();
  assert.is(moves.length, 10, 'one movement per successful take, none for refused ones');
  assert.ok(moves.every((m) => m.delta === -1 && m.qty_after >= 0));
  assert.equal(moves.map((m) => m.qty_after).sort((x, y) => y - x), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
});

test('a take larger than the stock is refused and changes nothing', async () => {
  const p = await product(a.db, { name: 'Az Stoklu', stock_qty: 3 });
  try {
    await adjustStock(a.db, p.id, -4, { source: 'manual' });
    assert.unreachable('should refuse');
  } catch (err) {
    assert.instance(err, StockError);
    assert.is((err as StockError).code, 'negative');
  }
  assert.is(await level(p.id), 3);
  assert.is(await movementSum(p.id), 0);
});

test('import and API setting levels on overlapping products at once: no deadlock, movements add up to the final level', async () => {
  const items = await Promise.all(Array.from({ length: 40 }, (_, i) => product(a.db, { name: `Çakışan Ürün ${i}`, stock_qty: 100 })));
  const ids = items.map((p) => p.id);
  // Import writes the first 30 ascending, the API the last 30 descending (20 overlap), 8 rounds each.
  const importIds = ids.slice(0, 30);
  const apiIds = ids.slice(10).reverse();
  const rounds = 8;
  const started = Date.now();
  await Promise.all([
    ...Array.from({ length: rounds }, (_, r) => setStockLevels(a.db, importIds.map((id, i) => ({ productId: id, qty: 200 + r * 10 + i })), { source: 'import' })),
    ...Array.from({ length: rounds }, (_, r) => setStockLevels(a.db, apiIds.map((id, i) => ({ productId: id, qty: 500 + r * 7 + i })), { source: 'api' })),
  ]);
  assert.ok(Date.now() - started < 30_000, 'finished without waiting out a deadlock');
  for (const id of ids) {
    const final = await level(id);
    assert.is(await movementSum(id), final - 100, `product ${id}: movements sum to the change`);
    const last = await a.db.selectFrom('stock_movements').select('qty_after').where('product_id', '=', id).orderBy('id', 'desc').executeTakeFirst();
    assert.is(last?.qty_after ?? 100, final, `product ${id}: the newest movement shows the final level`);
  }
});

test('absolute levels refuse negative or fractional quantities and unknown products, writing nothing', async () => {
  const p = await product(a.db, { name: 'Doğrulanan', stock_qty: 5 });
  for (const qty of [-1, 1.5, Number.NaN]) {
    try {
      await setStockLevels(a.db, [{ productId: p.id, qty }], { source: 'api' });
      assert.unreachable(`qty ${qty}`);
    } catch (err) {
      assert.is((err as StockError).code, 'invalid');
    }
  }
  try {
    await setStockLevels(a.db, [{ productId: p.id, qty: 9 }, { productId: 999_999_999, qty: 1 }], { source: 'api' });
    assert.unreachable('unknown product');
  } catch (err) {
    assert.is((err as StockError).code, 'not_found');
  }
  assert.is(await level(p.id), 5, 'the known product of the failed batch kept its level');
});

test.run();
