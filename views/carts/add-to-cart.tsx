import type { Locale } from '../../src/i18n/define.ts';
import { cartMessages } from '../../src/carts/messages.ts';

/**
 * ORD-1 "add to cart" for catalog lists and the product page. Works without JS (POST, redirect
 * back); with htmx the answer replaces the form's status line and, out of band, the cart badge
 * (`<CartBadge>` with id cart-badge, wherever the layout shows it).
 */
export function AddToCart(p: { locale: Locale; productId: number; min?: number; step?: number; sku?: string; back?: string }) {
  const m = cartMessages[p.locale];
  const min = Math.max(1, p.min ?? 1);
  const step = Math.max(1, p.step ?? 1);
  const id = `atc-${p.productId}`;
  return (
    <form method="post" action="/portal/carts/active/lines" class="add-to-cart" hx-post="/portal/carts/active/lines" hx-target={`#${id}-status`} hx-swap="outerHTML">
      <input type="hidden" name="product_id" value={String(p.productId)} />
      {p.back ? <input type="hidden" name="back" value={p.back} /> : null}
      <label class="visually-hidden" for={`${id}-qty`}>
        {m.qty}
        {p.sku ? ` ${p.sku}` : ''}
      </label>
      <input id={`${id}-qty`} name="qty" type="number" inputmode="numeric" min={min} step={step} value={String(min)} class="qty-input" />
      <button type="submit" class="btn btn--primary btn--small">
        {m.addToCart}
      </button>
      <AddToCartStatus productId={p.productId} />
    </form>
  );
}

export function AddToCartStatus(p: { productId: number; ok?: string; error?: string }) {
  return (
    <span id={`atc-${p.productId}-status`} class={p.error ? 'add-to-cart__status field__error' : 'add-to-cart__status'} role="status">
      {p.error ?? p.ok ?? ''}
    </span>
  );
}

/** The cart link with its line count; `oob` for the out-of-band swap after an add. */
export function CartBadge(p: { locale: Locale; count: number; oob?: boolean; cartId?: number | null }) {
  const m = cartMessages[p.locale];
  // The active cart's own page when it is known (the top bar knows it), else the redirect to it.
  const href = p.cartId ? `/portal/carts/${p.cartId}` : p.cartId === null ? '/portal/carts' : '/portal/carts/active';
  return (
    <a id="cart-badge" href={href} class="cart-badge" hx-swap-oob={p.oob ? 'true' : undefined}>
      {m.badge(p.count)}
    </a>
  );
}
