import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findUnicodeFont } from '../../src/catalog/demo-catalog.ts';
import { renderOrderDocument } from '../../src/orders/documents.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { dealer, order, product } from './desk-support.ts';

/** ORD-9: order confirmation, proforma invoice and waybill PDFs (staff route and the shared renderer). */
const test = suite('ORD-9 order documents');
let t: TestApp;

test.before(async () => {
  t = await makeTestApp();
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

/** Page count from the PDF's page tree objects (pdfkit writes "/Type /Page" once per page). */
const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

/** The decompressed content streams, to check the drawn text is there (glyph ids, so only its count). */
function streams(pdf: Buffer): string {
  const s = pdf.toString('latin1');
  let out = '';
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    try {
      out += inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      /* not deflated */
    }
  }
  return out;
}

test('every kind renders a PDF with an embedded font; long orders break pages; dealer scoping; staff route', async () => {
  if (!findUnicodeFont()) {
    // The PDFs need a Unicode TTF (fonts-dejavu-core); without one rendering refuses loudly.
    console.warn('SKIPPED: no Unicode TTF font installed (apt-get install fonts-dejavu-core)');
    return;
  }
  const ten = await makeTenant({ defaultLocale: 'tr' });
  const cookie = await staffCookie(ten.db, 'warehouse');
  const who = await dealer(ten.db);
  const other = await dealer(ten.db);
  const items = [];
  for (let i = 0; i < 90; i++) items.push({ productId: (await product(ten.db, { price: 1000 + i, vat: i % 3 === 0 ? 10 : 20, stock: 100 })).id, qty: 1 + (i % 4) });
  const o = await order(ten.db, ten.tenant.id, who, items, { poNumber: 'PO-ĞÜŞ-1', note: 'Lütfen İstanbul deposuna teslim edin.' });
  const small = await order(ten.db, ten.tenant.id, who, items.slice(0, 2));
  const seller = { tenantId: ten.tenant.id, sellerName: 'Kervan Hırdavat Sanayi A.Ş.', dataDir: '/tmp/kervan-doc-test' };
  for (const kind of ['confirmation', 'proforma', 'waybill'] as const) {
    const r = await renderOrderDocument(ten.db, o.orderId, kind, 'tr', seller);
    assert.ok(r);
    assert.is(r!.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(r!.filename, `${o.number}-${kind}.pdf`);
    assert.match(r!.bytes.toString('latin1'), /\/FontFile2/, 'TTF embedded (Turkish glyphs)');
    assert.ok(pages(r!.bytes) >= 2, `${kind}: 90 lines take more than one page`);
    const oneLine = await renderOrderDocument(ten.db, small.orderId, kind, 'en', seller);
    assert.is(pages(oneLine!.bytes), 1);
    assert.ok(streams(r!.bytes).includes('Tj') || streams(r!.bytes).includes('TJ'));
  }
  assert.is(await renderOrderDocument(ten.db, o.orderId, 'proforma', 'tr', seller, { dealerId: other.dealerId }), null, "another dealer's order → null (404)");
  assert.ok(await renderOrderDocument(ten.db, o.orderId, 'proforma', 'tr', seller, { dealerId: who.dealerId }));
  assert.is(await renderOrderDocument(ten.db, 99999999, 'proforma', 'tr', seller), null);

  const res = await t.req(ten.host, `/staff/orders/${small.orderId}/documents/proforma.pdf`, { headers: { cookie } });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/pdf');
  assert.is(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
  assert.is((await t.req(ten.host, `/staff/orders/${small.orderId}/documents/invoice.pdf`, { headers: { cookie } })).status, 404);
  assert.is((await t.req(ten.host, `/staff/orders/${small.orderId}/documents/proforma.txt`, { headers: { cookie } })).status, 404);
});

/** The PDF's text as poppler's pdftotext extracts it (whitespace collapsed). */
function pdfText(bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ord9-doc-')), 'd.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
}

test('wording: Turkish and English titles and totals; the waybill has no prices or payment; a per-shipment waybill prints only its lines', async () => {
  if (!findUnicodeFont()) return console.warn('SKIPPED: no Unicode TTF font installed');
  const ten = await makeTenant({ defaultLocale: 'tr' });
  const who = await dealer(ten.db);
  const a = await product(ten.db, { price: 2500, vat: 20, name: 'Köşebent ağır tip' });
  const b = await product(ten.db, { price: 990, vat: 10, name: 'Şerit metre 5 m' });
  const o = await order(ten.db, ten.tenant.id, who, [
    { productId: a.id, qty: 4 },
    { productId: b.id, qty: 6 },
  ], { poNumber: 'PO-İŞ-42' });
  const seller = { tenantId: ten.tenant.id, sellerName: 'Işıklar Yapı Market', dataDir: '/tmp/kervan-doc-test', timeZone: 'Europe/Istanbul' };
  const text = async (kind: 'confirmation' | 'proforma' | 'waybill', locale: 'tr' | 'en', opts = {}) => pdfText((await renderOrderDocument(ten.db, o.orderId, kind, locale, seller, opts))!.bytes);

  const trConf = await text('confirmation', 'tr');
  for (const s of ['SİPARİŞ ONAYI', 'Sipariş no', o.number, 'PO numarası', 'PO-İŞ-42', 'Stok kodu', 'Birim fiyat', 'Ara toplam', 'KDV %20', 'KDV %10', 'KDV toplamı', 'GENEL TOPLAM', 'Köşebent ağır tip', 'Sayfa 1 / 1']) assert.match(trConf, s, `TR confirmation: ${s}`);
  assert.match(trConf, /%20/, 'Turkish percent sign before the number');
  assert.not.match(trConf, /Subtotal|GRAND TOTAL|Satırlar net/);
  const trPro = await text('proforma', 'tr');
  for (const s of ['PROFORMA FATURA', 'vergi faturası yerine geçmez', 'Açık hesap: ödeme vadesi fatura tarihinden itibaren 30 gündür.']) assert.match(trPro, s, `TR proforma: ${s}`);
  assert.not.match(trPro, 'ödeme alındıktan sonra', 'an open-account order is not held for payment');
  const trWay = await text('waybill', 'tr');
  for (const s of ['SEVK İRSALİYESİ', 'Düzenleme tarihi', 'Teslim eden', 'Teslim alan', 'Miktar', 'Birim']) assert.match(trWay, s, `TR waybill: ${s}`);
  for (const s of ['Birim fiyat', 'GENEL TOPLAM', 'Ödeme:', '25,00']) assert.not.match(trWay, s, `no prices or payment on a waybill: ${s}`);

  const enConf = await text('confirmation', 'en');
  for (const s of ['ORDER CONFIRMATION', 'Order no', 'PO number', 'Unit price', 'Subtotal', 'VAT 20 %', 'VAT total', 'GRAND TOTAL', 'Page 1 / 1']) assert.match(enConf, s, `EN confirmation: ${s}`);
  assert.not.match(enConf, /Ara toplam|SİPARİŞ/);
  const enPro = await text('proforma', 'en');
  assert.match(enPro, 'PROFORMA INVOICE');
  assert.match(enPro, 'Open account: payment is due 30 days after the invoice date.');
  assert.match(await text('waybill', 'en'), 'WAYBILL');

  // Per-shipment waybill: only the listed line, with the shipped quantity, and the reference.
  const lines = await ten.db.selectFrom('order_lines').select(['id', 'sku']).where('order_id', '=', o.orderId).orderBy('line_no').execute();
  const part = await renderOrderDocument(ten.db, o.orderId, 'waybill', 'tr', seller, { lines: [{ orderLineId: lines[1]!.id, qty: 2 }, { orderLineId: lines[0]!.id, qty: 0 }], reference: `${o.number}-2` });
  assert.is(part!.filename, `${o.number}-2-waybill.pdf`);
  const partText = pdfText(part!.bytes);
  assert.match(partText, `Belge no: ${o.number}-2`);
  assert.match(partText, new RegExp(`${lines[1]!.sku} Şerit metre 5 m 2 `));
  assert.not.match(partText, lines[0]!.sku, 'a line with qty 0 or not listed is left out');
  try {
    await renderOrderDocument(ten.db, o.orderId, 'proforma', 'tr', seller, { lines: [{ orderLineId: lines[0]!.id, qty: 1 }] });
    assert.unreachable('a priced document refuses a subset of lines');
  } catch (err) {
    assert.match(String(err), 'only printed on a waybill');
  }
});

test.run();
