import { Hono, type Context } from 'hono';
import { EntryEditRow, EntryRowView, ListDetailPage, SkuLookup, type AddState, type BulkState, type EntryEditState, type PasteState } from '../../views/pricing/list-detail.tsx';
import { LISTS } from '../../views/pricing/lists.tsx';
import { audit } from '../auth/audit.ts';
import { inTransaction } from '../catalog/tx.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { pricingSettings } from './context.ts';
import { listMessages } from './list-messages.ts';
import {
  addEntry,
  applyBulk,
  deleteEntry,
  ENTRIES_PAGE,
  entryValues,
  findEntry,
  findPriceList,
  findProductsBySku,
  hasRate,
  listEntries,
  parsePaste,
  parsePercent,
  touchList,
  updateEntry,
  upsertEntries,
  validateEntryValue,
  valuesOfEntry,
  type BulkAction,
  type EntryRow,
  type ListRow,
} from './lists.ts';
import { pricingDay } from './resolve.ts';

/**
 * /staff/price-lists/:id entries (PRC-1/PRC-3): the list's entries, 100 per page with a search;
 * htmx inline edit per row (Edit → inputs → Save swaps the row back; a 422 keeps the inputs and the
 * error beside the field); add by SKU with a live lookup, quantity tiers, delete; bulk "percent off
 * X" / "fixed prices ± X %" on the selected rows in one transaction; and an all-or-nothing paste
 * of "SKU;min qty;price or %" lines. Mounted by list-routes.tsx (prices.manage guard there).
 */
export const entryRoutes = new Hono<AppEnv>();

type C = Context<AppEnv>;

export const today = (c: C) => pricingDay(new Date(), c.var.tenant.timeZone);

export async function loadList(c: C, id: number | null): Promise<ListRow | undefined> {
  return id === null ? undefined : findPriceList(c.var.db, id, today(c));
}

const readOffset = (raw: unknown) => Math.min(Math.max(Number.parseInt(typeof raw === 'string' ? raw : '0', 10) || 0, 0), 10_000_000);

const blankAdd = (sku = ''): AddState => ({ values: { sku, min_qty: '1', mode: 'fixed', value: '' }, errors: {} });

export async function showList(
  c: C,
  list: ListRow,
  opts: { add?: AddState; paste?: PasteState; bulk?: BulkState; editing?: { id: number; state: EntryEditState }; status?: 200 | 422; q?: string; offset?: number },
) {
  const q = opts.q ?? (c.req.query('q') ?? '').trim().slice(0, 100);
  const offset = opts.offset ?? readOffset(c.req.query('offset'));
  const { rows, more } = await listEntries(c.var.db, list.id, { q, offset });
  const href = (off: number) => {
    const qs = new URLSearchParams();
    if (q) qs.set('q', q);
    if (off) qs.set('offset', String(off));
    const s = qs.toString();
    return `${LISTS}/${list.id}${s ? `?${s}` : ''}`;
  };
  const base = (await pricingSettings(c.var.db, c.var.tenant.id)).baseCurrency;
  const warning = (await hasRate(c.var.db, list.currency, base)) ? undefined : listMessages[c.var.locale].noRate(list.currency);
  let add = opts.add;
  if (!add) {
    const sku = (c.req.query('add_sku') ?? '').trim().slice(0, 100);
    add = blankAdd(sku);
    if (sku) {
      add.values.min_qty = '';
      add.product = (await findProductsBySku(c.var.db, [sku])).get(sku) ?? null;
    }
  }
  const props = {
    locale: c.var.locale,
    list,
    rows,
    q,
    offset,
    prevHref: offset > 0 ? href(Math.max(0, offset - ENTRIES_PAGE)) : null,
    nextHref: more ? href(offset + ENTRIES_PAGE) : null,
    bulk: opts.bulk ?? { action: 'set_percent', value: '' },
    editing: opts.editing,
    add,
    paste: opts.paste ?? { text: '', errors: [] },
    warning,
  };
  c.header('Vary', 'HX-Request', { append: true });
  return c.html(page(c, list.name, <ListDetailPage {...props} />, { nav: 'staff' }), opts.status ?? 200);
}

async function listAndEntry(c: C): Promise<{ list: ListRow; entry: EntryRow } | undefined> {
  const list = await loadList(c, idParam(c));
  const eid = idParam(c, 'eid');
  if (!list || eid === null) return undefined;
  const entry = await findEntry(c.var.db, list.id, eid);
  return entry ? { list, entry } : undefined;
}

entryRoutes.get('/:id{[0-9]+}/sku-lookup', async (c) => {
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  const sku = (c.req.query('sku') ?? '').trim().slice(0, 100);
  const product = sku ? ((await findProductsBySku(c.var.db, [sku])).get(sku) ?? null) : null;
  c.header('Vary', 'HX-Request', { append: true });
  return c.html(<SkuLookup locale={c.var.locale} sku={sku} product={product} />);
});

entryRoutes.post('/:id{[0-9]+}/entries', async (c) => {
  const m = listMessages[c.var.locale];
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  const values = entryValues(await c.req.parseBody());
  const product = values.sku ? (await findProductsBySku(c.var.db, [values.sku])).get(values.sku) : undefined;
  const v = validateEntryValue(values, list.currency, c.var.locale);
  const errors = v.ok ? {} : { ...v.errors };
  if (!product) Object.assign(errors, { sku: values.sku ? 'sku' : 'required' });
  if (!v.ok || !product) return showList(c, list, { add: { values, errors, product: product ?? null }, status: 422 });
  const res = await inTransaction(c.var.db, async (trx) => {
    const r = await addEntry(trx, list.id, product.id, v.value);
    if (r.ok) {
      await touchList(trx, list.id);
      await audit(c, { action: 'price_list_entry.created', targetType: 'price_list', targetId: list.id, details: { entryId: r.id, sku: product.sku, productId: product.id, ...v.value } }, trx);
    }
    return r;
  });
  if (!res.ok) return showList(c, list, { add: { values, errors: { min_qty: 'duplicate' }, product }, status: 422 });
  await setFlash(c, { kind: 'success', message: m.added(product.sku) });
  return c.redirect(`${LISTS}/${list.id}?q=${encodeURIComponent(product.sku)}#entry-${res.id}`, 303);
});

entryRoutes.get('/:id{[0-9]+}/entries/:eid{[0-9]+}', async (c) => {
  const le = await listAndEntry(c);
  if (!le) return renderError(c, 404);
  if (!wantsFragment(c)) return c.redirect(`${LISTS}/${le.list.id}`, 303);
  c.header('Vary', 'HX-Request', { append: true });
  return c.html(<EntryRowView locale={c.var.locale} list={le.list} e={le.entry} />);
});

entryRoutes.get('/:id{[0-9]+}/entries/:eid{[0-9]+}/edit', async (c) => {
  const le = await listAndEntry(c);
  if (!le) return renderError(c, 404);
  const state: EntryEditState = { values: valuesOfEntry(le.entry, le.list.currency, c.var.locale), errors: {} };
  if (wantsFragment(c)) {
    c.header('Vary', 'HX-Request', { append: true });
    return c.html(<EntryEditRow locale={c.var.locale} list={le.list} e={le.entry} state={state} />);
  }
  return showList(c, le.list, { q: le.entry.sku, offset: 0, editing: { id: le.entry.id, state } });
});

entryRoutes.post('/:id{[0-9]+}/entries/:eid{[0-9]+}', async (c) => {
  const m = listMessages[c.var.locale];
  const le = await listAndEntry(c);
  if (!le) return renderError(c, 404);
  const { list, entry } = le;
  const values = { ...entryValues(await c.req.parseBody()), sku: entry.sku };
  const v = validateEntryValue(values, list.currency, c.var.locale);
  let errors = v.ok ? {} : v.errors;
  if (v.ok) {
    const res = await inTransaction(c.var.db, async (trx) => {
      const r = await updateEntry(trx, list.id, entry, v.value);
      if (r.ok) {
        await touchList(trx, list.id);
        await audit(
          c,
          { action: 'price_list_entry.updated', targetType: 'price_list', targetId: list.id, details: { entryId: entry.id, sku: entry.sku, before: { min_qty: entry.min_qty, price: entry.price, percent_off: entry.percent_off }, after: v.value } },
          trx,
        );
      }
      return r;
    });
    if (!res.ok) errors = { min_qty: 'duplicate' };
  }
  const fragment = wantsFragment(c);
  if (Object.keys(errors).length) {
    const state: EntryEditState = { values, errors };
    if (fragment) {
      c.header('Vary', 'HX-Request', { append: true });
      return c.html(<EntryEditRow locale={c.var.locale} list={list} e={entry} state={state} />, 422);
    }
    return showList(c, list, { q: entry.sku, offset: 0, editing: { id: entry.id, state }, status: 422 });
  }
  if (fragment) {
    const fresh = (await findEntry(c.var.db, list.id, entry.id))!;
    c.header('Vary', 'HX-Request', { append: true });
    return c.html(<EntryRowView locale={c.var.locale} list={list} e={fresh} message={m.rowSaved} />);
  }
  await setFlash(c, { kind: 'success', message: m.rowSaved });
  return c.redirect(`${LISTS}/${list.id}?q=${encodeURIComponent(entry.sku)}`, 303);
});

entryRoutes.post('/:id{[0-9]+}/entries/:eid{[0-9]+}/delete', async (c) => {
  const m = listMessages[c.var.locale];
  const le = await listAndEntry(c);
  if (!le) return renderError(c, 404);
  const { list, entry } = le;
  await inTransaction(c.var.db, async (trx) => {
    if (await deleteEntry(trx, list.id, entry.id)) {
      await touchList(trx, list.id);
      await audit(c, { action: 'price_list_entry.deleted', targetType: 'price_list', targetId: list.id, details: { entryId: entry.id, sku: entry.sku, min_qty: entry.min_qty, price: entry.price, percent_off: entry.percent_off } }, trx);
    }
  });
  if (wantsFragment(c)) return c.body(null, 200);
  await setFlash(c, { kind: 'success', message: m.entryDeleted });
  return c.redirect(`${LISTS}/${list.id}`, 303);
});

entryRoutes.post('/:id{[0-9]+}/bulk', async (c) => {
  const m = listMessages[c.var.locale];
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  const body = await c.req.parseBody({ all: true });
  const str = (k: string) => {
    const x = body[k];
    return typeof x === 'string' ? x.trim().slice(0, 100) : '';
  };
  const rawIds = ([] as unknown[]).concat(body.ids ?? []);
  const ids = [...new Set(rawIds.filter((x): x is string => typeof x === 'string' && /^[0-9]{1,15}$/.test(x)).map(Number))].slice(0, 1000);
  const action = str('action');
  const bulk: BulkState = { action, value: str('bulk_value') };
  const q = str('q');
  const offset = readOffset(str('offset'));
  const fail = (error: string) => showList(c, list, { bulk: { ...bulk, error }, status: 422, q, offset });
  if (action !== 'set_percent' && action !== 'adjust_fixed') return fail(m.err_action);
  const pct = action === 'set_percent' ? parsePercent(bulk.value) : parsePercent(bulk.value, -100, 1000);
  if (!pct.ok) return fail(action === 'adjust_fixed' && pct.error === 'percentRange' ? m.err_adjustRange : (m[`err_${pct.error}`] as string));
  if (!ids.length) return fail(m.err_noSelection);
  const res = await inTransaction(c.var.db, async (trx) => {
    const r = await applyBulk(trx, list.id, action as BulkAction, pct.bp, pct.value, ids);
    await touchList(trx, list.id);
    await audit(c, { action: 'price_list.bulk_edited', targetType: 'price_list', targetId: list.id, details: { action, percent: pct.value, entryIds: ids, changed: r.changed, skipped: r.skipped } }, trx);
    return r;
  });
  await setFlash(c, { kind: 'success', message: m.bulkDone(res.changed, res.skipped) });
  const qs = new URLSearchParams();
  if (q) qs.set('q', q);
  if (offset) qs.set('offset', String(offset));
  const s = qs.toString();
  return c.redirect(`${LISTS}/${list.id}${s ? `?${s}` : ''}`, 303);
});

entryRoutes.post('/:id{[0-9]+}/paste', async (c) => {
  const m = listMessages[c.var.locale];
  const list = await loadList(c, idParam(c));
  if (!list) return renderError(c, 404);
  const body = await c.req.parseBody();
  const text = (typeof body.lines === 'string' ? body.lines : '').slice(0, 500_000);
  const parsed = await parsePaste(c.var.db, text, list.currency, c.var.locale);
  if (!parsed.ok) return showList(c, list, { paste: { text, errors: parsed.errors }, status: 422 });
  const res = await inTransaction(c.var.db, async (trx) => {
    const r = await upsertEntries(trx, list.id, parsed.lines);
    await touchList(trx, list.id);
    await audit(c, { action: 'price_list.pasted', targetType: 'price_list', targetId: list.id, details: { lines: parsed.lines.length, created: r.created, updated: r.updated } }, trx);
    return r;
  });
  await setFlash(c, { kind: 'success', message: m.pasteDone(res.created, res.updated) });
  return c.redirect(`${LISTS}/${list.id}`, 303);
});
