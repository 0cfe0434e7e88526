import { Hono, type Context } from 'hono';
import { ListDeleteConfirm, ListFormPage, ListIndexPage, ListResults, LISTS, type ListFormState } from '../../views/pricing/lists.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { inTransaction } from '../catalog/tx.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { render } from '../web/render.ts';
import { pricingSettings } from './context.ts';
import { entryRoutes, loadList, showList, today } from './entry-routes.tsx';
import { listMessages } from './list-messages.ts';
import {
  createPriceList,
  duplicatePriceList,
  hasRate,
  listCurrencies,
  listPriceLists,
  LIST_STATUSES,
  listValues,
  updatePriceList,
  validateList,
  valuesOfList,
  type ListFilter,
  type ListStatus,
} from './lists.ts';
import { listSegments } from './segments.ts';

/**
 * /staff/price-lists (PRC-1/PRC-2): the seller's price lists — filterable table with a status badge,
 * create/edit form (errors next to fields, values kept), delete after a confirmation page, duplicate
 * with entries. Entries (inline/bulk edit, paste) live in entry-routes.tsx. prices.manage only;
 * every change is audited.
 */
export const priceListRoutes = new Hono<AppEnv>();
priceListRoutes.use('*', requireStaff('prices.manage'));

type C = Context<AppEnv>;

function readFilter(c: C): ListFilter & { q: string } {
  const kind = c.req.query('kind');
  const status = c.req.query('status') ?? '';
  const currency = (c.req.query('currency') ?? '').trim().toUpperCase();
  return {
    q: (c.req.query('q') ?? '').trim().slice(0, 100),
    kind: kind === 'segment' || kind === 'dealer' ? kind : null,
    segmentId: parseId(c.req.query('segment')),
    currency: /^[A-Z]{3}$/.test(currency) ? currency : null,
    status: (LIST_STATUSES as readonly string[]).includes(status) ? (status as ListStatus) : null,
  };
}

priceListRoutes.get('/', async (c) => {
  const m = listMessages[c.var.locale];
  const filter = readFilter(c);
  const offset = Math.min(Math.max(Number.parseInt(c.req.query('offset') ?? '0', 10) || 0, 0), 1_000_000);
  const [{ rows, more }, segments, currencies, anyList] = await Promise.all([
    listPriceLists(c.var.db, today(c), filter, offset),
    listSegments(c.var.db),
    listCurrencies(c.var.db),
    c.var.db.selectFrom('price_lists').select('id').limit(1).executeTakeFirst(),
  ]);
  const href = (off: number) => {
    const qs = new URLSearchParams();
    if (filter.q) qs.set('q', filter.q);
    if (filter.kind) qs.set('kind', filter.kind);
    if (filter.segmentId) qs.set('segment', String(filter.segmentId));
    if (filter.currency) qs.set('currency', filter.currency);
    if (filter.status) qs.set('status', filter.status);
    if (off) qs.set('offset', String(off));
    const s = qs.toString();
    return s ? `${LISTS}?${s}` : LISTS;
  };
  const props = {
    locale: c.var.locale,
    rows,
    filter,
    segments: segments.map((s) => ({ id: s.id, name: s.name })),
    currencies,
    prevHref: offset > 0 ? href(Math.max(0, offset - 100)) : null,
    nextHref: more ? href(offset + 100) : null,
    anyLists: Boolean(anyList),
  };
  return render(c, <ListResults {...props} />, () => page(c, m.title, <ListIndexPage {...props} />, { nav: 'staff' }));
});

async function showForm(c: C, form: ListFormState, id?: number, status: 200 | 422 = 200) {
  const m = listMessages[c.var.locale];
  const segments = (await listSegments(c.var.db)).map((s) => ({ id: s.id, name: s.name }));
  return c.html(page(c, id ? m.formEdit : m.formNew, <ListFormPage locale={c.var.locale} id={id} form={form} segments={segments} />, { nav: 'staff' }), status);
}

priceListRoutes.get('/new', async (c) => {
  const base = (await pricingSettings(c.var.db, c.var.tenant.id)).baseCurrency;
  const seg = parseId(c.req.query('segment'));
  return showForm(c, {
    values: { name: '', kind: 'segment', segment_id: seg ? String(seg) : '', dealer_code: '', currency: base, valid_from: today(c), valid_to: '', priority: '0', active: true, note: '' },
    errors: {},
  });
});

async function rateWarning(c: C, currency: string): Promise<void> {
  const base = (await pricingSettings(c.var.db, c.var.tenant.id)).baseCurrency;
  if (!(await hasRate(c.var.db, currency, base))) await setFlash(c, { kind: 'info', message: listMessages[c.var.locale].noRate(currency) });
}

priceListRoutes.post('/', async (c) => {
  const m = listMessages[c.var.locale];
  const values = listValues(await c.req.parseBody());
  const v = await validateList(c.var.db, values);
  if (!v.ok) return showForm(c, { values, errors: v.errors }, undefined, 422);
  const id = await inTransaction(c.var.db, async (trx) => {
    const newId = await createPriceList(trx, v.value);
    await audit(c, { action: 'price_list.created', targetType: 'price_list', targetId: newId, details: { ...v.value } }, trx);
    return newId;
  });
  await setFlash(c, { kind: 'success', message: m.created(v.value.name) });
  await rateWarning(c, v.value.currency);
  return c.redirect(`${LISTS}/${id}`, 303);
});

priceListRoutes.get('/:id{[0-9]+}', async (c) => {
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  return showList(c, list, {});
});

priceListRoutes.get('/:id{[0-9]+}/edit', async (c) => {
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  return showForm(c, { values: valuesOfList(list), errors: {} }, list.id);
});

priceListRoutes.post('/:id{[0-9]+}', async (c) => {
  const m = listMessages[c.var.locale];
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  const values = listValues(await c.req.parseBody());
  const v = await validateList(c.var.db, values);
  if (!v.ok) return showForm(c, { values, errors: v.errors }, list.id, 422);
  await inTransaction(c.var.db, async (trx) => {
    await updatePriceList(trx, list.id, v.value);
    const before = valuesOfList(list);
    await audit(c, { action: 'price_list.updated', targetType: 'price_list', targetId: list.id, details: { before, after: v.value } }, trx);
  });
  await setFlash(c, { kind: 'success', message: m.saved });
  if (v.value.currency !== list.currency) await rateWarning(c, v.value.currency);
  return c.redirect(`${LISTS}/${list.id}`, 303);
});

priceListRoutes.get('/:id{[0-9]+}/delete', async (c) => {
  const m = listMessages[c.var.locale];
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  return c.html(page(c, m.deleteTitle(list.name), <ListDeleteConfirm locale={c.var.locale} list={list} />, { nav: 'staff' }));
});

priceListRoutes.post('/:id{[0-9]+}/delete', async (c) => {
  const m = listMessages[c.var.locale];
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  await inTransaction(c.var.db, async (trx) => {
    await trx.deleteFrom('price_lists').where('id', '=', list.id).execute();
    await audit(c, { action: 'price_list.deleted', targetType: 'price_list', targetId: list.id, details: { ...valuesOfList(list), entries: list.entry_count } }, trx);
  });
  await setFlash(c, { kind: 'success', message: m.deleted(list.name) });
  return c.redirect(LISTS, 303);
});

priceListRoutes.post('/:id{[0-9]+}/duplicate', async (c) => {
  const m = listMessages[c.var.locale];
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  const name = m.copyName(list.name).slice(0, 120);
  const copy = await inTransaction(c.var.db, async (trx) => {
    const r = await duplicatePriceList(trx, list.id, name);
    await audit(c, { action: 'price_list.duplicated', targetType: 'price_list', targetId: r.id, details: { from: list.id, entries: r.entries } }, trx);
    return r;
  });
  await setFlash(c, { kind: 'success', message: m.duplicated(name, copy.entries) });
  return c.redirect(`${LISTS}/${copy.id}/edit`, 303);
});

priceListRoutes.route('/', entryRoutes);
