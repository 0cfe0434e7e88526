import { Hono, type Context } from 'hono';
import { requireStaff } from '../auth/middleware.ts';
import { staffCan } from '../auth/permissions.ts';
import { categoryPath, listCategories } from '../catalog/categories.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { render, wantsFragment } from '../web/render.ts';
import { StockLevelsPage, StockResults, StockRowView, STOCK_PATH, type AdjustForm } from '../../views/stock/levels.tsx';
import { LevelsPanel, MinStockForm, StockProductPage, type StockProductProps } from '../../views/stock/product.tsx';
import { nudgeStockAlerts } from './jobs.ts';
import { findStockProduct, findStockRow, listMovements, listStockLevels, setMinStock, STOCK_FILTERS, type StockFilter, type StockProduct } from './levels.ts';
import { stockMessages } from './messages.ts';
import { pickRoutes } from './pick-routes.tsx';
import { replenishmentRoutes } from './replenishment-routes.tsx';
import { adjustStock, setStockLevels, StockError, MAX_STOCK } from './stock.ts';

/**
 * Warehouse at /staff/stock (STK-1…STK-4). Warehouse staff and catalog managers see and correct
 * levels and minimums (catalog managers already set stock through imports, so refusing them the
 * inline correction would protect nothing); pick/pack scanning is for warehouse staff only.
 */
export const stockStaffRoutes = new Hono<AppEnv>();
stockStaffRoutes.use('*', requireStaff('warehouse.manage', 'catalog.manage'));

const PAGE = 50;
const MOVEMENTS_PAGE = 50;

export const canPick = (c: Context<AppEnv>) => Boolean(c.var.user && staffCan(c.var.user, 'warehouse.manage'));

function levelsHref(q: string, categoryId: number | null, filter: StockFilter | null, after?: number): string {
  const sp = new URLSearchParams();
  if (q) sp.set('q', q);
  if (categoryId) sp.set('category', String(categoryId));
  if (filter) sp.set('state', filter);
  if (after) sp.set('after', String(after));
  const s = sp.toString();
  return s ? `${STOCK_PATH}?${s}` : STOCK_PATH;
}

stockStaffRoutes.get('/', async (c) => {
  const t = stockMessages[c.var.locale];
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const state = c.req.query('state') ?? '';
  const filter = (STOCK_FILTERS as readonly string[]).includes(state) ? (state as StockFilter) : null;
  const after = parseId(c.req.query('after'));
  const categories = await listCategories(c.var.db);
  let categoryId = parseId(c.req.query('category'));
  if (categoryId && !categories.some((cat) => cat.id === categoryId)) categoryId = null;
  const { rows, nextAfter } = await listStockLevels(c.var.db, c.var.tenant.schema, { q, categoryId, filter, after, limit: PAGE });
  const anyProducts = rows.length > 0 || Boolean(await c.var.db.selectFrom('products').select('id').limit(1).executeTakeFirst());
  const props = {
    locale: c.var.locale,
    q,
    categoryId,
    filter,
    categories: categories.map((cat) => ({ id: cat.id, label: categoryPath(categories, cat.id).map((x) => x.name).join(' › ') })).sort((a, b) => a.label.localeCompare(b.label, c.var.locale)),
    rows,
    firstHref: after ? levelsHref(q, categoryId, filter) : null,
    nextHref: nextAfter ? levelsHref(q, categoryId, filter, nextAfter) : null,
    canPick: canPick(c),
    anyProducts,
  };
  return render(c, <StockResults {...props} />, () => page(c, t.title, <StockLevelsPage {...props} />, { nav: 'staff' }));
});

function parseWhole(raw: string): number | null {
  const s = raw.trim().replace(/^\+/, '');
  if (!/^-?[0-9]{1,10}$/.test(s)) return null;
  const n = Number(s);
  return Math.abs(n) <= MAX_STOCK ? n : null;
}

/** Inline adjustment: a change with a reason, or a counted quantity (sets the level). */
stockStaffRoutes.post('/products/:id/adjust', async (c) => {
  const id = idParam(c);
  if (!id) return renderError(c, 404);
  const t = stockMessages[c.var.locale];
  const body = await c.req.parseBody();
  const form: AdjustForm = {
    mode: body.mode === 'count' ? 'count' : 'delta',
    qty: String(body.qty ?? '').slice(0, 20),
    reason: String(body.reason ?? '').trim().slice(0, 200),
  };
  const context = body.context === 'detail' ? 'detail' : 'row';
  const n = parseWhole(form.qty);
  const userId = c.var.user!.id;
  const current = await findStockRow(c.var.db, id);
  if (!current) return renderError(c, 404);
  const sku = current.sku;
  if (body.mode !== 'count' && body.mode !== 'delta') form.error = t.errMode;
  else if (form.mode === 'delta' && (n === null || n === 0)) form.error = t.errQty;
  else if (form.mode === 'count' && (n === null || n < 0)) form.error = t.errCount;
  else if (form.mode === 'delta' && !form.reason) form.error = t.errReason;
  if (!form.error) {
    try {
      if (form.mode === 'delta') {
        const ch = await adjustStock(c.var.db, id, n!, { source: 'manual', note: form.reason, userId });
        form.message = t.adjusted(sku, ch.before, ch.after);
      } else {
        const [ch] = await setStockLevels(c.var.db, [{ productId: id, qty: n! }], { source: 'count', note: form.reason, userId });
        form.message = ch ? t.adjusted(sku, ch.before, ch.after) : t.unchanged(sku);
      }
      await nudgeStockAlerts(c.var.deps.queues, c.var.tenant.id).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not nudge stock alerts; the periodic run will'));
    } catch (err) {
      if (!(err instanceof StockError)) throw err;
      if (err.code === 'not_found') return renderError(c, 404);
      if (err.code === 'negative') form.error = t.errNegative((await findStockRow(c.var.db, id))?.stock_qty ?? 0);
      else form.error = form.mode === 'delta' ? t.errQty : t.errCount;
    }
  }
  const product = await findStockProduct(c.var.db, id);
  if (!product) return renderError(c, 404);
  const status = form.error ? 422 : 200;
  if (wantsFragment(c)) {
    c.header('Vary', 'HX-Request', { append: true });
    // After a success the form is emptied for the next entry; after an error the input stays.
    const shown = form.error ? form : { mode: form.mode, qty: '', reason: '', message: form.message };
    if (context === 'detail') return c.html(<LevelsPanel locale={c.var.locale} timeZone={c.var.tenant.timeZone} product={product} form={shown} />, status);
    return c.html(<StockRowView t={t} row={product} form={shown} />, status);
  }
  // Without htmx a refused entry is shown again beside its field on the product page.
  if (form.error) return productPage(c, product, { adjust: form }, 422);
  await setFlash(c, { kind: 'success', message: form.message! });
  return c.redirect(context === 'detail' ? `${STOCK_PATH}/products/${id}` : safeBack(c), 303);
});

/** Back to the filtered list the form was on (same-origin referer only). */
function safeBack(c: Context<AppEnv>): string {
  const ref = c.req.header('referer');
  if (ref) {
    try {
      const u = new URL(ref);
      if (u.host === new URL(c.req.url).host && u.pathname === STOCK_PATH) return `${u.pathname}${u.search}`;
    } catch {
      // not a URL: fall through
    }
  }
  return STOCK_PATH;
}

/** The product's stock page; `forms` carries a refused entry (plain form post) back to its field. */
async function productPage(c: Context<AppEnv>, product: StockProduct, forms: Pick<StockProductProps, 'adjust' | 'minStock'> = {}, status: 200 | 422 = 200) {
  const before = forms.adjust || forms.minStock ? null : parseId(c.req.query('before'));
  const { rows, nextBefore } = await listMovements(c.var.db, product.id, { before, limit: MOVEMENTS_PAGE });
  const base = `${STOCK_PATH}/products/${product.id}`;
  return c.html(
    page(
      c,
      `${product.sku} — ${stockMessages[c.var.locale].product}`,
      <StockProductPage
        locale={c.var.locale}
        timeZone={c.var.tenant.timeZone}
        product={product}
        movements={rows}
        firstHref={before ? base : null}
        nextHref={nextBefore ? `${base}?before=${nextBefore}` : null}
        {...forms}
      />,
      { nav: 'staff' },
    ),
    status,
  );
}

stockStaffRoutes.get('/products/:id', async (c) => {
  const id = idParam(c);
  if (!id) return renderError(c, 404);
  const product = await findStockProduct(c.var.db, id);
  if (!product) return renderError(c, 404);
  return productPage(c, product);
});

stockStaffRoutes.post('/products/:id/min-stock', async (c) => {
  const id = idParam(c);
  if (!id) return renderError(c, 404);
  const t = stockMessages[c.var.locale];
  const body = await c.req.parseBody();
  const value = String(body.min_stock ?? '').trim().slice(0, 20);
  const n = parseWhole(value);
  let error: string | undefined;
  let message: string | undefined;
  if (n === null || n < 0) error = t.errMinStock;
  else {
    if (!(await setMinStock(c.var.db, id, n))) return renderError(c, 404);
    message = t.minStockSaved(n);
    await nudgeStockAlerts(c.var.deps.queues, c.var.tenant.id).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not nudge stock alerts; the periodic run will'));
  }
  const product = await findStockProduct(c.var.db, id);
  if (!product) return renderError(c, 404);
  if (wantsFragment(c)) {
    c.header('Vary', 'HX-Request', { append: true });
    return c.html(<MinStockForm t={t} productId={id} form={{ value, error, message }} />, error ? 422 : 200);
  }
  if (error) return productPage(c, product, { minStock: { value, error } }, 422);
  await setFlash(c, { kind: 'success', message: message! });
  return c.redirect(`${STOCK_PATH}/products/${id}`, 303);
});

stockStaffRoutes.route('/replenishment', replenishmentRoutes);
stockStaffRoutes.route('/pick', pickRoutes);
