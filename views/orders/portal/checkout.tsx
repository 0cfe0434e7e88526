import type { Locale } from '../../../src/i18n/define.ts';
import { orderPortalMessages } from '../../../src/orders/portal-messages.ts';
import { cartMessages } from '../../../src/carts/messages.ts';
import { PostForm } from '../../components/button.tsx';
import { FormField } from '../../components/form-field.tsx';
import { CartTotals, type CartFiguresView, type Money } from '../../carts/cart-page.tsx';
import { Fact } from '../../components/fact.tsx';

export interface CheckoutValues {
  address_id: string;
  ship: string;
  date: string;
  pay: string;
  note: string;
  po: string;
}
export type CheckoutErrors = Partial<Record<keyof CheckoutValues | 'form', string>>;

export interface AddressOption {
  id: number;
  label: string;
  text: string;
}
export interface PayOption {
  value: string;
  label: string;
  total: number | null;
}

export interface CheckoutProps {
  locale: Locale;
  money: Money;
  cart: { id: number; name: string };
  addresses: AddressOption[];
  shipping: Array<{ id: number; name: string; net: number | null }>;
  payments: PayOption[];
  currency: string;
  today: string;
  values: CheckoutValues;
  errors: CheckoutErrors;
  problems?: string[];
  figures: CartFiguresView | null;
}

export function CheckoutPage(p: CheckoutProps) {
  const m = orderPortalMessages[p.locale];
  const cm = cartMessages[p.locale];
  const v = p.values;
  const e = p.errors;
  return (
    <section class="checkout">
      <div class="page-head">
        <h1>{m.checkoutTitle}</h1>
        <a href={`/portal/carts/${p.cart.id}`} class="btn btn--link">
          {m.cartLabel(p.cart.name)}
        </a>
      </div>
      {e.form || p.problems?.length ? (
        <div class="flash flash--error" role="alert">
          {e.form ? <p class="flash__title">{e.form}</p> : null}
          {p.problems?.length ? (
            <ul>
              {p.problems.map((x) => (
                <li>{x}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div class="checkout-grid">
        <PostForm action="/portal/orders/checkout/review" class="panel checkout-form" attrs={{ id: 'checkout-form' }}>
          <input type="hidden" name="cart" value={String(p.cart.id)} />
          <fieldset class={e.address_id ? 'choice-group field--error' : 'choice-group'}>
            <legend>{m.address}</legend>
            {p.addresses.length ? (
              p.addresses.map((a) => (
                <label class="choice">
                  <input type="radio" name="address_id" value={String(a.id)} checked={v.address_id === String(a.id)} required />
                  <span>
                    <strong>{a.label || a.text.split(',')[0]}</strong>
                    <span class="choice__text">{a.text}</span>
                  </span>
                </label>
              ))
            ) : (
              <p class="notice notice--warn">{m.noAddress}</p>
            )}
            {e.address_id ? <p class="field__error">{e.address_id}</p> : null}
          </fieldset>
          {p.shipping.length ? (
            <fieldset class={e.ship ? 'choice-group field--error' : 'choice-group'} hx-post="/portal/orders/checkout/totals" hx-trigger="change" hx-target="#checkout-totals" hx-swap="outerHTML">
              <legend>{m.shippingMethod}</legend>
              {p.shipping.map((s) => (
                <label class="choice">
                  <input type="radio" name="ship" value={String(s.id)} checked={v.ship === String(s.id)} disabled={s.net === null} />
                  <span>
                    <strong>{s.name}</strong>
                    <span class="choice__text">{s.net === null ? '—' : s.net === 0 ? cm.shippingFree : p.money(s.net, p.currency)}</span>
                  </span>
                </label>
              ))}
              {e.ship ? <p class="field__error">{e.ship}</p> : null}
            </fieldset>
          ) : null}
          <fieldset class={e.pay ? 'choice-group field--error' : 'choice-group'} hx-post="/portal/orders/checkout/totals" hx-trigger="change" hx-target="#checkout-totals" hx-swap="outerHTML">
            <legend>{m.paymentMethod}</legend>
            {p.payments.map((o) => (
              <label class="choice">
                <input type="radio" name="pay" value={o.value} checked={v.pay === o.value} required />
                <span>
                  <strong>{o.label}</strong>
                  {o.total !== null ? <span class="choice__text">{m.pmTotal(p.money(o.total, p.currency))}</span> : null}
                </span>
              </label>
            ))}
            {e.pay ? <p class="field__error">{e.pay}</p> : null}
          </fieldset>
          <div class="form-row form-row--top">
            <FormField name="date" label={m.requestedDate} type="date" value={v.date} error={e.date} hint={m.requestedHint} attrs={{ min: p.today }} />
            <FormField name="po" label={m.poNumber} value={v.po} error={e.po} maxlength={100} />
          </div>
          <div class="field field--wide">
            <label for="f-note">{m.note}</label>
            <textarea id="f-note" name="note" rows={3} maxlength={2000}>
              {v.note}
            </textarea>
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn--primary btn--large">
              {m.toReview}
            </button>
          </div>
        </PostForm>
        <aside class="checkout-side">
          {p.figures ? <CheckoutTotals locale={p.locale} money={p.money} figures={p.figures} /> : null}
          <details class="panel add-address" open={p.addresses.length === 0 || undefined}>
            <summary>{m.addAddress}</summary>
            <PostForm action="/portal/orders/checkout/address">
              <input type="hidden" name="cart" value={String(p.cart.id)} />
              <FormField name="label" label={m.addrLabel} maxlength={100} />
              <FormField name="line1" label={m.addrLine1} required maxlength={200} />
              <FormField name="district" label={m.addrDistrict} maxlength={100} />
              <FormField name="city" label={m.addrCity} required maxlength={100} />
              <FormField name="postal_code" label={m.addrPostal} maxlength={20} />
              <FormField name="phone" label={m.addrPhone} type="tel" maxlength={40} />
              <button type="submit" class="btn btn--secondary">
                {m.addrSave}
              </button>
            </PostForm>
          </details>
        </aside>
      </div>
    </section>
  );
}

/** The running totals beside the checkout form; re-rendered (htmx) when shipping or payment changes. */
export function CheckoutTotals(p: { locale: Locale; money: Money; figures: CartFiguresView }) {
  return (
    <div class="panel" id="checkout-totals" aria-live="polite">
      <CartTotals locale={p.locale} money={p.money} figures={p.figures} />
    </div>
  );
}

export interface ReviewLine {
  productId: number;
  sku: string;
  name: string;
  variant: string;
  qty: number;
  unit: string;
  unitNet: number;
  listUnitNet: number;
  lineNet: number;
  lineGross: number;
  vatRate: number;
  /** The unit price (net) shown on the previous review, when it differed. */
  was?: number;
}

export interface ReviewProps {
  locale: Locale;
  money: Money;
  cart: { id: number; name: string };
  values: CheckoutValues;
  address: AddressOption;
  shippingName: string | null;
  paymentLabel: string;
  lines: ReviewLine[];
  figures: CartFiguresView;
  idempotencyKey: string;
  repriced?: { was: number } | null;
}

export function ReviewPage(p: ReviewProps) {
  const m = orderPortalMessages[p.locale];
  const v = p.values;
  const cur = p.figures.currency;
  return (
    <section class="checkout-review">
      <div class="page-head">
        <h1>{m.reviewTitle}</h1>
        <span class="muted">{m.cartLabel(p.cart.name)}</span>
      </div>
      {p.repriced ? (
        <div class="flash flash--error" role="alert">
          <p class="flash__title">{m.repriced}</p>
          <p>{m.repricedWas(p.money(p.repriced.was, cur))}</p>
        </div>
      ) : null}
      <div class="review-grid">
        <dl class="facts">
          <dt>{m.address}</dt>
          <dd>
            <strong>{p.address.label}</strong> {p.address.text}
          </dd>
          <Fact label={m.shippingMethod} value={p.shippingName} />
          <dt>{m.paymentMethod}</dt>
          <dd>{p.paymentLabel}</dd>
          <Fact label={m.requestedDate} value={v.date} />
          <Fact label={m.poNumber} value={v.po} />
          <Fact label={m.note} value={v.note} class="pre" />
        </dl>
      </div>
      <div class="table-wrap">
        <table class="table cart-table">
          <caption class="visually-hidden">{m.lines}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colProduct}</th>
              <th scope="col" class="num">
                {m.colQty}
              </th>
              <th scope="col" class="num">
                {m.colUnit}
              </th>
              <th scope="col" class="num">
                {m.colNet}
              </th>
              <th scope="col" class="num">
                {m.colGross}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.lines.map((l) => (
              <tr class={l.was !== undefined ? 'row--changed' : undefined}>
                <td>
                  {l.name}
                  <span class="cart-line__meta">
                    <code>{l.sku}</code>
                    {l.variant ? ` · ${l.variant}` : ''}
                  </span>
                </td>
                <td class="num" data-label={m.colQty}>
                  {l.qty} {l.unit}
                </td>
                <td class="num" data-label={m.colUnit}>
                  {l.listUnitNet > l.unitNet ? <s class="muted">{p.money(l.listUnitNet, cur)}</s> : null} {p.money(l.unitNet, cur)}
                  {l.was !== undefined ? <span class="badge badge--waiting">{m.priceWas(p.money(l.was, cur))}</span> : null}
                </td>
                <td class="num" data-label={m.colNet}>{p.money(l.lineNet, cur)}</td>
                <td class="num" data-label={m.colGross}>{p.money(l.lineGross, cur)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="cart-foot">
        <CartTotals locale={p.locale} money={p.money} figures={p.figures} />
        <div class="cart-foot__actions">
          <PostForm action="/portal/orders/checkout/confirm" attrs={{ id: 'confirm-form' }}>
            <input type="hidden" name="cart" value={String(p.cart.id)} />
            <input type="hidden" name="key" value={p.idempotencyKey} />
            <input type="hidden" name="expected" value={String(p.figures.totals.totalGross)} />
            {p.lines.map((l) => (
              <input type="hidden" name={`seen_${l.productId}`} value={String(l.unitNet)} />
            ))}
            {(Object.keys(v) as Array<keyof CheckoutValues>).map((k) => (
              <input type="hidden" name={k} value={v[k]} />
            ))}
            <button type="submit" class="btn btn--primary btn--large" data-testid="confirm-order">
              {m.confirm} · {p.money(p.figures.totals.totalGross, cur)}
            </button>
          </PostForm>
          <PostForm action="/portal/orders/checkout/edit" class="inline">
            <input type="hidden" name="cart" value={String(p.cart.id)} />
            {(Object.keys(v) as Array<keyof CheckoutValues>).map((k) => (
              <input type="hidden" name={k} value={v[k]} />
            ))}
            <button type="submit" class="btn btn--link">
              {m.back}
            </button>
          </PostForm>
        </div>
      </div>
    </section>
  );
}
