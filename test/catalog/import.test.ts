import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCategory } from '../../src/catalog/categories.ts';
import { guessMapping } from '../../src/catalog/import/columns.ts';
import { runImport } from '../../src/catalog/import/process.ts';
import { decodeCsv, detectDelimiter, previewSheet } from '../../src/catalog/import/read.ts';
import { createAttributeDefinition } from '../../src/catalog/products.ts';
import { diskStorage } from '../../src/dealers/storage.ts';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import { startWorkers, type RunningWorkers } from '../../src/jobs/worker-runtime.ts';
import { makeJobHarness, waitFor, type JobHarness } from '../jobs/fixtures/harness.ts';
import { build, sessionCookie, staffCookie } from '../support/build.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { makeTestApp } from '../support/app.ts';

const test = suite('CAT-8 spreadsheet import');
type T = Awaited<ReturnType<typeof makeTenant>>;
let app: Awaited<ReturnType<typeof makeTestApp>>;
let harness: JobHarness;
let workers: RunningWorkers;
let a: T;
let b: T;
let manager: string;
let managerB: string;
const fixture = (name: string) => readFile(new URL(`../fixtures/import/${name}`, import.meta.url));

test.before(async () => {
  app = await makeTestApp();
  harness = await makeJobHarness({ queues: app.deps.queues });
  workers = startWorkers(harness.deps, buildRegistry(), harness.connection(), { queues: ['imports'] });
  a = await makeTenant({ name: 'İthalat A' });
  b = await makeTenant({ name: 'İthalat B' });
  const root = await createCategory(a.db, { name: 'Hırdavat', slug: 'hirdavat' });
  await createCategory(a.db, { name: 'Vidalar', slug: 'vidalar', parentId: root.id });
  await createAttributeDefinition(a.db, { code: 'malzeme', name: 'Malzeme', type: 'choice', choices: ['Çelik', 'Pirinç'] });
  manager = await staffCookie(a.db, 'catalog_manager');
  managerB = await staffCookie(b.db, 'catalog_manager');
});

test.after(async () => {
  await workers.close();
  await harness.close();
  await app.close();
  await closeTestDb();
});

function upload(t: T, cookie: string, name: string, bytes: Uint8Array, kind = 'products') {
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return app.req(t.host, '/staff/imports', { method: 'POST', body: form, headers: { cookie, origin: `http://${t.host}` } });
}

async function uploadRun(t: T, cookie: string, name: string, bytes: Uint8Array, kind = 'products'): Promise<number> {
  const res = await upload(t, cookie, name, bytes, kind);
  assert.is(res.status, 303, await res.clone().text().then((s) => s.slice(0, 400)));
  return Number(/\/staff\/imports\/(\d+)$/.exec(res.headers.get('location') ?? '')![1]);
}

/** The preview's guessed mapping as form fields, i.e. what "Start" sends when nothing is changed. */
async function guessedFields(t: T, cookie: string, id: number): Promise<Record<string, string>> {
  const html = await (await app.req(t.host, `/staff/imports/${id}`, { headers: { cookie } })).text();
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<select id="f-col_(\d+)" name="col_\d+"[^>]*>([\s\S]*?)<\/select>/g)) {
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
  assert.is(res.status, 303);
  return waitFor(
    `import ${id} to finish`,
    async () => {
      const run = await t.db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return run.status === 'done' || run.status === 'failed' ? run : null;
    },
    60_000,
  );
}

test('CSV from Turkish Excel: Windows-1254 detected, ; delimiter, headers guessed in Turkish and English', async () => {
  const bytes = await fixture('products-1254.csv');
  const { text, encoding } = decodeCsv(bytes);
  assert.is(encoding, 'windows-1254');
  assert.match(text, 'Şemsiye Askısı Çelik');
  assert.match(text, 'İnce Işık Şeridi ğ ı');
  assert.is(detectDelimiter(text), ';');
  const utf8 = decodeCsv(new TextEncoder().encode('\ufeffSKU,Ürün Adı\nA,Işık\n'));
  assert.is(utf8.encoding, 'utf-8');
  const preview = await previewSheet(bytes, 'csv');
  assert.equal(preview.headers.slice(0, 3), ['Stok Kodu', 'Ürün Adı', 'Barkod']);
  assert.is(preview.rows.length, 6, 'the empty row is skipped');
  const attrs = [{ code: 'malzeme', name: 'Malzeme' }];
  assert.equal(guessMapping(preview.headers, 'products', attrs), ['sku', 'name', 'barcode', 'category', 'list_price', 'currency', 'vat_rate', 'stock_qty', 'attr:malzeme']);
  assert.equal(guessMapping(['SKU', 'Name', 'Barcode', 'Price', 'Qty', 'Colour [malzeme]'], 'products', attrs), ['sku', 'name', 'barcode', 'list_price', 'stock_qty', 'attr:malzeme']);
  assert.equal(guessMapping(['Stok Kodu', 'Ürün Adı', 'Stok Miktarı', 'Fiyat'], 'stock', attrs), ['sku', '', 'stock_qty', '']);
});

test('upload → preview with the first rows and guessed mapping → job through the real worker → result with reasons', async () => {
  const id = await uploadRun(a, manager, 'erp-urunler.csv', await fixture('products-1254.csv'));
  const preview = await app.req(a.host, `/staff/imports/${id}`, { headers: { cookie: manager } });
  assert.is(preview.status, 200);
  const html = await preview.text();
  assert.match(html, 'Şemsiye Askısı Çelik');
  assert.match(html, 'windows-1254');
  assert.match(html, /<option value="sku" selected/);
  assert.not.match(html, /<script>|style="/);
  const run = await startAndWait(a, manager, id);
  assert.is(run.status, 'done');
  assert.is(run.total_rows, 6);
  assert.is(run.processed_rows, 6);
  assert.is(run.created_count, 3);
  assert.is(run.rejected_count, 3);
  const errors = await a.db.selectFrom('import_row_errors').selectAll().where('import_id', '=', id).orderBy('row_number').execute();
  assert.equal(errors.map((e) => [e.row_number, e.sku, e.field]), [
    [5, 'FX-003', 'barcode'],
    [6, 'FX-004', 'category'],
    [7, 'FX-001', 'sku'],
  ]);
  assert.match(errors[2]!.reason, 'satır 2', 'the duplicate names the row that was applied');
  const p = await a.db.selectFrom('products').selectAll().where('sku', '=', 'FX-001').executeTakeFirstOrThrow();
  assert.is(p.name, 'Şemsiye Askısı Çelik');
  assert.is(p.list_price, 123456);
  assert.is(p.stock_qty, 15);
  assert.is(p.attr_text, 'Çelik');
  assert.ok(p.category_id);
  const p2 = await a.db.selectFrom('products').select('name').where('sku', '=', 'FX-002').executeTakeFirstOrThrow();
  assert.is(p2.name, 'İnce Işık Şeridi ğ ı');
  const moves = await a.db.selectFrom('stock_movements').select(['import_id', 'source']).where('product_id', '=', p.id).execute();
  assert.equal(moves, [{ import_id: id, source: 'import' }]);

  const result = await (await app.req(a.host, `/staff/imports/${id}`, { headers: { cookie: manager } })).text();
  assert.match(result, 'FX-004');
  assert.match(result, 'bilinmeyen kategori');
  assert.match(result, `/staff/imports/${id}/errors.xlsx`);

  const csv = await app.req(a.host, `/staff/imports/${id}/errors.csv`, { headers: { cookie: manager } });
  assert.is(csv.status, 200);
  assert.match(csv.headers.get('content-disposition') ?? '', 'attachment');
  const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
  assert.is(lines.length, 4);
  assert.match(lines[0]!, /^Satır No;Stok Kodu;Ürün Adı;.*;Hata$/);
  assert.match(lines[1]!, /^5;FX-003;Kötü Barkodlu Ürün;8690000000013;/);
  const xlsx = await app.req(a.host, `/staff/imports/${id}/errors.xlsx`, { headers: { cookie: manager } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  assert.is(wb.worksheets[0]!.rowCount, 4);
});

test('XLSX: a bad row between good rows, formulas and rich text, percent VAT, empty rows', async () => {
  const id = await uploadRun(a, manager, 'products.xlsx', await fixture('products.xlsx'));
  const run = await startAndWait(a, manager, id);
  assert.is(run.status, 'done');
  assert.equal([run.total_rows, run.created_count, run.rejected_count], [3, 2, 1]);
  const fields = (await a.db.selectFrom('import_row_errors').select('field').where('import_id', '=', id).orderBy('field').execute()).map((e) => e.field);
  assert.equal(fields, ['barcode', 'list_price', 'stock_qty'], 'every problem of the row is listed');
  const rows = await a.db.selectFrom('products').select(['sku', 'list_price', 'vat_rate', 'brand', 'barcode']).where('sku', 'in', ['XL-1', 'XL-2', 'XL-3']).orderBy('sku').execute();
  assert.equal(rows, [
    { sku: 'XL-1', list_price: 1250, vat_rate: 20, brand: 'Kervan', barcode: '8690000000029' },
    { sku: 'XL-3', list_price: 3030, vat_rate: 20, brand: 'Kervan', barcode: null },
  ]);
});

test('stock import by SKU: unknown SKU and negative stock are rejected rows, movements carry the import', async () => {
  const id = await uploadRun(a, manager, 'stok.csv', await fixture('stock-utf8.csv'), 'stock');
  const run = await startAndWait(a, manager, id);
  assert.equal([run.status, run.updated_count, run.rejected_count], ['done', 2, 2]);
  const p = await a.db.selectFrom('products').select(['id', 'stock_qty']).where('sku', '=', 'FX-001').executeTakeFirstOrThrow();
  assert.is(p.stock_qty, 40);
  const last = await a.db.selectFrom('stock_movements').selectAll().where('product_id', '=', p.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal([last.delta, last.import_id], [25, id]);
  const nudges = await app.deps.queues.get('reminders').getJobs(['delayed', 'waiting']);
  assert.ok(nudges.some((j) => j.name === 'stock-alerts' && j.data.tenantId === a.tenant.id), 'the stock-alert job is nudged after the import');
});

test('upload refusals: header-only file, wrong file type, no file — each named at the file field', async () => {
  const header = await upload(a, manager, 'bos.csv', await fixture('header-only.csv'));
  assert.is(header.status, 422);
  assert.match(await header.text(), 'başlık dışında satır yok');
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const wrong = await upload(a, manager, 'gizli.csv', png);
  assert.is(wrong.status, 422);
  assert.match(await wrong.text(), 'XLSX ya da CSV dosyası değil');
  const none = await upload(a, manager, 'x.csv', new Uint8Array());
  assert.is(none.status, 422);
});

test('mapping: the SKU column is required and a field may feed only one column', async () => {
  const id = await uploadRun(a, manager, 'erp.csv', await fixture('products-1254.csv'));
  const noSku = await post(a, manager, `/staff/imports/${id}/start`, { col_0: '', col_1: 'name' });
  assert.is(noSku.status, 422);
  assert.match(await noSku.text(), 'Stok kodu sütununu seçin');
  const twice = await post(a, manager, `/staff/imports/${id}/start`, { col_0: 'sku', col_1: 'name', col_2: 'name' });
  assert.is(twice.status, 422);
  assert.match(await twice.text(), 'birden çok sütuna');
  const run = await a.db.selectFrom('import_runs').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  assert.is(run.status, 'uploaded', 'nothing was queued');
});

test('progress fragment polls every second while running and refreshes the page when done', async () => {
  const id = await uploadRun(a, manager, 'erp.csv', await fixture('products-1254.csv'));
  // Started but the file not read yet: no "0 of 0 rows", an indeterminate bar.
  await a.db.updateTable('import_runs').set({ status: 'running', total_rows: 0, processed_rows: 0 }).where('id', '=', id).execute();
  const reading = await (await app.req(a.host, `/staff/imports/${id}/progress`, { headers: { cookie: manager }, htmx: true })).text();
  assert.match(reading, 'Dosya okunuyor');
  assert.not.match(reading, /value="0"/);
  await a.db.updateTable('import_runs').set({ status: 'running', total_rows: 6, processed_rows: 3 }).where('id', '=', id).execute();
  const page = await (await app.req(a.host, `/staff/imports/${id}`, { headers: { cookie: manager } })).text();
  assert.match(page, /<progress id="import-progress-bar" max="6" value="3"/);
  const frag = await app.req(a.host, `/staff/imports/${id}/progress`, { headers: { cookie: manager }, htmx: true });
  const html = await frag.text();
  assert.not.match(html, '<html');
  assert.match(html, 'hx-trigger="every 1s"');
  assert.match(html, 'hx-swap="outerHTML"');
  assert.is(frag.headers.get('hx-refresh'), null);
  await a.db.updateTable('import_runs').set({ status: 'done', processed_rows: 6 }).where('id', '=', id).execute();
  const done = await app.req(a.host, `/staff/imports/${id}/progress`, { headers: { cookie: manager }, htmx: true });
  assert.is(done.headers.get('hx-refresh'), 'true');
  assert.not.match(await done.text(), 'hx-trigger');
});

test('a duplicate delivery of the job applies every batch once (processed_rows guard); a finished run is skipped', async () => {
  const lines = ['SKU;Name;Price;Stock'];
  for (let i = 0; i < 1200; i++) lines.push(`DUP-${i};Ürün ${i};${i + 1},50;${i % 7}`);
  const id = await uploadRun(a, manager, 'buyuk.csv', new TextEncoder().encode(lines.join('\n')));
  await a.db.updateTable('import_runs').set({ status: 'queued', mapping: JSON.stringify({ 0: 'sku', 1: 'name', 2: 'list_price', 3: 'stock_qty' }) }).where('id', '=', id).execute();
  const env = { storage: diskStorage(testConfig().DATA_DIR), tenantId: a.tenant.id, locale: 'tr' as const };
  const outcomes = await Promise.all([runImport(a.db, id, env), runImport(a.db, id, env)]);
  assert.ok(outcomes.includes('done'));
  const run = await a.db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal([run.status, run.processed_rows, run.created_count + run.updated_count + run.unchanged_count, run.rejected_count], ['done', 1200, 1200, 0]);
  const moves = await a.db.selectFrom('stock_movements').select((eb) => eb.fn.countAll<string>().as('n')).where('import_id', '=', id).executeTakeFirstOrThrow();
  assert.is(Number(moves.n), 1200 - Math.ceil(1200 / 7), 'one movement per product with stock, none twice');
  assert.is(await runImport(a.db, id, env), 'skipped');
});

test('a retried job resumes after the last committed batch; an unreadable file fails the run with a message', async () => {
  const lines = ['SKU;Name;Price'];
  for (let i = 0; i < 1200; i++) lines.push(`RES-${i};Ürün ${i};${i + 1}`);
  const bytes = new TextEncoder().encode(lines.join('\n'));
  const env = { storage: diskStorage(testConfig().DATA_DIR), tenantId: a.tenant.id, locale: 'tr' as const };
  const mapping = JSON.stringify({ 0: 'sku', 1: 'name', 2: 'list_price' });
  const first = await uploadRun(a, manager, 'ilk.csv', bytes);
  await a.db.updateTable('import_runs').set({ status: 'queued', mapping }).where('id', '=', first).execute();
  assert.is(await runImport(a.db, first, env), 'done');
  // As if a worker died after committing the first batch of 500 of a second run of the same file.
  const second = await uploadRun(a, manager, 'ikinci.csv', bytes);
  await a.db.updateTable('import_runs').set({ status: 'running', mapping, processed_rows: 500, unchanged_count: 500 }).where('id', '=', second).execute();
  assert.is(await runImport(a.db, second, env), 'done');
  const run = await a.db.selectFrom('import_runs').selectAll().where('id', '=', second).executeTakeFirstOrThrow();
  assert.equal([run.processed_rows, run.unchanged_count, run.created_count, run.updated_count], [1200, 1200, 0, 0]);

  const broken = await uploadRun(a, manager, 'bozuk.csv', bytes);
  const key = await env.storage.put(a.tenant.id, 'imports', new TextEncoder().encode('PK\u0003\u0004 not really a zip'));
  await a.db.updateTable('import_runs').set({ status: 'queued', mapping, format: 'xlsx', storage_key: key }).where('id', '=', broken).execute();
  assert.is(await runImport(a.db, broken, env), 'failed');
  const failed = await a.db.selectFrom('import_runs').select(['status', 'error']).where('id', '=', broken).executeTakeFirstOrThrow();
  assert.is(failed.status, 'failed');
  assert.match(failed.error ?? '', 'Dosya okunamadı');
  const page = await (await app.req(a.host, `/staff/imports/${broken}`, { headers: { cookie: manager } })).text();
  assert.match(page, 'Aktarma başarısız');
});

test('round trip: the catalog export imports back as all unchanged', async () => {
  const exp = await app.req(a.host, '/staff/imports/export.xlsx', { headers: { cookie: manager } });
  assert.is(exp.status, 200);
  assert.match(exp.headers.get('content-type') ?? '', 'spreadsheetml');
  const bytes = new Uint8Array(await exp.arrayBuffer());
  const count = Number((await a.db.selectFrom('products').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const id = await uploadRun(a, manager, 'export.xlsx', bytes);
  const fields = await guessedFields(a, manager, id);
  assert.ok(Object.values(fields).includes('attr:malzeme'), 'attribute columns are recognised');
  const run = await startAndWait(a, manager, id, fields);
  assert.equal([run.status, run.total_rows, run.unchanged_count, run.created_count, run.updated_count, run.rejected_count], ['done', count, count, 0, 0, 0]);
});

test('permissions: warehouse staff and dealers cannot import or export', async () => {
  const warehouse = await staffCookie(a.db, 'warehouse');
  const dealer = await build.dealer(a.db);
  const { user } = await build.dealerUser(a.db, { dealerId: dealer.id, role: 'dealer_admin', totp: false });
  const dealerCookie = await sessionCookie(a.db, user.id);
  for (const cookie of [warehouse, dealerCookie]) {
    assert.is((await app.req(a.host, '/staff/imports', { headers: { cookie } })).status, 403);
    assert.is((await app.req(a.host, '/staff/imports/export.xlsx', { headers: { cookie } })).status, 403);
    assert.is((await upload(a, cookie, 'x.csv', await fixture('stock-utf8.csv'))).status, 403);
  }
});

test('isolation: A’s run ids are 404 on B’s host; B’s history does not list them', async () => {
  const id = (await a.db.selectFrom('import_runs').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  for (const path of [`/staff/imports/${id}`, `/staff/imports/${id}/progress`, `/staff/imports/${id}/errors.csv`, `/staff/imports/${id}/errors.xlsx`]) {
    assert.is((await app.req(b.host, path, { headers: { cookie: managerB }, htmx: path.endsWith('progress') })).status, 404, path);
  }
  assert.is((await post(b, managerB, `/staff/imports/${id}/start`, { col_0: 'sku' })).status, 404);
  assert.not.match(await (await app.req(b.host, '/staff/imports', { headers: { cookie: managerB } })).text(), 'erp-urunler.csv');
  const exported = await app.req(b.host, '/staff/imports/export.xlsx', { headers: { cookie: managerB } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await exported.arrayBuffer()) as never);
  assert.is(wb.worksheets[0]!.rowCount, 1, 'B exports only its header row');
});

test.run();
