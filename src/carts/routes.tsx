import { Hono, type Context } from 'hono';
import { requireDealer } from '../auth/middleware.ts';
import { portalDealer, portalPage } from '../dealers/portal-context.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { idParam, parseId } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { safeBack } from '../web/scope.ts';
import { AddToCartStatus, CartBadge } from '../../views/carts/add-to-cart.tsx';
import { CartBody, CartPage } from '../../views/carts/cart-page.tsx';
import { CartsListPage } from '../../views/carts/carts-list.tsx';
import {
  activeCart,
  activeCartId,
  addLines,
  cartItems,
  createCart,
  findCart,
  lineError,
  listCarts,
  parseQty,
  productsById,
  setActiveCart,
  setLineQty,
  touchCart,
  MAX_CART_LINES,
  type Cart,
  type CartViewer,
} from './carts.ts';
import { cartMessages } from './messages.ts';
import { quickRoutes } from './quick-routes.tsx';
import { cartBody, cartViewer, rowErrorText } from './view-model.ts';
import { dateFormat } from '../i18n/intl-cache.ts';

/**
 * `/portal/carts` (ORD-1/ORD-3): named carts and saved lists, the active cart, the cart page with
 * live line updates. Every id is looked up through findCart (dealer and visibility filter), so a
 * cart of another dealer or tenant is a 404. Users without orders.place cannot open carts.
 */
export const cartRoutes = new Hono<AppEnv>();
cartRoutes.use('*', requireDealer('orders.place'));
cartRoutes.route('/', quickRoutes);

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const cleanName = (v: unknown) => str(v).trim().replace(/\s+/g, ' ');

async function listPage(c: Context<AppEnv>, v: CartViewer, values = { name: '', kind: 'cart' }, errors: { name?: string } = {}, status: 200 | 422 = 200) {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = cartMessages[c.var.locale];
  const [rows, activeId] = await Promise.all([listCarts(c.var.db, v), activeCartId(c.var.db, v)]);
  return c.html(
    portalPage(
      c,
      m.cartsTitle,
      <CartsListPage
        locale={c.var.locale}
        timeZone={c.var.tenant.timeZone}
        activeId={activeId}
        rows={rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, shared: r.shared, ownerName: r.owner_name, isOwner: r.owner_id === v.userId, lines: r.lines, updatedAt: r.updated_at }))}
        values={values}
        errors={errors}
      />,
      dealer,
    ),
    status,
  );
}

cartRoutes.get('/', async (c) => listPage(c, cartViewer(c)!));

cartRoutes.post('/', async (c) => {
  const v = cartViewer(c)!;
  const m = cartMessages[c.var.locale];
  const form = await c.req.parseBody();
  const name = cleanName(form.name);
  const kind = str(form.kind) === 'list' ? 'list' : 'cart';
  if (!name || name.length > 100) return listPage(c, v, { name: str(form.name), kind }, { name: m.errName }, 422);
  const id = await createCart(c.var.db, v, { name, kind });
  await setFlash(c, { kind: 'success', message: m.created(name) });
  return c.redirect(`/portal/carts/${id}`, 303);
});

cartRoutes.get('/active', async (c) => {
  const cart = await activeCart(c.var.db, cartViewer(c)!, cartMessages[c.var.locale].defaultCartName);
  return c.redirect(`/portal/carts/${cart.id}`, 303);
});

cartRoutes.get('/go', async (c) => {
  const id = parseId(c.req.query('id'));
  return id ? c.redirect(`/portal/carts/${id}`, 303) : c.notFound();
});

/** The catalog's "add to cart" (AddToCart component): into the active cart. */
cartRoutes.post('/active/lines', async (c) => {
  const v = cartViewer(c)!;
  const m = cartMessages[c.var.locale];
  const form = await c.req.parseBody();
  const productId = parseId(str(form.product_id));
  const qty = parseQty(str(form.qty) || '1');
  const product = productId ? (await productsById(c.var.db, [productId])).get(productId) : undefined;
  const code = lineError(product, qty ?? NaN);
  const back = safeBack(str(form.back) || c.req.header('referer')?.replace(/^https?:\/\/[^/]+/, ''), '/portal/catalog');
  if (code || !product || qty === null) {
    const text = rowErrorText(m, code ?? 'bad_qty', product);
    if (wantsFragment(c)) return c.html(<AddToCartStatus productId={productId ?? 0} error={text} />, 422);
    await setFlash(c, { kind: 'error', message: text });
    return c.redirect(back, 303);
  }
  const cart = await activeCart(c.var.db, v, m.defaultCartName);
  if (cart.lines >= MAX_CART_LINES) {
    if (wantsFragment(c)) return c.html(<AddToCartStatus productId={product.id} error={m.err_too_many} />, 422);
    await setFlash(c, { kind: 'error', message: m.err_too_many });
    return c.redirect(back, 303);
  }
  const count = cart.lines + (await addLines(c.var.db, cart.id, [{ productId: product.id, qty }]));
  if (wantsFragment(c)) {
    return c.html(
      <>
        <AddToCartStatus productId={product.id} ok={m.addedOne(product.name)} />
        <CartBadge locale={c.var.locale} count={count} oob />
      </>,
    );
  }
  await setFlash(c, { kind: 'success', message: m.addedOne(product.name) });
  return c.redirect(back, 303);
});

async function loadCart(c: Context<AppEnv>): Promise<Cart | null> {
  const id = idParam(c);
  if (id === null) return null;
  return (await findCart(c.var.db, cartViewer(c)!, id)) ?? null;
}

async function showCart(c: Context<AppEnv>, cart: Cart, opts: { message?: string; lineErrors?: Map<number, string>; status?: 200 | 422 } = {}) {
  const v = cartViewer(c)!;
  const shipRaw = c.req.query('ship');
  const body = await cartBody(c, cart, { shippingMethodId: parseId(shipRaw), message: opts.message, lineErrors: opts.lineErrors });
  c.header('Vary', 'HX-Request', { append: true });
  if (wantsFragment(c)) return c.html(<CartBody {...body} />, opts.status ?? 200);
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = cartMessages[c.var.locale];
  const [all, activeId] = await Promise.all([listCarts(c.var.db, v), activeCartId(c.var.db, v)]);
  return c.html(
    portalPage(
      c,
      cart.kind === 'list' ? m.listTitle(cart.name) : m.cartTitle(cart.name),
      <CartPage
        {...body}
        cart={{ id: cart.id, name: cart.name, kind: cart.kind, shared: cart.shared, isOwner: cart.owner_id === v.userId, isActive: activeId === cart.id, ownerName: cart.owner_name }}
        others={all.filter((o) => o.id !== cart.id).map((o) => ({ id: o.id, name: o.kind === 'list' ? `${o.name} (${m.kindList})` : o.name }))}
      />,
      dealer,
    ),
    opts.status ?? 200,
  );
}

cartRoutes.get('/:id', async (c) => {
  const cart = await loadCart(c);
  return cart ? showCart(c, cart) : c.notFound();
});

cartRoutes.post('/:id/activate', async (c) => {
  const cart = await loadCart(c);
  if (!cart || cart.kind !== 'cart') return c.notFound();
  await setActiveCart(c.var.db, cartViewer(c)!, cart.id);
  await setFlash(c, { kind: 'success', message: cartMessages[c.var.locale].activated(cart.name) });
  return c.redirect(`/portal/carts/${cart.id}`, 303);
});

cartRoutes.post('/:id/rename', async (c) => {
  const cart = await loadCart(c);
  if (!cart) return c.notFound();
  const m = cartMessages[c.var.locale];
  const name = cleanName((await c.req.parseBody()).name);
  if (!name || name.length > 100) {
    await setFlash(c, { kind: 'error', message: m.errName });
    return c.redirect('/portal/carts', 303);
  }
  await c.var.db.updateTable('carts').set({ name, updated_at: new Date() }).where('id', '=', cart.id).where('dealer_id', '=', cart.dealer_id).execute();
  await setFlash(c, { kind: 'success', message: m.renamed });
  return c.redirect('/portal/carts', 303);
});

cartRoutes.post('/:id/share', async (c) => {
  const cart = await loadCart(c);
  if (!cart) return c.notFound();
  const v = cartViewer(c)!;
  const m = cartMessages[c.var.locale];
  if (cart.owner_id !== v.userId) {
    await setFlash(c, { kind: 'error', message: m.shareOnlyOwner });
    return c.redirect('/portal/carts', 303);
  }
  const shared = str((await c.req.parseBody()).shared) === '1';
  await c.var.db.updateTable('carts').set({ shared, updated_at: new Date() }).where('id', '=', cart.id).where('owner_id', '=', v.userId).execute();
  await setFlash(c, { kind: 'success', message: shared ? m.sharedNow : m.unsharedNow });
  return c.redirect('/portal/carts', 303);
});

cartRoutes.post('/:id/delete', async (c) => {
  const cart = await loadCart(c);
  if (!cart) return c.notFound();
  const v = cartViewer(c)!;
  const m = cartMessages[c.var.locale];
  if (cart.owner_id !== v.userId) {
    await setFlash(c, { kind: 'error', message: m.deleteOnlyOwner });
    return c.redirect('/portal/carts', 303);
  }
  await c.var.db.deleteFrom('carts').where('id', '=', cart.id).where('owner_id', '=', v.userId).execute();
  await setFlash(c, { kind: 'success', message: m.deleted(cart.name) });
  return c.redirect('/portal/carts', 303);
});

/** A saved list (or any cart) copied into the active cart; lines that can no longer be ordered are skipped. */
cartRoutes.post('/:id/copy', async (c) => {
  const cart = await loadCart(c);
  if (!cart) return c.notFound();
  const v = cartViewer(c)!;
  const m = cartMessages[c.var.locale];
  const items = await cartItems(c.var.db, cart.id);
  const products = await productsById(c.var.db, items.map((i) => i.productId));
  const good = items.filter((i) => products.get(i.productId)?.orderable);
  const target = await activeCart(c.var.db, v, m.defaultCartName);
  if (target.id === cart.id) return c.redirect(`/portal/carts/${cart.id}`, 303);
  await addLines(c.var.db, target.id, good);
  const skipped = items.length - good.length;
  await setFlash(c, { kind: skipped ? 'info' : 'success', message: [m.copied(good.length, target.name), skipped ? m.copySkipped(skipped) : ''].join(' ').trim() });
  return c.redirect(`/portal/carts/${target.id}`, 303);
});

cartRoutes.post('/:id/save-list', async (c) => {
  const cart = await loadCart(c);
  if (!cart) return c.notFound();
  const v = cartViewer(c)!;
  const m = cartMessages[c.var.locale];
  const name = `${cart.name} (${dateFormat(c.var.locale === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'short', timeZone: c.var.tenant.timeZone }).format(new Date())})`.slice(0, 100);
  const id = await createCart(c.var.db, v, { name, kind: 'list' });
  await addLines(c.var.db, id, await cartItems(c.var.db, cart.id));
  await setFlash(c, { kind: 'success', message: m.savedAsList(name) });
  return c.redirect(`/portal/carts/${id}`, 303);
});

cartRoutes.post('/:id/lines/:productId', async (c) => {
  const cart = await loadCart(c);
  const productId = idParam(c, 'productId');
  if (!cart || productId === null) return c.notFound();
  const m = cartMessages[c.var.locale];
  const items = await cartItems(c.var.db, cart.id);
  if (!items.some((i) => i.productId === productId)) return c.notFound();
  const raw = str((await c.req.parseBody()).qty);
  const qty = parseQty(raw);
  if (qty === 0) {
    await setLineQty(c.var.db, cart.id, productId, 0);
    return afterLineChange(c, cart, m.lineRemoved);
  }
  const product = (await productsById(c.var.db, [productId])).get(productId);
  const code = lineError(product, qty ?? NaN);
  if (code) {
    const text = rowErrorText(m, code, product);
    if (!wantsFragment(c)) {
      await setFlash(c, { kind: 'error', message: `${product?.sku ?? ''}: ${text}` });
      return c.redirect(`/portal/carts/${cart.id}`, 303);
    }
    return showCart(c, cart, { lineErrors: new Map([[productId, text]]), status: 422 });
  }
  await setLineQty(c.var.db, cart.id, productId, qty!);
  return afterLineChange(c, cart, m.lineUpdated);
});

cartRoutes.post('/:id/lines/:productId/delete', async (c) => {
  const cart = await loadCart(c);
  const productId = idParam(c, 'productId');
  if (!cart || productId === null) return c.notFound();
  await setLineQty(c.var.db, cart.id, productId, 0);
  await touchCart(c.var.db, cart.id);
  return afterLineChange(c, cart, cartMessages[c.var.locale].lineRemoved);
});

async function afterLineChange(c: Context<AppEnv>, cart: Cart, message: string) {
  if (wantsFragment(c)) return showCart(c, cart, { message });
  await setFlash(c, { kind: 'success', message });
  return c.redirect(`/portal/carts/${cart.id}`, 303);
}
