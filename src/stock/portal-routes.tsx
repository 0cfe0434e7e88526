import { Hono, type Context } from 'hono';
import { requireDealer } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { parseId } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { BackInStockButton, type BackInStockProps } from '../../views/stock/back-in-stock.tsx';
import { stockMessages } from './messages.ts';
import { findVisibleProduct, isSubscribed, subscribe, SubscriptionError, unsubscribe } from './subscriptions.ts';

/**
 * Dealer back-in-stock subscriptions at /portal/stock (CAT-7). Only the dealer user themselves
 * subscribes: staff acting for a dealer are refused (403), because the notice would go to a
 * person who did not ask for it; the dealer user can subscribe in their own session.
 */
export const stockPortalRoutes = new Hono<AppEnv>();
stockPortalRoutes.use('*', requireDealer());

const productPage = (id: number) => `/portal/catalog/products/${id}`;

async function respond(c: Context<AppEnv>, productId: number, props: Omit<BackInStockProps, 'productId' | 'locale'>, status: 200 | 403 | 409 = 200) {
  if (wantsFragment(c)) {
    c.header('Vary', 'HX-Request', { append: true });
    return c.html(<BackInStockButton productId={productId} locale={c.var.locale} {...props} />, status);
  }
  if (props.note) await setFlash(c, { kind: props.note.kind === 'error' ? 'error' : 'success', message: props.note.text });
  return c.redirect(productPage(productId), 303);
}

async function change(c: Context<AppEnv>, want: boolean) {
  const productId = parseId(c.req.param('productId'));
  if (!productId) return renderError(c, 404);
  const product = await findVisibleProduct(c.var.db, productId);
  if (!product) return renderError(c, 404);
  const t = stockMessages[c.var.locale];
  const user = c.var.user!;
  if (user.kind !== 'dealer') return respond(c, productId, { subscribed: false, actingStaff: true, note: { kind: 'error', text: t.backInStockStaff } }, 403);
  if (want) {
    try {
      await subscribe(c.var.db, productId, user.id);
    } catch (err) {
      if (!(err instanceof SubscriptionError)) throw err;
      if (err.code === 'not_found') return renderError(c, 404);
      return respond(c, productId, { subscribed: false, note: { kind: 'ok', text: t.backInStockInStock } }, 409);
    }
  } else {
    await unsubscribe(c.var.db, productId, user.id);
  }
  const subscribed = await isSubscribed(c.var.db, productId, user.id);
  // Subscribed: the button's own text says so; a note would repeat it. Unsubscribed: confirm it.
  const note = subscribed ? undefined : { kind: 'ok' as const, text: t.backInStockRemoved };
  if (!wantsFragment(c)) {
    await setFlash(c, { kind: 'success', message: subscribed ? t.backInStockDone : t.backInStockRemoved });
    return c.redirect(productPage(productId), 303);
  }
  return respond(c, productId, { subscribed, availability: product.availability, note });
}

stockPortalRoutes.post('/subscriptions/:productId', (c) => change(c, true));
stockPortalRoutes.post('/subscriptions/:productId/delete', (c) => change(c, false));
