import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { DetailState, FulfilmentData } from '../../views/orders/staff/desk.tsx';
import { audit } from '../auth/audit.ts';
import { staffCan, type Principal } from '../auth/permissions.ts';
import { loadBrand } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { STATUS_LABELS } from '../orders/staff-messages.ts';
import type { AppEnv } from '../web/env.ts';
import { renderOrderDocument } from '../orders/documents.ts';
import { setFlash } from '../web/flash.ts';
import { idParam } from '../web/params.ts';
import { SHIPMENT_STATUS_LABELS, shippingMessages } from './messages.ts';
import { cancelShipment, createShipment, fulfilmentLines, markDelivered, markShipped, ShipmentError, shipmentsForOrder } from './shipments.ts';

/**
 * /staff/orders/:id/shipments (ORD-6/ORD-7, SHP-2): create, ship, deliver and cancel shipments
 * from the order page. Mounted inside the order desk (orders.manage); every change also needs
 * warehouse access (warehouse, owner, admin) — a sales rep or finance user sees the section
 * read-only and gets 403 here. Errors re-render the order page (422) with the message next to
 * the field; a lost race (the shipment changed meanwhile) is 409.
 */

type C = Context<AppEnv>;
export type ShowOrder = (c: C, id: number, state?: DetailState, status?: 200 | 403 | 409 | 422) => Promise<Response>;

export const canShip = (user: Principal) => staffCan(user, 'warehouse.manage');

/** The desk's order page data for the shipments section. */
export async function loadFulfilment(db: Kysely<TenantDb>, orderId: number, user: Principal): Promise<FulfilmentData> {
  const [lines, shipments, pick] = await Promise.all([
    fulfilmentLines(db, orderId),
    shipmentsForOrder(db, orderId, { all: true }),
    db.selectFrom('pick_sessions').select('id').where('order_id', '=', orderId).where('status', '=', 'open').executeTakeFirst(),
  ]);
  return { lines, shipments, canShip: canShip(user), openPickId: pick?.id ?? null };
}

export function shipmentRoutes(showOrder: ShowOrder) {
  const r = new Hono<AppEnv>();
  const actor = (c: C) => ({ kind: 'staff' as const, userId: c.var.user!.id });
  const orderExists = async (c: C, id: number) => !!(await c.var.db.selectFrom('orders').select('id').where('id', '=', id).executeTakeFirst());

  /** Unknown order → 404 before anything else (another tenant's id too); no warehouse access → 403. */
  async function guard(c: C): Promise<{ id: number } | Response> {
    const id = idParam(c);
    if (!id || !(await orderExists(c, id))) return c.notFound();
    if (!canShip(c.var.user!)) return showOrder(c, id, { error: shippingMessages[c.var.locale].errPermission }, 403);
    return { id };
  }

  async function nudge(c: C, ids: number[]) {
    if (!ids.length) return;
    await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, ids).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'));
  }

  /** A ShipmentError as field errors (422) or a page error (404/409). */
  function refuse(c: C, id: number, err: ShipmentError, values: Record<string, string>, keyOf: (f: string) => string) {
    const m = shippingMessages[c.var.locale];
    const errors: Record<string, string> = {};
    switch (err.code) {
      case 'not_found':
        return c.notFound();
      case 'over':
        for (const l of err.detail.lines ?? []) errors[`qty_${l.lineId}`] = m.errOver(l.remaining);
        errors[keyOf('form')] = (err.detail.lines ?? []).map((l) => `${l.sku}: ${m.errOver(l.remaining)}`).join(' ');
        break;
      case 'qty':
        errors.form = m.errQty;
        break;
      case 'nothing':
        errors.form = m.errNothing;
        break;
      case 'carrier':
        errors[keyOf('carrier')] = m.errCarrier;
        break;
      case 'tracking_url':
        errors[keyOf('tracking_url')] = m.errTrackingUrl;
        break;
      case 'stock':
        errors[keyOf('form')] = m.errStock(err.detail.sku ?? '');
        break;
      case 'order_status': {
        const text = m.errOrderStatus(STATUS_LABELS[c.var.locale][err.detail.status as keyof (typeof STATUS_LABELS)['en']] ?? String(err.detail.status));
        return showOrder(c, id, { error: text, shipment: { values, errors } }, 409);
      }
      case 'status': {
        const text = m.errStatus(SHIPMENT_STATUS_LABELS[c.var.locale][err.detail.status as keyof (typeof SHIPMENT_STATUS_LABELS)['en']] ?? String(err.detail.status));
        return showOrder(c, id, { error: text }, 409);
      }
    }
    return showOrder(c, id, { shipment: { values, errors } }, 422);
  }

  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

  r.post('/', async (c) => {
    const g = await guard(c);
    if (g instanceof Response) return g;
    const m = shippingMessages[c.var.locale];
    const b = await c.req.parseBody();
    const values: Record<string, string> = {
      carrier: text(b.carrier, 120),
      tracking_number: text(b.tracking_number, 120),
      tracking_url: text(b.tracking_url, 500),
      ship_now: b.ship_now === '1' ? '1' : '',
    };
    const lines = new Map<number, number>();
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries(b)) {
      const mk = /^qty_(\d{1,15})$/.exec(k);
      if (!mk) continue;
      const s = text(v, 10);
      values[k] = s;
      if (s === '') continue;
      if (!/^\d{1,7}$/.test(s)) errors[k] = m.errQty;
      else lines.set(Number(mk[1]), Number(s));
    }
    if (Object.keys(errors).length) return showOrder(c, g.id, { shipment: { values, errors } }, 422);
    const shipNow = values.ship_now === '1';
    if (shipNow && !values.carrier) return showOrder(c, g.id, { shipment: { values, errors: { carrier: m.errCarrier } } }, 422);
    const brand = shipNow ? await loadBrand(c) : null;
    let done: { number: string; notified: number[] };
    try {
      done = await c.var.db.transaction().execute(async (trx) => {
        // Always the form's quantities (blank = 0): a form without any means nothing to ship, not everything.
        const s = await createShipment(trx, g.id, { lines, carrier: values.carrier, trackingNumber: values.tracking_number, trackingUrl: values.tracking_url, userId: c.var.user!.id });
        let notified: number[] = [];
        if (shipNow) notified = (await markShipped(trx, g.id, s.id, {}, actor(c), brand!)).notified;
        await audit(c, { action: shipNow ? 'shipment.shipped' : 'shipment.created', targetType: 'order', targetId: g.id, details: { shipment: s.number, lines: Object.fromEntries(lines) } }, trx);
        return { number: s.number, notified };
      });
    } catch (err) {
      if (err instanceof ShipmentError) return refuse(c, g.id, err, values, (f) => f);
      throw err;
    }
    await nudge(c, done.notified);
    await setFlash(c, { kind: 'success', message: shipNow ? m.shipped(done.number) : m.created(done.number) });
    return c.redirect(`/staff/orders/${g.id}#shipments`, 303);
  });

  r.post('/:sid/ship', async (c) => {
    const g = await guard(c);
    if (g instanceof Response) return g;
    const sid = idParam(c, 'sid');
    if (!sid) return c.notFound();
    const m = shippingMessages[c.var.locale];
    const b = await c.req.parseBody();
    const keyOf = (f: string) => `ship${sid}.${f}`;
    const input = { carrier: text(b.carrier, 120), trackingNumber: text(b.tracking_number, 120), trackingUrl: text(b.tracking_url, 500) };
    const values = { [keyOf('carrier')]: input.carrier, [keyOf('tracking_number')]: input.trackingNumber, [keyOf('tracking_url')]: input.trackingUrl };
    const brand = await loadBrand(c);
    let res;
    try {
      res = await c.var.db.transaction().execute(async (trx) => {
        const x = await markShipped(trx, g.id, sid, input, actor(c), brand);
        await audit(c, { action: 'shipment.shipped', targetType: 'order', targetId: g.id, details: { shipment: x.number, from: x.from, to: x.to, carrier: input.carrier } }, trx);
        return x;
      });
    } catch (err) {
      if (err instanceof ShipmentError) return refuse(c, g.id, err, values, keyOf);
      throw err;
    }
    await nudge(c, res.notified);
    await setFlash(c, { kind: 'success', message: m.shipped(res.number) });
    return c.redirect(`/staff/orders/${g.id}#shipments`, 303);
  });

  r.post('/:sid/delivered', async (c) => {
    const g = await guard(c);
    if (g instanceof Response) return g;
    const sid = idParam(c, 'sid');
    if (!sid) return c.notFound();
    const brand = await loadBrand(c);
    let res;
    try {
      res = await c.var.db.transaction().execute(async (trx) => {
        const x = await markDelivered(trx, g.id, sid, actor(c), brand);
        await audit(c, { action: 'shipment.delivered', targetType: 'order', targetId: g.id, details: { shipment: x.number, orderDelivered: x.orderDelivered } }, trx);
        return x;
      });
    } catch (err) {
      if (err instanceof ShipmentError) return refuse(c, g.id, err, {}, (f) => `ship${sid}.${f}`);
      throw err;
    }
    await nudge(c, res.notified);
    await setFlash(c, { kind: 'success', message: shippingMessages[c.var.locale].delivered(res.number) });
    return c.redirect(`/staff/orders/${g.id}#shipments`, 303);
  });

  r.post('/:sid/cancel', async (c) => {
    const g = await guard(c);
    if (g instanceof Response) return g;
    const sid = idParam(c, 'sid');
    if (!sid) return c.notFound();
    let res;
    try {
      res = await c.var.db.transaction().execute(async (trx) => {
        const x = await cancelShipment(trx, g.id, sid);
        await audit(c, { action: 'shipment.cancelled', targetType: 'order', targetId: g.id, details: { shipment: x.number } }, trx);
        return x;
      });
    } catch (err) {
      if (err instanceof ShipmentError) return refuse(c, g.id, err, {}, (f) => `ship${sid}.${f}`);
      throw err;
    }
    await setFlash(c, { kind: 'success', message: shippingMessages[c.var.locale].cancelled(res.number) });
    return c.redirect(`/staff/orders/${g.id}#shipments`, 303);
  });

  /** The shipment's waybill (irsaliye): the order's waybill with only this shipment's lines and quantities. Readable by the whole desk. */
  r.get('/:sid/waybill.pdf', async (c) => {
    const id = idParam(c);
    const sid = idParam(c, 'sid');
    if (!id || !sid) return c.notFound();
    const s = await c.var.db.selectFrom('shipments').select(['id', 'number', 'status']).where('id', '=', sid).where('order_id', '=', id).executeTakeFirst();
    if (!s || s.status === 'cancelled') return c.notFound();
    const lines = await c.var.db.selectFrom('shipment_lines').select(['order_line_id as orderLineId', 'qty']).where('shipment_id', '=', sid).execute();
    const pdf = await renderOrderDocument(c.var.db, id, 'waybill', c.var.locale, { tenantId: c.var.tenant.id, sellerName: c.var.tenant.name, dataDir: c.var.deps.config.DATA_DIR, timeZone: c.var.tenant.timeZone }, { lines, reference: s.number });
    if (!pdf) return c.notFound();
    return c.body(new Uint8Array(pdf.bytes), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${pdf.filename}"`,
      'cache-control': 'private, no-store',
    });
  });

  return r;
}
