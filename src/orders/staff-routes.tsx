import { Hono, type Context } from 'hono';
import type { OrderStatus } from '../db/types.ts';
import { ORDER_STATUSES } from '../db/types.ts';
import { DeskPage, DeskResults, OrderDetail, type DetailState } from '../../views/orders/staff/desk.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { staffCan } from '../auth/permissions.ts';
import { loadBrand } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { render } from '../web/render.ts';
import { DeskError, deskTransition, editLines, FLAGS, listOrders, loadOrder, markInvoiced, setFlag, statusCounts, type DeskFilters, type LineEdit, type OrderFlag } from './desk.ts';
import { DOCUMENT_KINDS, renderOrderDocument, type DocumentKind } from './documents.ts';
import { deskMessages, FLAG_LABELS, STATUS_LABELS } from './staff-messages.ts';
import { OrderStatusError } from './status.ts';
import { fmtMoney } from '../../views/finance/accounts.tsx';
import { loadFulfilment, shipmentRoutes } from '../shipping/routes.tsx';

/**
 * /staff/orders — the seller's order desk (ORD-6/ORD-7/ORD-9/ORD-11), orders.manage.
 * List with filters and per-status counts; order detail; actions through `deskTransition`
 * (changeStatus + dealer notifications) in one transaction each, audited; line edits before
 * confirmation; invoiced orders frozen; PDFs. A lost race (two staff confirming at once) gets a
 * 409 page saying what the order is now.
 */
export const orderDeskRoutes = new Hono<AppEnv>();
orderDeskRoutes.use('*', requireStaff('orders.manage'));

type C = Context<AppEnv>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function readFilters(c: C): { filters: DeskFilters; page: number } {
  const status = c.req.query('status');
  const dealer = Number(c.req.query('dealer'));
  const from = c.req.query('from') ?? '';
  const to = c.req.query('to') ?? '';
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const pageNo = Number(c.req.query('page'));
  return {
    filters: {
      status: (ORDER_STATUSES as readonly string[]).includes(status ?? '') ? (status as OrderStatus) : undefined,
      dealerId: Number.isSafeInteger(dealer) && dealer > 0 ? dealer : undefined,
      from: DAY.test(from) && !Number.isNaN(Date.parse(from)) ? from : undefined,
      to: DAY.test(to) && !Number.isNaN(Date.parse(to)) ? to : undefined,
      q: q || undefined,
    },
    page: Number.isSafeInteger(pageNo) && pageNo > 0 && pageNo < 100000 ? pageNo : 1,
  };
}

orderDeskRoutes.get('/', async (c) => {
  const m = deskMessages[c.var.locale];
  const { filters, page: pageNo } = readFilters(c);
  const tz = c.var.tenant.timeZone;
  const [counts, list, dealers] = await Promise.all([
    statusCounts(c.var.db, filters, tz),
    listOrders(c.var.db, filters, tz, pageNo),
    c.var.db.selectFrom('dealers').select(['id', 'company_name', 'code']).orderBy('company_name').limit(500).execute(),
  ]);
  const props = { locale: c.var.locale, tz, filters, counts, rows: list.rows, total: list.total, page: pageNo };
  return render(c, <DeskResults {...props} />, () => page(c, m.title, <DeskPage {...props} dealers={dealers} />, { nav: 'staff' }));
});

async function showOrder(c: C, id: number, state: DetailState = {}, status: 200 | 403 | 409 | 422 = 200) {
  const data = await loadOrder(c.var.db, id);
  if (!data) return c.notFound();
  const m = deskMessages[c.var.locale];
  const fulfilment = await loadFulfilment(c.var.db, id, c.var.user!);
  return c.html(
    page(c, m.orderTitle(data.order.number), <OrderDetail locale={c.var.locale} tz={c.var.tenant.timeZone} data={data} canFinance={staffCan(c.var.user!, 'finance.manage')} state={state} fulfilment={fulfilment} />, { nav: 'staff' }),
    status,
  );
}

// Shipments (ORD-6/ORD-7, SHP-2): the only way an order becomes partly shipped or shipped.
orderDeskRoutes.route('/:id/shipments', shipmentRoutes(showOrder));

orderDeskRoutes.get('/:id', (c) => {
  const id = idParam(c);
  return id ? showOrder(c, id) : c.notFound();
});

const actor = (c: C) => ({ kind: 'staff' as const, userId: c.var.user!.id });

async function nudge(c: C, ids: number[] | undefined) {
  if (!ids?.length) return;
  await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, ids).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'));
}

async function currentStatus(c: C, id: number): Promise<OrderStatus | null> {
  const r = await c.var.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirst();
  return r?.status ?? null;
}

/** Runs one status change; a refused transition (lost race) → 409 with the order as it is now. */
async function transition(c: C, id: number, to: OrderStatus, opts: { note?: string; cancelReason?: string; paymentReceived?: boolean; action: string }) {
  const m = deskMessages[c.var.locale];
  const brand = await loadBrand(c);
  let notified: number[] = [];
  try {
    await c.var.db.transaction().execute(async (trx) => {
      const dealer = await trx.selectFrom('orders').select(['dealer_id', 'total_gross']).where('id', '=', id).executeTakeFirst();
      const r = await deskTransition(trx, id, to, actor(c), brand, opts);
      notified = r.notified;
      await audit(c, { action: opts.action, dealerId: dealer?.dealer_id ?? null, targetType: 'order', targetId: id, details: { from: r.from, to, reason: opts.cancelReason ?? null, paid: opts.paymentReceived ? dealer?.total_gross : undefined } }, trx);
    });
  } catch (err) {
    if (err instanceof OrderStatusError) {
      if (err.code === 'not_found') return c.notFound();
      const now = (await currentStatus(c, id)) ?? err.from!;
      return showOrder(c, id, { error: m.lost(STATUS_LABELS[c.var.locale][now]) }, 409);
    }
    throw err;
  }
  await nudge(c, notified);
  await setFlash(c, { kind: 'success', message: m.done(STATUS_LABELS[c.var.locale][to]) });
  return c.redirect(`/staff/orders/${id}`, 303);
}

orderDeskRoutes.post('/:id/status', async (c) => {
  const m = deskMessages[c.var.locale];
  const id = idParam(c);
  if (!id) return c.notFound();
  const b = await c.req.parseBody();
  const to = String(b.to ?? '');
  if (to === 'cancelled') {
    const reason = String(b.reason ?? '')
      .trim()
      .slice(0, 500);
    if (!reason) {
      if (!(await currentStatus(c, id))) return c.notFound();
      return showOrder(c, id, { cancelError: m.err_reason, cancelReason: '' }, 422);
    }
    return transition(c, id, 'cancelled', { cancelReason: reason, note: reason, action: 'order.cancelled' });
  }
  if (to !== 'confirmed' && to !== 'preparing') return showOrder(c, id, { error: m.lost(to) }, 422);
  return transition(c, id, to, { action: `order.${to}` });
});

orderDeskRoutes.post('/:id/payment-received', async (c) => {
  const id = idParam(c);
  if (!id) return c.notFound();
  return transition(c, id, 'placed', { paymentReceived: true, note: 'payment received', action: 'order.payment_received' });
});

orderDeskRoutes.post('/:id/credit', async (c) => {
  const m = deskMessages[c.var.locale];
  const id = idParam(c);
  if (!id) return c.notFound();
  if (!staffCan(c.var.user!, 'finance.manage')) {
    if (!(await currentStatus(c, id))) return c.notFound();
    return showOrder(c, id, { error: m.err_finance }, 403);
  }
  const b = await c.req.parseBody();
  const decision = String(b.decision ?? '');
  const cur = await currentStatus(c, id);
  if (!cur) return c.notFound();
  if (cur !== 'credit_review') return showOrder(c, id, { error: m.lost(STATUS_LABELS[c.var.locale][cur]) }, 409);
  if (decision === 'approve') return transition(c, id, 'placed', { note: 'credit approved', action: 'order.credit_approved' });
  if (decision === 'reject') return transition(c, id, 'cancelled', { cancelReason: 'credit rejected', note: 'credit rejected', action: 'order.credit_rejected' });
  return showOrder(c, id, {}, 422);
});

orderDeskRoutes.post('/:id/flags', async (c) => {
  const m = deskMessages[c.var.locale];
  const id = idParam(c);
  if (!id) return c.notFound();
  const b = await c.req.parseBody();
  const flag = String(b.flag ?? '') as OrderFlag;
  if (!FLAGS.includes(flag)) return showOrder(c, id, {}, 422);
  const on = b.on === '1';
  const next = await c.var.db.transaction().execute(async (trx) => {
    const r = await setFlag(trx, id, flag, on);
    if (r) await audit(c, { action: 'order.flag', targetType: 'order', targetId: id, details: { flag, on, flags: r } }, trx);
    return r;
  });
  if (!next) return c.notFound();
  const label = FLAG_LABELS[c.var.locale][flag];
  await setFlash(c, { kind: 'success', message: on ? m.flagOn(label) : m.flagOff(label) });
  return c.redirect(`/staff/orders/${id}`, 303);
});

orderDeskRoutes.post('/:id/invoiced', async (c) => {
  const m = deskMessages[c.var.locale];
  const id = idParam(c);
  if (!id) return c.notFound();
  if (!staffCan(c.var.user!, 'finance.manage')) {
    if (!(await currentStatus(c, id))) return c.notFound();
    return showOrder(c, id, { error: m.err_financeInvoice }, 403);
  }
  try {
    await c.var.db.transaction().execute(async (trx) => {
      await markInvoiced(trx, id, actor(c));
      await audit(c, { action: 'order.invoiced', targetType: 'order', targetId: id }, trx);
    });
  } catch (err) {
    if (err instanceof DeskError) {
      if (err.code === 'not_found') return c.notFound();
      return showOrder(c, id, { error: err.code === 'already_invoiced' ? m.alreadyInvoiced : m.notEditable(STATUS_LABELS[c.var.locale][err.detail.status ?? 'cancelled']) }, 409);
    }
    throw err;
  }
  await setFlash(c, { kind: 'success', message: m.invoicedDone });
  return c.redirect(`/staff/orders/${id}`, 303);
});

orderDeskRoutes.post('/:id/lines', async (c) => {
  const m = deskMessages[c.var.locale];
  const id = idParam(c);
  if (!id) return c.notFound();
  const order = await c.var.db.selectFrom('orders').select(['id', 'dealer_id', 'invoiced_at', 'status']).where('id', '=', id).executeTakeFirst();
  if (!order) return c.notFound();
  const b = await c.req.parseBody();
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const edit: LineEdit = { qty: new Map(), remove: [], add: [] };
  const lines = await c.var.db.selectFrom('order_lines').select(['id', 'qty', 'sku']).where('order_id', '=', id).execute();
  let changed = false;
  for (const l of lines) {
    const raw = b[`qty_${l.id}`];
    if (raw === undefined) continue;
    const s = String(raw).trim().slice(0, 10);
    values[`qty_${l.id}`] = s;
    if (!/^\d{1,7}$/.test(s) || Number(s) > 1_000_000) {
      errors[`qty_${l.id}`] = m.err_qty;
      continue;
    }
    const q = Number(s);
    if (q !== l.qty) {
      changed = true;
      if (q === 0) edit.remove.push(l.id);
      else edit.qty.set(l.id, q);
    }
  }
  const sku = String(b.add_sku ?? '').trim().slice(0, 100);
  const addQtyRaw = String(b.add_qty ?? '').trim().slice(0, 10);
  values.add_sku = sku;
  values.add_qty = addQtyRaw;
  values.note = String(b.note ?? '').trim().slice(0, 500);
  edit.note = values.note;
  if (sku) {
    const p = await c.var.db.selectFrom('products').select(['id']).where('sku', '=', sku).where('active', '=', true).executeTakeFirst();
    if (!p) errors.add_sku = m.err_product;
    const q = /^\d{1,7}$/.test(addQtyRaw || '1') ? Number(addQtyRaw || '1') : NaN;
    if (!(q >= 1 && q <= 1_000_000)) errors.add_qty = m.err_qty;
    if (p && !errors.add_qty) {
      edit.add.push({ productId: p.id, qty: q });
      changed = true;
    }
  }
  if (order.invoiced_at) return showOrder(c, id, { error: m.frozen, editValues: values }, 409);
  if (Object.keys(errors).length) return showOrder(c, id, { editErrors: errors, editValues: values }, 422);
  if (!changed) {
    await setFlash(c, { kind: 'info', message: m.noChange });
    return c.redirect(`/staff/orders/${id}`, 303);
  }
  const brand = await loadBrand(c);
  let result;
  try {
    result = await c.var.db.transaction().execute(async (trx) => {
      const r = await editLines(trx, c.var.tenant.id, id, edit, actor(c), brand);
      await audit(c, { action: 'order.lines_edited', dealerId: order.dealer_id, targetType: 'order', targetId: id, details: { changes: r.changes, totalGross: r.totalGross, note: edit.note } }, trx);
      return r;
    });
  } catch (err) {
    if (err instanceof DeskError) {
      const sl = STATUS_LABELS[c.var.locale];
      const text =
        err.code === 'invoiced'
          ? m.frozen
          : err.code === 'not_editable'
            ? m.notEditable(sl[err.detail.status ?? order.status])
            : err.code === 'out_of_stock'
              ? m.err_out_of_stock(
                  (err.detail.short ?? [])
                    .map((s) => `#${s.productId}: ${s.wanted} / ${s.available}`)
                    .join(', '),
                )
              : err.code === 'credit_limit'
                ? m.err_credit(fmtMoney(c.var.locale, err.detail.exposure ?? 0, err.detail.currency ?? 'TRY'), fmtMoney(c.var.locale, err.detail.limit ?? 0, err.detail.currency ?? 'TRY'), fmtMoney(c.var.locale, err.detail.increase ?? 0, err.detail.currency ?? 'TRY'))
              : err.code === 'pricing'
                ? /^no (?:[A-Z]{3} )?exchange rate/.test(err.detail.message ?? '')
                  ? m.err_rate
                  : m.err_pricing(err.detail.message ?? '')
                : err.code === 'empty'
                  ? m.err_empty
                  : err.code === 'duplicate_product'
                    ? m.err_duplicate_product
                    : err.code === 'product'
                      ? m.err_product
                      : m.err_qty;
      if (err.code === 'duplicate_product' || err.code === 'product') errors.add_sku = text;
      else errors.form = text;
      const status = err.code === 'invoiced' || err.code === 'not_editable' ? 409 : 422;
      return showOrder(c, id, { editErrors: errors, editValues: values, error: status === 409 ? text : undefined }, status);
    }
    throw err;
  }
  await nudge(c, result.notified);
  const n = result.changes.length;
  // What the edit did to the order decides the flash (ORD-6/ORD-8/APR-1/FIN-2).
  const message =
    result.approval === 'back_to_approval'
      ? m.linesSavedApproval(n)
      : result.status === 'credit_review' && order.status !== 'credit_review'
        ? m.linesSavedCreditReview(n)
        : result.approval === 'steps_reset'
          ? m.linesSavedStepsReset(n)
          : m.linesSaved(n);
  await setFlash(c, { kind: 'success', message });
  return c.redirect(`/staff/orders/${id}`, 303);
});

orderDeskRoutes.get('/:id/documents/:file', async (c) => {
  const id = idParam(c);
  const file = c.req.param('file');
  const kind = file.endsWith('.pdf') ? (file.slice(0, -4) as DocumentKind) : null;
  if (!id || !kind || !DOCUMENT_KINDS.includes(kind)) return c.notFound();
  const pdf = await renderOrderDocument(c.var.db, id, kind, c.var.locale, { tenantId: c.var.tenant.id, sellerName: c.var.tenant.name, dataDir: c.var.deps.config.DATA_DIR, timeZone: c.var.tenant.timeZone });
  if (!pdf) return c.notFound();
  return c.body(new Uint8Array(pdf.bytes), 200, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${pdf.filename}"`,
    'cache-control': 'private, no-store',
  });
});
