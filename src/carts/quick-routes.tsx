import { Hono, type Context } from 'hono';
import { detectFormat, openSheet, SheetError, type Cell } from '../catalog/import/read.ts';
import { moneyFormat } from '../catalog/money.ts';
import { portalDealer, portalPage } from '../dealers/portal-context.ts';
import { priceForDealer } from '../pricing/context.ts';
import { PricingError } from '../pricing/resolve.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { ImportPage, LookupCell, QuickOrderPage, type GridRow, type ImportPreviewRow, type LookupView } from '../../views/carts/quick-order.tsx';
import { activeCart, addLines, checkRows, parsePaste, parseQty, productsBySku, lineError, MAX_CART_LINES, type CheckedRow, type OrderableProduct } from './carts.ts';
import { cartMessages } from './messages.ts';
import { cartViewer, requestPricingCtx, rowErrorText } from './view-model.ts';

/**
 * ORD-2: quick order (`/portal/carts/quick`: SKU/qty grid with live lookup, paste of many lines)
 * and shopping-list import (`/portal/carts/import`: XLSX/CSV → preview with per-row errors → add
 * the good rows). Good rows go into the active cart; bad rows stay with their error.
 */
export const quickRoutes = new Hono<AppEnv>();

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : typeof v === 'string' ? [v] : []);
const MAX_FILE = 5 * 1024 * 1024;

function emptyRows(rows: GridRow[], count: number): GridRow[] {
  const out = [...rows];
  while (out.length < count) out.push({ sku: '', qty: '' });
  return out;
}

async function quickPage(c: Context<AppEnv>, rows: GridRow[], paste: string, notice: { kind: 'error' | 'success'; text: string } | null, status: 200 | 422 = 200) {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = cartMessages[c.var.locale];
  const cart = await activeCart(c.var.db, cartViewer(c)!, m.defaultCartName);
  return c.html(portalPage(c, m.quickTitle, <QuickOrderPage locale={c.var.locale} cartName={cart.name} rows={rows} paste={paste} notice={notice} />, dealer), status);
}

quickRoutes.get('/quick', async (c) => {
  const n = Math.min(200, Math.max(5, Number.parseInt(c.req.query('rows') ?? '', 10) || 10));
  return quickPage(c, emptyRows([], n), '', null);
});

function stockOf(p: OrderableProduct, qty: number): LookupView['stock'] {
  if (p.available <= 0) return p.behaviour === 'backorder' ? 'backorder' : 'out';
  if (qty > p.available) return p.behaviour === 'backorder' ? 'backorder' : 'low';
  return p.available < 10 ? 'low' : 'in';
}

/** Live lookup of one grid row: product, dealer price for the typed quantity, stock, or the error. */
quickRoutes.get('/quick/lookup', async (c) => {
  const m = cartMessages[c.var.locale];
  const index = Math.max(0, Math.min(500, Number.parseInt(c.req.query('row') ?? '0', 10) || 0));
  const sku = (c.req.query('sku') ?? '').trim();
  const qtyText = (c.req.query('qty') ?? '').trim();
  if (!sku) return c.html(<LookupCell locale={c.var.locale} index={index} />);
  const p = (await productsBySku(c.var.db, [sku])).get(sku);
  if (!p) return c.html(<LookupCell locale={c.var.locale} index={index} error={m.err_unknown_sku} />);
  if (!p.orderable) return c.html(<LookupCell locale={c.var.locale} index={index} error={m.err_not_orderable} />);
  const qty = qtyText ? parseQty(qtyText) : null;
  const code = qtyText ? lineError(p, qty ?? NaN) : null;
  let price: string | null = null;
  const ctx = await requestPricingCtx(c, cartViewer(c)!.dealerId);
  if (ctx) {
    try {
      const at = qty && !code ? qty : p.min_order_qty;
      const r = (await priceForDealer(c.var.db, ctx, [{ productId: p.id, qty: at }])).get(p.id);
      if (r) price = moneyFormat(c)(r.unitNet, r.currency);
    } catch (err) {
      if (!(err instanceof PricingError)) throw err;
    }
  }
  const lookup: LookupView = { name: p.name, sku: p.sku, variant: p.variant, price, stock: stockOf(p, qty ?? p.min_order_qty), available: p.available, error: code ? rowErrorText(m, code, p) : null };
  return c.html(<LookupCell locale={c.var.locale} index={index} lookup={lookup} />);
});

/** Adds the good rows to the active cart; returns the bad ones with their messages. */
async function addChecked(c: Context<AppEnv>, checked: CheckedRow[]) {
  const m = cartMessages[c.var.locale];
  const cart = await activeCart(c.var.db, cartViewer(c)!, m.defaultCartName);
  const good = checked.filter((r) => !r.error && r.product && r.qty);
  const bad = checked.filter((r) => r.error);
  if (cart.lines + new Set(good.map((g) => g.product!.id)).size > MAX_CART_LINES) return { cart, added: 0, bad, tooMany: true };
  await addLines(c.var.db, cart.id, good.map((g) => ({ productId: g.product!.id, qty: g.qty! })));
  return { cart, added: good.length, bad, tooMany: false };
}

quickRoutes.post('/quick', async (c) => {
  const m = cartMessages[c.var.locale];
  const form = await c.req.parseBody({ all: true });
  const skus = list(form.sku);
  const qtys = list(form.qty);
  const rows: Array<{ sku: string; qtyText: string }> = [];
  skus.forEach((s, i) => {
    if (s.trim()) rows.push({ sku: s.trim(), qtyText: (qtys[i] ?? '').trim() || '1' });
  });
  const paste = str(form.paste);
  for (const r of parsePaste(paste, MAX_CART_LINES + 1)) rows.push({ sku: r.sku, qtyText: r.qtyText });
  if (!rows.length) return quickPage(c, emptyRows([], 10), '', { kind: 'error', text: m.nothingToAdd }, 422);
  if (rows.length > MAX_CART_LINES) return quickPage(c, emptyRows([], 10), paste, { kind: 'error', text: m.err_too_many }, 422);
  const checked = await checkRows(c.var.db, rows);
  const { cart, added, bad, tooMany } = await addChecked(c, checked);
  if (tooMany) return quickPage(c, emptyRows([], 10), paste, { kind: 'error', text: m.err_too_many }, 422);
  if (!bad.length) {
    await setFlash(c, { kind: 'success', message: m.added(added, cart.name) });
    return c.redirect(`/portal/carts/${cart.id}`, 303);
  }
  const badRows: GridRow[] = bad.map((r) => ({ sku: r.sku, qty: r.qtyText, error: rowErrorText(m, r.error!, r.product) }));
  const text = [added ? m.added(added, cart.name) : '', m.someFailed(bad.length)].filter(Boolean).join(' ');
  return quickPage(c, emptyRows(badRows, Math.max(10, badRows.length + 2)), '', { kind: 'error', text }, 422);
});

// ---------------------------------------------------------------------------------------------
// Shopping-list import.

const SKU_HEADERS = /^(sku|stok ?kodu|ürün ?kodu|urun ?kodu|kod|code|article|artikel|item)$/i;
const QTY_HEADERS = /^(qty|quantity|miktar|adet|amount|antall|menge)$/i;

const cellText = (v: Cell | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : String(v).trim());

async function importPage(c: Context<AppEnv>, opts: { error?: string; preview?: ImportPreviewRow[] } = {}, status: 200 | 422 = 200) {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = cartMessages[c.var.locale];
  const cart = await activeCart(c.var.db, cartViewer(c)!, m.defaultCartName);
  return c.html(portalPage(c, m.importTitle, <ImportPage locale={c.var.locale} cartName={cart.name} error={opts.error} preview={opts.preview} />, dealer), status);
}

quickRoutes.get('/import', (c) => importPage(c));

/** Reads SKU/qty rows from a shopping list; throws a message key on a file it cannot use. */
export async function readShoppingList(bytes: Uint8Array): Promise<Array<{ line: number; sku: string; qtyText: string }>> {
  const format = await detectFormat(bytes);
  if (!format) throw new Error('err_file');
  let sheet;
  try {
    sheet = await openSheet(bytes, format);
  } catch (err) {
    if (err instanceof SheetError) throw new Error(err.code === 'fileType' ? 'err_file' : 'err_unreadable');
    throw err;
  }
  const skuCol = sheet.headers.findIndex((h) => SKU_HEADERS.test(h.trim()));
  const qtyCol = sheet.headers.findIndex((h) => QTY_HEADERS.test(h.trim()));
  if (skuCol < 0 || qtyCol < 0) throw new Error('err_columns');
  const rows: Array<{ line: number; sku: string; qtyText: string }> = [];
  try {
    for await (const r of sheet.rows) {
      const sku = cellText(r.cells[skuCol]);
      const qtyText = cellText(r.cells[qtyCol]);
      if (!sku && !qtyText) continue;
      rows.push({ line: r.line, sku, qtyText });
      if (rows.length > MAX_CART_LINES) throw new Error('err_rows');
    }
  } catch (err) {
    if (err instanceof SheetError) throw new Error('err_unreadable');
    throw err;
  }
  return rows;
}

quickRoutes.post('/import', async (c) => {
  const m = cartMessages[c.var.locale];
  const body = await c.req.parseBody();
  const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
  if (!file || file.size > MAX_FILE) return importPage(c, { error: m.err_file }, 422);
  let rows;
  try {
    rows = await readShoppingList(new Uint8Array(await file.arrayBuffer()));
  } catch (err) {
    const key = (err as Error).message as 'err_file' | 'err_columns' | 'err_unreadable' | 'err_rows';
    if (!['err_file', 'err_columns', 'err_unreadable', 'err_rows'].includes(key)) throw err;
    return importPage(c, { error: m[key] }, 422);
  }
  if (!rows.length) return importPage(c, { error: m.err_columns }, 422);
  const checked = await checkRows(c.var.db, rows.map((r) => ({ sku: r.sku, qtyText: r.qtyText || '1' })));
  const preview: ImportPreviewRow[] = checked.map((r, i) => ({
    line: rows[i]!.line,
    sku: r.sku,
    qty: r.qtyText,
    name: r.product?.name ?? null,
    error: r.error ? rowErrorText(m, r.error, r.product) : null,
  }));
  return importPage(c, { preview });
});

quickRoutes.post('/import/confirm', async (c) => {
  const m = cartMessages[c.var.locale];
  const form = await c.req.parseBody({ all: true });
  const skus = list(form.sku);
  const qtys = list(form.qty);
  const rows = skus.map((s, i) => ({ sku: s, qtyText: qtys[i] ?? '' })).filter((r) => r.sku.trim());
  if (!rows.length || rows.length > MAX_CART_LINES) return importPage(c, { error: m.nothingToAdd }, 422);
  // Checked again: the preview may be minutes old.
  const checked = await checkRows(c.var.db, rows);
  const { cart, added, bad, tooMany } = await addChecked(c, checked);
  if (tooMany) return importPage(c, { error: m.err_too_many }, 422);
  await setFlash(c, { kind: bad.length ? 'info' : 'success', message: [m.added(added, cart.name), bad.length ? m.someFailed(bad.length) : ''].filter(Boolean).join(' ') });
  return c.redirect(`/portal/carts/${cart.id}`, 303);
});
