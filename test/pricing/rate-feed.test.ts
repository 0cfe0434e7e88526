import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { startWorkers } from '../../src/jobs/worker-runtime.ts';
import { currenciesNeeded, RATE_FEED_EVERY_MS, RATE_FEED_JOB, registerRateFeed, runRateFeedJob, type FeedRate, type RateFeed } from '../../src/pricing/rate-feed.ts';
import { pricingDay } from '../../src/pricing/resolve.ts';
import { makeJobHarness, settledJob } from '../jobs/fixtures/harness.ts';
import { build } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** PRC-2: the central-bank feed adapter interface, its registry and the daily per-tenant job. */
const test = suite('PRC-2 exchange-rate feed job');

test.after(async () => {
  await closeTestDb();
});

type T = Awaited<ReturnType<typeof makeTenant>>;

const rates = (s: T) =>
  s.db
    .selectFrom('exchange_rates')
    .select(['currency', (eb) => eb.cast<string>('rate_date', 'text').as('date'), (eb) => eb.cast<string>('rate', 'text').as('rate')])
    .orderBy('currency')
    .orderBy('rate_date')
    .execute();

/** A feed for tests only: records its calls and answers from a table. */
function testFeed(name: string, answer: (day: string, currencies: string[], base: string) => FeedRate[]) {
  const calls: Array<{ day: string; currencies: string[]; base: string }> = [];
  const feed: RateFeed = {
    name,
    async fetchRates(day, currencies, base) {
      calls.push({ day, currencies, base });
      return answer(day, currencies, base);
    },
  };
  return { feed, calls };
}

async function sellerNeedingUsdEur() {
  const s = await makeTenant({ timeZone: 'Europe/Istanbul' });
  const seg = await s.db.insertInto('dealer_segments').values({ code: 'GOLD', name: 'Gold' }).returning('id').executeTakeFirstOrThrow();
  await s.db.insertInto('price_lists').values({ name: 'Gold USD', currency: 'USD', kind: 'segment', segment_id: seg.id, valid_from: '2026-01-01' }).execute();
  const d = await build.dealer(s.db);
  await s.db.updateTable('dealers').set({ invoice_currency: 'EUR' }).where('id', '=', d.id).execute();
  return s;
}

test('the job is registered: one daily scheduler fanned out per tenant on the reminders queue', () => {
  const r = buildRegistry();
  assert.ok(r.find('reminders', RATE_FEED_JOB), 'handler registered');
  const kind = r.periodic.find((k) => k.kind === RATE_FEED_JOB);
  assert.equal(kind, { kind: RATE_FEED_JOB, everyMs: RATE_FEED_EVERY_MS, queue: 'reminders', jobName: RATE_FEED_JOB });
  assert.is(RATE_FEED_EVERY_MS, 86_400_000);
});

test('no feed configured (the default): the job does nothing; an unknown name stores nothing either', async () => {
  const s = await sellerNeedingUsdEur();
  const h = await makeJobHarness();
  try {
    const ctx = { db: s.db, tenant: s.tenant, deps: h.deps };
    assert.equal(await runRateFeedJob(ctx, { feedName: null }), { skipped: 'no_feed' });
    const prev = process.env.RATE_FEED;
    delete process.env.RATE_FEED;
    try {
      assert.equal(await runRateFeedJob(ctx), { skipped: 'no_feed' }, 'RATE_FEED unset = no feed');
    } finally {
      if (prev !== undefined) process.env.RATE_FEED = prev;
    }
    assert.equal(await runRateFeedJob(ctx, { feedName: 'nonexistent' }), { skipped: 'unknown_feed', feed: 'nonexistent' });
    assert.equal(await rates(s), []);
  } finally {
    await h.close();
  }
});

test('a registered feed, run through BullMQ: fills missing days, a manual rate of the same day wins, re-runs are no-ops', async () => {
  const s = await sellerNeedingUsdEur();
  const other = await sellerNeedingUsdEur();
  const day = pricingDay(new Date(), 'Europe/Istanbul');
  await s.db.insertInto('exchange_rates').values({ currency: 'USD', rate_date: day, rate: '34.5' }).execute();
  const { feed, calls } = testFeed('test-feed-a', (d, currencies) =>
    [
      ...currencies.map((c) => ({ currency: c, date: d, rate: c === 'USD' ? '34.9911' : '36.4455' })),
      { currency: 'TRY', date: d, rate: '1' }, // the base currency: rejected
      { currency: 'GBP', date: d, rate: 'abc' }, // not a number: rejected
      { currency: 'CHF', date: '2026-02-30', rate: '38' }, // not a day: rejected
    ],
  );
  const unregister = registerRateFeed(feed);
  const prev = process.env.RATE_FEED;
  process.env.RATE_FEED = 'test-feed-a';
  const h = await makeJobHarness();
  const running = startWorkers(h.deps, buildRegistry(), h.connection(), { prefix: h.prefix, queues: ['reminders'] });
  try {
    const id = await enqueue(h.deps.queues, s.tenant.id, 'reminders', RATE_FEED_JOB, {}, { jobId: `rate-feed-test-${s.tenant.id}-1` });
    const job = await settledJob(h.deps.queues.get('reminders'), id!);
    assert.is(await job.getState(), 'completed', job.failedReason);
    assert.equal(calls, [{ day, currencies: ['EUR', 'USD'], base: 'TRY' }], 'asks for the seller’s currencies, day and base');
    assert.equal(job.returnvalue, { feed: 'test-feed-a', day, requested: ['EUR', 'USD'], fetched: 5, inserted: 1, kept: 1, rejected: 3 });
    assert.equal(await rates(s), [
      { currency: 'EUR', date: day, rate: '36.44550000' },
      { currency: 'USD', date: day, rate: '34.50000000' },
    ], 'EUR filled in, the manual USD rate kept');

    const id2 = await enqueue(h.deps.queues, s.tenant.id, 'reminders', RATE_FEED_JOB, {}, { jobId: `rate-feed-test-${s.tenant.id}-2` });
    const again = await settledJob(h.deps.queues.get('reminders'), id2!);
    assert.equal(again.returnvalue, { feed: 'test-feed-a', day, requested: ['EUR', 'USD'], fetched: 5, inserted: 0, kept: 2, rejected: 3 });
    assert.equal(await rates(s), [
      { currency: 'EUR', date: day, rate: '36.44550000' },
      { currency: 'USD', date: day, rate: '34.50000000' },
    ], 'idempotent');
    assert.equal(await rates(other), [], 'another seller’s schema is untouched by this seller’s job');
  } finally {
    await running.close();
    await h.close();
    unregister();
    if (prev === undefined) delete process.env.RATE_FEED;
    else process.env.RATE_FEED = prev;
  }
});

test('currencies asked for: active lists, invoice currencies, amount campaigns and kept rates — never the base; a seller needing none is not asked', async () => {
  const s = await makeTenant();
  const { feed, calls } = testFeed('test-feed-b', () => []);
  const unregister = registerRateFeed(feed);
  const h = await makeJobHarness();
  try {
    const res = await runRateFeedJob({ db: s.db, tenant: s.tenant, deps: h.deps }, { feedName: 'test-feed-b' });
    assert.is(calls.length, 0, 'nothing needed, nothing fetched');
    assert.equal((res as { requested: string[] }).requested, []);
    const seg = await s.db.insertInto('dealer_segments').values({ code: 'S', name: 'Silver' }).returning('id').executeTakeFirstOrThrow();
    await s.db.insertInto('price_lists').values([
      { name: 'TRY', currency: 'TRY', kind: 'segment', segment_id: seg.id, valid_from: '2026-01-01' },
      { name: 'old CHF', currency: 'CHF', kind: 'segment', segment_id: seg.id, valid_from: '2026-01-01', active: false },
    ]).execute();
    await s.db.insertInto('campaigns').values({ name: 'GBP off', starts_at: '2026-01-01', ends_at: '2026-12-31', target: 'all', scope: 'all', amount_off: 100, currency: 'GBP' }).execute();
    await s.db.insertInto('exchange_rates').values({ currency: 'JPY', rate_date: '2026-01-05', rate: '0.22' }).execute();
    assert.equal(await currenciesNeeded(s.db, 'TRY'), ['GBP', 'JPY']);
    assert.equal(await currenciesNeeded(s.db, 'GBP'), ['JPY', 'TRY'], 'with another base, TRY is a foreign currency');
  } finally {
    await h.close();
    unregister();
  }
});

test('the registry refuses duplicate and malformed names', () => {
  const { feed } = testFeed('test-feed-c', () => []);
  const unregister = registerRateFeed(feed);
  try {
    assert.throws(() => registerRateFeed(feed), /already registered/);
    assert.throws(() => registerRateFeed({ ...feed, name: 'none' }), /bad rate feed name/);
    assert.throws(() => registerRateFeed({ ...feed, name: 'Has Space' }), /bad rate feed name/);
  } finally {
    unregister();
  }
});

test.run();
