import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRate, parseRatesCsv } from '../../src/pricing/rates.ts';
import { pricingDay, resolvePrice } from '../../src/pricing/resolve.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { build, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/** PRC-2: the staff exchange-rates page (/staff/rates) through the real app. */
const test = suite('PRC-2 staff exchange rates');
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

const TODAY = pricingDay();

const enter = (s: S, fields: Record<string, string>) => t.req(s.host, '/staff/rates', formPost(s.host, fields, { headers: { cookie: s.cookie } }));

function upload(s: S, csv: string, name = 'rates.csv') {
  const fd = new FormData();
  fd.append('file', new File([csv], name, { type: 'text/csv' }));
  return t.req(s.host, '/staff/rates/upload', { method: 'POST', body: fd, headers: { cookie: s.cookie, origin: `http://${s.host}` } });
}

const rates = (s: S) =>
  s.db
    .selectFrom('exchange_rates')
    .select(['currency', (eb) => eb.cast<string>('rate_date', 'text').as('date'), (eb) => eb.cast<string>('rate', 'text').as('rate')])
    .orderBy('currency')
    .orderBy('rate_date')
    .execute();

const page = async (s: S) => {
  const res = await t.req(s.host, '/staff/rates', { headers: { cookie: s.cookie } });
  assert.is(res.status, 200);
  return res.text();
};

test('parsing is exact: decimal comma or point, 8 decimals, no floats', () => {
  const r = parseRate('34,1234');
  assert.ok(r.ok && r.value === '34.12340000' && r.scaled === 3412340000n);
  const p = parseRate('0.00000001');
  assert.ok(p.ok && p.scaled === 1n);
  const big = parseRate('12345678.12345678');
  assert.ok(big.ok && big.value === '12345678.12345678');
  for (const [raw, code] of [['0', 'ratePositive'], ['-1', 'ratePositive'], ['abc', 'rateFormat'], ['1.2.3', 'rateFormat'], ['1,2,3', 'rateFormat'], ['1.123456789', 'rateTooPrecise'], ['', 'rateFormat'], ['1e3', 'rateFormat']] as const) {
    const x = parseRate(raw);
    assert.ok(!x.ok && x.error === code, `${raw} → ${code}`);
  }
});

test('permission: warehouse staff get 403 (page and posts), a catalog manager opens it and sees it in the nav', async () => {
  const s = await setup();
  const wh = await staffCookie(s.db, 'warehouse');
  assert.is((await t.req(s.host, '/staff/rates', { headers: { cookie: wh } })).status, 403);
  const post = await t.req(s.host, '/staff/rates', formPost(s.host, { currency: 'USD', date: TODAY, rate: '34' }, { headers: { cookie: wh } }));
  assert.is(post.status, 403);
  assert.equal(await rates(s), [], 'nothing saved by the warehouse user');
  const html = await page(s);
  assert.match(html, '<h1>Exchange rates</h1>');
  assert.match(html, 'href="/staff/rates"');
  assert.match(html, `value="${TODAY}"`, 'the date defaults to today');
  const whHome = await (await t.req(s.host, '/staff/stock', { headers: { cookie: wh } })).text();
  assert.not.match(whHome, 'href="/staff/price-lists"', 'no pricing in the warehouse nav');
});

test('manual entry saves exactly, the same day overwrites, audit entries are written', async () => {
  const s = await setup();
  const res = await enter(s, { currency: 'usd', date: '2026-11-20', rate: '34,1234' });
  assert.is(res.status, 303);
  assert.equal(await rates(s), [{ currency: 'USD', date: '2026-11-20', rate: '34.12340000' }]);
  const again = await enter(s, { currency: 'USD', date: '2026-11-20', rate: '34.98765432' });
  assert.is(again.status, 303);
  const flashCookie = again.headers.get('set-cookie') ?? '';
  assert.ok(flashCookie.length > 0);
  await enter(s, { currency: 'EUR', date: '2026-11-20', rate: '40' });
  assert.equal(await rates(s), [
    { currency: 'EUR', date: '2026-11-20', rate: '40.00000000' },
    { currency: 'USD', date: '2026-11-20', rate: '34.98765432' },
  ]);
  const audits = await s.db.selectFrom('audit_log').select(['action', 'target_id', 'details']).where('action', '=', 'exchange_rate.saved').orderBy('id').execute();
  assert.is(audits.length, 3);
  assert.is(audits[1]!.target_id, 'USD:2026-11-20');
  const d = (typeof audits[1]!.details === 'string' ? JSON.parse(audits[1]!.details) : audits[1]!.details) as Record<string, unknown>;
  assert.is(d.previous, '34.12340000');
  assert.is(d.rate, '34.98765432');
});

test('the page lists the last 14 days per currency, latest first', async () => {
  const s = await setup();
  const day = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86400000).toISOString().slice(0, 10);
  for (const [c, d, r] of [['USD', day(0), '35'], ['USD', day(1), '34.5'], ['USD', day(20), '30'], ['EUR', day(2), '40.25']] as const) {
    await s.db.insertInto('exchange_rates').values({ currency: c, rate_date: d, rate: r }).execute();
  }
  const html = await page(s);
  assert.match(html, `id="rate-USD-${day(0)}"`);
  assert.match(html, `id="rate-EUR-${day(2)}"`);
  assert.not.match(html, `id="rate-USD-${day(20)}"`, 'older than 14 days is not listed');
  assert.ok(html.indexOf(`rate-USD-${day(0)}`) < html.indexOf(`rate-USD-${day(1)}`), 'latest first');
  assert.match(html, '34.5000');
});

test('bad input: errors next to the fields, input kept, nothing saved', async () => {
  const s = await setup();
  const cases: [Record<string, string>, string[]][] = [
    [{ currency: 'US', date: TODAY, rate: '34' }, ['Enter a three-letter ISO currency code']],
    [{ currency: 'TRY', date: TODAY, rate: '1' }, ['TRY is the base currency']],
    [{ currency: 'XQQ', date: TODAY, rate: '34' }, ['This is not an ISO currency code']],
    [{ currency: 'USD', date: TODAY, rate: '0' }, ['The rate must be greater than zero']],
    [{ currency: 'USD', date: TODAY, rate: '-3,5' }, ['The rate must be greater than zero']],
    [{ currency: 'USD', date: TODAY, rate: 'otuz dört' }, ['Enter the rate as a number']],
    [{ currency: 'USD', date: '2026-02-30', rate: '34' }, ['Enter a valid date']],
    [{ currency: 'USD', date: '20.11.2026', rate: '34' }, ['Enter a valid date']],
    [{ currency: 'EU', date: 'x', rate: '' }, ['Enter a three-letter ISO currency code', 'Enter a valid date', 'Enter the rate as a number']],
  ];
  for (const [fields, msgs] of cases) {
    const res = await enter(s, fields);
    assert.is(res.status, 422, JSON.stringify(fields));
    const html = await res.text();
    for (const msg of msgs) assert.match(html, msg);
    if (fields.rate) assert.match(html, `value="${fields.rate}"`, 'the typed rate is kept');
    assert.match(html, `value="${fields.currency}"`, 'the typed currency is kept');
  }
  const one = await (await enter(s, { currency: 'USD', date: TODAY, rate: '0' })).text();
  assert.match(one, /id="f-rate-error"[^>]*>The rate must be greater than zero/);
  assert.equal(await rates(s), []);
});

test('CSV upload: `;` with decimal comma and a header, `,` without header; all saved and audited', async () => {
  const s = await setup();
  const res = await upload(s, '\uFEFFTarih;Döviz;Kur\r\n2026-11-19;USD;34,10\r\n2026-11-19;EUR;39,5\r\n\r\n2026-11-20;USD;34,2\r\n');
  assert.is(res.status, 303);
  const res2 = await upload(s, '2026-11-21,USD,34.3\n2026-11-20,usd,34.25\n');
  assert.is(res2.status, 303);
  assert.equal(await rates(s), [
    { currency: 'EUR', date: '2026-11-19', rate: '39.50000000' },
    { currency: 'USD', date: '2026-11-19', rate: '34.10000000' },
    { currency: 'USD', date: '2026-11-20', rate: '34.25000000' },
    { currency: 'USD', date: '2026-11-21', rate: '34.30000000' },
  ]);
  const audits = await s.db.selectFrom('audit_log').select('action').where('action', '=', 'exchange_rates.imported').execute();
  assert.is(audits.length, 2);
});

test('CSV upload with bad lines saves nothing and lists every bad line next to the upload field', async () => {
  const s = await setup();
  await enter(s, { currency: 'USD', date: '2026-11-19', rate: '30' });
  const csv = ['date;currency;rate', '2026-11-19;USD;34,10', '2026-11-19;EUR;0', '2026-13-01;EUR;40', '2026-11-19;TRY;1', '2026-11-19;USD;35', '2026-11-20;USD', '2026-11-20,USD,34,5'].join('\n');
  const res = await upload(s, csv);
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, 'no rate was saved');
  assert.match(html, /id="f-file-error"/);
  for (const [line, msg] of [
    [3, 'The rate must be greater than zero'],
    [4, 'Enter a valid date'],
    [5, 'TRY is the base currency'],
    [6, 'on line 2 too'],
    [7, 'A line needs three columns'],
    [8, 'A line needs three columns'],
  ] as const) {
    assert.match(html, new RegExp(`Line ${line}: </strong>[^<]*${msg}`), `line ${line}`);
  }
  assert.not.match(html, 'Line 2:', 'the good line has no error');
  assert.equal(await rates(s), [{ currency: 'USD', date: '2026-11-19', rate: '30.00000000' }], 'nothing from the file was saved, the old rate is kept');
  const empty = await upload(s, '\n\n');
  assert.is(empty.status, 422);
  assert.match(await empty.text(), 'The file has no rate lines');
  const none = await t.req(s.host, '/staff/rates/upload', { method: 'POST', body: new FormData(), headers: { cookie: s.cookie, origin: `http://${s.host}` } });
  assert.is(none.status, 422);
  assert.match(await none.text(), 'Choose a CSV file');
  const parsed = parseRatesCsv('rate;date;currency\n34,5;2026-11-20;GBP', 'TRY');
  assert.ok(parsed.ok && parsed.rows[0]!.currency === 'GBP' && parsed.rows[0]!.rate === '34.50000000', 'the header may order the columns');
});

test('tenant isolation: A’s rates are not on B’s page and B’s entry does not touch A', async () => {
  const a = await setup();
  const b = await setup();
  await enter(a, { currency: 'USD', date: TODAY, rate: '34,1234' });
  await enter(b, { currency: 'EUR', date: TODAY, rate: '41' });
  const htmlB = await page(b);
  assert.not.match(htmlB, `rate-USD-${TODAY}`);
  assert.not.match(htmlB, 'rate-USD', 'no USD row at all');
  assert.match(htmlB, `rate-EUR-${TODAY}`);
  assert.equal(await rates(a), [{ currency: 'USD', date: TODAY, rate: '34.12340000' }]);
  const cross = await t.req(b.host, '/staff/rates', { headers: { cookie: a.cookie } });
  assert.not.equal(cross.status, 200, 'A’s session does not open B’s page');
});

test('resolvePrice converts with the rate entered on the page', async () => {
  const s = await setup();
  const dealer = await build.dealer(s.db);
  const p = await s.db
    .insertInto('products')
    .values({ sku: 'RATE-1', name: 'USD product', description: '', unit: 'adet', currency: 'USD', list_price: 1000, vat_rate: 20, stock_qty: 5 })
    .returning('id')
    .executeTakeFirstOrThrow();
  assert.is((await enter(s, { currency: 'USD', date: '2026-11-20', rate: '34,5' })).status, 303);
  const r = await resolvePrice(s.db, { dealerId: dealer.id, productId: p.id, qty: 1, date: '2026-11-21', currency: 'TRY' });
  assert.is(r.unitNet, 34500, '10.00 USD × 34.5 = 345.00 TRY');
  assert.is(r.breakdown.rate?.date, '2026-11-20');
  await enter(s, { currency: 'USD', date: '2026-11-20', rate: '35' });
  const r2 = await resolvePrice(s.db, { dealerId: dealer.id, productId: p.id, qty: 1, date: '2026-11-21', currency: 'TRY' });
  assert.is(r2.unitNet, 35000, 'the overwritten rate is used');
});

test.run();
