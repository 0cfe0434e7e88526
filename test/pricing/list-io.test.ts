import ExcelJS from 'exceljs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { guessMapping } from '../../src/catalog/import/columns.ts';
import { runImport } from '../../src/catalog/import/process.ts';
import { kindPermission } from '../../src/catalog/import/routes.tsx';
import type { TenantDb } from '../../src/db/types.ts';
import { diskStorage } from '../../src/dealers/storage.ts';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import { startWorkers, type RunningWorkers } from '../../src/jobs/worker-runtime.ts';
import { parsePriceListRow, priceListRowKey } from '../../src/pricing/list-io.ts';
import type { Kysely } from 'kysely';
import { makeJobHarness, waitFor, type JobHarness } from '../jobs/fixtures/harness.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie, staffCookie } from '../support/build.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/**
 * PRC-1: XLSX/CSV import and export of one price list through the CAT-8 pipeline (upload at
 * /staff/price-lists/:id/import, preview/mapping, the real BullMQ worker, result page, error files).
 */
const test = suite('PRC-1 price-list import/export');
type T = Awaited<ReturnType<typeof makeTenant>>;
let app: TestApp;
let harness: JobHarness;
let workers: RunningWorkers;
let a: T;
let b: T;
let manager: string;
let managerB: string;
let listA = 0;
let otherA = 0;
let listB = 0;
const pid: Record<string, number> = {};

async function product(db: Kysely<TenantDb>, sku: string, listPrice: number) {
  const row = await db
    .insertInto('products')
    .values({ sku, name: `Ürün ${sku}`, description: '', unit: 'adet', currency: 'TRY', vat_rate: 20, stock_qty: 5, list_price: listPrice })
    .returning('id')
    .executeTakeFirstOrThrow();
  pid[sku] = row.id;
  return row.id;
}

async function priceList(db: Kysely<TenantDb>, name: string, currency: string) {
  const seg = await db.insertInto('dealer_segments').values({ code: `S-${name}`, name }).returning('id').executeTakeFirstOrThrow();
  const l = await db
    .insertInto('price_lists')
    .values({ name, currency, kind: 'segment', segment_id: seg.id, valid_from: '2026-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return l.id;
}

test.before(async () => {
  app = await makeTestApp();
  harness = await makeJobHarness({ queues: app.deps.queues });
  workers = startWorkers(harness.deps, buildRegistry(), harness.connection(), { queues: ['imports'] });
  a = await makeTenant({ name: 'Fiyat A' });
  b = await makeTenant({ name: 'Fiyat B', defaultLocale: 'en' });
  for (const [sku, lp] of [['PL-1', 200000], ['PL-2', 5000], ['PL-3', 60000], ['PL-4', 1000]] as const) await product(a.db, sku, lp);
  await product(b.db, 'PL-1', 100);
  listA = await priceList(a.db, 'Altın USD', 'USD');
  otherA = await priceList(a.db, 'Gümüş', 'TRY');
  listB = await priceList(b.db, 'Gold', 'EUR');
  await a.db
    .insertInto('price_list_entries')
    .values([
      { price_list_id: listA, product_id: pid['PL-2']!, min_qty: 1, price: 999, percent_off: null },
      { price_list_id: listA, product_id: pid['PL-3']!, min_qty: 1, price: 50000, percent_off: null },
      { price_list_id: otherA, product_id: pid['PL-1']!, min_qty: 1, price: 7, percent_off: null },
    ])
    .execute();
  manager = await staffCookie(a.db, 'catalog_manager');
  managerB = await staffCookie(b.db, 'catalog_manager');
});

test.after(async () => {
  await workers.close();
  await harness.close();
  await app.close();
  await closeTestDb();
});

const csv = (text: string) => new TextEncoder().encode(text);

function upload(t: T, cookie: string, list: number, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return app.req(t.host, `/staff/price-lists/${list}/import`, { method: 'POST', body: form, headers: { cookie, origin: `http://${t.host}` } });
}

async function uploadRun(t: T, cookie: string, list: number, name: string, bytes: Uint8Array): Promise<number> {
  const res = await upload(t, cookie, list, name, bytes);
  assert.is(res.status, 303, await res.clone().text().then((s) => s.slice(0, 400)));
  return Number(/^\/staff\/imports\/(\d+)$/.exec(res.headers.get('location') ?? '')![1]);
}

async function guessedFields(t: T, cookie: string, id: number): Promise<Record<string, string>> {
  const res = await app.req(t.host, `/staff/imports/${id}`, { headers: { cookie } });
  assert.is(res.status, 200);
  const fields: Record<string, string> = {};
  for (const m of (await res.text()).matchAll(/<select id="f-col_(\d+)" name="col_\d+"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = /<option value="([^"]*)" selected/.exec(m[2]!);
    fields[`col_${m[1]}`] = sel ? sel[1]! : '';
  }
  return fields;
}

function post(t: T, cookie: string, path: string, fields: Record<string, string>) {
  return app.req(t.host, path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { cookie, origin: `http://${t.host}`, 'content-type': 'application/x-www-form-urlencoded' } });
}

async function startAndWait(t: T, cookie: string, id: number, fields?: Record<string, string>) {
  const res = await post(t, cookie, `/staff/imports/${id}/start`, fields ?? (await guessedFields(t, cookie, id)));
  assert.is(res.status, 303, await res.clone().text().then((s) => s.slice(0, 600)));
  return waitFor(
    `import ${id} to finish`,
    async () => {
      const run = await t.db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return run.status === 'done' || run.status === 'failed' ? run : null;
    },
    60_000,
  );
}

const entries = (t: T, list: number) =>
  t.db
    .selectFrom('price_list_entries as e')
    .innerJoin('products as p', 'p.id', 'e.product_id')
    .select(['p.sku', 'e.min_qty', 'e.price', 'e.percent_off'])
    .where('e.price_list_id', '=', list)
    .orderBy('p.sku')
    .orderBy('e.min_qty')
    .execute();

test('row parser: money text in both notations and numeric cells, percent 0–100 with two decimals, min qty, one of price/percent', () => {
  const tr: { currency: string; locale: 'tr' | 'en' } = { currency: 'USD', locale: 'tr' };
  const ok = (cells: Parameters<typeof parsePriceListRow>[0], opts = tr) => {
    const r = parsePriceListRow(cells, opts);
    assert.ok(r.ok, JSON.stringify(r));
    return r.ok ? r.entry : null!;
  };
  const bad = (cells: Parameters<typeof parsePriceListRow>[0], field: string, opts = tr) => {
    const r = parsePriceListRow(cells, opts);
    assert.ok(!r.ok, `expected ${JSON.stringify(cells)} to be rejected`);
    if (!r.ok) assert.ok(r.errors.some((e) => e.field === field), `${JSON.stringify(cells)}: ${JSON.stringify(r.errors)}`);
  };
  assert.equal(ok({ sku: ' PL-1 ', price: '1.234,56' }), { sku: 'PL-1', minQty: 1, price: 123456, percentOff: null });
  assert.is(ok({ sku: 'X', price: '1234.56' }).price, 123456, 'the export’s own notation');
  assert.is(ok({ sku: 'X', price: '1,234.56' }).price, 123456);
  assert.is(ok({ sku: 'X', price: 12.5 }).price, 1250, 'numeric cell');
  assert.is(ok({ sku: 'X', price: 0.1 + 0.2 }).price, 30, 'no binary noise');
  assert.is(ok({ sku: 'X', price: '0' }).price, 0, 'zero is a price');
  assert.is(ok({ sku: 'X', price: 'USD 12,50' }).price, 1250);
  assert.is(ok({ sku: 'X', price: '1.000' }).price, 100000, 'Turkish thousands');
  assert.is(ok({ sku: 'X', price: '1,000' }, { currency: 'USD', locale: 'en' }).price, 100000, 'English thousands');
  assert.equal(ok({ sku: 'X', min_qty: '10', percent_off: '12,5' }), { sku: 'X', minQty: 10, price: null, percentOff: '12.50' });
  assert.is(ok({ sku: 'X', percent_off: '%5' }).percentOff, '5.00');
  assert.is(ok({ sku: 'X', percent_off: '5 %' }).percentOff, '5.00');
  assert.is(ok({ sku: 'X', percent_off: 33.33 }).percentOff, '33.33');
  assert.is(ok({ sku: 'X', percent_off: '100' }).percentOff, '100.00');
  assert.is(ok({ sku: 'X', percent_off: 0 }).percentOff, '0.00');
  assert.is(ok({ sku: 'X', percent_off: '7.50%' }).percentOff, '7.50', 'a percent-formatted Excel cell as read');
  assert.is(ok({ sku: 'X', min_qty: 50, price: 1 }).minQty, 50);
  assert.is(ok({ sku: 'X', min_qty: '1.000', price: 1 }).minQty, 1000);
  assert.is(ok({ sku: 'X', min_qty: null, price: 1 }).minQty, 1, 'empty min qty = 1');

  bad({ sku: 'X', price: '-5' }, 'price');
  bad({ sku: 'X', price: -5 }, 'price');
  bad({ sku: 'X', price: 'on iki' }, 'price');
  bad({ sku: 'X', price: '12,345' }, 'price');
  bad({ sku: 'X', price: '1', percent_off: '5' }, 'price');
  bad({ sku: 'X' }, 'price');
  bad({ sku: 'X', percent_off: '100,01' }, 'percent_off');
  bad({ sku: 'X', percent_off: '12,345' }, 'percent_off');
  bad({ sku: 'X', percent_off: '-1' }, 'percent_off');
  bad({ sku: 'X', percent_off: 'beş' }, 'percent_off');
  bad({ sku: 'X', min_qty: 0, price: 1 }, 'min_qty');
  bad({ sku: 'X', min_qty: 2.5, price: 1 }, 'min_qty');
  bad({ sku: 'X', min_qty: '2,5', price: 1 }, 'min_qty');
  bad({ sku: 'X', min_qty: 'on', price: 1 }, 'min_qty');
  bad({ sku: null, price: 1 }, 'sku');
  const both = parsePriceListRow({ sku: '', min_qty: 0, price: 'x' }, tr);
  assert.ok(!both.ok && both.errors.length === 3, 'every problem of the row is listed');

  assert.is(priceListRowKey({ sku: 'A', min_qty: '10' }, 'tr'), priceListRowKey({ sku: 'A', min_qty: 10 }, 'tr'));
  assert.is(priceListRowKey({ sku: 'A', min_qty: null }, 'tr'), priceListRowKey({ sku: 'A', min_qty: 1 }, 'tr'), 'empty = 1');
  assert.is.not(priceListRowKey({ sku: 'A', min_qty: 1 }, 'tr'), priceListRowKey({ sku: 'A', min_qty: 2 }, 'tr'));
});

test('headers: Turkish and English (the export’s own, ERP aliases) are recognised; info columns are ignored', () => {
  assert.equal(guessMapping(['Stok Kodu', 'Ürün Adı (bilgi)', 'Liste Fiyatı (bilgi)', 'Para Birimi (bilgi)', 'Min Miktar', 'Fiyat (USD)', 'İskonto %'], 'price_list', []), ['sku', '', '', '', 'min_qty', 'price', 'percent_off']);
  assert.equal(guessMapping(['SKU', 'Product name (info)', 'List price (info)', 'Currency (info)', 'Min qty', 'Price (USD)', 'Percent off'], 'price_list', []), ['sku', '', '', '', 'min_qty', 'price', 'percent_off']);
  assert.equal(guessMapping(['stok kodu', 'Asgari Adet', 'NET FİYAT', 'İndirim'], 'price_list', []), ['sku', 'min_qty', 'price', 'percent_off']);
  assert.equal(guessMapping(['Ürün Kodu', 'Ürün Adı', 'Liste Fiyatı', 'Fiyat', 'İskonto Oranı'], 'price_list', []), ['sku', '', '', 'price', 'percent_off']);
  assert.equal(guessMapping(['Stok Kodu', 'Fiyat'], 'prices', []), ['sku', 'list_price'], 'the catalog kinds still read "Fiyat" as the list price');
  assert.is(kindPermission('price_list'), 'prices.manage');
  assert.is(kindPermission('prices'), 'catalog.manage');
});

test('end to end: upload page → preview with guessed mapping → worker → result; good, tier and every kind of bad row', async () => {
  const form = await app.req(a.host, `/staff/price-lists/${listA}/import`, { headers: { cookie: manager } });
  assert.is(form.status, 200);
  const formHtml = await form.text();
  assert.match(formHtml, `action="/staff/price-lists/${listA}/import"`);
  assert.match(formHtml, `href="/staff/price-lists/${listA}/export.xlsx"`);
  assert.match(formHtml, 'Altın USD');
  assert.not.match(formHtml, /<script>|style="/);

  const file = [
    'Stok Kodu;Min Miktar;Fiyat;İskonto %',
    'PL-1;;1.234,56;', // 2 created, fixed
    'PL-1;10;;5', // 3 created, tier, percent
    'PL-2;1;;12,5', // 4 updated: fixed → percent
    'PL-3;;500;', // 5 unchanged
    'NOPE-1;;10;', // 6 unknown SKU
    'PL-4;;10;5', // 7 both
    'PL-4;2;;', // 8 neither
    'PL-4;3;;101', // 9 percent out of range
    'PL-4;4;;12,345', // 10 percent precision
    'PL-4;0;10;', // 11 min qty
    'PL-4;6;-5;', // 12 negative price
    'PL-1;1;99;', // 13 same SKU + min qty as row 2
    'PL-4;5;abc;', // 14 price text
  ].join('\r\n');
  const id = await uploadRun(a, manager, listA, 'bayi-fiyat.csv', csv(file));
  const run0 = await a.db.selectFrom('import_runs').select(['kind', 'price_list_id', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(run0, { kind: 'price_list', price_list_id: listA, status: 'uploaded' });

  const preview = await (await app.req(a.host, `/staff/imports/${id}`, { headers: { cookie: manager } })).text();
  assert.match(preview, 'PL-1');
  assert.match(preview, `href="/staff/price-lists/${listA}">Altın USD (USD)</a>`);
  assert.match(preview, /<option value="min_qty" selected/);
  assert.match(preview, /<option value="percent_off" selected/);
  assert.not.match(preview, '<option value="name"', 'only the price-list fields are offered');
  const fields = await guessedFields(a, manager, id);
  assert.equal(fields, { col_0: 'sku', col_1: 'min_qty', col_2: 'price', col_3: 'percent_off' });

  const run = await startAndWait(a, manager, id, fields);
  assert.equal(
    [run.status, run.total_rows, run.processed_rows, run.created_count, run.updated_count, run.unchanged_count, run.rejected_count],
    ['done', 13, 13, 2, 1, 1, 9],
  );
  assert.equal(await entries(a, listA), [
    { sku: 'PL-1', min_qty: 1, price: 123456, percent_off: null },
    { sku: 'PL-1', min_qty: 10, price: null, percent_off: '5.00' },
    { sku: 'PL-2', min_qty: 1, price: null, percent_off: '12.50' },
    { sku: 'PL-3', min_qty: 1, price: 50000, percent_off: null },
  ]);
  assert.equal(await entries(a, otherA), [{ sku: 'PL-1', min_qty: 1, price: 7, percent_off: null }], 'the other list of the tenant is untouched');

  const errors = await a.db.selectFrom('import_row_errors').select(['row_number', 'sku', 'field', 'reason']).where('import_id', '=', id).orderBy('row_number').orderBy('field').execute();
  assert.equal(
    errors.map((e) => [e.row_number, e.field]),
    [
      [6, 'sku'],
      [7, 'price'],
      [8, 'price'],
      [9, 'percent_off'],
      [10, 'percent_off'],
      [11, 'min_qty'],
      [12, 'price'],
      [13, 'sku'],
      [14, 'price'],
    ],
  );
  assert.match(errors.find((e) => e.row_number === 13)!.reason, 'satır 2', 'the duplicate names the first row');
  assert.match(errors.find((e) => e.row_number === 6)!.reason, 'ürün yok');
  assert.match(errors.find((e) => e.row_number === 7)!.reason, 'ikisini birden değil');

  const result = await (await app.req(a.host, `/staff/imports/${id}`, { headers: { cookie: manager } })).text();
  assert.match(result, `href="/staff/price-lists/${listA}"`);
  assert.match(result, 'NOPE-1');
  assert.match(result, `/staff/imports/${id}/errors.xlsx`);
  assert.match(result, 'Min Miktar', 'field names of the price-list columns');
  const errCsv = await app.req(a.host, `/staff/imports/${id}/errors.csv`, { headers: { cookie: manager } });
  const lines = (await errCsv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
  assert.is(lines.length, 10);
  assert.match(lines[0]!, /^Satır No;Stok Kodu;Min Miktar;Fiyat;İskonto %;Hata$/);
  assert.match(lines[1]!, /^6;NOPE-1;;10;;/);

  const audits = await a.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', 'in', ['price_list.import_uploaded', 'price_list.import_started']).execute();
  assert.equal(audits.map((x) => x.action).sort(), ['price_list.import_started', 'price_list.import_uploaded']);
  assert.ok(audits.every((x) => x.target_id === String(listA)));

  const page = await (await app.req(a.host, `/staff/price-lists/${listA}/import`, { headers: { cookie: manager } })).text();
  assert.match(page, `href="/staff/imports/${id}"`, 'the list’s page shows its imports');
});

test('mapping checks for a price list: a price or percent column is required; a price column in another currency is refused', async () => {
  const id = await uploadRun(a, manager, listA, 'eur.csv', csv('SKU;Price (EUR);Percent off\nPL-4;12.50;\n'));
  const noPrice = await post(a, manager, `/staff/imports/${id}/start`, { col_0: 'sku', col_1: '', col_2: '' });
  assert.is(noPrice.status, 422);
  assert.match(await noPrice.text(), 'Fiyat ya da iskonto sütununu seçin');
  const eur = await post(a, manager, `/staff/imports/${id}/start`, await guessedFields(a, manager, id));
  assert.is(eur.status, 422);
  assert.match(await eur.text(), 'bu liste USD');
  const run = await a.db.selectFrom('import_runs').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  assert.is(run.status, 'uploaded', 'nothing was queued');
  assert.equal((await entries(a, listA)).filter((e) => e.sku === 'PL-4'), []);
});

async function roundTrip(t: T, cookie: string, list: number, lang: string) {
  const exp = await app.req(t.host, `/staff/price-lists/${list}/export.xlsx`, { headers: { cookie, 'accept-language': lang } });
  assert.is(exp.status, 200);
  assert.match(exp.headers.get('content-type') ?? '', 'spreadsheetml');
  assert.match(exp.headers.get('content-disposition') ?? '', 'attachment');
  const bytes = new Uint8Array(await exp.arrayBuffer());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  const rows = wb.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
  const id = await uploadRun(t, cookie, list, `export-${lang}.xlsx`, bytes);
  const run = await startAndWait(t, cookie, id);
  return { rows, run };
}

test('export: header in the user’s language, sorted by SKU then min qty, price as exact text; export → import is all unchanged (tr and en)', async () => {
  const before = await entries(a, listA);
  const tr = await roundTrip(a, manager, listA, 'tr');
  assert.equal(tr.rows[0], ['Stok Kodu', 'Ürün Adı (bilgi)', 'Liste Fiyatı (bilgi)', 'Para Birimi (bilgi)', 'Min Miktar', 'Fiyat (USD)', 'İskonto %']);
  assert.equal(tr.rows.slice(1), [
    ['PL-1', 'Ürün PL-1', 2000, 'TRY', 1, '1234.56'],
    ['PL-1', 'Ürün PL-1', 2000, 'TRY', 10, undefined, 5],
    ['PL-2', 'Ürün PL-2', 50, 'TRY', 1, undefined, 12.5],
    ['PL-3', 'Ürün PL-3', 600, 'TRY', 1, '500.00'],
  ]);
  assert.equal([tr.run.status, tr.run.total_rows, tr.run.unchanged_count, tr.run.created_count, tr.run.updated_count, tr.run.rejected_count], ['done', 4, 4, 0, 0, 0]);
  const en = await roundTrip(a, manager, listA, 'en');
  assert.equal(en.rows[0], ['SKU', 'Product name (info)', 'List price (info)', 'Currency (info)', 'Min qty', 'Price (USD)', 'Percent off']);
  assert.equal([en.run.status, en.run.unchanged_count, en.run.rejected_count], ['done', 4, 0]);
  assert.equal(await entries(a, listA), before);
});

test('XLSX from Excel: numeric price cells and a percent-formatted cell (0.075 shown as 7.5 %) read as people see them', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Fiyatlar');
  ws.addRow(['Item code', 'Quantity from', 'Dealer price', 'Discount %']);
  ws.addRow(['PL-4', 1, 19.99, null]);
  const r = ws.addRow(['PL-4', 20, null, 0.075]);
  r.getCell(4).numFmt = '0.0%';
  const id = await uploadRun(a, manager, listA, 'excel.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
  assert.equal(await guessedFields(a, manager, id), { col_0: 'sku', col_1: 'min_qty', col_2: 'price', col_3: 'percent_off' });
  const run = await startAndWait(a, manager, id);
  assert.equal([run.status, run.created_count, run.rejected_count], ['done', 2, 0]);
  assert.equal((await entries(a, listA)).filter((e) => e.sku === 'PL-4'), [
    { sku: 'PL-4', min_qty: 1, price: 1999, percent_off: null },
    { sku: 'PL-4', min_qty: 20, price: null, percent_off: '7.50' },
  ]);
});

test('a duplicate delivery of the job writes each batch once (processed_rows guard) and counts tiers right', async () => {
  const rows = ['SKU;Min qty;Price'];
  const many = await a.db
    .insertInto('products')
    .values(Array.from({ length: 600 }, (_, i) => ({ sku: `BULK-${String(i).padStart(4, '0')}`, name: `Toplu ${i}`, description: '', unit: 'adet', currency: 'TRY', vat_rate: 20, stock_qty: 1, list_price: 1000 })))
    .returning('sku')
    .execute();
  for (const p of many) rows.push(`${p.sku};1;10`, `${p.sku};25;9,50`);
  const id = await uploadRun(a, manager, otherA, 'toplu.csv', csv(rows.join('\n')));
  await a.db.updateTable('import_runs').set({ status: 'queued', mapping: JSON.stringify({ 0: 'sku', 1: 'min_qty', 2: 'price' }) }).where('id', '=', id).execute();
  const env = { storage: diskStorage(testConfig().DATA_DIR), tenantId: a.tenant.id, locale: 'tr' as const };
  const outcomes = await Promise.all([runImport(a.db, id, env), runImport(a.db, id, env)]);
  assert.ok(outcomes.includes('done'));
  const run = await a.db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal([run.status, run.processed_rows, run.created_count, run.updated_count + run.unchanged_count, run.rejected_count], ['done', 1200, 1200, 0, 0]);
  const n = await a.db.selectFrom('price_list_entries').select((eb) => eb.fn.countAll<string>().as('n')).where('price_list_id', '=', otherA).executeTakeFirstOrThrow();
  assert.is(Number(n.n), 1201, '600 products × 2 tiers + the entry that was there');
  assert.is(await runImport(a.db, id, env), 'skipped');

  // More than one export page (1,000 rows) keeps the SKU, min qty order, and imports back unchanged.
  const { rows: exported, run: back } = await roundTrip(a, manager, otherA, 'en');
  const keys = exported.slice(1).map((r) => `${r[0]}|${String(r[4]).padStart(3, '0')}`);
  assert.is(keys.length, 1201);
  assert.equal(keys, [...keys].sort(), 'sorted by SKU then min qty');
  assert.equal([back.status, back.total_rows, back.unchanged_count, back.rejected_count], ['done', 1201, 1201, 0]);
});

test('permission: staff without prices.manage get 403 on the upload page, upload, export and a price-list run’s pages', async () => {
  const runId = (await a.db.selectFrom('import_runs').select('id').where('kind', '=', 'price_list').orderBy('id').executeTakeFirstOrThrow()).id;
  const dealer = await build.dealer(a.db);
  const { user } = await build.dealerUser(a.db, { dealerId: dealer.id, role: 'dealer_admin', totp: false });
  const dealerCookie = await sessionCookie(a.db, user.id);
  for (const cookie of [await staffCookie(a.db, 'warehouse'), await staffCookie(a.db, 'sales_rep'), dealerCookie]) {
    for (const path of [`/staff/price-lists/${listA}/import`, `/staff/price-lists/${listA}/export.xlsx`, `/staff/imports/${runId}`, `/staff/imports/${runId}/errors.csv`]) {
      assert.is((await app.req(a.host, path, { headers: { cookie } })).status, 403, path);
    }
    assert.is((await upload(a, cookie, listA, 'x.csv', csv('SKU;Price\nPL-4;1\n'))).status, 403);
    assert.is((await post(a, cookie, `/staff/imports/${runId}/start`, { col_0: 'sku' })).status, 403);
  }
  const count = await a.db.selectFrom('import_runs').select((eb) => eb.fn.countAll<string>().as('n')).where('original_name', '=', 'x.csv').executeTakeFirstOrThrow();
  assert.is(Number(count.n), 0, 'nothing uploaded');
  const anon = await app.req(a.host, `/staff/price-lists/${listA}/import`);
  assert.is(anon.status, 303);
});

test('isolation: another seller’s list id is a 404 (page, upload, export) and its runs are 404; bad ids are 404', async () => {
  // Ids are per seller schema: otherA exists in A only (B has one list).
  assert.is(await b.db.selectFrom('price_lists').select('id').where('id', '=', otherA).executeTakeFirst(), undefined);
  for (const path of [`/staff/price-lists/${otherA}/import`, `/staff/price-lists/${otherA}/export.xlsx`, '/staff/price-lists/0/import', '/staff/price-lists/abc/export.xlsx', '/staff/price-lists/99999999/import']) {
    assert.is((await app.req(b.host, path, { headers: { cookie: managerB } })).status, 404, path);
  }
  const up = await upload(b, managerB, otherA, 'x.csv', csv('SKU;Price\nPL-1;1\n'));
  assert.is(up.status, 404);
  const runId = (await a.db.selectFrom('import_runs').select('id').where('kind', '=', 'price_list').orderBy('id').executeTakeFirstOrThrow()).id;
  assert.is((await app.req(b.host, `/staff/imports/${runId}`, { headers: { cookie: managerB } })).status, 404);
  // B's own list imports into B only.
  const id = await uploadRun(b, managerB, listB, 'b.csv', csv('SKU,Price\nPL-1,"1,234.50"\n'));
  const run = await startAndWait(b, managerB, id);
  assert.equal([run.status, run.created_count], ['done', 1]);
  assert.equal(await entries(b, listB), [{ sku: 'PL-1', min_qty: 1, price: 123450, percent_off: null }]);
  assert.not.ok((await entries(a, listA)).some((e) => e.price === 123450), 'nothing reached seller A');
});

test.run();
