import type { OrderStatus } from '../../../src/db/types.ts';
import { ORDER_STATUSES } from '../../../src/db/types.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { orderPortalMessages, type OrderPortalMessages } from '../../../src/orders/portal-messages.ts';
import { cartMessages } from '../../../src/carts/messages.ts';
import { PostForm } from '../../components/button.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState } from '../../components/table.tsx';
import { Time } from '../../components/time.tsx';
import type { Money } from '../../carts/cart-page.tsx';
import { deskMessages } from '../../../src/orders/staff-messages.ts';
import { shippingMessages } from '../../../src/shipping/messages.ts';
import type { ShipmentView } from '../../../src/shipping/shipments.ts';
import { DealerShipments } from '../../shipping/dealer-shipments.tsx';
import { Fact } from '../../components/fact.tsx';

const STATUS_CLASS: Record<OrderStatus, string> = {
  awaiting_approval: 'badge--waiting',
  credit_review: 'badge--waiting',
  awaiting_payment: 'badge--waiting',
  placed: 'badge--progress',
  confirmed: 'badge--progress',
  preparing: 'badge--progress',
  partly_shipped: 'badge--progress',
  shipped: 'badge--done',
  delivered: 'badge--done',
  completed: 'badge--done',
  cancelled: 'badge--error',
};

export const statusLabel = (m: OrderPortalMessages, s: OrderStatus) => m[`st_${s}`];

export function OrderStatusBadge(p: { locale: Locale; status: OrderStatus }) {
  return <span class={`badge ${STATUS_CLASS[p.status]} status--${p.status}`}>{statusLabel(orderPortalMessages[p.locale], p.status)}</span>;
}

export interface OrderFilters {
  status: string;
  from: string;
  to: string;
  person: string;
  cart: string;
  q: string;
}

export interface OrderRow {
  id: number;
  number: string;
  createdAt: Date;
  person: string;
  cartName: string;
  po: string;
  status: OrderStatus;
  total: number;
  currency: string;
}

export interface OrdersListProps {
  locale: Locale;
  timeZone: string;
  money: Money;
  all: boolean;
  filters: OrderFilters;
  people: Array<{ id: number; name: string }>;
  rows: OrderRow[];
  firstHref: string | null;
  nextHref: string | null;
}

export function OrdersListPage(p: OrdersListProps) {
  const m = orderPortalMessages[p.locale];
  const f = p.filters;
  const intl = p.locale === 'tr' ? 'tr-TR' : 'en-GB';
  return (
    <section class="my-orders">
      <h1>{m.ordersTitle}</h1>
      <p class="muted">{p.all ? m.ordersLeadAll : m.ordersLeadOwn}</p>
      <form method="get" action="/portal/orders" class="filters panel" role="search">
        <div class="field">
          <label for="f-q">{m.fText}</label>
          <input id="f-q" name="q" type="search" value={f.q} />
        </div>
        <div class="field">
          <label for="f-status">{m.fStatus}</label>
          <select id="f-status" name="status">
            <option value="">{m.fAll}</option>
            {ORDER_STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>
                {statusLabel(m, s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field field--date">
          <label for="f-from">{m.fFrom}</label>
          <input id="f-from" name="from" type="date" value={f.from} />
        </div>
        <div class="field field--date">
          <label for="f-to">{m.fTo}</label>
          <input id="f-to" name="to" type="date" value={f.to} />
        </div>
        {p.all ? (
          <div class="field">
            <label for="f-person">{m.fPerson}</label>
            <select id="f-person" name="person">
              <option value="">{m.fAll}</option>
              {p.people.map((u) => (
                <option value={String(u.id)} selected={f.person === String(u.id)}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="field">
          <label for="f-cart">{m.fCart}</label>
          <input id="f-cart" name="cart" value={f.cart} />
        </div>
        <div class="field">
          <button type="submit" class="btn btn--secondary">
            {m.filter}
          </button>
        </div>
      </form>
      {p.rows.length ? (
        <div class="table-wrap">
          <table class="table orders-table">
            <caption class="visually-hidden">{m.ordersTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{m.colNumber}</th>
                <th scope="col">{m.colDate}</th>
                {p.all ? <th scope="col">{m.colPerson}</th> : null}
                <th scope="col">{m.colCart}</th>
                <th scope="col">{m.colPo}</th>
                <th scope="col">{m.colStatus}</th>
                <th scope="col" class="num">
                  {m.colTotal}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td class="o-num" data-label={m.colNumber}>
                    <a href={`/portal/orders/${r.id}`} class="order-number">
                      {r.number}
                    </a>
                  </td>
                  <td class="o-date" data-label={m.colDate}>
                    <Time at={r.createdAt} locale={intl} timeZone={p.timeZone} />
                  </td>
                  {p.all ? <td class="o-person" data-label={m.colPerson}>{r.person}</td> : null}
                  <td class="o-cart" data-label={m.colCart}>{r.cartName}</td>
                  <td class="o-po" data-label={m.colPo}>{r.po}</td>
                  <td class="o-status" data-label={m.colStatus}>
                    <OrderStatusBadge locale={p.locale} status={r.status} />
                  </td>
                  <td class="num o-total" data-label={m.colTotal}>
                    {p.money(r.total, r.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title={m.emptyTitle} text={m.emptyText} />
      )}
      <Pagination label={m.paging} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={m.newer} nextLabel={m.older} />
    </section>
  );
}

export interface OrderPageProps {
  locale: Locale;
  timeZone: string;
  money: Money;
  order: {
    id: number;
    number: string;
    status: OrderStatus;
    currency: string;
    createdAt: Date;
    person: string;
    cartName: string;
    po: string;
    note: string;
    requestedDate: string | null;
    payment: string;
    shippingName: string | null;
    shippingNet: number;
    linesNet: number;
    totalGross: number;
    vatByRate: Array<{ rate: number; net: number; vat: number }>;
    shipTo: string[];
    billTo: string[];
    cancelReason: string;
  };
  lines: Array<{ id: number; sku: string; name: string; unit: string; qty: number; unitNet: number; listUnitNet: number; lineNet: number; lineGross: number; vatRate: number }>;
  /** ORD-9: the PDFs this order offers the dealer (see dealerDocuments). */
  documents?: ReadonlyArray<'confirmation' | 'proforma' | 'waybill'>;
  history: Array<{ at: Date; from: OrderStatus | null; to: OrderStatus; who: string; note: string }>;
  /** SHP-2: what left the warehouse (shipped and delivered shipments only; see shipmentsForOrder). */
  shipments?: ShipmentView[];
  approvals: Array<{ level: number; status: 'pending' | 'approved' | 'rejected' | 'withdrawn'; who: string | null; at: Date | null }>;
  canWithdraw: boolean;
  canChangeQty: boolean;
  canReorder: boolean;
  withdrawError?: string;
  qtyErrors?: string[];
}

export function OrderPage(p: OrderPageProps) {
  const m = orderPortalMessages[p.locale];
  const o = p.order;
  const intl = p.locale === 'tr' ? 'tr-TR' : 'en-GB';
  const cur = o.currency;
  return (
    <section class="order-page">
      <div class="page-head">
        <h1>
          {m.orderTitle(o.number)} <OrderStatusBadge locale={p.locale} status={o.status} />
        </h1>
        {p.canReorder ? (
          <PostForm action={`/portal/orders/${o.id}/reorder`} class="inline">
            <button type="submit" class="btn btn--secondary">
              {m.reorder}
            </button>
          </PostForm>
        ) : null}
      </div>
      {o.status === 'awaiting_approval' ? <p class="notice notice--info">{m.awaitingApprovalExplained}</p> : null}
      <div class="order-facts">
        <dl class="facts">
          <dt>{m.orderedAt}</dt>
          <dd>
            <Time at={o.createdAt} locale={intl} timeZone={p.timeZone} />
          </dd>
          <dt>{m.placedBy}</dt>
          <dd>{o.person}</dd>
          <Fact label={m.colCart} value={o.cartName} />
          <Fact label={m.poNumber} value={o.po} />
          <dt>{m.payment}</dt>
          <dd>{o.payment}</dd>
          <Fact label={m.requested} value={o.requestedDate} />
          <Fact label={m.note_} value={o.note} class="pre" />
          <Fact label={m.cancelReason} value={o.cancelReason} />
        </dl>
        <div class="address-cards">
          <div class="panel address-card">
            <h2>{m.shipTo}</h2>
            {o.shipTo.map((l) => (
              <div>{l}</div>
            ))}
          </div>
          <div class="panel address-card">
            <h2>{m.billTo}</h2>
            {o.billTo.map((l) => (
              <div>{l}</div>
            ))}
          </div>
        </div>
      </div>
      {p.documents?.length ? <OrderDocuments locale={p.locale} orderId={o.id} kinds={p.documents} shipments={p.shipments ?? []} /> : null}
      <h2>{m.lines}</h2>
      {p.qtyErrors?.length ? (
        <div class="flash flash--error" role="alert">
          <ul>
            {p.qtyErrors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`/portal/orders/${o.id}/lines`} id="order-lines-form">
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
                <tr>
                  <td>
                    {l.name}
                    <span class="cart-line__meta">
                      <code>{l.sku}</code> · {m.vatAt(l.vatRate)}
                    </span>
                  </td>
                  <td class="num" data-label={m.colQty}>
                    {p.canChangeQty ? (
                      <>
                        <label class="visually-hidden" for={`ol-${l.id}`}>
                          {m.colQty} {l.sku}
                        </label>
                        <input id={`ol-${l.id}`} name={`qty_${l.id}`} type="number" inputmode="numeric" min={1} value={String(l.qty)} class="qty-input" />
                      </>
                    ) : (
                      l.qty
                    )}{' '}
                    {l.unit}
                  </td>
                  <td class="num" data-label={m.colUnit}>
                    {l.listUnitNet > l.unitNet ? <s class="muted">{p.money(l.listUnitNet, cur)}</s> : null} {p.money(l.unitNet, cur)}
                  </td>
                  <td class="num" data-label={m.colNet}>{p.money(l.lineNet, cur)}</td>
                  <td class="num" data-label={m.colGross}>{p.money(l.lineGross, cur)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {p.canChangeQty ? (
          <p class="form-actions">
            <button type="submit" class="btn btn--secondary">
              {m.saveQty}
            </button>
            <span class="muted">{m.changeQtyHint}</span>
          </p>
        ) : null}
      </form>
      <div class="cart-foot">
        <div class="cart-totals">
          <dl class="totals">
            <dt>{m.linesNet}</dt>
            <dd>{p.money(o.linesNet, cur)}</dd>
            <dt>
              {m.shipping}
              {o.shippingName ? <span class="muted"> · {o.shippingName}</span> : null}
            </dt>
            <dd>{o.shippingNet === 0 && o.shippingName ? cartMessages[p.locale].shippingFree : p.money(o.shippingNet, cur)}</dd>
            {o.vatByRate.map((v) => (
              <>
                <dt>{m.vatAt(v.rate)}</dt>
                <dd>{p.money(v.vat, cur)}</dd>
              </>
            ))}
            <dt class="totals__grand">{m.total}</dt>
            <dd class="totals__grand">{p.money(o.totalGross, cur)}</dd>
          </dl>
        </div>
      </div>
      {p.shipments?.length ? <DealerShipments locale={p.locale} tz={p.timeZone} shipments={p.shipments} /> : null}
      <div class="order-cols">
        <div>
          <h2>{m.timeline}</h2>
          <ol class="timeline">
            {p.history.map((h) => (
              <li class="timeline__item">
                {h.from === h.to ? <span class="badge badge--neutral">{m.tlUpdate}</span> : <OrderStatusBadge locale={p.locale} status={h.to} />}
                <span class="timeline__meta">
                  <Time at={h.at} locale={intl} timeZone={p.timeZone} /> · {h.who}
                </span>
                {h.note ? <span class="timeline__note">{h.note}</span> : null}
              </li>
            ))}
          </ol>
        </div>
        {p.approvals.length ? (
          <div>
            <h2>{m.approvals}</h2>
            <ol class="timeline">
              {p.approvals.map((a) => (
                <li class="timeline__item">
                  <strong>{m.level(a.level)}</strong>{' '}
                  <span class={`badge ${a.status === 'approved' ? 'badge--done' : a.status === 'pending' ? 'badge--waiting' : 'badge--error'}`}>{m[`ap_${a.status}`]}</span>
                  {a.who ? <span class="timeline__meta">{a.who}</span> : null}
                  {a.at ? (
                    <span class="timeline__meta">
                      <Time at={a.at} locale={intl} timeZone={p.timeZone} />
                    </span>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </div>
      {p.canWithdraw ? (
        <PostForm action={`/portal/orders/${o.id}/withdraw`} class="panel withdraw">
          <h2>{m.withdrawTitle}</h2>
          <p class="muted">{m.withdrawHint}</p>
          <div class={p.withdrawError ? 'field field--error field--wide' : 'field field--wide'}>
            <label for="f-reason">{m.reason}</label>
            <input id="f-reason" name="reason" required maxlength={500} aria-invalid={p.withdrawError ? 'true' : undefined} />
            {p.withdrawError ? (
              <p class="field__error" role="alert">
                {p.withdrawError}
              </p>
            ) : null}
          </div>
          <button type="submit" class="btn btn--danger">
            {m.withdraw}
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}

/**
 * ORD-9: links to the order's PDFs (downloads; the dealer's own orders only). SHP-2: an order
 * shipped through shipments offers one waybill per shipment that left instead of the order's.
 */
function OrderDocuments(p: { locale: Locale; orderId: number; kinds: ReadonlyArray<'confirmation' | 'proforma' | 'waybill'>; shipments: ReadonlyArray<{ id: number; number: string }> }) {
  const d = deskMessages[p.locale];
  const sm = shippingMessages[p.locale];
  return (
    <nav class="order-documents" aria-labelledby="order-documents-title" data-testid="order-documents">
      <h2 id="order-documents-title">{d.documents}</h2>
      <ul class="order-documents__list">
        {p.kinds
          .filter((k) => k !== 'waybill' || !p.shipments.length)
          .map((k) => (
          <li>
            <a class="btn btn--secondary btn--small" href={`/portal/orders/${p.orderId}/documents/${k}.pdf`} download="" data-testid={`doc-${k}`}>
              {k === 'confirmation' ? d.docConfirmation : k === 'proforma' ? d.docProforma : d.docWaybill}
            </a>
          </li>
        ))}
        {p.shipments.map((s) => (
          <li>
            <a class="btn btn--secondary btn--small" href={`/portal/orders/${p.orderId}/shipments/${s.id}/waybill.pdf`} download="" data-testid={`doc-waybill-${s.id}`}>
              {sm.waybillFor(s.number)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
