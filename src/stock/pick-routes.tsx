import { Hono, type Context } from 'hono';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { loadBrand } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { STATUS_LABELS } from '../orders/staff-messages.ts';
import { shippingMessages } from '../shipping/messages.ts';
import { ShipmentError } from '../shipping/shipments.ts';
import type { OrderStatus } from '../db/types.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { PickSessionPage, PickSessionsPage, PICK_PATH, ScanPanel, type OrderPickInfo, type ScanPanelProps } from '../../views/stock/pick.tsx';
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
  shipmentFromPick,
  startOrderPick,
  undoScan,
  type PickSession,
} from './pick.ts';

/**
 * /staff/stock/pick (STK-3): scanning sessions, for warehouse staff (owner/admin hold the permission too).
 * POST /orders/:orderId opens (or reopens) the order's session from the order page; an order
 * session's page flags short/over/unexpected lines and closes into a draft shipment.
 */
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
  if (extra.message) await setFlash(c, { kind: extra.message.kind === 'ok' ? 'success' : 'error', message: extra.message.text });
  return c.redirect(`${PICK_PATH}/${session.id}`, 303);
}

async function orderInfo(c: Context<AppEnv>, session: PickSession, error?: string): Promise<OrderPickInfo | undefined> {
  if (session.order_id === null) return undefined;
  const made = await c.var.db.selectFrom('shipments').select('number').where('pick_session_id', '=', session.id).where('status', '<>', 'cancelled').executeTakeFirst();
  return { id: session.order_id, number: session.order_number ?? session.reference, shipment: made?.number ?? null, error };
}

async function sessionPage(c: Context<AppEnv>, session: PickSession, error?: string, status: 200 | 409 | 422 = 200) {
  const t = stockMessages[c.var.locale];
  const lines = await listPickLines(c.var.db, session.id);
  const order = await orderInfo(c, session, error);
  return c.html(page(c, t.pickSession(session.id), <PickSessionPage locale={c.var.locale} timeZone={c.var.tenant.timeZone} session={session} lines={lines} order={order} />, { nav: 'staff' }), status);
}

pickRoutes.get('/:id', async (c) => {
  const session = await loadSession(c);
  if (!session) return renderError(c, 404);
  return sessionPage(c, session);
});

const statusLabel = (c: Context<AppEnv>, s: string | undefined) => STATUS_LABELS[c.var.locale][s as OrderStatus] ?? s ?? '';

/** "Start picking" on the order page: the order's session (new or reopened); confirmed → preparing. */
pickRoutes.post('/orders/:orderId', async (c) => {
  const orderId = idParam(c, 'orderId');
  if (!orderId) return renderError(c, 404);
  const sm = shippingMessages[c.var.locale];
  const brand = await loadBrand(c);
  let res;
  try {
    res = await c.var.db.transaction().execute(async (trx) => {
      const r = await startOrderPick(trx, orderId, c.var.user!.id, brand);
      await audit(c, { action: 'pick.order_started', targetType: 'order', targetId: orderId, details: { session: r.sessionId, created: r.created } }, trx);
      return r;
    });
  } catch (err) {
    if (!(err instanceof PickError)) throw err;
    if (err.code === 'not_found') return renderError(c, 404);
    await setFlash(c, { kind: 'error', message: sm.errPickOrderStatus(statusLabel(c, err.items[0])) });
    return c.redirect(`/staff/orders/${orderId}#shipments`, 303);
  }
  if (res.notified.length) await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, res.notified).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'));
  await setFlash(c, { kind: 'success', message: sm.pickStarted(res.number) });
  return c.redirect(`${PICK_PATH}/${res.sessionId}`, 303);
});

/** Close an order session into a draft shipment of the scanned quantities (or make it from a closed one). */
pickRoutes.post('/:id/shipment', async (c) => {
  const session = await loadSession(c);
  if (!session || session.order_id === null) return renderError(c, 404);
  const sm = shippingMessages[c.var.locale];
  let res;
  try {
    res = await c.var.db.transaction().execute(async (trx) => {
      const r = await shipmentFromPick(trx, session.id, c.var.user!.id);
      await audit(c, { action: 'shipment.created', targetType: 'order', targetId: r.orderId, details: { shipment: r.number, pickSession: session.id } }, trx);
      return r;
    });
  } catch (err) {
    if (err instanceof ShipmentError) {
      if (err.code === 'over') return sessionPage(c, session, sm.errPickOver((err.detail.lines ?? []).map((l) => `${l.sku} ${l.wanted}/${l.remaining}`).join(', ')), 422);
      if (err.code === 'order_status') return sessionPage(c, session, sm.errPickOrderStatus(statusLabel(c, err.detail.status)), 409);
      throw err;
    }
    if (!(err instanceof PickError)) throw err;
    const text =
      err.code === 'pick_over'
        ? sm.errPickOver(err.items.join(', '))
        : err.code === 'pick_unexpected'
          ? sm.errPickUnexpected(err.items.join(', '))
          : err.code === 'pick_nothing'
            ? sm.errPickNothing
            : err.code === 'has_shipment'
              ? sm.pickHasShipment(err.items[0] ?? '')
              : err.code === 'order_status'
                ? sm.errPickOrderStatus(statusLabel(c, err.items[0]))
                : null;
    if (text === null) return renderError(c, 404);
    return sessionPage(c, session, text, err.code === 'has_shipment' || err.code === 'order_status' ? 409 : 422);
  }
  await setFlash(c, { kind: 'success', message: sm.pickShipmentMade(res.number) });
  return c.redirect(`/staff/orders/${res.orderId}#shipments`, 303);
});

pickRoutes.post('/:id/scans', async (c) => {
  const session = await loadSession(c);
  if (!session) return renderError(c, 404);
  const t = stockMessages[c.var.locale];
  const body = await c.req.parseBody();
  const code = String(body.code ?? '').slice(0, 80);
  try {
    const scan = await recordScan(c.var.db, session.id, code, typeof body.qty === 'string' ? body.qty : undefined);
    const scannedText = t.scanned(scan.qty, scan.sku, scan.name, scan.scannedQty);
    return answer(c, session, {
      message: scan.unexpected ? { kind: 'warn', text: `${scannedText} — ${shippingMessages[c.var.locale].notInOrder(scan.sku)}` } : { kind: 'ok', text: scannedText },
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
  return c.redirect(session.order_id === null ? PICK_PATH : `/staff/orders/${session.order_id}#shipments`, 303);
});
