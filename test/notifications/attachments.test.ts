import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
import type { WorkerDeps } from '../../src/jobs/registry.ts';
import { processJob } from '../../src/jobs/worker-runtime.ts';
import type { AttachmentRef } from '../../src/notifications/attachments.ts';
import { brandFor } from '../../src/notifications/brand.ts';
import { SEND_JOB } from '../../src/notifications/jobs.ts';
import { createMailer, type Mailer, type OutgoingMail } from '../../src/notifications/mailer.ts';
import { outboxMessages } from '../../src/notifications/messages.ts';
import { MAX_ATTEMPTS, findNotification, queueNotification } from '../../src/notifications/queries.ts';
import type { Tenant } from '../../src/tenancy/tenant.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { makeJobHarness, type JobHarness } from '../jobs/fixtures/harness.ts';
import { dealer, order, product } from '../orders/desk-support.ts';
import { startSmtpPeer, type SmtpPeer } from './fixtures/smtp-peer.ts';

/** ORD-9 / NTF-1: outbox attachments — references in the row, rendered by the send job, listed and downloadable in the outbox. */
const test = suite('ORD-9 outbox attachments');
const registry = buildRegistry();
const config = testConfig();
let h: JobHarness;
let app: TestApp;
let peer: SmtpPeer;

test.before(async () => {
  h = await makeJobHarness();
  app = await makeTestApp();
  peer = await startSmtpPeer();
});
test.after(async () => {
  await peer.close();
  await app.close();
  await h.close();
  await closeTestDb();
});

/** A Mailer that keeps what it is given (the bytes nodemailer would put on the wire). */
function capturing(): Mailer & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
    },
    close() {},
  };
}

let seq = 0;
function runSend(mailer: Mailer | null, tenantId: number, notificationId: number) {
  const deps: WorkerDeps = { ...h.deps, mailer };
  return processJob(deps, registry, 'mail', { id: `att-${++seq}`, name: SEND_JOB, data: { tenantId, notificationId }, attemptsMade: 0 } as unknown as Job) as Promise<Record<string, unknown>>;
}

function queueWith(db: Kysely<TenantDb>, tenant: Tenant, to: string, attachments: AttachmentRef[], locale: 'tr' | 'en' = 'en') {
  return queueNotification(db, brandFor(config, tenant), { template: 'test-message', locale, to, payload: { requestedBy: 'staff@seller.example' }, attachments });
}

async function orderWorld(name = 'Ekli Belge Hırdavat A.Ş.') {
  const ten = await makeTenant({ name });
  const who = await dealer(ten.db);
  const p = await product(ten.db, { price: 12345, vat: 20, name: 'Çelik dübel ğüşıöç' });
  const o = await order(ten.db, ten.tenant.id, who, [{ productId: p.id, qty: 3 }], { poNumber: 'PO-77' });
  return { ...ten, who, p, o };
}

const pdfText = (bytes: Buffer) => {
  const dir = mkdtempSync(join(tmpdir(), 'ord9-'));
  const file = join(dir, 'a.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

const hasFont = Boolean(findUnicodeFont());

test('a queued mail with an order_document reference is sent with the rendered PDF (in the mail’s language); size and SHA-256 recorded', async () => {
  if (!hasFont) return console.warn('SKIPPED: no Unicode TTF font installed');
  const w = await orderWorld();
  const ref: AttachmentRef = { kind: 'order_document', orderId: w.o.orderId, document: 'confirmation', filename: `${w.o.number}-confirmation.pdf` };
  const id = await queueWith(w.db, w.tenant, 'dealer@example.com', [ref], 'tr');
  const stored = await findNotification(w.db, id);
  assert.equal(stored!.attachments, [ref], 'the row holds the reference, not bytes');

  const mailer = capturing();
  assert.equal(await runSend(mailer, w.tenant.id, id), { sent: true });
  assert.is(mailer.sent.length, 1);
  const files = mailer.sent[0]!.attachments ?? [];
  assert.is(files.length, 1);
  const f = files[0]!;
  assert.is(f.filename, `${w.o.number}-confirmation.pdf`);
  assert.is(f.contentType, 'application/pdf');
  assert.ok(Buffer.isBuffer(f.content));
  assert.is(f.content.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = pdfText(f.content);
  assert.match(text, w.o.number, 'pdftotext finds the order number');
  assert.match(text, 'SİPARİŞ ONAYI', 'rendered in the notification’s language (Turkish)');
  assert.match(text, 'PO-77');

  const after = await findNotification(w.db, id);
  assert.is(after!.status, 'sent');
  const sent = (after!.attachments as AttachmentRef[])[0]!.sent!;
  assert.is(sent.bytes, f.content.length);
  assert.is(sent.sha256, createHash('sha256').update(f.content).digest('hex'));

  // Idempotent: a second job for the same row sends nothing more.
  assert.equal(await runSend(mailer, w.tenant.id, id), { skipped: 'not due or already handled' });
  assert.is(mailer.sent.length, 1);
});

test('over real SMTP (nodemailer) the PDF arrives as an application/pdf attachment; a mail without references has none', async () => {
  if (!hasFont) return console.warn('SKIPPED: no Unicode TTF font installed');
  const w = await orderWorld();
  const withPdf = await queueWith(w.db, w.tenant, 'smtp-att@example.com', [{ kind: 'order_document', orderId: w.o.orderId, document: 'proforma', filename: `${w.o.number}-proforma.pdf` }]);
  const plain = await queueWith(w.db, w.tenant, 'smtp-plain@example.com', []);
  const smtp = createMailer(peer.url)!;
  try {
    assert.equal(await runSend(smtp, w.tenant.id, withPdf), { sent: true });
    assert.equal(await runSend(smtp, w.tenant.id, plain), { sent: true });
  } finally {
    smtp.close();
  }
  const raw = peer.received.find((m) => m.to.includes('smtp-att@example.com'))!.raw;
  assert.match(raw, /Content-Type: application\/pdf; name=("?)S\d+-proforma\.pdf\1/);
  assert.match(raw, /Content-Disposition: attachment; filename=("?)S\d+-proforma\.pdf\1/);
  const plainRaw = peer.received.find((m) => m.to.includes('smtp-plain@example.com'))!.raw;
  assert.not.match(plainRaw, 'application/pdf');
});

test('a reference to a missing order fails the attempt with a clear error, is retried with backoff and ends failed — never sent without it', async () => {
  const a = await makeTenant();
  const id = await queueWith(a.db, a.tenant, 'missing@example.com', [{ kind: 'order_document', orderId: 987654321, document: 'confirmation', filename: 'S987654321-confirmation.pdf' }]);
  const mailer = capturing();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const last = attempt === MAX_ATTEMPTS;
    assert.equal(await runSend(mailer, a.tenant.id, id), { failed: true, status: last ? 'failed' : 'pending' }, `attempt ${attempt}`);
    const n = await findNotification(a.db, id);
    assert.is(n!.attempts, attempt);
    assert.is(n!.status, last ? 'failed' : 'pending');
    assert.match(n!.last_error ?? '', /S987654321-confirmation\.pdf: order 987654321 \(confirmation\) not found/);
    // Not due until the backoff elapses.
    assert.equal(await runSend(mailer, a.tenant.id, id), { skipped: 'not due or already handled' });
    await a.db.updateTable('notifications').set({ next_attempt_at: sql`now()` }).where('id', '=', id).execute();
  }
  assert.is(mailer.sent.length, 0, 'nothing went out without its attachment');
  assert.is((await findNotification(a.db, id))!.sent_at, null);
});

test('outbox: the list and the detail page show the attachment; staff download it (attachment, PDF); 404 for another tenant, unknown index; guard applies', async () => {
  if (!hasFont) return console.warn('SKIPPED: no Unicode TTF font installed');
  const w = await orderWorld('Outbox Ekleri Ltd');
  const b = await makeTenant();
  const filename = `${w.o.number}-confirmation.pdf`;
  const id = await queueWith(w.db, w.tenant, 'listed@example.com', [{ kind: 'order_document', orderId: w.o.orderId, document: 'confirmation', filename }]);
  const headers = { cookie: await staffCookie(w.db), 'accept-language': 'en' };

  const list = await (await app.req(w.host, '/staff/outbox', { headers })).text();
  assert.ok(list.includes(filename), 'the list names the attachment');
  assert.ok(list.includes(`href="/staff/outbox/${id}/attachments/1"`), 'with a download link');

  const detail = await (await app.req(w.host, `/staff/outbox/${id}`, { headers })).text();
  assert.ok(detail.includes(outboxMessages.en.attachments));
  assert.ok(detail.includes(`href="/staff/outbox/${id}/attachments/1"`));

  const res = await app.req(w.host, `/staff/outbox/${id}/attachments/1`, { headers });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/pdf');
  assert.is(res.headers.get('content-disposition'), `attachment; filename="${filename}"`);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.is(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdfText(bytes), w.o.number);

  assert.is((await app.req(w.host, `/staff/outbox/${id}/attachments/2`, { headers })).status, 404, 'no second attachment');
  assert.is((await app.req(w.host, `/staff/outbox/${id}/attachments/0`, { headers })).status, 404);

  // Another tenant: A's notification id means nothing on B's host, whatever B's staff asks.
  const bHeaders = { cookie: await staffCookie(b.db) };
  assert.is((await app.req(b.host, `/staff/outbox/${id}/attachments/1`, { headers: bHeaders })).status, 404);
  // A's session on B's host is no session at all.
  const cross = await app.req(b.host, `/staff/outbox/${id}/attachments/1`, { headers });
  assert.is(cross.status, 303);

  // Guard: anonymous → login; staff without outbox access → 403.
  const anon = await app.req(w.host, `/staff/outbox/${id}/attachments/1`);
  assert.is(anon.status, 303);
  assert.match(anon.headers.get('location') ?? '', /^\/staff\/login/);
  const warehouse = await app.req(w.host, `/staff/outbox/${id}/attachments/1`, { headers: { cookie: await staffCookie(w.db, 'warehouse') } });
  assert.is(warehouse.status, 403);

  // The referenced order is gone: the download says so (404), it does not serve something else.
  const gone = await queueWith(w.db, w.tenant, 'gone@example.com', [{ kind: 'order_document', orderId: 987654321, document: 'proforma', filename: 'S987654321-proforma.pdf' }]);
  const missing = await app.req(w.host, `/staff/outbox/${gone}/attachments/1`, { headers });
  assert.is(missing.status, 404);
  assert.match(await missing.text(), outboxMessages.en.attachmentMissing);
});

test.run();
