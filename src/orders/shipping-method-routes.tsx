import { Hono, type Context } from 'hono';
import { ShippingMethodsPage, type MethodForm } from '../../views/orders/staff/shipping-methods.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { inTransaction } from '../catalog/tx.ts';
import { pricingSettings } from '../pricing/context.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { listMethods, minorToText, validateMethod, type MethodValues } from './shipping-methods.ts';
import { shippingMessages } from './staff-messages.ts';

/**
 * /staff/shipping-methods (ORD-4, staff side): orders.manage or settings.manage. List, add, edit,
 * delete (a method used by orders is deactivated instead). Errors next to fields (422, typed
 * values kept); every change audited.
 */
export const shippingMethodRoutes = new Hono<AppEnv>();
shippingMethodRoutes.use('*', requireStaff('orders.manage', 'settings.manage'));

type C = Context<AppEnv>;

async function show(c: C, form?: MethodForm, status: 200 | 422 = 200) {
  const m = shippingMessages[c.var.locale];
  const [methods, settings] = await Promise.all([listMethods(c.var.db), pricingSettings(c.var.db, c.var.tenant.id)]);
  const f: MethodForm = form ?? { id: null, values: { code: '', name: '', price: '', currency: settings.baseCurrency, free_from: '', vat_rate: String(settings.defaultVatRate), active: true, sort: '0' }, errors: {} };
  return c.html(page(c, m.title, <ShippingMethodsPage locale={c.var.locale} methods={methods} form={f} />, { nav: 'staff' }), status);
}

async function readValues(c: C): Promise<MethodValues> {
  const b = await c.req.parseBody();
  const s = (k: string, max: number) => String(b[k] ?? '').slice(0, max);
  return { code: s('code', 60).trim(), name: s('name', 200).trim(), price: s('price', 40), currency: s('currency', 10).trim().toUpperCase(), free_from: s('free_from', 40), vat_rate: s('vat_rate', 10), active: b.active === '1', sort: s('sort', 10) };
}

const isUnique = (err: unknown) => (err as { code?: string })?.code === '23505';

shippingMethodRoutes.get('/', (c) => show(c));

shippingMethodRoutes.get('/:id/edit', async (c) => {
  const id = idParam(c);
  const row = id ? await c.var.db.selectFrom('shipping_methods').selectAll().where('id', '=', id).executeTakeFirst() : null;
  if (!row) return c.notFound();
  const l = c.var.locale;
  return show(c, { id: row.id, values: { code: row.code, name: row.name, price: minorToText(row.price, l), currency: row.currency, free_from: row.free_from == null ? '' : minorToText(row.free_from, l), vat_rate: String(row.vat_rate), active: row.active, sort: String(row.sort) }, errors: {} });
});

async function save(c: C, id: number | null) {
  const m = shippingMessages[c.var.locale];
  if (id !== null) {
    const exists = await c.var.db.selectFrom('shipping_methods').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) return c.notFound();
  }
  const values = await readValues(c);
  const v = validateMethod(values, c.var.locale);
  if (!v.ok) return show(c, { id, values, errors: v.errors }, 422);
  const taken = await c.var.db.selectFrom('shipping_methods').select('id').where('code', '=', v.value.code).$if(id !== null, (q) => q.where('id', '<>', id!)).executeTakeFirst();
  if (taken) return show(c, { id, values, errors: { code: 'codeTaken' } }, 422);
  try {
    await inTransaction(c.var.db, async (trx) => {
      let rid = id;
      let previous: unknown = null;
      if (id === null) rid = (await trx.insertInto('shipping_methods').values(v.value).returning('id').executeTakeFirstOrThrow()).id;
      else {
        previous = await trx.selectFrom('shipping_methods').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        await trx.updateTable('shipping_methods').set(v.value).where('id', '=', id).execute();
      }
      await audit(c, { action: id === null ? 'shipping_method.created' : 'shipping_method.updated', targetType: 'shipping_method', targetId: rid!, details: { ...v.value, previous } }, trx);
    });
  } catch (err) {
    if (isUnique(err)) return show(c, { id, values, errors: { code: 'codeTaken' } }, 422);
    throw err;
  }
  await setFlash(c, { kind: 'success', message: m.saved(v.value.name) });
  return c.redirect('/staff/shipping-methods', 303);
}

shippingMethodRoutes.post('/', (c) => save(c, null));
shippingMethodRoutes.post('/:id', (c) => {
  const id = idParam(c);
  return id ? save(c, id) : c.notFound();
});

shippingMethodRoutes.post('/:id/delete', async (c) => {
  const m = shippingMessages[c.var.locale];
  const id = idParam(c);
  if (!id) return c.notFound();
  const out = await inTransaction(c.var.db, async (trx) => {
    const row = await trx.selectFrom('shipping_methods').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return null;
    const used = await trx.selectFrom('orders').select('id').where('shipping_method_id', '=', id).limit(1).executeTakeFirst();
    if (used) await trx.updateTable('shipping_methods').set({ active: false }).where('id', '=', id).execute();
    else await trx.deleteFrom('shipping_methods').where('id', '=', id).execute();
    await audit(c, { action: used ? 'shipping_method.deactivated' : 'shipping_method.deleted', targetType: 'shipping_method', targetId: id, details: { code: row.code, name: row.name } }, trx);
    return { row, used: Boolean(used) };
  });
  if (!out) return c.notFound();
  await setFlash(c, { kind: out.used ? 'info' : 'success', message: out.used ? m.inUse : m.deleted(out.row.name) });
  return c.redirect('/staff/shipping-methods', 303);
});
