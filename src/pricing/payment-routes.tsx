import { Hono, type Context } from 'hono';
import { methodLabel, PaymentPage, PaymentPanel, type PaymentFormState, type PaymentPanelProps } from '../../views/pricing/payment.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { inTransaction } from '../catalog/tx.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { createAdjustment, effectiveRows, findAdjustment, listAdjustments, parsePaymentPercent, priceListOptions, validateAdjustment, type PriceListOption } from './payment.ts';
import { paymentMessages } from './payment-messages.ts';

/**
 * /staff/payment-methods (PRC-4): staff with prices.manage keep the default payment adjustments
 * (price_list_id null) and per-list overrides (`?list=<id>`). Rows are added, edited and deleted
 * inline: htmx posts swap the panel (#payment-panel), plain posts redirect back (Post/Redirect/Get);
 * a refused input comes back with 422 beside its field. Every change is audited.
 */
export const paymentMethodRoutes = new Hono<AppEnv>();
paymentMethodRoutes.use('*', requireStaff('prices.manage'));

type C = Context<AppEnv>;
const BASE = '/staff/payment-methods';

/** The list named by `raw` ('' = defaults); undefined when it names no list of this seller. */
function pickList(lists: PriceListOption[], raw: string | undefined): PriceListOption | null | undefined {
  if (!raw) return null;
  const id = parseId(raw);
  return id === null ? undefined : lists.find((l) => l.id === id);
}

async function show(c: C, listRaw: string | undefined, extra: { state?: PaymentFormState; notice?: string } = {}, status: 200 | 422 = 200) {
  const m = paymentMessages[c.var.locale];
  const lists = await priceListOptions(c.var.db);
  const list = pickList(lists, listRaw);
  if (list === undefined) return c.notFound();
  const [defaults, own] = await Promise.all([listAdjustments(c.var.db, null), list ? listAdjustments(c.var.db, list.id) : Promise.resolve([])]);
  const props: PaymentPanelProps = { locale: c.var.locale, list, rows: list ? effectiveRows(defaults, own) : effectiveRows(defaults, []), ...extra };
  c.header('Vary', 'HX-Request', { append: true });
  if (wantsFragment(c)) return c.html(<PaymentPanel {...props} />, status);
  return c.html(page(c, m.title, <PaymentPage {...props} lists={lists} />, { nav: 'staff' }), status);
}

paymentMethodRoutes.get('/', (c) => show(c, c.req.query('list')));

const back = (listId: number | null) => (listId === null ? BASE : `${BASE}?list=${listId}`);

/** After a change: htmx gets the refreshed panel with a notice, a plain form a redirect and a flash. */
async function done(c: C, listId: number | null, message: string) {
  if (wantsFragment(c)) return show(c, listId === null ? '' : String(listId), { notice: message });
  await setFlash(c, { kind: 'success', message });
  return c.redirect(back(listId), 303);
}

const str = (v: unknown, max: number) => (typeof v === 'string' ? v : '').slice(0, max);

paymentMethodRoutes.post('/rows', async (c) => {
  const m = paymentMessages[c.var.locale];
  const body = await c.req.parseBody();
  const listRaw = str(body.list, 20);
  const lists = await priceListOptions(c.var.db);
  const list = pickList(lists, listRaw);
  if (list === undefined) return c.notFound();
  const listId = list ? list.id : null;
  const source = str(body.source, 60);
  const target = source.startsWith('inherit-') ? source : 'new';
  const values = { method: str(body.method, 20), installments: str(body.installments, 10).trim(), percent: str(body.percent, 20).trim() };
  const v = validateAdjustment(values, c.var.locale);
  if (!v.ok) return show(c, listRaw, { state: { target, values, errors: v.errors } }, 422);
  const row = await inTransaction(c.var.db, async (trx) => {
    const r = await createAdjustment(trx, listId, v.value);
    if (r) await audit(c, { action: 'payment_adjustment.created', targetType: 'payment_adjustment', targetId: r.id, details: { priceListId: listId, method: r.method, installments: r.installments, percent: r.percent } }, trx);
    return r;
  });
  if (!row) {
    const msg = m.errDuplicate(methodLabel(m, v.value.method, v.value.installments));
    return show(c, listRaw, { state: { target, values, errors: target === 'new' ? { method: msg } : { form: msg } } }, 422);
  }
  return done(c, listId, m.added);
});

paymentMethodRoutes.post('/rows/:id{[0-9]+}', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const m = paymentMessages[c.var.locale];
  const before = await findAdjustment(c.var.db, id);
  if (!before) return c.notFound();
  const body = await c.req.parseBody();
  const listRaw = before.price_list_id === null ? '' : String(before.price_list_id);
  const percentRaw = str(body.percent, 20).trim();
  const p = parsePaymentPercent(percentRaw, c.var.locale);
  if (!p.ok) {
    const values = { method: before.method, installments: before.installments == null ? '' : String(before.installments), percent: percentRaw };
    return show(c, listRaw, { state: { target: `row-${id}`, values, errors: { percent: p.error } } }, 422);
  }
  const updated = await inTransaction(c.var.db, async (trx) => {
    const r = await trx.updateTable('payment_adjustments').set({ percent: p.value }).where('id', '=', id).returning(['id']).executeTakeFirst();
    if (r) {
      await audit(
        c,
        { action: 'payment_adjustment.updated', targetType: 'payment_adjustment', targetId: id, details: { priceListId: before.price_list_id, method: before.method, installments: before.installments, from: before.percent, to: p.value } },
        trx,
      );
    }
    return r;
  });
  if (!updated) return c.notFound();
  return done(c, before.price_list_id, m.saved);
});

paymentMethodRoutes.post('/rows/:id{[0-9]+}/delete', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const m = paymentMessages[c.var.locale];
  const gone = await inTransaction(c.var.db, async (trx) => {
    const r = await trx.deleteFrom('payment_adjustments').where('id', '=', id).returning(['id', 'price_list_id', 'method', 'installments', 'percent']).executeTakeFirst();
    if (r) {
      await audit(c, { action: 'payment_adjustment.deleted', targetType: 'payment_adjustment', targetId: id, details: { priceListId: r.price_list_id, method: r.method, installments: r.installments, percent: r.percent } }, trx);
    }
    return r;
  });
  if (!gone) return c.notFound();
  return done(c, gone.price_list_id, m.deleted);
});
