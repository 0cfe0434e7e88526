import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findUnicodeFont } from '../../src/catalog/demo-catalog.ts';
import type { TenantDb } from '../../src/db/types.ts';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import { processJob } from '../../src/jobs/worker-runtime.ts';
import type { AttachmentRef } from '../../src/notifications/attachments.ts';
import { SEND_JOB } from '../../src/notifications/jobs.ts';
import type { Mailer, OutgoingMail } from '../../src/notifications/mailer.ts';
import { renderOrderDocument } from '../../src/orders/documents.ts';
import { MAIL_SUMMARY_LINES, notifyOrderStatus } from '../../src/orders/notify.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { makeJobHarness, type JobHarness } from '../jobs/fixtures/harness.ts';
import { dealer, order, product } from './desk-support.ts';

/**
 * ORD-9: the order mails carry the summary — on confirmation with the order confirmation PDF, on
 * awaiting payment with the proforma — each recipient in their own language.
 */
const test = suite('ORD-9 order confirmation mail');
const registry = buildRegistry();
let t: TestApp;
let h: JobHarness;

test.before(async () => {
  t = await makeTestApp();
  h = await makeJobHarness();
});
test.after(async () => {
  await h.close();
  await t.close();
  await closeTestDb();
});

const brand = { sellerName: 'Anadolu Bağlantı Elemanları A.Ş.', primaryColor: '#884400', portalUrl: 'http://anadolu.localhost/' };
const hasFont = Boolean(findUnicodeFont());

function capturing(): Mailer & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return { sent, send: async (m) => void sent.push(m), close() {} };
}
let seq = 0;
const send = (mailer: Mailer, tenantId: number, notificationId: number) =>
  processJob({ ...h.deps, mailer }, registry, 'mail', { id: `conf-${++seq}`, name: SEND_JOB, data: { tenantId, notificationId }, attemptsMade: 0 } as unknown as Job) as Promise<Record<string, unknown>>;

const pdfText = (bytes: Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ord9-')), 'x.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

const mailsOf = (db: Kysely<TenantDb>, orderId: number) =>
  db.selectFrom('notifications').selectAll().where('template', '=', 'order.status').where(sql<string>`payload->>'orderId'`, '=', String(orderId)).orderBy('id').execute();

/** Intl puts a no-break space between an ISO currency code and the amount. */
const nb = <T extends { body_text: string; body_html: string }>(m: T): T => ({ ...m, body_text: m.body_text.replace(/\u00a0/g, ' '), body_html: m.body_html.replace(/\u00a0/g, ' ') });

function inDays(n: number) {
  const d = new Date(Date.now() + n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function world(opts: { settlement?: 'open_account' | 'prepayment' } = {}) {
  const ten = await makeTenant({ defaultLocale: 'en' });
  const who = await dealer(ten.db, { userLocale: 'tr', ...(opts.settlement ? { settlement: opts.settlement } : {}) });
  await ten.db.updateTable('users').set({ locale: 'en' }).where('email', '=', who.adminEmail).execute();
  const sm = await ten.db.insertInto('shipping_methods').values({ code: 'ARAS', name: 'Aras Kargo', price: 5000, currency: 'TRY', vat_rate: 20 } as never).returning('id').executeTakeFirstOrThrow();
  const p1 = await product(ten.db, { price: 12345, vat: 20, name: 'Paslanmaz cıvata M8 ğüşİ' });
  const p2 = await product(ten.db, { price: 1000, vat: 10, name: 'Plastik dübel' });
  return { ...ten, who, sm, p1, p2 };
}

test('desk confirm → one mail per recipient in their language, with the summary and the confirmation PDF reference; sent with the PDF', async () => {
  const w = await world();
  const requested = inDays(12);
  const o = await order(w.db, w.tenant.id, w.who, [
    { productId: w.p1.id, qty: 3 },
    { productId: w.p2.id, qty: 7 },
  ], { poNumber: 'PO-ŞUBAT-9', shippingMethodId: w.sm.id, requestedDate: requested });
  const cookie = await staffCookie(w.db, 'admin');
  const res = await t.req(w.host, `/staff/orders/${o.orderId}/status`, formPost(w.host, { to: 'confirmed' }, { headers: { cookie } }));
  assert.is(res.status, 303);

  const mails = await mailsOf(w.db, o.orderId);
  assert.equal(mails.map((m) => m.recipient).sort(), [w.who.adminEmail, w.who.buyerEmail].sort(), 'orderer + dealer admin, once each');
  const tr = mails.find((m) => m.recipient === w.who.buyerEmail)!;
  const en = nb(mails.find((m) => m.recipient === w.who.adminEmail)!);
  assert.is(tr.locale, 'tr');
  assert.is(en.locale, 'en');
  for (const m of [tr, en]) {
    const refs = m.attachments as AttachmentRef[];
    assert.equal(refs, [{ kind: 'order_document', orderId: o.orderId, document: 'confirmation', filename: `${o.number}-confirmation.pdf` }]);
    for (const body of [m.body_text, m.body_html]) {
      assert.match(body, w.p1.sku);
      assert.match(body, w.p2.sku);
      assert.match(body, 'PO-ŞUBAT-9');
      assert.match(body, 'Aras Kargo');
      assert.match(body, 'Organize Sanayi 4. Cadde No: 12');
      assert.match(body, `/portal/orders/${o.orderId}`);
    }
    assert.ok(m.subject.startsWith(`${w.tenant.name}: `), 'seller branding');
  }
  // Turkish: text, number and money formats.
  assert.match(tr.subject, 'Onaylandı');
  assert.match(tr.body_text, 'onaylandı. Sipariş onayı ekte PDF olarak yer alıyor.');
  assert.match(tr.body_text, `${w.p1.sku} — Paslanmaz cıvata M8 ğüşİ × 3 adet · birim ₺123,45 · net ₺370,35`);
  assert.match(tr.body_text, 'Ara toplam (net): ₺440,35');
  assert.match(tr.body_text, 'KDV %20 (₺420,35 üzerinden): ₺84,07', 'shipping is taxed at its own rate (20 %)');
  assert.match(tr.body_text, 'KDV %10 (₺70,00 üzerinden): ₺7,00');
  assert.match(tr.body_text, 'Kargo (net): ₺50,00');
  assert.match(tr.body_text, 'Genel toplam: ₺581,42');
  assert.match(tr.body_text, 'Teslimat adresi: Merkez depo, Organize Sanayi 4. Cadde No: 12');
  assert.match(tr.body_text, 'Kargo yöntemi: Aras Kargo');
  assert.match(tr.body_text, 'İstenen teslim tarihi: ');
  assert.match(tr.body_text, `Ek: ${o.number}-confirmation.pdf`);
  assert.match(tr.body_html, 'Birim fiyat (net)');
  assert.not.match(tr.body_text, 'Subtotal');
  // English.
  assert.match(en.subject, 'Confirmed');
  assert.match(en.body_text, `${w.p1.sku} — Paslanmaz cıvata M8 ğüşİ × 3 adet · unit TRY 123.45 · net TRY 370.35`);
  assert.match(en.body_text, 'Subtotal (net): TRY 440.35');
  assert.match(en.body_text, 'VAT 20 % (on TRY 420.35): TRY 84.07');
  assert.match(en.body_text, 'Requested delivery date: ');
  assert.match(en.body_text, `Attached: ${o.number}-confirmation.pdf`);
  assert.not.match(en.body_text, 'Ara toplam');

  if (!hasFont) return console.warn('SKIPPED (PDF part): no Unicode TTF font installed');
  const mailer = capturing();
  assert.equal(await send(mailer, w.tenant.id, tr.id), { sent: true });
  assert.equal(await send(mailer, w.tenant.id, en.id), { sent: true });
  const [trMail, enMail] = mailer.sent;
  assert.is(trMail!.to, w.who.buyerEmail);
  const trPdf = pdfText(trMail!.attachments![0]!.content);
  assert.match(trPdf, 'SİPARİŞ ONAYI');
  assert.match(trPdf, o.number);
  assert.match(trPdf, 'Ara toplam');
  assert.match(trPdf, 'GENEL TOPLAM');
  const enPdf = pdfText(enMail!.attachments![0]!.content);
  assert.match(enPdf, 'ORDER CONFIRMATION');
  assert.match(enPdf, 'Subtotal');
});

test('the new-order mail carries the summary without a PDF; a prepayment order awaiting payment gets the proforma and the payment instruction', async () => {
  const w = await world({ settlement: 'prepayment' });
  const ids: number[] = [];
  const placed = await order(w.db, w.tenant.id, w.who, [{ productId: w.p1.id, qty: 2 }], {
    paymentMethod: 'prepayment',
    onCreated: async (trx, o) => void ids.push(...(await notifyOrderStatus(trx, o.id, null, o.status, brand))),
  });
  const row = await w.db.selectFrom('orders').select(['status', 'total_gross']).where('id', '=', placed.orderId).executeTakeFirstOrThrow();
  assert.is(row.status, 'awaiting_payment', 'prepayment dealer');
  const mails = await mailsOf(w.db, placed.orderId);
  assert.equal(mails.map((m) => m.id).sort(), ids.sort());
  const tr = mails.find((m) => m.locale === 'tr')!;
  assert.match(tr.subject, `Siparişiniz alındı: ${placed.number}`);
  assert.match(tr.body_text, w.p1.sku);
  assert.match(tr.body_text, `Lütfen ₺296,28 tutarını, açıklamaya ${placed.number} sipariş numarasını yazarak havale/EFT ile ödeyin.`);
  assert.not.match(tr.body_text, 'IBAN', 'no bank setting → no IBAN line');
  assert.equal((tr.attachments as AttachmentRef[]).map((a) => a.document), ['proforma']);

  // With the seller's bank details stored, the IBAN is in the mail and in the proforma.
  await w.db.insertInto('settings').values({ key: 'bank', value: JSON.stringify({ iban: 'TR33 0006 1005 1978 6457 8413 26', bankName: 'Örnek Bankası', accountHolder: 'Anadolu Bağlantı A.Ş.' }) } as never).execute();
  const before = (await mailsOf(w.db, placed.orderId)).length;
  await w.db.transaction().execute((trx) => notifyOrderStatus(trx, placed.orderId, 'awaiting_approval', 'awaiting_payment', brand));
  const again = (await mailsOf(w.db, placed.orderId)).slice(before);
  const en = nb(again.find((m) => m.locale === 'en')!);
  assert.match(en.body_text, `Please pay TRY 296.28 by bank transfer, quoting order number ${placed.number}.`);
  assert.match(en.body_text, 'IBAN: TR33 0006 1005 1978 6457 8413 26 · Örnek Bankası · Account holder: Anadolu Bağlantı A.Ş.');
  assert.match(en.body_text, `Attached: ${placed.number}-proforma.pdf`);

  // An open-account order: the "placed" mail has the summary and no attachment.
  const ow = await world();
  const ids2: number[] = [];
  const o2 = await order(ow.db, ow.tenant.id, ow.who, [{ productId: ow.p2.id, qty: 1 }], {
    onCreated: async (trx, o) => void ids2.push(...(await notifyOrderStatus(trx, o.id, null, o.status, brand))),
  });
  const m2 = await mailsOf(ow.db, o2.orderId);
  assert.is(m2.length, 2);
  for (const m of m2) {
    assert.equal(m.attachments, [], 'no PDF before the seller confirms');
    assert.match(m.body_text, ow.p2.sku);
  }
  assert.match(m2.find((m) => m.locale === 'en')!.body_text, `We received your order ${o2.number}. Its status: Placed.`);

  if (!hasFont) return;
  const pdf = await renderOrderDocument(w.db, placed.orderId, 'proforma', 'tr', { tenantId: w.tenant.id, sellerName: brand.sellerName, dataDir: '/tmp/ord9' });
  const text = pdfText(pdf!.bytes).replace(/\s+/g, ' ');
  assert.match(text, 'PROFORMA FATURA');
  assert.match(text, 'TR33 0006 1005 1978 6457 8413 26');
  assert.match(text, `açıklamaya ${placed.number} sipariş numarasını yazarak`);
  assert.not.match(text, 'vade');
});

test('proforma wording: open account shows the payment term from the dealer account, not "payment received"; paid shows received', async () => {
  if (!hasFont) return console.warn('SKIPPED: no Unicode TTF font installed');
  const w = await world();
  await w.db.updateTable('dealer_accounts').set({ payment_term_days: 45 }).where('dealer_id', '=', w.who.dealerId).execute();
  const o = await order(w.db, w.tenant.id, w.who, [{ productId: w.p2.id, qty: 4 }]);
  const seller = { tenantId: w.tenant.id, sellerName: brand.sellerName, dataDir: '/tmp/ord9' };
  const en = pdfText((await renderOrderDocument(w.db, o.orderId, 'proforma', 'en', seller))!.bytes).replace(/\s+/g, ' ');
  assert.match(en, 'Open account: payment is due 45 days after the invoice date.');
  assert.not.match(en, /once payment is received|payment received/i);
  const tr = pdfText((await renderOrderDocument(w.db, o.orderId, 'proforma', 'tr', seller))!.bytes).replace(/\s+/g, ' ');
  assert.match(tr, 'Açık hesap: ödeme vadesi fatura tarihinden itibaren 45 gündür.');
  assert.not.match(tr, 'ödeme alındıktan sonra');

  await w.db.updateTable('orders').set({ paid_gross: 4400 }).where('id', '=', o.orderId).execute();
  const paid = pdfText((await renderOrderDocument(w.db, o.orderId, 'proforma', 'en', seller))!.bytes).replace(/\s+/g, ' ');
  assert.match(paid, 'Payment received: 44.00 TRY.');
});

test(`a long order lists ${MAIL_SUMMARY_LINES} lines in the mail and says how many more`, async () => {
  const w = await world();
  const items = [];
  for (let i = 0; i < MAIL_SUMMARY_LINES + 3; i++) items.push({ productId: (await product(w.db, { price: 100 + i, stock: 10 })).id, qty: 1 });
  const o = await order(w.db, w.tenant.id, w.who, items);
  await w.db.transaction().execute((trx) => notifyOrderStatus(trx, o.orderId, 'placed', 'confirmed', brand));
  const en = (await mailsOf(w.db, o.orderId)).find((m) => m.locale === 'en')!;
  assert.is((en.body_text.match(/^DSK-/gm) ?? []).length, MAIL_SUMMARY_LINES);
  assert.match(en.body_text, '… and 3 more lines; see the order page for all of them.');
  assert.match(en.body_html, '… and 3 more lines');
});

test.run();
