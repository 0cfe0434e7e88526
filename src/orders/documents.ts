import { existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import PDFDocument from 'pdfkit';
import { findUnicodeFont } from '../catalog/demo-catalog.ts';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
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
    date: 'Tarih',
    po: 'PO no',
    buyer: 'Alıcı',
    delivery: 'Teslimat adresi',
    taxOffice: 'Vergi dairesi',
    taxNo: 'VKN',
    payment: 'Ödeme',
    shipping: 'Kargo',
    requested: 'İstenen teslim',
    line: '#',
    sku: 'Stok kodu',
    product: 'Ürün',
    qty: 'Miktar',
    unitNet: 'Birim net',
    vat: 'KDV',
    net: 'Net',
    gross: 'Brüt',
    unit: 'Birim',
    vatBase: (r: number) => `KDV %${r} matrahı`,
    vatOf: (r: number) => `KDV %${r}`,
    linesNet: 'Satırlar net',
    shippingNet: 'Kargo net',
    vatTotal: 'KDV toplamı',
    total: 'GENEL TOPLAM',
    proformaNote: 'Bu belge proforma faturadır; vergi faturası yerine geçmez. Sipariş, ödeme alındıktan sonra işleme alınır.',
    confirmationNote: 'Siparişiniz için teşekkür ederiz. Fiyatlar sipariş anında dondurulmuştur.',
    waybillNote: 'Malı teslim eden / teslim alan (ad, imza):',
    page: (a: number, b: number) => `Sayfa ${a} / ${b}`,
    note: 'Not',
  },
  en: {
    confirmation: 'ORDER CONFIRMATION',
    proforma: 'PROFORMA INVOICE',
    waybill: 'WAYBILL',
    number: 'Order no',
    date: 'Date',
    po: 'PO no',
    buyer: 'Buyer',
    delivery: 'Delivery address',
    taxOffice: 'Tax office',
    taxNo: 'Tax no',
    payment: 'Payment',
    shipping: 'Shipping',
    requested: 'Requested delivery',
    line: '#',
    sku: 'SKU',
    product: 'Product',
    qty: 'Qty',
    unitNet: 'Unit net',
    vat: 'VAT',
    net: 'Net',
    gross: 'Gross',
    unit: 'Unit',
    vatBase: (r: number) => `Net at VAT ${r} %`,
    vatOf: (r: number) => `VAT ${r} %`,
    linesNet: 'Lines net',
    shippingNet: 'Shipping net',
    vatTotal: 'VAT total',
    total: 'GRAND TOTAL',
    proformaNote: 'This is a proforma invoice, not a tax invoice. The order is processed once payment is received.',
    confirmationNote: 'Thank you for your order. Prices were frozen when it was placed.',
    waybillNote: 'Delivered by / received by (name, signature):',
    page: (a: number, b: number) => `Page ${a} / ${b}`,
    note: 'Note',
  },
} as const;

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
}

export async function renderOrderDocument(
  db: Kysely<TenantDb>,
  orderId: number,
  kind: DocumentKind,
  locale: Locale,
  seller: SellerInfo,
  opts: { dealerId?: number } = {},
): Promise<{ bytes: Buffer; filename: string } | null> {
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
  const [lines, contact, logo] = await Promise.all([
    db.selectFrom('order_lines').select(['line_no', 'sku', 'name', 'unit', 'qty', 'vat_rate', 'unit_net', 'line_net', 'line_gross']).where('order_id', '=', orderId).orderBy('line_no').execute(),
    getSetting(db, 'contact'),
    logoImage(seller.dataDir, seller.tenantId, db).catch(() => null),
  ]);
  const t = T[locale];
  const f = loadFonts();
  const nf = new Intl.NumberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const money = (minor: number) => `${nf.format(minor / 100)} ${order.currency}`;
  const amount = (minor: number) => nf.format(minor / 100);
  const dateFmt = new Intl.DateTimeFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'medium' });

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
    [t.date, dateFmt.format(order.created_at)],
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
    `${t.payment}: ${PAYMENT_LABELS[locale][order.payment_method]}${order.installments ? ` × ${order.installments}` : ''}`,
    ...(order.shipping_name ? [`${t.shipping}: ${order.shipping_name}`] : []),
    ...(order.requested_date ? [`${t.requested}: ${dateFmt.format(order.requested_date)}`] : []),
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
      vat: `%${l.vat_rate}`,
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
  const note = kind === 'proforma' ? t.proformaNote : kind === 'confirmation' ? t.confirmationNote : t.waybillNote;
  if (y + 60 > bottom()) {
    doc.addPage();
    y = 40;
  }
  if (order.note) {
    doc.font('b').fontSize(9).fillColor(ink).text(`${t.note}: `, L, y, { continued: true }).font('r').text(order.note, { width: W });
    y = doc.y + 6;
  }
  doc.font('r').fontSize(8).fillColor(muted).text(note, L, y, { width: W });
  if (kind === 'waybill') {
    y = doc.y + 30;
    doc.moveTo(L, y).lineTo(L + 200, y).strokeColor('#9aa1ab').stroke();
    doc.moveTo(L + W - 200, y).lineTo(L + W, y).stroke();
  }

  // Footers.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.bottom = 0;
    const fy = doc.page.height - 40;
    doc.font('r').fontSize(7).fillColor(muted);
    doc.text(`${seller.sellerName} · ${title} · ${order.number}`, L, fy, { width: W / 2, lineBreak: false });
    doc.text(t.page(i + 1, range.count), L + W / 2, fy, { width: W / 2, align: 'right', lineBreak: false });
  }
  doc.end();
  const bytes = await done;
  return { bytes, filename: `${order.number}-${kind}.pdf` };
}
