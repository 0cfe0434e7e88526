import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import { startWorkers } from '../../src/jobs/worker-runtime.ts';
import { brandFor } from '../../src/notifications/brand.ts';
import { runStockAlerts } from '../../src/stock/alerts.ts';
import { nudgeStockAlerts, NUDGE_WINDOW_MS, STOCK_ALERTS_EVERY_MS, STOCK_ALERTS_JOB } from '../../src/stock/jobs.ts';
import { adjustStock, setStockLevels } from '../../src/stock/stock.ts';
import { subscribe } from '../../src/stock/subscriptions.ts';
import { makeJobHarness, settledJob, waitFor } from '../jobs/fixtures/harness.ts';
import { product } from '../catalog/support.ts';
import { build } from '../support/build.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('STK-2, CAT-7 stock-alert job');
type T = Awaited<ReturnType<typeof makeTenant>>;

test.after(async () => {
  await closeTestDb();
});

const mails = (s: T, template: string) => s.db.selectFrom('notifications').select(['recipient', 'locale', 'subject', 'body_text']).where('template', '=', template).orderBy('id').execute();
const brandOf = (s: T) => brandFor(testConfig(), s.tenant);

test('one low-stock alert per dip, to warehouse staff only, listing the products; it re-arms when stock recovers', async () => {
  const s = await makeTenant();
  const { user: wh } = await build.staff(s.db, { role: 'warehouse', email: 'depo@seller.example' });
  await s.db.updateTable('users').set({ locale: 'en' }).where('id', '=', wh.id).execute();
  await build.staff(s.db, { role: 'owner', email: 'sahip@seller.example' });
  const low = await product(s.db, { name: 'Conta Seti', sku: 'CNT-1', stock_qty: 12, min_stock: 5 });
  const fine = await product(s.db, { name: 'Bol Stoklu', stock_qty: 100, min_stock: 5 });
  await product(s.db, { name: 'Minimumsuz', stock_qty: 0, min_stock: 0 });

  assert.is((await runStockAlerts(s.db, brandOf(s))).lowAlerted, 0, 'nothing low yet');
  await adjustStock(s.db, low.id, -7, { source: 'manual', note: 'test' }); // 5 = minimum → low
  const first = await runStockAlerts(s.db, brandOf(s));
  assert.is(first.lowAlerted, 1);
  let sent = await mails(s, 'stock.low');
  assert.is(sent.length, 1, 'only the warehouse person, not the owner');
  assert.is(sent[0]!.recipient, 'depo@seller.example');
  assert.is(sent[0]!.locale, 'en', "in the recipient's language");
  assert.match(sent[0]!.body_text, 'CNT-1 — Conta Seti: available 5, minimum 5');
  assert.not.match(sent[0]!.body_text, 'Bol Stoklu');
  assert.match(sent[0]!.body_text, '/staff/stock/replenishment');

  // Still low, more taken out, and the job runs twice at once: no second alert for the same dip.
  await adjustStock(s.db, low.id, -2, { source: 'manual', note: 'test' });
  await Promise.all([runStockAlerts(s.db, brandOf(s)), runStockAlerts(s.db, brandOf(s))]);
  assert.is((await mails(s, 'stock.low')).length, 1);

  // Recovers above the minimum → re-armed; the next dip alerts again.
  await setStockLevels(s.db, [{ productId: low.id, qty: 20 }], { source: 'count' });
  const rearm = await runStockAlerts(s.db, brandOf(s));
  assert.is(rearm.rearmed, 1);
  assert.is((await s.db.selectFrom('products').select('low_stock_alerted_at').where('id', '=', low.id).executeTakeFirstOrThrow()).low_stock_alerted_at, null);
  await setStockLevels(s.db, [{ productId: low.id, qty: 1 }], { source: 'count' });
  await runStockAlerts(s.db, brandOf(s));
  sent = await mails(s, 'stock.low');
  assert.is(sent.length, 2, 'a new dip, a new alert');
  assert.is(fine.min_stock, 5);
});

test('reservations count: available = stock − reserved; without warehouse staff the owner and admins are told', async () => {
  const s = await makeTenant();
  await build.staff(s.db, { role: 'owner', email: 'owner@seller.example' });
  await build.staff(s.db, { role: 'admin', email: 'admin@seller.example' });
  await build.staff(s.db, { role: 'catalog_manager', email: 'catalog@seller.example' });
  const p = await product(s.db, { name: 'Rezerveli', stock_qty: 10, min_stock: 3 });
  await s.db.updateTable('products').set({ reserved_qty: 8 }).where('id', '=', p.id).execute();
  await runStockAlerts(s.db, brandOf(s));
  const sent = await mails(s, 'stock.low');
  assert.equal(sent.map((m) => m.recipient).sort(), ['admin@seller.example', 'owner@seller.example']);
  assert.match(sent[0]!.body_text, 'kullanılabilir 2');
});

test('back in stock: the dealer user is told once, in their language, with a link to the product; others stay open', async () => {
  const s = await makeTenant();
  const dealer = await build.dealer(s.db);
  const { user: buyer } = await build.dealerUser(s.db, { dealerId: dealer.id, email: 'alici@bayi.example' });
  await s.db.updateTable('users').set({ locale: 'en' }).where('id', '=', buyer.id).execute();
  const { user: other } = await build.dealerUser(s.db, { dealerId: dealer.id, email: 'diger@bayi.example' });
  const back = await product(s.db, { name: 'Tükenen Matkap', stock_qty: 0, out_of_stock_behaviour: 'block' });
  const still = await product(s.db, { name: 'Hâlâ Yok', stock_qty: 0, out_of_stock_behaviour: 'backorder' });
  await subscribe(s.db, back.id, buyer.id);
  await subscribe(s.db, back.id, buyer.id); // a double click keeps one subscription
  await subscribe(s.db, still.id, other.id);
  assert.is((await runStockAlerts(s.db, brandOf(s))).backInStock, 0);

  await setStockLevels(s.db, [{ productId: back.id, qty: 4 }], { source: 'import' });
  const [r1, r2] = await Promise.all([runStockAlerts(s.db, brandOf(s)), runStockAlerts(s.db, brandOf(s))]);
  assert.is(r1.backInStock + r2.backInStock, 1, 'two racing runs close it once');
  await runStockAlerts(s.db, brandOf(s));
  const sent = await mails(s, 'stock.back_in_stock');
  assert.is(sent.length, 1);
  assert.is(sent[0]!.recipient, 'alici@bayi.example');
  assert.is(sent[0]!.locale, 'en');
  assert.match(sent[0]!.body_text, `/portal/catalog/products/${back.id}`);
  assert.match(sent[0]!.subject, 'Tükenen Matkap');
  const subs = await s.db.selectFrom('stock_subscriptions').select(['product_id', 'notified_at']).orderBy('id').execute();
  assert.ok(subs.find((x) => x.product_id === back.id)!.notified_at);
  assert.is(subs.find((x) => x.product_id === still.id)!.notified_at, null);

  // Out again and back again: a closed subscription does not mail twice.
  await setStockLevels(s.db, [{ productId: back.id, qty: 0 }], { source: 'import' });
  await setStockLevels(s.db, [{ productId: back.id, qty: 9 }], { source: 'import' });
  await runStockAlerts(s.db, brandOf(s));
  assert.is((await mails(s, 'stock.back_in_stock')).length, 1);
});

test('a blocked dealer user\'s subscription is closed without a mail; a hidden product keeps it open', async () => {
  const s = await makeTenant();
  const dealer = await build.dealer(s.db);
  const { user: blocked } = await build.dealerUser(s.db, { dealerId: dealer.id });
  const { user: waiting } = await build.dealerUser(s.db, { dealerId: dealer.id });
  const a = await product(s.db, { name: 'A', stock_qty: 0 });
  const hidden = await product(s.db, { name: 'Gizli', stock_qty: 0 });
  await subscribe(s.db, a.id, blocked.id);
  await subscribe(s.db, hidden.id, waiting.id);
  await s.db.updateTable('users').set({ status: 'blocked' }).where('id', '=', blocked.id).execute();
  await s.db.updateTable('products').set({ hidden: true }).where('id', '=', hidden.id).execute();
  await setStockLevels(s.db, [{ productId: a.id, qty: 5 }, { productId: hidden.id, qty: 5 }], { source: 'api' });
  const res = await runStockAlerts(s.db, brandOf(s));
  assert.is(res.backInStock, 1);
  assert.is(res.notificationIds.length, 0);
  assert.is((await s.db.selectFrom('stock_subscriptions').select('notified_at').where('product_id', '=', hidden.id).executeTakeFirstOrThrow()).notified_at, null);
});

test('the job is periodic per tenant and nudgeable; nudges in one window are one job; a real worker runs it and nudges the mails', async () => {
  const s = await makeTenant();
  await build.staff(s.db, { role: 'warehouse' });
  const p = await product(s.db, { name: 'İşçi Testi', stock_qty: 1, min_stock: 2 });
  const registry = buildRegistry();
  assert.equal(
    registry.periodic.find((k) => k.kind === STOCK_ALERTS_JOB),
    { kind: STOCK_ALERTS_JOB, everyMs: STOCK_ALERTS_EVERY_MS, queue: 'reminders', jobName: STOCK_ALERTS_JOB },
  );
  const h = await makeJobHarness();
  try {
    const queue = h.deps.queues.get('reminders');
    // Aligned to the start of a window so all three nudges fall in it.
    const now = Math.ceil(Date.now() / NUDGE_WINDOW_MS) * NUDGE_WINDOW_MS + 10;
    await nudgeStockAlerts(h.deps.queues, s.tenant.id, now);
    await nudgeStockAlerts(h.deps.queues, s.tenant.id, now + 100);
    await nudgeStockAlerts(h.deps.queues, s.tenant.id, now + 200);
    const jobs = await queue.getJobs(['delayed', 'waiting']);
    assert.is(jobs.filter((j) => j.name === STOCK_ALERTS_JOB).length, 1, 'deduplicated');
    assert.not.ok(jobs[0]!.id!.includes(':'));
    const running = startWorkers(h.deps, registry, h.connection(), { prefix: h.prefix, queues: ['reminders'] });
    try {
      const job = await settledJob(queue, jobs[0]!.id!, 20_000);
      assert.is(await job.getState(), 'completed', job.failedReason);
      assert.equal(job.returnvalue, { rearmed: 0, lowAlerted: 1, backInStock: 0, mails: 1 });
    } finally {
      await running.close();
    }
    await waitFor('the mail nudge', async () => ((await h.deps.queues.get('mail').getJobCounts('waiting')).waiting ?? 0) >= 1);
    assert.ok((await s.db.selectFrom('products').select('low_stock_alerted_at').where('id', '=', p.id).executeTakeFirstOrThrow()).low_stock_alerted_at);
  } finally {
    await h.close();
  }
});

test('a run touches only its own tenant', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  await build.staff(a.db, { role: 'warehouse' });
  await build.staff(b.db, { role: 'warehouse' });
  await product(a.db, { name: 'A düşük', stock_qty: 0, min_stock: 1 });
  const pb = await product(b.db, { name: 'B düşük', stock_qty: 0, min_stock: 1 });
  await runStockAlerts(a.db, brandOf(a));
  assert.is((await mails(a, 'stock.low')).length, 1);
  assert.is((await mails(b, 'stock.low')).length, 0);
  assert.is((await b.db.selectFrom('products').select('low_stock_alerted_at').where('id', '=', pb.id).executeTakeFirstOrThrow()).low_stock_alerted_at, null);
});

test.run();
