import { Hono, type Context } from 'hono';
import { sql } from 'kysely';
import { currentDealerId, requireDealer } from '../auth/middleware.ts';
import { dealerCan, type DealerPermission } from '../auth/permissions.ts';
import { activeCart, addLines, lineError, productsById } from '../carts/carts.ts';
import { cartMessages } from '../carts/messages.ts';
import { cartViewer, rowErrorText } from '../carts/view-model.ts';
import { moneyFormat } from '../catalog/money.ts';
import { ORDER_STATUSES, type OrderStatus } from '../db/types.ts';
import { portalDealer, portalPage } from '../dealers/portal-context.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { loadBrand } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import { idParam, parseId } from '../web/params.ts';
import { OrderPage, OrdersListPage, type OrderFilters } from '../../views/orders/portal/orders.tsx';
import { checkoutRoutes, payLabel } from './checkout-routes.tsx';
import { changeQuantities, dayOf } from './dealer-change.ts';
import { noteText } from './history-notes.ts';
import { orderPortalMessages } from './portal-messages.ts';
import { changeStatus, DEALER_EDITABLE, OrderStatusError } from './status.ts';
import { renderOrderDocument, type DocumentKind } from './documents.ts';
import { shipmentsForOrder } from '../shipping/shipments.ts';

/**
 * `/portal/orders` (ORD-10, ORD-8, ORD-4): my orders (all of the company with orders.view_all),
 * the order page with its status timeline and approval steps, withdraw and quantity changes
 * before the seller confirms, order again; checkout lives in checkout-routes.tsx. Every order
 * is read with the dealer's id (and the user's, without view_all): other ids are a 404.
 */
export const orderPortalRoutes = new Hono<AppEnv>();
orderPortalRoutes.use('*', requireDealer());
orderPortalRoutes.route('/', checkoutRoutes);

const PAGE = 25;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function can(c: Context<AppEnv>, p: DealerPermission): boolean {
  const u = c.var.user!;
  return u.kind === 'staff' || dealerCan(u, p);
}

function ordersQuery(c: Context<AppEnv>) {
  const dealerId = currentDealerId(c)!;
  let q = c.var.db.selectFrom('orders as o').leftJoin('users as u', 'u.id', 'o.user_id').where('o.dealer_id', '=', dealerId);
  if (!can(c, 'orders.view_all')) q = q.where('o.user_id', '=', c.var.user!.id);
  return q;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

orderPortalRoutes.get('/', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = orderPortalMessages[c.var.locale];
  const all = can(c, 'orders.view_all');
  const f: OrderFilters = {
    status: (ORDER_STATUSES as readonly string[]).includes(c.req.query('status') ?? '') ? c.req.query('status')! : '',
    from: DAY.test(c.req.query('from') ?? '') ? c.req.query('from')! : '',
    to: DAY.test(c.req.query('to') ?? '') ? c.req.query('to')! : '',
    person: all && parseId(c.req.query('person')) ? c.req.query('person')! : '',
    cart: (c.req.query('cart') ?? '').trim().slice(0, 100),
    q: (c.req.query('q') ?? '').trim().slice(0, 100),
  };
  const before = parseId(c.req.query('before'));
  const tz = c.var.tenant.timeZone;
  let q = ordersQuery(c).select(['o.id', 'o.number', 'o.created_at', 'u.name as person', 'o.cart_name', 'o.po_number', 'o.status', 'o.total_gross', 'o.currency']);
  if (f.status) q = q.where('o.status', '=', f.status as OrderStatus);
  if (f.from) q = q.where(sql<boolean>`(o.created_at at time zone ${tz})::date >= ${f.from}::date`);
  if (f.to) q = q.where(sql<boolean>`(o.created_at at time zone ${tz})::date <= ${f.to}::date`);
  if (f.person) q = q.where('o.user_id', '=', Number(f.person));
  const like = (s: string) => `%${s.replace(/[\\%_]/g, (x) => `\\${x}`)}%`;
  if (f.cart) q = q.where('o.cart_name', 'ilike', like(f.cart));
  if (f.q) q = q.where((eb) => eb.or([eb('o.number', 'ilike', like(f.q)), eb('o.po_number', 'ilike', like(f.q))]));
  if (before) q = q.where('o.id', '<', before);
  const rows = await q.orderBy('o.id', 'desc').limit(PAGE + 1).execute();
  const people = all ? await c.var.db.selectFrom('users').select(['id', 'name']).where('dealer_id', '=', dealer.id).orderBy('name').execute() : [];
  const params = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
  const more = rows.length > PAGE;
  const shown = rows.slice(0, PAGE);
  if (more) params.set('before', String(shown.at(-1)!.id));
  const base = new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString();
  return c.html(
    portalPage(
      c,
      m.ordersTitle,
      <OrdersListPage
        locale={c.var.locale}
        timeZone={tz}
        money={moneyFormat(c)}
        all={all}
        filters={f}
        people={people}
        rows={shown.map((r) => ({ id: r.id, number: r.number, createdAt: r.created_at, person: r.person ?? '—', cartName: r.cart_name, po: r.po_number, status: r.status, total: r.total_gross, currency: r.currency.trim() }))}
        firstHref={before ? `/portal/orders${base ? `?${base}` : ''}` : null}
        nextHref={more ? `/portal/orders?${params.toString()}` : null}
      />,
      dealer,
    ),
  );
});

async function loadOrder(c: Context<AppEnv>) {
  const id = idParam(c);
  if (id === null) return null;
  return (await ordersQuery(c).selectAll('o').select('u.name as person').where('o.id', '=', id).executeTakeFirst()) ?? null;
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

const addrLines = (a: Record<string, unknown> | undefined): string[] => {
  if (!a) return [];
  const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  return [s('label'), s('line1'), s('line2'), s('district'), [s('postal_code'), s('city')].filter(Boolean).join(' '), s('country'), s('phone')].filter(Boolean);
};

const SHIPPED: readonly OrderStatus[] = ['partly_shipped', 'shipped', 'delivered', 'completed'];
const WAITING: readonly OrderStatus[] = ['awaiting_approval', 'credit_review', 'awaiting_payment', 'placed'];

/**
 * ORD-9 PDFs the dealer may download: the proforma invoice while the order stands, the order
 * confirmation once the seller confirmed it, the waybill once something shipped.
 */
export function dealerDocuments(status: OrderStatus): DocumentKind[] {
  if (status === 'cancelled') return [];
  const out: DocumentKind[] = [];
  if (!WAITING.includes(status)) out.push('confirmation');
  out.push('proforma');
  if (SHIPPED.includes(status)) out.push('waybill');
  return out;
}

async function showOrder(c: Context<AppEnv>, o: Loaded, extra: { withdrawError?: string; qtyErrors?: string[]; status?: 200 | 409 | 422 } = {}) {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = orderPortalMessages[c.var.locale];
  const [lines, history, approvals, method, shipments] = await Promise.all([
    c.var.db.selectFrom('order_lines').selectAll().where('order_id', '=', o.id).orderBy('line_no').execute(),
    c.var.db.selectFrom('order_status_history as h').leftJoin('users as u', 'u.id', 'h.actor_user_id').select(['h.created_at', 'h.from_status', 'h.to_status', 'h.actor', 'h.note', 'u.name']).where('h.order_id', '=', o.id).orderBy('h.id').execute(),
    c.var.db.selectFrom('order_approvals as a').leftJoin('users as u', 'u.id', 'a.decided_by').select(['a.level', 'a.status', 'a.decided_at', 'u.name']).where('a.order_id', '=', o.id).orderBy('a.level').execute(),
    o.shipping_method_id ? c.var.db.selectFrom('shipping_methods').select('name').where('id', '=', o.shipping_method_id).executeTakeFirst() : Promise.resolve(undefined),
    // SHP-2: what left the warehouse (shipped and delivered; drafts stay the seller's).
    shipmentsForOrder(c.var.db, o.id),
  ]);
  const editable = DEALER_EDITABLE.includes(o.status) && !o.invoiced_at;
  const billing = o.billing as Record<string, unknown>;
  return c.html(
    portalPage(
      c,
      m.orderTitle(o.number),
      <OrderPage
        locale={c.var.locale}
        timeZone={c.var.tenant.timeZone}
        money={moneyFormat(c)}
        order={{
          id: o.id,
          number: o.number,
          status: o.status,
          currency: o.currency.trim(),
          createdAt: o.created_at,
          person: o.person ?? '—',
          cartName: o.cart_name,
          po: o.po_number,
          note: o.note,
          requestedDate: o.requested_date ? dayOf(o.requested_date) : null,
          payment: payLabel(m, o.payment_method, o.installments),
          shippingName: method?.name ?? null,
          shippingNet: o.shipping_net,
          linesNet: o.lines_net,
          totalGross: o.total_gross,
          vatByRate: o.vat_by_rate,
          shipTo: addrLines(o.shipping_address),
          billTo: [String(billing.company_name ?? ''), billing.tax_number ? `${String(billing.tax_office ?? '')} ${String(billing.tax_number)}`.trim() : '', ...addrLines(billing.address as Record<string, unknown> | undefined).slice(1)].filter(Boolean),
          cancelReason: noteText(o.cancel_reason, c.var.locale),
        }}
        lines={lines.map((l) => ({ id: l.id, sku: l.sku, name: l.name, unit: l.unit, qty: l.qty, unitNet: l.unit_net, listUnitNet: l.list_unit_net, lineNet: l.line_net, lineGross: l.line_gross, vatRate: l.vat_rate }))}
        history={history.map((h) => ({ at: h.created_at, from: h.from_status, to: h.to_status, who: h.name ?? (h.actor === 'system' ? m.actorSystem : m.actorStaff), note: noteText(h.note, c.var.locale) }))}
        approvals={approvals.map((a) => ({ level: a.level, status: a.status, who: a.name, at: a.decided_at }))}
        shipments={shipments}
        documents={dealerDocuments(o.status)}
        canWithdraw={editable && can(c, 'orders.change')}
        canChangeQty={editable && can(c, 'orders.change_qty')}
        canReorder={can(c, 'orders.place')}
        withdrawError={extra.withdrawError}
        qtyErrors={extra.qtyErrors}
      />,
      dealer,
    ),
    extra.status ?? 200,
  );
}

orderPortalRoutes.get('/:id', async (c) => {
  const o = await loadOrder(c);
  return o ? showOrder(c, o) : c.notFound();
});

/** ORD-9: the order's PDF as a download; another dealer's (or, without orders.view_all, another user's) order is a 404. */
orderPortalRoutes.get('/:id/documents/:file', async (c) => {
  const file = c.req.param('file');
  const kind = /^(confirmation|proforma|waybill)\.pdf$/.exec(file)?.[1] as DocumentKind | undefined;
  if (!kind) return c.notFound();
  const o = await loadOrder(c);
  if (!o || !dealerDocuments(o.status).includes(kind)) return c.notFound();
  const pdf = await renderOrderDocument(c.var.db, o.id, kind, c.var.locale, sellerInfo(c), { dealerId: o.dealer_id });
  return pdfDownload(c, pdf);
});

const sellerInfo = (c: Context<AppEnv>) => ({ tenantId: c.var.tenant.id, sellerName: c.var.tenant.name, dataDir: c.var.deps.config.DATA_DIR, timeZone: c.var.tenant.timeZone });

function pdfDownload(c: Context<AppEnv>, pdf: { bytes: Buffer; filename: string } | null) {
  if (!pdf) return c.notFound();
  return c.body(new Uint8Array(pdf.bytes), 200, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${pdf.filename.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
}

/**
 * SHP-2: one shipment's waybill (its lines and quantities, its number as the reference). The order
 * must be the dealer's (and the user's, without orders.view_all) and the shipment must have left:
 * drafts, cancelled shipments, other orders' shipment ids and other tenants' are a 404.
 */
orderPortalRoutes.get('/:id/shipments/:sid/waybill.pdf', async (c) => {
  const sid = idParam(c, 'sid');
  if (!sid) return c.notFound();
  const o = await loadOrder(c);
  if (!o) return c.notFound();
  const s = await c.var.db.selectFrom('shipments').select(['id', 'number']).where('id', '=', sid).where('order_id', '=', o.id).where('status', 'in', ['shipped', 'delivered']).executeTakeFirst();
  if (!s) return c.notFound();
  const lines = await c.var.db.selectFrom('shipment_lines').select(['order_line_id as orderLineId', 'qty']).where('shipment_id', '=', s.id).execute();
  const pdf = await renderOrderDocument(c.var.db, o.id, 'waybill', c.var.locale, sellerInfo(c), { dealerId: o.dealer_id, lines, reference: s.number });
  return pdfDownload(c, pdf);
});

/** ORD-11: an invoiced order is neither changed nor withdrawn by the dealer (the seller cancels it). */
class Invoiced extends Error {}

orderPortalRoutes.post('/:id/withdraw', async (c) => {
  const o = await loadOrder(c);
  if (!o) return c.notFound();
  if (!can(c, 'orders.change')) return c.text('Forbidden', 403);
  const m = orderPortalMessages[c.var.locale];
  const reason = str((await c.req.parseBody()).reason).trim().slice(0, 500);
  if (!reason) return showOrder(c, o, { withdrawError: m.errReason, status: 422 });
  const user = c.var.user!;
  try {
    await c.var.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('orders').select(['status', 'invoiced_at']).where('id', '=', o.id).forUpdate().executeTakeFirstOrThrow();
      if (row.invoiced_at) throw new Invoiced();
      if (!DEALER_EDITABLE.includes(row.status)) throw new OrderStatusError('not_allowed', row.status, 'cancelled');
      await changeStatus(trx, o.id, 'cancelled', { kind: user.kind === 'staff' ? 'staff' : 'user', userId: user.id }, { dealerId: o.dealer_id, note: reason, cancelReason: reason });
    });
  } catch (err) {
    if (err instanceof Invoiced) return showOrder(c, (await loadOrder(c))!, { withdrawError: m.invoicedFrozen, status: 409 });
    if (!(err instanceof OrderStatusError)) throw err;
    return showOrder(c, (await loadOrder(c))!, { withdrawError: m.notEditable, status: 409 });
  }
  await setFlash(c, { kind: 'success', message: m.withdrawn(o.number) });
  return c.redirect(`/portal/orders/${o.id}`, 303);
});

orderPortalRoutes.post('/:id/lines', async (c) => {
  const o = await loadOrder(c);
  if (!o) return c.notFound();
  if (!can(c, 'orders.change_qty')) return c.text('Forbidden', 403);
  const m = orderPortalMessages[c.var.locale];
  const form = await c.req.parseBody();
  const wanted = new Map<number, number | null>();
  for (const [k, v] of Object.entries(form)) {
    const id = /^qty_(\d{1,18})$/.exec(k)?.[1];
    if (id) wanted.set(Number(id), /^\d{1,7}$/.test(str(v).trim()) ? Number(str(v).trim()) : null);
  }
  const user = c.var.user!;
  const r = await changeQuantities(c.var.db, {
    tenantId: c.var.tenant.id,
    timeZone: c.var.tenant.timeZone,
    orderId: o.id,
    dealerId: o.dealer_id,
    actor: { kind: user.kind === 'staff' ? 'staff' : 'user', userId: user.id },
    qty: wanted,
    brand: await loadBrand(c),
  });
  if (r.kind === 'ok') {
    if (r.notified?.length) await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, r.notified).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'));
    const message = r.approval === 'back_to_approval' ? m.qtyChangedApproval : r.creditReview ? m.qtyChangedCreditReview : r.approval === 'steps_reset' ? m.qtyChangedStepsReset : m.qtyChanged;
    await setFlash(c, { kind: r.approval === 'back_to_approval' || r.creditReview ? 'info' : 'success', message });
    return c.redirect(`/portal/orders/${o.id}`, 303);
  }
  const cm = cartMessages[c.var.locale];
  const money = moneyFormat(c);
  const errors =
    r.kind === 'not_editable'
      ? [m.notEditable]
      : r.kind === 'invoiced'
        ? [m.invoicedFrozen]
      : r.kind === 'credit_limit'
        ? [m.changeCreditLimit(money(r.limit, r.currency), money(r.exposure, r.currency), money(r.increase, r.currency))]
      : r.kind === 'pricing'
        ? [m.errPricing]
      : r.kind === 'short'
        ? r.short.map((s) => m.errStock(s.sku, s.available))
        : r.problems.map((p) => m.errQty(p.sku, rowErrorText(cm, p.code, p)));
  return showOrder(c, (await loadOrder(c))!, { qtyErrors: errors, status: r.kind === 'not_editable' || r.kind === 'invoiced' ? 409 : 422 });
});

/** Order again: the order's lines into the active cart, skipping what can no longer be ordered. */
orderPortalRoutes.post('/:id/reorder', async (c) => {
  const o = await loadOrder(c);
  if (!o) return c.notFound();
  if (!can(c, 'orders.place')) return c.text('Forbidden', 403);
  const m = orderPortalMessages[c.var.locale];
  const cm = cartMessages[c.var.locale];
  const lines = await c.var.db.selectFrom('order_lines').select(['product_id', 'qty']).where('order_id', '=', o.id).orderBy('line_no').execute();
  const products = await productsById(c.var.db, lines.map((l) => l.product_id));
  const good = lines.filter((l) => lineError(products.get(l.product_id), l.qty) === null);
  const cart = await activeCart(c.var.db, cartViewer(c)!, cm.defaultCartName);
  await addLines(c.var.db, cart.id, good.map((l) => ({ productId: l.product_id, qty: l.qty })));
  const skipped = lines.length - good.length;
  await setFlash(c, { kind: skipped ? 'info' : 'success', message: [m.reordered(good.length, cart.name), skipped ? m.reorderSkipped(skipped) : ''].filter(Boolean).join(' ') });
  return c.redirect(`/portal/carts/${cart.id}`, 303);
});
