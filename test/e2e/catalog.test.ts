import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCategory } from '../../src/catalog/categories.ts';
import { createAttributeDefinition } from '../../src/catalog/products.ts';
import { gtinCheckDigit } from '../../src/catalog/gtin.ts';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import { startWorkers } from '../../src/jobs/worker-runtime.ts';
import { build, sessionCookie } from '../support/build.ts';
import { makeTenant } from '../support/db.ts';
import { RESULTS_DIR, startE2E, step, type E2E, type WatchedPage } from './support.ts';

/**
 * The catalog journey in Chromium (issue 4: CAT-8, CAT-3, CAT-5, CAT-6, CAT-2): a catalog
 * manager imports an XLSX of 3,000 products and watches the progress bar until the result page
 * (one row with a bad barcode is rejected, the rest created), attaches a PDF spec sheet to one of
 * the new products; a dealer then searches with a typo and Turkish letters left out, filters the
 * results by a colour attribute, opens the product and downloads its PDF.
 */
const test = suite('catalog journey (browser)');

let e2e: E2E;
let workers: { close(): Promise<void> } | undefined;
let workerConnection: ReturnType<E2E['app']['deps']['queues']['connection']['duplicate']> | undefined;
let dir: string;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let manager: WatchedPage;
let dealer: WatchedPage;

const ROWS = 3000;
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true, caret: 'initial' });

function gtin(n: number): string {
  const body = `869${String(n).padStart(9, '0')}`;
  return body + gtinCheckDigit(body);
}

/** 3,000 product rows the way a Turkish ERP exports them; row 3 has a barcode with a wrong check digit. */
async function makeXlsx(file: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ürünler');
  ws.addRow(['Stok Kodu', 'Ürün Adı', 'Barkod', 'Kategori', 'Liste Fiyatı', 'Stok Miktarı', 'Renk [renk]']);
  const colours = ['Beyaz', 'Siyah', 'Gri'];
  for (let i = 1; i <= ROWS; i++) {
    const colour = colours[i % 3]!;
    const name = i <= 30 ? `Işık Panel LED 60x60 ${colour} ${i}` : `Çelik Vida M${(i % 12) + 3}x${(i % 9) * 10 + 20} Paket ${i}`;
    const barcode = i === 3 ? `${gtin(i).slice(0, 12)}${(Number(gtin(i).at(-1)) + 1) % 10}` : gtin(i);
    ws.addRow([`E2E-${String(i).padStart(5, '0')}`, name, barcode, 'aydinlatma', '149,90', 25, colour]);
  }
  await wb.xlsx.writeFile(file);
}

async function signIn(w: WatchedPage, userId: number) {
  const [name, ...rest] = (await sessionCookie(tenant.db, userId)).split('=');
  await w.context.addCookies([{ name: name!, value: rest.join('='), domain: tenant.host, path: '/' }]);
}

async function noProblems(w: WatchedPage, where: string) {
  const real = w.problems.filter((p) => !p.includes('status of 422'));
  assert.equal(real, [], `no console errors, CSP violations or failed requests (${where})`);
  w.problems.length = 0;
}

test.before(async () => {
  e2e = await startE2E();
  dir = mkdtempSync(path.join(tmpdir(), 'kervan-e2e-catalog-'));
  tenant = await makeTenant({ name: 'Işık Elektrik A.Ş.' });
  const db = tenant.db;
  await createCategory(db, { name: 'Aydınlatma', slug: 'aydinlatma' });
  await createAttributeDefinition(db, { code: 'renk', name: 'Renk', type: 'choice', choices: ['Beyaz', 'Siyah', 'Gri'], filterable: true });
  // The import runs as a BullMQ job: a worker on the app's own queue prefix takes it.
  const h = e2e.app.deps;
  workerConnection = h.queues.connection.duplicate();
  workers = startWorkers({ ...h, mailer: null }, buildRegistry(), workerConnection, { prefix: h.queues.prefix, queues: ['imports'] });
  const { user: cm } = await build.staff(db, { role: 'catalog_manager', name: 'Zeynep Katalog' });
  const d = await build.dealer(db, { companyName: 'Ege Elektrik Ltd. Şti.' });
  const { user: buyer } = await build.dealerUser(db, { dealerId: d.id, role: 'buyer', name: 'Ali Alıcı' });
  manager = await e2e.newPage({ locale: 'en-GB', acceptDownloads: true });
  dealer = await e2e.newPage({ locale: 'en-GB', acceptDownloads: true });
  await signIn(manager, cm.id);
  await signIn(dealer, buyer.id);
});

test.after(async () => {
  await workers?.close();
  await workerConnection?.quit();
  await e2e?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a catalog manager imports an XLSX, watches the progress bar and reads the result', async () => {
  const { page } = manager;
  const file = path.join(dir, 'urunler.xlsx');
  await makeXlsx(file);
  await step(e2e, page, 'upload and preview', async () => {
    await page.goto(e2e.url(tenant.host, '/staff/imports'));
    await page.getByLabel('File (XLSX or CSV, at most 20 MB)').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByRole('button', { name: 'Start import' }).waitFor();
    // The preview shows the first rows and the guessed mapping.
    assert.ok(await page.getByText('Işık Panel LED 60x60 Siyah 1').first().isVisible(), 'first row previewed');
    await shot(page, 'catalog-import-preview');
    await noProblems(manager, 'preview');
  });
  await step(e2e, page, 'progress bar', async () => {
    await page.getByRole('button', { name: 'Start import' }).click();
    const bar = page.locator('#import-progress-bar');
    await bar.waitFor();
    await shot(page, 'catalog-import-progress');
    // The fragment polls until the job is done; the page then shows the result.
    await page.locator('[data-stat=created] dd').waitFor({ timeout: 60_000 });
  });
  await step(e2e, page, 'result page', async () => {
    const stat = async (key: string) => Number((await page.locator(`[data-stat=${key}] dd`).innerText()).replace(/[^0-9]/g, ''));
    assert.is(await stat('created'), ROWS - 1);
    assert.is(await stat('rejected'), 1);
    const rejected = await page.locator('#rejected').innerText();
    assert.match(rejected, 'E2E-00003');
    assert.ok(await page.getByRole('link', { name: /error file/i }).first().isVisible(), 'error file offered');
    await shot(page, 'catalog-import-result');
    await noProblems(manager, 'result');
  });
  const count = await tenant.db.selectFrom('products').select((eb) => eb.fn.countAll<string>().as('n')).where('sku', 'like', 'E2E-%').executeTakeFirstOrThrow();
  assert.is(Number(count.n), ROWS - 1);
});

test('the catalog manager attaches a PDF spec sheet to a product', async () => {
  const { page } = manager;
  const product = await tenant.db.selectFrom('products').select(['id']).where('sku', '=', 'E2E-00001').executeTakeFirstOrThrow();
  const pdf = path.join(dir, 'teknik-foy.pdf');
  const PDFDocument = (await import('pdfkit')).default;
  await new Promise<void>((resolve, reject) => {
    const doc = new PDFDocument();
    const out = doc.pipe(createWriteStream(pdf));
    doc.text('Işık Panel LED 60x60 — teknik föy');
    doc.end();
    out.on('finish', () => resolve());
    out.on('error', reject);
  });
  await step(e2e, page, 'upload pdf', async () => {
    await page.goto(e2e.url(tenant.host, `/staff/media/products/${product.id}`));
    await page.getByLabel('PDF file').setInputFiles(pdf);
    await page.getByLabel('Title').fill('Teknik föy');
    await page.locator('form:has(input[name=document_file]) button[type=submit]').click();
    await page.locator('[data-testid=staff-documents]').waitFor();
    assert.match(await page.locator('[data-testid=staff-documents]').innerText(), 'Teknik föy');
    await noProblems(manager, 'document upload');
  });
});

test('a dealer finds the product with a typo, filters by colour, opens it and downloads the PDF', async () => {
  const { page } = dealer;
  await step(e2e, page, 'search as you type with a typo', async () => {
    await page.goto(e2e.url(tenant.host, '/portal/catalog'));
    const box = page.getByLabel('Search products, SKU or barcode');
    await box.pressSequentially('isik panle', { delay: 40 });
    // The side panel fills while typing, without leaving the page.
    await page.locator('[data-testid=suggest]').getByText('Işık Panel LED 60x60', { exact: false }).first().waitFor();
    assert.is(new URL(page.url()).pathname, '/portal/catalog');
    await shot(page, 'catalog-suggest-typo');
    await box.press('Enter');
    await page.locator('[data-testid=catalog-results]').waitFor();
    assert.match(await page.locator('[data-testid=catalog-results]').innerText(), 'Işık Panel LED 60x60');
  });
  await step(e2e, page, 'filter by colour', async () => {
    const facets = page.locator('form.catalog-facets');
    await facets.locator('fieldset', { hasText: 'Renk' }).getByLabel(/Beyaz/).check();
    await facets.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/a\.renk=Beyaz/);
    const rows = await page.locator('[data-testid=catalog-results] tbody tr').allInnerTexts();
    assert.ok(rows.length > 0, 'results left after filtering');
    for (const r of rows) assert.match(r, 'Beyaz');
    assert.not.match(rows.join('\n'), 'Siyah');
    await shot(page, 'catalog-filtered');
    await noProblems(dealer, 'search');
  });
  await step(e2e, page, 'product page and PDF', async () => {
    await page.goto(e2e.url(tenant.host, '/portal/catalog/search?q=E2E-00001'));
    const link = page.locator('[data-testid=catalog-results] a', { hasText: 'Işık Panel LED 60x60 Siyah 1' }).first();
    if (await link.count()) await link.click();
    await page.locator('[data-testid=product]').waitFor();
    assert.match(await page.locator('h1').innerText(), 'Işık Panel LED 60x60 Siyah 1');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=documents] a').first().click()]);
    const saved = path.join(dir, 'downloaded.pdf');
    await download.saveAs(saved);
    assert.is(readFileSync(saved).subarray(0, 5).toString('latin1'), '%PDF-');
    await shot(page, 'catalog-product');
    await noProblems(dealer, 'product');
  });
});

test.run();
