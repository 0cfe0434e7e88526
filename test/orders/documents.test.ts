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

test.run();
