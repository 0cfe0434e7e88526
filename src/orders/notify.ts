import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { OrderStatus, TenantDb } from '../db/types.ts';
import { defineMessages, type Locale } from '../i18n/define.ts';
import { dateFormat, numberFormat } from '../i18n/intl-cache.ts';
import type { AttachmentRef } from '../notifications/attachments.ts';
import { esc, frame, type Brand } from '../notifications/mail-frame.ts';
import { bankDetails, documentFilename, paymentText, type DocumentKind } from './documents.ts';
import { orderMailMessages, PAYMENT_LABELS, STATUS_LABELS } from './staff-messages.ts';

/**
 * ORD-7 / ORD-9: dealer notifications on order changes. Outbox rows (table notifications) are
 * written in the caller's transaction, so a mail exists exactly when the change it reports does;
 * the outbox sweep (or `nudgeNotifications` after commit) sends them.
 *
 * Recipients: the dealer user who placed the order and every active dealer admin of the dealer,
 * once each, each in their own language; seller branding from `brand` and a link to
 * /portal/orders/:id.
 *
 * ORD-9: three mails carry the order summary (lines with SKU, name, quantity, unit net and line
 * net; subtotal, shipping, VAT by rate, gross total; delivery address, shipping method, requested
 * delivery date, PO number):
 *   - the new-order mail (from = null, whatever status the order starts in) — no PDF: the seller
 *     has not confirmed anything yet, and an "order confirmation" document at that point would
 *     claim otherwise (a prepayment order starting in awaiting_payment gets its proforma, below);
 *   - the confirmation (to = 'confirmed') — with the order confirmation PDF attached;
 *   - awaiting payment (to = 'awaiting_payment', at creation or after approval/credit review) —
 *     with the payment instruction and the proforma invoice PDF attached.
 * Attachments are references rendered by the send job in the recipient's language (see
 * src/notifications/attachments.ts), so the PDF shows the order as it is when the mail leaves.
 */

export const STATUS_TEMPLATE = 'order.status';
export const CHANGED_TEMPLATE = 'order.changed';
/** A mail lists at most this many lines; the rest are in the PDF and on the order page. */
export const MAIL_SUMMARY_LINES = 50;

export const orderSummaryMessages = defineMessages({
  tr: {
    receivedSubject: (n: string) => `Siparişiniz alındı: ${n}`,
    receivedTitle: 'Siparişiniz alındı',
    receivedLine: (n: string, s: string) => `${n} numaralı siparişinizi aldık. Şu anki durumu: ${s}.`,
    confirmedLine: (n: string) => `${n} numaralı siparişiniz onaylandı. Sipariş onayı ekte PDF olarak yer alıyor.`,
    awaitingPaymentLine: (n: string) => `${n} numaralı siparişiniz ödeme bekliyor. Proforma fatura ekte PDF olarak yer alıyor.`,
    items: 'Ürünler',
    colSku: 'Stok kodu',
    colName: 'Ürün',
    colQty: 'Miktar',
    colUnitNet: 'Birim fiyat (net)',
    colLineNet: 'Tutar (net)',
    itemLine: (sku: string, name: string, qty: string, unitNet: string, lineNet: string) => `${sku} — ${name} × ${qty} · birim ${unitNet} · net ${lineNet}`,
    more: (n: number) => `… ve ${n} satır daha; tamamı sipariş sayfasında.`,
    subtotal: 'Ara toplam (net)',
    shipping: 'Kargo (net)',
    vatOf: (r: number, base: string) => `KDV %${r} (${base} üzerinden)`,
    grandTotal: 'Genel toplam',
    address: 'Teslimat adresi',
    method: 'Kargo yöntemi',
    payment: 'Ödeme',
    requested: 'İstenen teslim tarihi',
    po: 'PO numarası',
    attached: (files: string) => `Ek: ${files}`,
    anotherPartSubject: (n: string) => `Sipariş ${n}: bir bölümü daha kargoya verildi`,
    anotherPartTitle: 'Siparişinizin bir bölümü daha kargoya verildi',
    anotherPartLine: (n: string) => `${n} numaralı siparişinizin bir bölümü daha kargoya verildi.`,
    shipmentLine: (number: string, carrier: string) => `Sevkiyat ${number} · Kargo firması: ${carrier}`,
    trackingNumber: (t: string) => `Takip numarası: ${t}`,
    trackingLink: 'Kargoyu takip et',
  },
  en: {
    receivedSubject: (n: string) => `Order received: ${n}`,
    receivedTitle: 'We received your order',
    receivedLine: (n: string, s: string) => `We received your order ${n}. Its status: ${s}.`,
    confirmedLine: (n: string) => `Your order ${n} is confirmed. The order confirmation is attached as a PDF.`,
    awaitingPaymentLine: (n: string) => `Your order ${n} is awaiting payment. The proforma invoice is attached as a PDF.`,
    items: 'Items',
    colSku: 'SKU',
    colName: 'Product',
    colQty: 'Qty',
    colUnitNet: 'Unit price (net)',
    colLineNet: 'Amount (net)',
    itemLine: (sku: string, name: string, qty: string, unitNet: string, lineNet: string) => `${sku} — ${name} × ${qty} · unit ${unitNet} · net ${lineNet}`,
    more: (n: number) => `… and ${n} more lines; see the order page for all of them.`,
    subtotal: 'Subtotal (net)',
    shipping: 'Shipping (net)',
    vatOf: (r: number, base: string) => `VAT ${r} % (on ${base})`,
    grandTotal: 'Total (gross)',
    address: 'Delivery address',
    method: 'Shipping method',
    payment: 'Payment',
    requested: 'Requested delivery date',
    po: 'PO number',
    attached: (files: string) => `Attached: ${files}`,
    anotherPartSubject: (n: string) => `Order ${n}: another part has shipped`,
    anotherPartTitle: 'Another part of your order has shipped',
    anotherPartLine: (n: string) => `Another part of your order ${n} has shipped.`,
    shipmentLine: (number: string, carrier: string) => `Shipment ${number} · Carrier: ${carrier}`,
    trackingNumber: (t: string) => `Tracking number: ${t}`,
    trackingLink: 'Track the parcel',
  },
});

/** The order and its recipients in one statement (users as a JSON sub-select). */
async function recipients(trx: Kysely<TenantDb>, orderId: number) {
  const row = await trx
    .selectFrom('orders as o')
    .select(['o.id', 'o.number', 'o.dealer_id', 'o.user_id', 'o.currency', 'o.total_gross'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('users as u')
          .select(['u.id', 'u.email', 'u.name', 'u.locale'])
          .where('u.kind', '=', 'dealer')
          .whereRef('u.dealer_id', '=', 'o.dealer_id')
          .where('u.status', '=', 'active')
          .where((w) => w.or([w('u.id', '=', w.fn.coalesce('o.user_id', sql<number>`-1`)), w('u.role', '=', 'dealer_admin')]))
          .orderBy('u.id'),
      ).as('users'),
    )
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!row) return null;
  const { users, ...order } = row;
  const seen = new Set<string>();
  const to = users.filter((u) => {
    const k = u.email.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { order, to };
}

const intlLocale = (locale: Locale) => (locale === 'tr' ? 'tr-TR' : 'en-GB');
const money = (locale: Locale, minor: number, currency: string) => numberFormat(intlLocale(locale), { style: 'currency', currency }).format(minor / 100);
const qtyFmt = (locale: Locale, n: number) => numberFormat(intlLocale(locale), { maximumFractionDigits: 3 }).format(n);

const orderUrl = (brand: Brand, id: number) => `${brand.portalUrl}portal/orders/${id}`;

interface OutboxRow {
  template: string;
  locale: Locale;
  to: string;
  subject: string;
  text: string;
  html: string;
  payload: Record<string, unknown>;
  attachments?: AttachmentRef[];
}

/** Every recipient's mail in one INSERT; ids in recipient order. */
async function insertAll(trx: Kysely<TenantDb>, rows: OutboxRow[]): Promise<number[]> {
  if (!rows.length) return [];
  const out = await trx
    .insertInto('notifications')
    .values(rows.map((r) => ({ template: r.template, locale: r.locale, recipient: r.to, subject: r.subject, body_text: r.text, body_html: r.html, payload: JSON.stringify(r.payload), attachments: JSON.stringify(r.attachments ?? []) })))
    .returning('id')
    .execute();
  return out.map((r) => r.id).sort((a, b) => a - b);
}

/** What the summary shows, loaded once per status change (not per recipient). */
async function loadSummary(trx: Kysely<TenantDb>, orderId: number) {
  const order = await trx
    .selectFrom('orders as o')
    .leftJoin('shipping_methods as sm', 'sm.id', 'o.shipping_method_id')
    .select([
      'o.number',
      'o.status',
      'o.dealer_id',
      'o.currency',
      'o.payment_method',
      'o.installments',
      'o.shipping_address',
      'o.requested_date',
      'o.po_number',
      'o.lines_net',
      'o.shipping_net',
      'o.vat_by_rate',
      'o.total_gross',
      'o.paid_gross',
      'sm.name as shipping_name',
    ])
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('order_lines as l').select(['l.sku', 'l.name', 'l.qty', 'l.unit', 'l.unit_net', 'l.line_net']).whereRef('l.order_id', '=', 'o.id').orderBy('l.line_no').limit(MAIL_SUMMARY_LINES)).as('lines'),
      eb.selectFrom('order_lines as l').select((c) => c.fn.countAll<number>().as('n')).whereRef('l.order_id', '=', 'o.id').as('count'),
    ])
    .where('o.id', '=', orderId)
    .executeTakeFirstOrThrow();
  const { lines, count, ...head } = order;
  return { order: head, lines, count: Number(count) };
}
type Summary = Awaited<ReturnType<typeof loadSummary>>;

const addressLine = (a: Record<string, unknown>) =>
  [a.label, a.line1, a.line2, [a.postal_code, a.district, a.city].filter(Boolean).join(' '), a.country].filter((x) => typeof x === 'string' && x.trim()).join(', ');

/** A `date` column (local midnight from pg) as its calendar day in the recipient's language. */
function dayText(locale: Locale, d: Date | string): string {
  const day = typeof d === 'string' ? d.slice(0, 10) : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return dateFormat(intlLocale(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/** The summary as text lines and as an HTML block, in one language. */
function renderSummary(locale: Locale, s: Summary): { text: string[]; html: string } {
  const m = orderSummaryMessages[locale];
  const o = s.order;
  const cur = (minor: number) => money(locale, minor, o.currency);
  const totals: Array<[string, string, boolean]> = [[m.subtotal, cur(o.lines_net), false]];
  if (o.shipping_net) totals.push([m.shipping, cur(o.shipping_net), false]);
  for (const v of o.vat_by_rate) totals.push([m.vatOf(v.rate, cur(v.net)), cur(v.vat), false]);
  totals.push([m.grandTotal, cur(o.total_gross), true]);
  const facts: Array<[string, string]> = [];
  const addr = addressLine(o.shipping_address);
  if (addr) facts.push([m.address, addr]);
  if (o.shipping_name) facts.push([m.method, o.shipping_name]);
  facts.push([m.payment, `${PAYMENT_LABELS[locale][o.payment_method]}${o.installments && o.installments > 1 ? ` × ${o.installments}` : ''}`]);
  if (o.requested_date) facts.push([m.requested, dayText(locale, o.requested_date)]);
  if (o.po_number) facts.push([m.po, o.po_number]);
  const more = s.count - s.lines.length;

  const text = [
    `${m.items}:`,
    ...s.lines.map((l) => m.itemLine(l.sku, l.name, `${qtyFmt(locale, l.qty)} ${l.unit}`, cur(l.unit_net), cur(l.line_net))),
    ...(more > 0 ? [m.more(more)] : []),
    '',
    ...totals.map(([k, v]) => `${k}: ${v}`),
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
  ];

  const td = 'padding:4px 6px;border-bottom:1px solid #e3e6ea;vertical-align:top';
  const num = `${td};text-align:right;white-space:nowrap`;
  const th = 'padding:4px 6px;border-bottom:2px solid #c9ced6;text-align:left;font-weight:bold';
  const html =
    `<table role="presentation" style="border-collapse:collapse;width:100%;font-size:12px;margin:0 0 12px">` +
    `<thead><tr><th style="${th}">${esc(m.colSku)}</th><th style="${th}">${esc(m.colName)}</th><th style="${th};text-align:right">${esc(m.colQty)}</th><th style="${th};text-align:right">${esc(m.colUnitNet)}</th><th style="${th};text-align:right">${esc(m.colLineNet)}</th></tr></thead><tbody>` +
    s.lines
      .map((l) => `<tr><td style="${td};white-space:nowrap">${esc(l.sku)}</td><td style="${td}">${esc(l.name)}</td><td style="${num}">${esc(`${qtyFmt(locale, l.qty)} ${l.unit}`)}</td><td style="${num}">${esc(cur(l.unit_net))}</td><td style="${num}">${esc(cur(l.line_net))}</td></tr>`)
      .join('') +
    (more > 0 ? `<tr><td colspan="5" style="${td};color:#5b6470">${esc(m.more(more))}</td></tr>` : '') +
    `</tbody><tfoot>` +
    totals.map(([k, v, strong]) => `<tr><td colspan="4" style="${num}${strong ? ';font-weight:bold' : ''}">${esc(k)}</td><td style="${num}${strong ? ';font-weight:bold' : ''}">${esc(v)}</td></tr>`).join('') +
    `</tfoot></table>` +
    `<table role="presentation" style="border-collapse:collapse;font-size:12px;margin:0 0 12px">` +
    facts.map(([k, v]) => `<tr><th scope="row" style="padding:2px 12px 2px 0;text-align:left;color:#5b6470;font-weight:normal;vertical-align:top">${esc(k)}</th><td style="padding:2px 0">${esc(v)}</td></tr>`).join('') +
    `</table>`;
  return { text, html };
}

/** Which PDF (if any) a status mail attaches. */
export function documentFor(from: OrderStatus | null, to: OrderStatus): DocumentKind | null {
  if (to === 'confirmed') return 'confirmation';
  if (to === 'awaiting_payment') return 'proforma';
  void from;
  return null;
}

/** The shipment a shipping mail is about (SHP-2): every such mail names the carrier and tracking. */
export interface ShipmentMailInfo {
  number: string;
  carrier: string;
  trackingNumber: string | null;
  trackingUrl: string | null;
}

/** The shipment's lines (text) and block (HTML, with the tracking link) in one language. */
function shipmentBlock(locale: Locale, s: ShipmentMailInfo): { text: string[]; html: string } {
  const m = orderSummaryMessages[locale];
  const url = s.trackingUrl && /^https?:\/\//i.test(s.trackingUrl) ? s.trackingUrl : null;
  const text = [m.shipmentLine(s.number, s.carrier), ...(s.trackingNumber ? [m.trackingNumber(s.trackingNumber)] : []), ...(url ? [`${m.trackingLink}: ${url}`] : [])];
  const p = 'margin:0 0 6px';
  const html =
    `<div style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #c9ced6">` +
    `<p style="${p}">${esc(m.shipmentLine(s.number, s.carrier))}</p>` +
    (s.trackingNumber ? `<p style="${p}">${esc(m.trackingNumber(s.trackingNumber))}</p>` : '') +
    (url ? `<p style="${p}"><a href="${esc(url)}">${esc(m.trackingLink)}</a></p>` : '') +
    `</div>`;
  return { text, html };
}

/**
 * One mail per recipient about a status change; returns the notification ids. `opts.shipment`
 * (SHP-2) adds the shipment's carrier and tracking; a further part shipping on an order already
 * partly shipped (from === to === 'partly_shipped') reads "another part of your order has shipped".
 */
export async function notifyOrderStatus(
  trx: Kysely<TenantDb>,
  orderId: number,
  from: OrderStatus | null,
  to: OrderStatus,
  brand: Brand,
  opts: { reason?: string | undefined; shipment?: ShipmentMailInfo | undefined } = {},
): Promise<number[]> {
  const r = await recipients(trx, orderId);
  if (!r || !r.to.length) return [];
  const rows: OutboxRow[] = [];
  const url = orderUrl(brand, orderId);
  const doc = documentFor(from, to);
  const withSummary = from === null || doc !== null;
  const summary = withSummary ? await loadSummary(trx, orderId) : null;
  const attachments: AttachmentRef[] = doc ? [{ kind: 'order_document', orderId, document: doc, filename: documentFilename(r.order.number, doc) }] : [];
  const payInfo =
    to === 'awaiting_payment' && summary
      ? {
          term: (await trx.selectFrom('dealer_accounts').select('payment_term_days').where('dealer_id', '=', summary.order.dealer_id).executeTakeFirst())?.payment_term_days ?? null,
          bank: await bankDetails(trx),
        }
      : null;
  for (const u of r.to) {
    const m = orderMailMessages[u.locale];
    const sm = orderSummaryMessages[u.locale];
    const s = STATUS_LABELS[u.locale];
    const created = from === null;
    const anotherPart = !created && from === to && to === 'partly_shipped';
    const title = created ? sm.receivedTitle : anotherPart ? sm.anotherPartTitle : m.statusTitle(s[to]);
    const ship = opts.shipment ? shipmentBlock(u.locale, opts.shipment) : null;
    const lead = [
      m.hello(u.name),
      created ? sm.receivedLine(r.order.number, s[to]) : anotherPart ? sm.anotherPartLine(r.order.number) : m.statusLine(r.order.number, from ? s[from] : '—', s[to]),
      ...(to === 'confirmed' && !created ? [sm.confirmedLine(r.order.number)] : []),
      ...(to === 'awaiting_payment' ? [sm.awaitingPaymentLine(r.order.number)] : []),
      ...(payInfo && summary ? paymentText(u.locale, { ...summary.order, number: r.order.number }, (minor) => money(u.locale, minor, r.order.currency), payInfo.term, payInfo.bank) : []),
      ...(opts.reason ? [m.reason(opts.reason)] : []),
    ];
    const rendered = summary ? renderSummary(u.locale, summary) : null;
    const tail = [...(rendered ? [] : [m.total(money(u.locale, r.order.total_gross, r.order.currency))]), ...(attachments.length ? [sm.attached(attachments.map((a) => a.filename).join(', '))] : [])];
    const subject = `${brand.sellerName}: ${created ? sm.receivedSubject(r.order.number) : anotherPart ? sm.anotherPartSubject(r.order.number) : m.statusSubject(r.order.number, s[to])}`;
    const text = [title, '', ...lead, ...(ship ? ['', ...ship.text] : []), ...(rendered ? ['', ...rendered.text] : []), ...(tail.length ? ['', ...tail] : []), '', url].join('\n');
    const blocks = (ship?.html ?? '') + (rendered?.html ?? '');
    const html = frame(brand, u.locale, title, lead, { label: m.open, url }, { ...(blocks ? { html: blocks } : {}), after: tail });
    rows.push({ template: STATUS_TEMPLATE, locale: u.locale, to: u.email, subject, text, html, payload: { orderId, number: r.order.number, from, to, ...(opts.shipment ? { shipment: opts.shipment.number } : {}) }, attachments });
  }
  return insertAll(trx, rows);
}

/** One mail per recipient about line changes made by the seller (ORD-6). */
export async function notifyOrderChanged(
  trx: Kysely<TenantDb>,
  orderId: number,
  change: { changes: Array<{ sku: string; name: string; from: number; to: number }>; totalGross: { from: number; to: number } },
  brand: Brand,
): Promise<number[]> {
  const r = await recipients(trx, orderId);
  if (!r) return [];
  const rows: OutboxRow[] = [];
  const url = orderUrl(brand, orderId);
  for (const u of r.to) {
    const m = orderMailMessages[u.locale];
    const title = m.changedTitle;
    const lines = [
      m.hello(u.name),
      m.changedLine(r.order.number),
      ...change.changes.map((c) => `${c.sku} — ${c.name}: ${c.from} → ${c.to === 0 ? m.removed : c.to}`),
      m.totalChange(money(u.locale, change.totalGross.from, r.order.currency), money(u.locale, change.totalGross.to, r.order.currency)),
    ];
    const subject = `${brand.sellerName}: ${m.changedSubject(r.order.number)}`;
    rows.push({ template: CHANGED_TEMPLATE, locale: u.locale, to: u.email, subject, text: `${title}\n\n${lines.join('\n')}\n\n${url}`, html: frame(brand, u.locale, title, lines, { label: m.open, url }), payload: { orderId, number: r.order.number, changes: change.changes } });
  }
  return insertAll(trx, rows);
}
