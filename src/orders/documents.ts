import { existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import PDFDocument from 'pdfkit';
import { z } from 'zod';
import { findUnicodeFont } from '../catalog/demo-catalog.ts';
import type { OrderStatus, PaymentMethod, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { registerAttachmentResolver } from '../notifications/attachments.ts';
import { getSetting } from '../settings/settings.ts';
import { readLogo } from '../staff/logo-store.ts';
import { PAYMENT_LABELS } from './staff-messages.ts';

/**
 * ORD-9: order documents as PDF — order confirmation, proforma invoice, waybill (irsaliye).
 * Seller logo (settings.logo, PNG/JPEG; WebP converted), an embedded Unicode TTF (DejaVu Sans) so
 * Turkish letters render, the lines table with a repeated header on every page, totals by VAT rate
 * (not on the waybill, which carries no prices) and "page x / y" footers.
 *
 * `renderOrderDocument(db, orderId, kind, locale, seller, { dealerId })` is shared by the staff desk
 * and the dealer portal: with `dealerId` an order of another dealer is null (→ 404), like a missing one.
 */
export const DOCUMENT_KINDS = ['confirmation', 'proforma', 'waybill'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const T = {
  tr: {
    confirmation: 'SİPARİŞ ONAYI',
    proforma: 'PROFORMA FATURA',
    waybill: 'SEVK İRSALİYESİ',
    number: 'Sipariş no',
    date: 'Sipariş tarihi',
    issued: 'Düzenleme tarihi',
    reference: 'Belge no',
    po: 'PO numarası',
    buyer: 'Alıcı',
    delivery: 'Teslimat adresi',
    taxOffice: 'Vergi dairesi',
    taxNo: 'VKN',
    payment: 'Ödeme',
    shipping: 'Kargo',
    requested: 'İstenen teslim tarihi',
    line: '#',
    sku: 'Stok kodu',
    product: 'Ürün',
    qty: 'Miktar',
    unitNet: 'Birim fiyat',
    vat: 'KDV',
    vatRate: (r: number) => `%${r}`,
    net: 'Net tutar',
    gross: 'Brüt tutar',
    unit: 'Birim',
    vatBase: (r: number) => `KDV %${r} matrahı`,
    vatOf: (r: number) => `KDV %${r}`,
    linesNet: 'Ara toplam',
    shippingNet: 'Kargo (net)',
    vatTotal: 'KDV toplamı',
    total: 'GENEL TOPLAM',
    proformaNote: 'Bu belge proforma faturadır; vergi faturası yerine geçmez.',
    payNow: (amount: string, no: string) => `Lütfen ${amount} tutarını, açıklamaya ${no} sipariş numarasını yazarak havale/EFT ile ödeyin. Sipariş, ödeme alındıktan sonra işleme alınır.`,
    payWire: (amount: string, no: string, days: number | null) =>
      `Ödeme: ${amount} havale/EFT ile${days !== null ? `, fatura tarihinden itibaren ${days} gün içinde` : ''} yapılır; açıklamaya ${no} sipariş numarasını yazın.`,
    bankLine: (iban: string, bank: string, holder: string) => `IBAN: ${iban}${bank ? ` · ${bank}` : ''}${holder ? ` · Hesap sahibi: ${holder}` : ''}`,
    openAccount: (days: number | null) => (days !== null ? `Açık hesap: ödeme vadesi fatura tarihinden itibaren ${days} gündür.` : 'Açık hesap: ödeme, cari hesap koşullarınıza göre yapılır.'),
    card: (inst: number | null) => (inst && inst > 1 ? `Kredi kartıyla ${inst} taksitte ödenir; ayrıca havale gerekmez.` : 'Kredi kartıyla ödenir; ayrıca havale gerekmez.'),
    paid: (amount: string) => `Ödeme alındı: ${amount}. Teşekkür ederiz.`,
    confirmationNote: 'Siparişiniz için teşekkür ederiz. Fiyatlar sipariş anında sabitlenmiştir.',
    waybillNote: 'Malı teslim eden ve teslim alan aşağıya adını yazıp imzalar.',
    deliveredBy: 'Teslim eden (ad, imza)',
    receivedBy: 'Teslim alan (ad, imza)',
    page: (a: number, b: number) => `Sayfa ${a} / ${b}`,
    note: 'Not',
  },
  en: {
    confirmation: 'ORDER CONFIRMATION',
    proforma: 'PROFORMA INVOICE',
    waybill: 'WAYBILL',
    number: 'Order no',
    date: 'Order date',
    issued: 'Issue date',
    reference: 'Document no',
    po: 'PO number',
    buyer: 'Buyer',
    delivery: 'Delivery address',
    taxOffice: 'Tax office',
    taxNo: 'Tax no',
    payment: 'Payment',
    shipping: 'Shipping',
    requested: 'Requested delivery date',
    line: '#',
    sku: 'SKU',
    product: 'Product',
    qty: 'Qty',
    unitNet: 'Unit price',
    vat: 'VAT',
    vatRate: (r: number) => `${r} %`,
    net: 'Net',
    gross: 'Gross',
    unit: 'Unit',
    vatBase: (r: number) => `Net at VAT ${r} %`,
    vatOf: (r: number) => `VAT ${r} %`,
    linesNet: 'Subtotal',
    shippingNet: 'Shipping (net)',
    vatTotal: 'VAT total',
    total: 'GRAND TOTAL',
    proformaNote: 'This is a proforma invoice, not a tax invoice.',
    payNow: (amount: string, no: string) => `Please pay ${amount} by bank transfer, quoting order number ${no}. The order is processed once the payment is received.`,
    payWire: (amount: string, no: string, days: number | null) =>
      `Payment: ${amount} by bank transfer${days !== null ? `, due ${days} days after the invoice date` : ''}; please quote order number ${no}.`,
    bankLine: (iban: string, bank: string, holder: string) => `IBAN: ${iban}${bank ? ` · ${bank}` : ''}${holder ? ` · Account holder: ${holder}` : ''}`,
    openAccount: (days: number | null) => (days !== null ? `Open account: payment is due ${days} days after the invoice date.` : 'Open account: payment follows your account terms.'),
    card: (inst: number | null) => (inst && inst > 1 ? `Paid by card in ${inst} instalments; no bank transfer needed.` : 'Paid by card; no bank transfer needed.'),
    paid: (amount: string) => `Payment received: ${amount}. Thank you.`,
    confirmationNote: 'Thank you for your order. Prices were fixed when it was placed.',
    waybillNote: 'The person delivering and the person receiving the goods write their names and sign below.',
    deliveredBy: 'Delivered by (name, signature)',
    receivedBy: 'Received by (name, signature)',
    page: (a: number, b: number) => `Page ${a} / ${b}`,
    note: 'Note',
  },
} as const;

export const DOCUMENT_TEXT = T;

/**
 * The seller's bank account for payment instructions. There is no settings form for it yet: the
 * renderer reads an optional `bank` row of the tenant's settings table ({ iban, bankName,
 * accountHolder }) and leaves the IBAN line out when there is none or it does not parse.
 */
const bankSchema = z.object({ iban: z.string().trim().min(15).max(42), bankName: z.string().trim().max(120).default(''), accountHolder: z.string().trim().max(200).default('') });
export type BankDetails = z.output<typeof bankSchema>;
export async function bankDetails(db: Kysely<TenantDb>): Promise<BankDetails | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'bank' as never).executeTakeFirst();
  const parsed = bankSchema.safeParse(row?.value ?? null);
  return parsed.success ? parsed.data : null;
}

/** The proforma's payment paragraph(s): what the dealer has to do (or has done) to pay. */
export function paymentText(
  locale: Locale,
  o: { number: string; status: OrderStatus; payment_method: PaymentMethod; installments: number | null; total_gross: number; paid_gross: number },
  money: (minor: number) => string,
  termDays: number | null,
  bank: BankDetails | null,
): string[] {
  const t = T[locale];
  const bankLine = bank ? [t.bankLine(bank.iban, bank.bankName, bank.accountHolder)] : [];
  if (o.total_gross > 0 && o.paid_gross >= o.total_gross) return [t.paid(money(o.paid_gross))];
  if (o.status === 'awaiting_payment' || o.payment_method === 'prepayment') return [t.payNow(money(o.total_gross - o.paid_gross), o.number), ...bankLine];
  switch (o.payment_method) {
    case 'wire':
      return [t.payWire(money(o.total_gross - o.paid_gross), o.number, termDays), ...bankLine];
    case 'card':
    case 'installments':
      return [t.card(o.installments)];
    default:
      return [t.openAccount(termDays)];
  }
}

let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  if (fonts) return fonts;
  const regular = findUnicodeFont();
  if (!regular) throw new Error('no Unicode TTF font found for PDFs (install fonts-dejavu-core)');
  const boldPath = regular.replace(/\.ttf$/, '-Bold.ttf');
  const r = readFileSync(regular);
  fonts = { regular: r, bold: existsSync(boldPath) ? readFileSync(boldPath) : r };
  return fonts;
}

async function logoImage(dataDir: string, tenantId: number, db: Kysely<TenantDb>): Promise<Buffer | null> {
  const logo = await getSetting(db, 'logo');
  if (!logo.file) return null;
  const bytes = await readLogo(dataDir, tenantId, logo.file);
  if (!bytes) return null;
  if (logo.mime === 'image/webp') {
    const sharp = (await import('sharp')).default;
    return sharp(bytes).png().toBuffer();
  }
  return bytes;
}

export interface SellerInfo {
  tenantId: number;
  sellerName: string;
  dataDir: string;
  /** The seller's time zone for the order and issue dates (default Europe/Istanbul). */
  timeZone?: string;
}

/** A pg `date` (local midnight) → its calendar day, formatted without a time-zone shift. */
function dayFormat(fmt: (d: Date) => string, d: Date | string): string {
  const day = typeof d === 'string' ? d.slice(0, 10) : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return fmt(new Date(`${day}T12:00:00Z`));
}

export interface DocumentOptions {
  /** Scope to one dealer (portal): another dealer's order is null (→ 404), like a missing one. */
  dealerId?: number;
  /**
   * Waybill only: print these order lines with these quantities instead of the whole order (a
   * per-shipment waybill). Lines not listed, or with qty 0, are left out.
   */
  lines?: Array<{ orderLineId: number; qty: number }>;
  /** Printed under the order number ("Document no") and put in the file name, e.g. a shipment number. */
  reference?: string;
}

export async function renderOrderDocument(
  db: Kysely<TenantDb>,
  orderId: number,
  kind: DocumentKind,
  locale: Locale,
  seller: SellerInfo,
  opts: DocumentOptions = {},
): Promise<{ bytes: Buffer; filename: string } | null> {
  if (opts.lines && kind !== 'waybill') throw new Error('a subset of lines is only printed on a waybill (priced documents need the whole order for their totals)');
  let q = db
    .selectFrom('orders as o')
    .innerJoin('dealers as d', 'd.id', 'o.dealer_id')
    .leftJoin('shipping_methods as sm', 'sm.id', 'o.shipping_method_id')
    .selectAll('o')
    .select(['d.company_name as dealer_name', 'd.code as dealer_code', 'sm.name as shipping_name'])
    .where('o.id', '=', orderId);
  if (opts.dealerId !== undefined) q = q.where('o.dealer_id', '=', opts.dealerId);
  const order = await q.executeTakeFirst();
  if (!order) return null;
  const [allLines, contact, logo, account, bank] = await Promise.all([
    db.selectFrom('order_lines').select(['id', 'line_no', 'sku', 'name', 'unit', 'qty', 'vat_rate', 'unit_net', 'line_net', 'line_gross']).where('order_id', '=', orderId).orderBy('line_no').execute(),
    getSetting(db, 'contact'),
    logoImage(seller.dataDir, seller.tenantId, db).catch(() => null),
    kind === 'proforma' ? db.selectFrom('dealer_accounts').select('payment_term_days').where('dealer_id', '=', order.dealer_id).executeTakeFirst() : undefined,
    kind === 'proforma' ? bankDetails(db).catch(() => null) : null,
  ]);
  let lines = allLines;
  if (opts.lines) {
    const want = new Map(opts.lines.filter((l) => l.qty > 0).map((l) => [l.orderLineId, l.qty]));
    lines = allLines.filter((l) => want.has(l.id)).map((l) => ({ ...l, qty: want.get(l.id)! }));
  }
  const t = T[locale];
  const f = loadFonts();
  const nf = new Intl.NumberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const money = (minor: number) => `${nf.format(minor / 100)} ${order.currency}`;
  const amount = (minor: number) => nf.format(minor / 100);
  const tz = seller.timeZone ?? 'Europe/Istanbul';
  const dateFmt = new Intl.DateTimeFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'medium', timeZone: tz });
  const dayFmt = new Intl.DateTimeFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

  const title = t[kind];
  const doc = new PDFDocument({ size: 'A4', margins: { top: 40, bottom: 50, left: 40, right: 40 }, bufferPages: true, compress: true, info: { Title: `${title} ${order.number}`, Author: seller.sellerName } });
  doc.registerFont('r', f.regular);
  doc.registerFont('b', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (ch: Buffer) => chunks.push(ch));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const L = 40;
  const W = doc.page.width - 80;
  const ink = '#1b1f24';
  const muted = '#5b6470';
  const bottom = () => doc.page.height - 50 - 30;

  // Header: logo + seller, title + number on the right.
  let y = 40;
  let leftX = L;
  if (logo) {
    try {
      doc.image(logo, L, y, { fit: [120, 48] });
      leftX = L + 130;
    } catch {
      leftX = L;
    }
  }
  doc.font('b').fontSize(13).fillColor(ink).text(seller.sellerName, leftX, y, { width: 260 });
  const contactLines = [contact.address.replace(/\s*\n\s*/g, ', '), [contact.phone, contact.email].filter(Boolean).join(' · '), contact.website].filter(Boolean);
  doc.font('r').fontSize(8).fillColor(muted).text(contactLines.join('\n'), leftX, doc.y + 2, { width: 260 });
  doc.font('b').fontSize(15).fillColor(ink).text(title, L + W - 220, y, { width: 220, align: 'right' });
  doc.font('r').fontSize(9).fillColor(ink);
  const meta: Array<[string, string]> = [
    [t.number, order.number],
    ...(opts.reference ? [[t.reference, opts.reference] as [string, string]] : []),
    [t.date, dateFmt.format(order.created_at)],
    ...(kind === 'waybill' ? [[t.issued, dateFmt.format(new Date())] as [string, string]] : []),
    ...(order.po_number ? [[t.po, order.po_number] as [string, string]] : []),
  ];
  let my = y + 22;
  for (const [k, v] of meta) {
    // Label and value measured separately and drawn right-aligned as one line (pdfkit's
    // `continued` text does not right-align across font changes).
    doc.font('b').fontSize(9);
    const vw = doc.widthOfString(v);
    doc.fillColor(ink).text(v, L + W - vw, my, { lineBreak: false });
    doc.font('r').fontSize(9);
    const kw = doc.widthOfString(`${k}: `);
    doc.fillColor(muted).text(`${k}: `, L + W - vw - kw, my, { lineBreak: false });
    my += 13;
  }
  y = Math.max(doc.y, my, 110) + 8;
  doc.moveTo(L, y).lineTo(L + W, y).lineWidth(0.5).strokeColor('#c9ced6').stroke();
  y += 10;

  // Parties.
  const billing = order.billing as { company_name?: string; tax_office?: string; tax_number?: string; address?: Record<string, string> };
  const ship = order.shipping_address as Record<string, string>;
  const addr = (a?: Record<string, string>) => (a ? [a.line1, a.line2, [a.postal_code, a.district, a.city].filter(Boolean).join(' '), a.country, a.phone].filter(Boolean).join('\n') : '');
  const colW = W / 2 - 10;
  doc.font('b').fontSize(9).fillColor(muted).text(t.buyer, L, y, { width: colW });
  doc.font('b').fontSize(10).fillColor(ink).text(billing.company_name ?? order.dealer_name, L, doc.y + 1, { width: colW });
  doc.font('r').fontSize(9).text(`${t.taxOffice}: ${billing.tax_office || '—'} · ${t.taxNo}: ${billing.tax_number || '—'}`, L, doc.y, { width: colW });
  doc.text(addr(billing.address), L, doc.y, { width: colW });
  const yLeft = doc.y;
  doc.font('b').fontSize(9).fillColor(muted).text(t.delivery, L + W / 2 + 10, y, { width: colW });
  doc.font('r').fontSize(9).fillColor(ink).text([ship.label, addr(ship)].filter(Boolean).join('\n'), L + W / 2 + 10, doc.y + 1, { width: colW });
  y = Math.max(yLeft, doc.y) + 8;
  const facts = [
    ...(kind === 'waybill' ? [] : [`${t.payment}: ${PAYMENT_LABELS[locale][order.payment_method]}${order.installments ? ` × ${order.installments}` : ''}`]),
    ...(order.shipping_name ? [`${t.shipping}: ${order.shipping_name}`] : []),
    ...(order.requested_date ? [`${t.requested}: ${dayFormat((d) => dayFmt.format(d), order.requested_date)}`] : []),
  ];
  doc.font('r').fontSize(9).fillColor(ink).text(facts.join('   ·   '), L, y, { width: W });
  y = doc.y + 10;

  // Lines table.
  const priced = kind !== 'waybill';
  const cols = priced
    ? [
        { k: 'no', h: t.line, w: 22, a: 'right' as const },
        { k: 'sku', h: t.sku, w: 78, a: 'left' as const },
        { k: 'name', h: t.product, w: 165, a: 'left' as const },
        { k: 'qty', h: t.qty, w: 45, a: 'right' as const },
        { k: 'unit', h: t.unitNet, w: 62, a: 'right' as const },
        { k: 'vat', h: t.vat, w: 32, a: 'right' as const },
        { k: 'net', h: t.net, w: 55, a: 'right' as const },
        { k: 'gross', h: t.gross, w: W - 22 - 78 - 165 - 45 - 62 - 32 - 55, a: 'right' as const },
      ]
    : [
        { k: 'no', h: t.line, w: 26, a: 'right' as const },
        { k: 'sku', h: t.sku, w: 110, a: 'left' as const },
        { k: 'name', h: t.product, w: 260, a: 'left' as const },
        { k: 'qty', h: t.qty, w: 60, a: 'right' as const },
        { k: 'unitName', h: t.unit, w: W - 26 - 110 - 260 - 60, a: 'left' as const },
      ];
  const header = () => {
    doc.rect(L, y, W, 16).fill('#eef1f5');
    let x = L;
    doc.font('b').fontSize(8).fillColor(ink);
    for (const c of cols) {
      doc.text(c.h, x + 3, y + 4, { width: c.w - 6, align: c.a, lineBreak: false });
      x += c.w;
    }
    y += 18;
  };
  header();
  doc.font('r').fontSize(8);
  for (const [i, l] of lines.entries()) {
    const cell: Record<string, string> = {
      no: String(l.line_no),
      sku: l.sku,
      name: l.name,
      qty: `${l.qty}`,
      unit: amount(l.unit_net),
      vat: t.vatRate(l.vat_rate),
      net: amount(l.line_net),
      gross: amount(l.line_gross),
      unitName: l.unit,
    };
    const nameCol = cols.find((c) => c.k === 'name')!;
    doc.font('r').fontSize(8);
    const h = Math.max(12, doc.heightOfString(l.name, { width: nameCol.w - 6 }) + 4);
    if (y + h > bottom()) {
      doc.addPage();
      y = 40;
      header();
      doc.font('r').fontSize(8);
    }
    if (i % 2 === 1) doc.rect(L, y - 1, W, h).fill('#f7f8fa');
    let x = L;
    doc.fillColor(ink);
    for (const c of cols) {
      doc.text(cell[c.k] ?? '', x + 3, y + 1, { width: c.w - 6, align: c.a, lineBreak: c.k === 'name' });
      x += c.w;
    }
    y += h;
  }
  doc.moveTo(L, y).lineTo(L + W, y).lineWidth(0.5).strokeColor('#c9ced6').stroke();
  y += 8;

  // Totals by VAT rate.
  if (priced) {
    const rows: Array<[string, string, boolean]> = [[t.linesNet, money(order.lines_net), false]];
    if (order.shipping_net) rows.push([t.shippingNet, money(order.shipping_net), false]);
    for (const v of order.vat_by_rate) {
      rows.push([t.vatBase(v.rate), money(v.net), false]);
      rows.push([t.vatOf(v.rate), money(v.vat), false]);
    }
    rows.push([t.vatTotal, money(order.vat_total), false]);
    rows.push([t.total, money(order.total_gross), true]);
    const need = rows.length * 14 + 10;
    if (y + need > bottom()) {
      doc.addPage();
      y = 40;
    }
    const bx = L + W - 260;
    for (const [k, v, strong] of rows) {
      if (strong) {
        doc.rect(bx, y - 2, 260, 16).fill('#eef1f5');
        doc.font('b').fontSize(10);
      } else doc.font('r').fontSize(9);
      doc.fillColor(ink).text(k, bx + 4, y, { width: 140 });
      doc.text(v, bx + 144, y, { width: 112, align: 'right' });
      y += strong ? 18 : 13;
    }
    y += 6;
  }
  const note =
    kind === 'proforma'
      ? [t.proformaNote, ...paymentText(locale, order, money, account ? account.payment_term_days : null, bank)].join('\n')
      : kind === 'confirmation'
        ? t.confirmationNote
        : t.waybillNote;
  if (y + 60 > bottom()) {
    doc.addPage();
    y = 40;
  }
  if (order.note) {
    doc.font('b').fontSize(9).fillColor(ink).text(`${t.note}: `, L, y, { continued: true }).font('r').text(order.note, { width: W });
    y = doc.y + 6;
  }
  if (kind === 'proforma') doc.font('r').fontSize(9).fillColor(ink).text(note, L, y, { width: W });
  else doc.font('r').fontSize(8).fillColor(muted).text(note, L, y, { width: W });
  if (kind === 'waybill') {
    y = doc.y + 30;
    doc.moveTo(L, y).lineTo(L + 200, y).strokeColor('#9aa1ab').stroke();
    doc.moveTo(L + W - 200, y).lineTo(L + W, y).stroke();
    doc.font('r').fontSize(7).fillColor(muted).text(t.deliveredBy, L, y + 3, { width: 200, lineBreak: false });
    doc.text(t.receivedBy, L + W - 200, y + 3, { width: 200, align: 'right', lineBreak: false });
  }

  // Footers.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.bottom = 0;
    const fy = doc.page.height - 40;
    doc.font('r').fontSize(7).fillColor(muted);
    doc.text(`${seller.sellerName} · ${title} · ${opts.reference ?? order.number}`, L, fy, { width: W / 2, lineBreak: false });
    doc.text(t.page(i + 1, range.count), L + W / 2, fy, { width: W / 2, align: 'right', lineBreak: false });
  }
  doc.end();
  const bytes = await done;
  const ref = opts.reference ? opts.reference.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40) : '';
  const base = !ref ? order.number : ref.startsWith(order.number) ? ref : `${order.number}-${ref}`;
  return { bytes, filename: `${base}-${kind}.pdf` };
}

/** The outbox file name of an order document before it is rendered (same as the renderer's). */
export const documentFilename = (orderNumber: string, kind: DocumentKind) => `${orderNumber}-${kind}.pdf`;

/**
 * Outbox attachments of kind 'order_document' (ORD-9): rendered by the send job in the
 * recipient's language. Registered by src/notifications/attachment-kinds.ts.
 */
export function registerOrderDocumentAttachments(): void {
  registerAttachmentResolver('order_document', async (ctx, ref) => {
    if (!(DOCUMENT_KINDS as readonly string[]).includes(ref.document)) return null;
    const pdf = await renderOrderDocument(ctx.db, ref.orderId, ref.document, ctx.locale, { tenantId: ctx.tenant.id, sellerName: ctx.tenant.name, dataDir: ctx.dataDir, timeZone: ctx.tenant.timeZone });
    return pdf ? { filename: pdf.filename, content: pdf.bytes, contentType: 'application/pdf' } : null;
  });
}
