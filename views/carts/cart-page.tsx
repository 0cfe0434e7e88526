import type { Locale } from '../../src/i18n/define.ts';
import { cartMessages } from '../../src/carts/messages.ts';
import type { OrderTotals } from '../../src/orders/submit.ts';
import { LinkButton, PostForm } from '../components/button.tsx';
import { EmptyState } from '../components/table.tsx';

export type Money = (minor: number, currency: string) => string;

export interface CartLineView {
  productId: number;
  sku: string;
  name: string;
  variant: string;
  unit: string;
  qty: number;
  min: number;
  step: number;
  orderable: boolean;
  /** Absent when the line could not be priced (not orderable, rate missing). */
  price?: { unitNet: number; listUnitNet: number; lineNet: number; lineGross: number; vatRate: number; campaign?: string; discount?: string | null };
  tier?: { qty: number; percent: number };
  warning?: { kind: 'backorder' | 'block'; available: number };
  error?: string;
}

export interface CartFiguresView {
  currency: string;
  totals: OrderTotals;
  shipping: { id: number; name: string; net: number } | null;
  options: Array<{ id: number; name: string; net: number | null }>;
  freeShippingGap: number | null;
  hasShippingFree: boolean;
}

export interface CartBodyProps {
  locale: Locale;
  money: Money;
  cartId: number;
  kind: 'cart' | 'list';
  lines: CartLineView[];
  figures: CartFiguresView | null;
  priceError?: string;
  message?: string;
  canCheckout: boolean;
}

const pct = (n: number, locale: Locale) => n.toLocaleString(locale === 'tr' ? 'tr-TR' : 'en-GB', { maximumFractionDigits: 1 });

function LineRow(p: { l: CartLineView; cartId: number; locale: Locale; money: Money; currency: string }) {
  const m = cartMessages[p.locale];
  const l = p.l;
  const action = `/portal/carts/${p.cartId}/lines/${l.productId}`;
  const htmx = { 'hx-post': action, 'hx-target': '#cart-body', 'hx-swap': 'outerHTML', 'hx-trigger': 'change, submit' };
  return (
    <tr id={`line-${l.productId}`} class={l.error || !l.orderable ? 'cart-line cart-line--error' : 'cart-line'}>
      <td class="cart-line__product">
        <a href={`/portal/catalog/products/${l.productId}`} class="cart-line__name">
          {l.name}
        </a>
        <span class="cart-line__meta">
          <code>{l.sku}</code>
          {l.variant ? <> · {l.variant}</> : null}
        </span>
        {l.price?.campaign ? <span class="badge badge--progress">{m.campaign(l.price.campaign)}</span> : null}
        {l.tier ? <span class="cart-line__tier">{m.tierHint(l.tier.qty, pct(l.tier.percent, p.locale))}</span> : null}
        {!l.orderable ? <p class="field__error">{m.notOrderable}</p> : null}
        {l.warning ? <p class={l.warning.kind === 'block' ? 'cart-line__stock cart-line__stock--block' : 'cart-line__stock'}>{l.warning.kind === 'block' ? m.stockBlock(l.warning.available) : m.stockBackorder(l.warning.available)}</p> : null}
      </td>
      <td class="num cart-line__price" data-label={m.colUnitPrice}>
        {l.price ? (
          <span class="cell-stack">
            {l.price.listUnitNet > l.price.unitNet ? <s class="muted">{p.money(l.price.listUnitNet, p.currency)}</s> : null}
            <span>{p.money(l.price.unitNet, p.currency)}</span>
            {l.price.discount ? <span class="badge badge--done">{l.price.discount}</span> : null}
          </span>
        ) : (
          '—'
        )}
      </td>
      <td class="cart-line__qty" data-label={m.colQty}>
        <form method="post" action={action} class="qty-form" {...htmx}>
          <label class="visually-hidden" for={`qty-${l.productId}`}>
            {m.colQty} {l.sku}
          </label>
          <input id={`qty-${l.productId}`} name="qty" type="number" inputmode="numeric" min={l.min} step={l.step} value={String(l.qty)} class="qty-input" aria-invalid={l.error ? 'true' : undefined} aria-describedby={`qty-${l.productId}-hint`} />
          <span class="qty-unit">{l.unit}</span>
          <button type="submit" class="btn btn--secondary btn--small qty-form__save">
            {m.update}
          </button>
          <span class="field__hint" id={`qty-${l.productId}-hint`}>
            {m.qtyHint(l.min, l.step)}
          </span>
          {l.error ? (
            <span class="field__error" role="alert">
              {l.error}
            </span>
          ) : null}
        </form>
      </td>
      <td class="num" data-label={m.colNet}>
        {l.price ? (
          <span class="cell-stack">
            <span>{p.money(l.price.lineNet, p.currency)}</span>
            <span class="cart-line__vat">{m.vatAt(l.price.vatRate)}</span>
          </span>
        ) : (
          '—'
        )}
      </td>
      <td class="num" data-label={m.colGross}>
        {l.price ? p.money(l.price.lineGross, p.currency) : '—'}
      </td>
      <td class="cart-line__remove">
        <form method="post" action={`${action}/delete`} hx-post={`${action}/delete`} hx-target="#cart-body" hx-swap="outerHTML">
          <button type="submit" class="btn btn--link btn--small" aria-label={`${m.remove} ${l.sku}`}>
            {m.remove}
          </button>
        </form>
      </td>
    </tr>
  );
}

export function CartTotals(p: { locale: Locale; money: Money; cartId?: number; figures: CartFiguresView; shippingSelect?: boolean }) {
  const m = cartMessages[p.locale];
  const f = p.figures;
  const t = f.totals;
  const cur = f.currency;
  return (
    <div class="cart-totals" id="cart-totals">
      {p.shippingSelect && p.cartId && f.options.length > 1 ? (
        <form method="get" action={`/portal/carts/${p.cartId}`} class="cart-totals__ship" hx-get={`/portal/carts/${p.cartId}`} hx-target="#cart-body" hx-swap="outerHTML" hx-trigger="change">
          <label for="ship-select">{m.shippingMethod}</label>
          <select id="ship-select" name="ship">
            {f.options.map((o) => (
              <option value={String(o.id)} selected={f.shipping?.id === o.id}>
                {o.name}
                {o.net === null ? '' : ` — ${o.net === 0 ? m.shippingFree : p.money(o.net, cur)}`}
              </option>
            ))}
          </select>
          <noscript>
            <button type="submit" class="btn btn--secondary btn--small">
              {m.update}
            </button>
          </noscript>
        </form>
      ) : null}
      <dl class="totals">
        <dt>{m.linesNet}</dt>
        <dd>{p.money(t.linesNet, cur)}</dd>
        <dt>
          {m.shipping}
          {f.shipping ? <span class="muted"> · {f.shipping.name}</span> : null}
        </dt>
        <dd>{f.shipping ? (f.shipping.net === 0 ? m.shippingFree : p.money(t.shippingNet, cur)) : <span class="muted">{m.shippingNone}</span>}</dd>
        {t.vatByRate.map((v) => (
          <>
            <dt>{m.vatAt(v.rate)}</dt>
            <dd>{p.money(v.vat, cur)}</dd>
          </>
        ))}
        <dt class="totals__grand">{m.totalGross}</dt>
        <dd class="totals__grand" data-testid="cart-total">
          {p.money(t.totalGross, cur)}
        </dd>
      </dl>
      {f.freeShippingGap !== null ? (
        <p class="notice notice--info free-ship">{m.freeShippingHint(p.money(f.freeShippingGap, cur))}</p>
      ) : f.hasShippingFree && f.shipping?.net === 0 ? (
        <p class="notice notice--info free-ship">{m.freeShippingReached}</p>
      ) : null}
    </div>
  );
}

/** The swappable part of the cart page: lines and totals (htmx target #cart-body). */
export function CartBody(p: CartBodyProps) {
  const m = cartMessages[p.locale];
  if (!p.lines.length) {
    return (
      <div id="cart-body">
        {p.message ? <p class="flash flash--success" role="status">{p.message}</p> : null}
        <EmptyState title={m.cartEmptyTitle} text={m.cartEmptyText} action={<LinkButton href="/portal/catalog">{m.browseCatalog}</LinkButton>} />
      </div>
    );
  }
  const cur = p.figures?.currency ?? '';
  return (
    <div id="cart-body">
      {p.message ? (
        <p class="flash flash--success" role="status">
          {p.message}
        </p>
      ) : null}
      {p.priceError ? <p class="notice notice--warn">{p.priceError}</p> : null}
      <div class="table-wrap">
        <table class="table cart-table">
          <caption class="visually-hidden">{m.colProduct}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colProduct}</th>
              <th scope="col" class="num">
                {m.colUnitPrice}
              </th>
              <th scope="col">{m.colQty}</th>
              <th scope="col" class="num">
                {m.colNet}
              </th>
              <th scope="col" class="num">
                {m.colGross}
              </th>
              <th scope="col">
                <span class="visually-hidden">{m.remove}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.lines.map((l) => (
              <LineRow l={l} cartId={p.cartId} locale={p.locale} money={p.money} currency={cur} />
            ))}
          </tbody>
        </table>
      </div>
      <div class="cart-foot">
        {p.figures ? <CartTotals locale={p.locale} money={p.money} cartId={p.cartId} figures={p.figures} shippingSelect /> : <span />}
        {p.kind === 'cart' && p.canCheckout ? (
          <div class="cart-foot__actions">
            <LinkButton href={`/portal/orders/checkout?cart=${p.cartId}`}>{m.checkout} →</LinkButton>
          </div>
        ) : null}
      </div>
    </div>
  );
}

export interface CartPageProps extends CartBodyProps {
  cart: { id: number; name: string; kind: 'cart' | 'list'; shared: boolean; isOwner: boolean; isActive: boolean; ownerName: string };
  others: Array<{ id: number; name: string }>;
}

export function CartPage(p: CartPageProps) {
  const m = cartMessages[p.locale];
  const c = p.cart;
  return (
    <section class="cart-page">
      <div class="page-head">
        <h1>
          {c.kind === 'list' ? m.listTitle(c.name) : m.cartTitle(c.name)}
          {c.isActive ? <span class="badge badge--done">{m.active}</span> : null}
          {c.shared ? <span class="badge badge--progress">{m.shared}</span> : null}
        </h1>
        <div class="page-head__actions">
          <LinkButton href="/portal/carts/quick" variant="secondary">
            {m.quickOrder}
          </LinkButton>
          <LinkButton href="/portal/carts/import" variant="secondary">
            {m.importList}
          </LinkButton>
        </div>
      </div>
      <div class="cart-bar">
        {p.others.length ? (
          <form method="get" action="/portal/carts/go" class="cart-bar__switch">
            <label for="cart-switch">{m.switchCart}</label>
            <select id="cart-switch" name="id">
              <option value={String(c.id)} selected>
                {c.name}
              </option>
              {p.others.map((o) => (
                <option value={String(o.id)}>{o.name}</option>
              ))}
            </select>
            <button type="submit" class="btn btn--secondary btn--small">
              {m.open}
            </button>
          </form>
        ) : null}
        {c.kind === 'cart' && !c.isActive ? (
          <PostForm action={`/portal/carts/${c.id}/activate`} class="inline">
            <button type="submit" class="btn btn--secondary btn--small">
              {m.activate}
            </button>
          </PostForm>
        ) : null}
        {c.kind === 'list' ? (
          <PostForm action={`/portal/carts/${c.id}/copy`} class="inline">
            <button type="submit" class="btn btn--primary btn--small">
              {m.copyToCart}
            </button>
          </PostForm>
        ) : (
          <PostForm action={`/portal/carts/${c.id}/save-list`} class="inline">
            <button type="submit" class="btn btn--secondary btn--small">
              {m.saveAsList}
            </button>
          </PostForm>
        )}
        <a href="/portal/carts" class="btn btn--link btn--small">
          {m.cartsTitle}
        </a>
      </div>
      <CartBody {...p} />
    </section>
  );
}
