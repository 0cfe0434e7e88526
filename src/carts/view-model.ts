import type { Context } from 'hono';
import { currentDealerId } from '../auth/middleware.ts';
import { dealerCan } from '../auth/permissions.ts';
import { moneyFormat } from '../catalog/money.ts';
import { dealerPricing, type DealerPricing } from '../pricing/context.ts';
import { discountLabel } from '../pricing/display.ts';
import { PricingError } from '../pricing/resolve.ts';
import type { AppEnv } from '../web/env.ts';
import type { CartBodyProps, CartFiguresView, CartLineView } from '../../views/carts/cart-page.tsx';
import { cartFigures, cartItems, lineError, productsById, stockWarning, type CartFigures, type CartViewer, type PriceOpts } from './carts.ts';
import { cartMessages, type CartMessages } from './messages.ts';

/** Who is looking at carts: the dealer user, or staff acting for the dealer (who may order for it). */
export function cartViewer(c: Context<AppEnv>): CartViewer | null {
  const user = c.var.user;
  const dealerId = currentDealerId(c);
  if (!user || dealerId === null) return null;
  return { dealerId, userId: user.id, canPlace: user.kind === 'staff' || dealerCan(user, 'orders.place') };
}

export async function requestPricingCtx(c: Context<AppEnv>, dealerId: number): Promise<DealerPricing | null> {
  return dealerPricing(c.var.db, { tenantId: c.var.tenant.id, dealerId, timeZone: c.var.tenant.timeZone });
}

export function rowErrorText(m: CartMessages, code: string, p?: { min_order_qty: number; order_multiple: number }): string {
  switch (code) {
    case 'unknown_sku':
      return m.err_unknown_sku;
    case 'not_orderable':
      return m.err_not_orderable;
    case 'below_minimum':
      return m.err_below_minimum(p?.min_order_qty ?? 1);
    case 'not_multiple':
      return m.err_not_multiple(p?.order_multiple ?? 1);
    default:
      return m.err_bad_qty;
  }
}

export function figuresView(f: CartFigures): CartFiguresView {
  return {
    currency: f.currency,
    totals: f.totals,
    shipping: f.shipping && f.shipping.net !== null ? { id: f.shipping.id, name: f.shipping.name, net: f.shipping.net } : null,
    options: f.options.map((o) => ({ id: o.id, name: o.name, net: o.net })),
    freeShippingGap: f.freeShippingGap,
    hasShippingFree: f.shipping?.freeFrom != null,
  };
}

/**
 * The cart's lines with prices, hints and warnings. Lines that can no longer be ordered stay
 * visible (with the reason) but are not priced; a missing exchange rate leaves the lines unpriced
 * with a notice instead of failing the page.
 */
export async function cartBody(
  c: Context<AppEnv>,
  cart: { id: number; kind: 'cart' | 'list' },
  opts: PriceOpts & { shippingMethodId?: number | null; message?: string; lineErrors?: Map<number, string>; canCheckout?: boolean } = {},
): Promise<CartBodyProps & { figures: CartFiguresView | null; raw: CartFigures | null }> {
  const locale = c.var.locale;
  const m = cartMessages[locale];
  const money = moneyFormat(c);
  const items = await cartItems(c.var.db, cart.id);
  const products = await productsById(c.var.db, items.map((i) => i.productId));
  const priceable = items.filter((i) => {
    const p = products.get(i.productId);
    return p && p.orderable;
  });
  let figures: CartFigures | null = null;
  let priceError: string | undefined;
  const ctx = await requestPricingCtx(c, cartViewer(c)!.dealerId);
  if (ctx) {
    try {
      figures = await cartFigures(c.var.db, ctx, priceable, { ...opts, hints: true });
    } catch (err) {
      if (!(err instanceof PricingError)) throw err;
      priceError = m.priceOnRequest;
    }
  }
  const priced = new Map((figures?.lines ?? []).map((l) => [l.productId, l]));
  const lines: CartLineView[] = items.map((i) => {
    const p = products.get(i.productId);
    const r = priced.get(i.productId);
    const err = opts.lineErrors?.get(i.productId);
    const code = p && p.orderable ? lineError(p, i.qty) : null;
    return {
      productId: i.productId,
      sku: p?.sku ?? '?',
      name: p?.name ?? '?',
      variant: p?.variant ?? '',
      unit: p?.unit ?? '',
      qty: i.qty,
      min: p?.min_order_qty ?? 1,
      step: p?.order_multiple ?? 1,
      orderable: Boolean(p?.orderable),
      price: r
        ? {
            unitNet: r.unitNet,
            listUnitNet: r.listUnitNet,
            lineNet: r.lineNet,
            lineGross: r.lineGross,
            vatRate: r.vatRate,
            campaign: r.breakdown.campaign?.name,
            discount: discountLabel(r.listUnitNet, r.unitNet, locale),
          }
        : undefined,
      tier: figures?.tierHints.get(i.productId),
      warning: stockWarning(p, i.qty) ?? undefined,
      error: err ?? (code ? rowErrorText(m, code, p) : undefined),
    };
  });
  return {
    locale,
    money,
    cartId: cart.id,
    kind: cart.kind,
    lines,
    figures: figures ? figuresView(figures) : null,
    raw: figures,
    priceError,
    message: opts.message,
    canCheckout: opts.canCheckout ?? true,
  };
}
