import { Hono, type Context } from 'hono';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { PickSessionPage, PickSessionsPage, PICK_PATH, ScanPanel, type ScanPanelProps } from '../../views/stock/pick.tsx';
import { stockMessages, type StockMessages } from './messages.ts';
import {
  closePickSession,
  createPickSession,
  findPickSession,
  listPickLines,
  listPickSessions,
  MAX_SCAN_QTY,
  PickError,
  recordScan,
  setLineCount,
  undoScan,
  type PickSession,
} from './pick.ts';

/** /staff/stock/pick (STK-3): scanning sessions, for warehouse staff (owner/admin hold the permission too). */
export const pickRoutes = new Hono<AppEnv>();
pickRoutes.use('*', requireStaff('warehouse.manage'));

function pickErrorText(t: StockMessages, err: PickError): string {
  switch (err.code) {
    case 'empty':
      return t.errEmpty;
    case 'bad_qty':
      return t.errBadQty;
    case 'bad_check_digit':
      return t.errCheckDigit(err.input);
    case 'ambiguous':
      return t.errAmbiguous(err.input);
    case 'closed':
      return t.errClosed;
    case 'not_found':
      return t.errLine;
    default:
      return t.errUnknown(err.input);
  }
}

pickRoutes.get('/', async (c) => {
  const t = stockMessages[c.var.locale];
  const [open, closed] = await Promise.all([listPickSessions(c.var.db, { status: 'open', limit: 100 }), listPickSessions(c.var.db, { status: 'closed', limit: 20 })]);
  return c.html(page(c, t.pickTitle, <PickSessionsPage locale={c.var.locale} timeZone={c.var.tenant.timeZone} open={open} closed={closed} reference="" />, { nav: 'staff' }));
});

pickRoutes.post('/', async (c) => {
  const body = await c.req.parseBody();
  const reference = String(body.reference ?? '').trim().slice(0, 120);
  const id = await createPickSession(c.var.db, { reference, userId: c.var.user!.id });
  return c.redirect(`${PICK_PATH}/${id}`, 303);
});

async function loadSession(c: Context<AppEnv>): Promise<PickSession | null> {
  const id = idParam(c);
  if (!id) return null;
  return (await findPickSession(c.var.db, id)) ?? null;
}

/** The panel as an htmx fragment, or (plain form post) a redirect back to the session with a flash. */
async function answer(c: Context<AppEnv>, session: PickSession, extra: Omit<ScanPanelProps, 'locale' | 'session' | 'lines'>) {
  const fresh = (await findPickSession(c.var.db, session.id)) ?? session;
  if (wantsFragment(c)) {
    const lines = await listPickLines(c.var.db, session.id);
    c.header('Vary', 'HX-Request', { append: true });
    return c.html(<ScanPanel locale={c.var.locale} session={fresh} lines={lines} {...extra} />, extra.message?.kind === 'error' ? 422 : 200);
  }
  if (extra.message) await setFlash(c, { kind: extra.message.kind === 'error' ? 'error' : 'success', message: extra.message.text });
  return c.redirect(`${PICK_PATH}/${session.id}`, 303);
}

pickRoutes.get('/:id', async (c) => {
  const session = await loadSession(c);
  if (!session) return renderError(c, 404);
  const t = stockMessages[c.var.locale];
  const lines = await listPickLines(c.var.db, session.id);
  return c.html(page(c, t.pickSession(session.id), <PickSessionPage locale={c.var.locale} timeZone={c.var.tenant.timeZone} session={session} lines={lines} />, { nav: 'staff' }));
});

pickRoutes.post('/:id/scans', async (c) => {
  const session = await loadSession(c);
  if (!session) return renderError(c, 404);
  const t = stockMessages[c.var.locale];
  const body = await c.req.parseBody();
  const code = String(body.code ?? '').slice(0, 80);
  try {
    const scan = await recordScan(c.var.db, session.id, code, typeof body.qty === 'string' ? body.qty : undefined);
    return answer(c, session, {
      message: { kind: 'ok', text: t.scanned(scan.qty, scan.sku, scan.name, scan.scannedQty) },
      last: { productId: scan.productId, sku: scan.sku, qty: scan.qty },
    });
  } catch (err) {
    if (!(err instanceof PickError)) throw err;
    if (err.code === 'not_found') return renderError(c, 404);
    return answer(c, session, { message: { kind: 'error', text: pickErrorText(t, err) } });
  }
});

pickRoutes.post('/:id/undo', async (c) => {
  const session = await loadSession(c);
  if (!session) return renderError(c, 404);
  const t = stockMessages[c.var.locale];
  const body = await c.req.parseBody();
  const productId = parseId(String(body.product_id ?? ''));
  const qty = Number(body.qty);
  if (!productId || !Number.isSafeInteger(qty) || qty < 1 || qty > MAX_SCAN_QTY) return answer(c, session, { message: { kind: 'error', text: t.errBadQty } });
  try {
    await undoScan(c.var.db, session.id, productId, qty);
  } catch (err) {
    if (!(err instanceof PickError)) throw err;
    if (err.code === 'not_found') return renderError(c, 404);
    return answer(c, session, { message: { kind: 'error', text: pickErrorText(t, err) } });
  }
  const sku = (await c.var.db.selectFrom('products').select('sku').where('id', '=', productId).executeTakeFirst())?.sku ?? '';
  return answer(c, session, { message: { kind: 'ok', text: t.undone(qty, sku) } });
});

pickRoutes.post('/:id/lines/:productId', async (c) => {
  const session = await loadSession(c);
  const productId = idParam(c, 'productId');
  if (!session || !productId) return renderError(c, 404);
  const t = stockMessages[c.var.locale];
  const body = await c.req.parseBody();
  const raw = String(body.count ?? '').trim();
  const count = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : -1;
  try {
    await setLineCount(c.var.db, session.id, productId, count);
  } catch (err) {
    if (!(err instanceof PickError)) throw err;
    if (err.code === 'not_found') return renderError(c, 404);
    return answer(c, session, { message: { kind: 'error', text: pickErrorText(t, err) } });
  }
  const sku = (await c.var.db.selectFrom('products').select('sku').where('id', '=', productId).executeTakeFirst())?.sku ?? '';
  return answer(c, session, { message: { kind: 'ok', text: t.countSet(sku, count) } });
});

pickRoutes.post('/:id/close', async (c) => {
  const session = await loadSession(c);
  if (!session) return renderError(c, 404);
  await closePickSession(c.var.db, session.id);
  await setFlash(c, { kind: 'success', message: stockMessages[c.var.locale].sessionClosed });
  return c.redirect(PICK_PATH, 303);
});
