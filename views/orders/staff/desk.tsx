import type { OrderStatus } from '../../../src/db/types.ts';
import { ORDER_STATUSES } from '../../../src/db/types.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { FLAGS, PAGE_SIZE, STAFF_EDITABLE, type DeskFilters, type DeskRow, type LoadedOrder } from '../../../src/orders/desk.ts';
import { APPROVAL_LABELS, deskMessages, FLAG_LABELS, PAYMENT_LABELS, STATUS_LABELS } from '../../../src/orders/staff-messages.ts';
import { canTransition } from '../../../src/orders/status.ts';
import { dayOf } from '../../../src/orders/dealer-change.ts';
import { noteText } from '../../../src/orders/history-notes.ts';
import { Button, PostForm } from '../../components/button.tsx';
import { EmptyState, Table } from '../../components/table.tsx';
import { ShipmentsSection, type FulfilmentProps, type ShipmentFormState } from '../../shipping/shipments.tsx';
import { dateFormat, numberFormat } from '../../../src/i18n/intl-cache.ts';
import { Fact } from '../../components/fact.tsx';

type M = (typeof deskMessages)['en'];

const fmt = (locale: Locale, minor: number, currency: string) => numberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { style: 'currency', currency }).format(minor / 100);
const dt = (locale: Locale, d: Date, tz: string) =>
  dateFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: tz }).format(d);

const BADGE: Record<OrderStatus, string> = {
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

export function OrderStatusBadge(p: { status: OrderStatus; locale: Locale }) {
  return <span class={`badge ${BADGE[p.status]}`}>{STATUS_LABELS[p.locale][p.status]}</span>;
}

function FlagBadges(p: { flags: string[]; locale: Locale }) {
  const labels = FLAG_LABELS[p.locale] as Record<string, string>;
  return (
    <>
      {p.flags.map((f) => (
        <span class={`badge order-flag order-flag--${f}`}>{labels[f] ?? f}</span>
      ))}
    </>
  );
}

export function deskQuery(f: DeskFilters, extra: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  const all: Record<string, string | number | undefined> = { status: f.status, dealer: f.dealerId, from: f.from, to: f.to, q: f.q, ...extra };
  for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '' && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function DeskResults(p: { locale: Locale; tz: string; filters: DeskFilters; counts: Record<OrderStatus, number>; rows: DeskRow[]; total: number; page: number }) {
  const m = deskMessages[p.locale];
  const allCount = Object.values(p.counts).reduce((a, b) => a + b, 0);
  const first = p.total === 0 ? 0 : (p.page - 1) * PAGE_SIZE + 1;
  const last = Math.min(p.total, p.page * PAGE_SIZE);
  return (
    <div id="desk-results" class="stack">
      <nav class="cat-tabs desk-tabs" aria-label={m.tabsLabel}>
        <a href={`/staff/orders${deskQuery({ ...p.filters, status: undefined })}`} aria-current={p.filters.status ? undefined : 'page'}>
          {m.all} <span class="count">{allCount}</span>
        </a>
        {ORDER_STATUSES.map((s) => (
          <a href={`/staff/orders${deskQuery({ ...p.filters, status: s })}`} aria-current={p.filters.status === s ? 'page' : undefined} data-status={s} class={p.counts[s] ? undefined : 'desk-tabs__empty'}>
            {STATUS_LABELS[p.locale][s]} <span class="count">{p.counts[s]}</span>
          </a>
        ))}
      </nav>
      <Table<DeskRow>
        caption={m.title}
        id="desk-orders"
        rows={p.rows}
        rowId={(r) => `order-${r.id}`}
        empty={<EmptyState title={m.emptyTitle} text={m.emptyText} />}
        columns={[
          {
            header: m.colNumber,
            cell: (r) => (
              <a href={`/staff/orders/${r.id}`} class="mono">
                <strong>{r.number}</strong>
              </a>
            ),
          },
          { header: m.colDate, cell: (r) => <span class="nowrap">{dt(p.locale, r.created_at, p.tz)}</span> },
          {
            header: m.colDealer,
            cell: (r) => (
              <>
                {r.dealer_name} <span class="muted mono small nowrap">{r.dealer_code}</span>
              </>
            ),
          },
          { header: m.colPo, cell: (r) => <span class="mono nowrap">{r.po_number || '—'}</span> },
          { header: m.colStatus, cell: (r) => <OrderStatusBadge status={r.status} locale={p.locale} /> },
          { header: m.colFlags, cell: (r) => <span class="nowrap">{<FlagBadges flags={r.flags} locale={p.locale} />}</span> },
          { header: m.colLines, numeric: true, cell: (r) => r.line_count },
          { header: m.colTotal, numeric: true, cell: (r) => <span class="nowrap">{fmt(p.locale, r.total_gross, r.currency)}</span> },
        ]}
      />
      {p.total > 0 ? (
        <nav class="pagination" aria-label={m.pagination}>
          {p.page > 1 ? (
            <a class="btn btn--secondary" rel="prev" href={`/staff/orders${deskQuery(p.filters, { page: p.page - 1 })}`}>
              ← {m.prev}
            </a>
          ) : (
            <span />
          )}
          <span class="muted">{m.pageOf(first, last, p.total)}</span>
          {last < p.total ? (
            <a class="btn btn--secondary" rel="next" href={`/staff/orders${deskQuery(p.filters, { page: p.page + 1 })}`}>
              {m.next} →
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}

export function DeskPage(p: { locale: Locale; tz: string; filters: DeskFilters; counts: Record<OrderStatus, number>; rows: DeskRow[]; total: number; page: number; dealers: Array<{ id: number; company_name: string; code: string }> }) {
  const m = deskMessages[p.locale];
  return (
    <div class="stack desk">
      <header class="page-head">
        <h1>{m.title}</h1>
        <p class="lead">
          {m.lead} <a href="/staff/shipping-methods">{m.shippingLink}</a>
        </p>
      </header>
      <form method="get" action="/staff/orders" class="filters" role="search" hx-get="/staff/orders" hx-target="#desk-results" hx-swap="outerHTML" hx-trigger="change, input delay:300ms" hx-push-url="true">
        {p.filters.status ? <input type="hidden" name="status" value={p.filters.status} /> : null}
        <div class="field">
          <label for="f-q">{m.filterQ}</label>
          <input id="f-q" name="q" type="search" value={p.filters.q ?? ''} placeholder={m.filterQHint} maxlength={100} />
        </div>
        <div class="field">
          <label for="f-dealer">{m.filterDealer}</label>
          <select id="f-dealer" name="dealer">
            <option value="">{m.anyDealer}</option>
            {p.dealers.map((d) => (
              <option value={String(d.id)} selected={p.filters.dealerId === d.id}>
                {d.company_name} ({d.code})
              </option>
            ))}
          </select>
        </div>
        <div class="field field--date">
          <label for="f-from">{m.filterFrom}</label>
          <input id="f-from" name="from" type="date" value={p.filters.from ?? ''} />
        </div>
        <div class="field field--date">
          <label for="f-to">{m.filterTo}</label>
          <input id="f-to" name="to" type="date" value={p.filters.to ?? ''} />
        </div>
        <noscript>
          <Button variant="secondary">{m.filterApply}</Button>
        </noscript>
      </form>
      <DeskResults {...p} />
    </div>
  );
}

function Address(p: { a: Record<string, unknown> }) {
  const a = p.a as Record<string, string | undefined>;
  return (
    <address class="address">
      {a.label ? <strong>{a.label}</strong> : null}
      {[a.line1, a.line2, [a.postal_code, a.district, a.city].filter(Boolean).join(' '), a.country, a.phone].filter(Boolean).map((l) => (
        <div>{l}</div>
      ))}
    </address>
  );
}

function breakdownText(b: Record<string, unknown>, locale: Locale): string {
  const parts: string[] = [];
  const base = b.base as string | undefined;
  if (base) parts.push(base === 'list' ? (locale === 'tr' ? 'liste' : 'list') : base === 'segment_list' ? (locale === 'tr' ? 'segment listesi' : 'segment list') : locale === 'tr' ? 'bayi listesi' : 'dealer list');
  const tier = b.tier as { minQty: number; percentOff?: string } | undefined;
  if (tier) parts.push(`${locale === 'tr' ? 'kademe' : 'tier'} ≥${tier.minQty}${tier.percentOff ? ` −${tier.percentOff}%` : ''}`);
  const camp = b.campaign as { name: string; percentOff?: string } | undefined;
  if (camp) parts.push(`${camp.name}${camp.percentOff ? ` −${camp.percentOff}%` : ''}`);
  const pay = b.payment as { method: string; percent: string } | undefined;
  if (pay && !/^[+-]?0+(\.0+)?$/.test(pay.percent)) parts.push(`${pay.method} ${pay.percent.startsWith('-') ? '' : '+'}${pay.percent}%`);
  const rate = b.rate as { from: string; to: string; rate: string; date: string } | undefined;
  if (rate) parts.push(`${rate.from}→${rate.to} ${rate.rate} (${rate.date})`);
  return parts.join(' · ');
}

export interface DetailState {
  error?: string | undefined;
  editErrors?: Record<string, string>;
  editValues?: Record<string, string>;
  cancelError?: string | undefined;
  cancelReason?: string;
  /** The shipments section's form values and errors (ORD-6/SHP-2). */
  shipment?: ShipmentFormState;
}

/** What the shipments section needs beyond the order itself. */
export type FulfilmentData = Pick<FulfilmentProps, 'lines' | 'shipments' | 'canShip' | 'openPickId'>;

export function OrderDetail(p: { locale: Locale; tz: string; data: LoadedOrder; canFinance: boolean; state: DetailState; fulfilment?: FulfilmentData }) {
  const m = deskMessages[p.locale];
  const { order, lines, history, approvals } = p.data;
  const s = STATUS_LABELS[p.locale];
  const cur = order.currency;
  const money = (v: number) => fmt(p.locale, v, cur);
  const editable = STAFF_EDITABLE.includes(order.status) && !order.invoiced_at;
  const billing = order.billing as Record<string, unknown> & { company_name?: string; tax_office?: string; tax_number?: string; address?: Record<string, unknown> };
  const flagLabels = FLAG_LABELS[p.locale] as Record<string, string>;
  const base = `/staff/orders/${order.id}`;
  const ev = p.state.editValues ?? {};
  const ee = p.state.editErrors ?? {};
  return (
    <div class="stack order-detail">
      <a href="/staff/orders">{m.back}</a>
      <header class="order-head">
        <h1>
          {m.orderTitle(order.number)} <OrderStatusBadge status={order.status} locale={p.locale} /> <FlagBadges flags={order.flags} locale={p.locale} />
        </h1>
        <p class="muted">
          <a href={`/staff/dealers/${order.dealer_id}`}>{order.dealer_name}</a> <span class="mono">{order.dealer_code}</span> · {dt(p.locale, order.created_at, p.tz)}
          {order.user_name ? ` · ${m.placedBy(order.user_name)}` : ''}
          {order.po_number ? ` · ${m.poNumber} ${order.po_number}` : ''}
        </p>
      </header>
      {p.state.error ? (
        <p class="flash flash--error" role="alert" id="desk-error">
          {p.state.error}
        </p>
      ) : null}
      {order.invoiced_at ? <p class="notice notice--warn">{m.frozen}</p> : null}

      <section class="panel order-actions" aria-labelledby="actions-title">
        <h2 id="actions-title" class="visually-hidden">
          {m.actions}
        </h2>
        <div class="order-actions__row">
          {canTransition(order.status, 'confirmed') && order.status === 'placed' ? (
            <PostForm action={`${base}/status`} class="inline">
              <input type="hidden" name="to" value="confirmed" />
              <Button>{m.confirm}</Button>
            </PostForm>
          ) : null}
          {order.status === 'confirmed' ? (
            <PostForm action={`${base}/status`} class="inline">
              <input type="hidden" name="to" value="preparing" />
              <Button>{m.preparing}</Button>
            </PostForm>
          ) : null}
          {order.status === 'awaiting_payment' ? (
            <PostForm action={`${base}/payment-received`} class="inline">
              <Button>{m.paymentReceived}</Button>
            </PostForm>
          ) : null}
          {order.status === 'credit_review' && p.canFinance ? (
            <>
              <PostForm action={`${base}/credit`} class="inline">
                <input type="hidden" name="decision" value="approve" />
                <Button>{m.creditApprove}</Button>
              </PostForm>
              <PostForm action={`${base}/credit`} class="inline">
                <input type="hidden" name="decision" value="reject" />
                <Button variant="danger">{m.creditReject}</Button>
              </PostForm>
            </>
          ) : null}
          {p.canFinance && !order.invoiced_at && order.status !== 'cancelled' ? (
            <PostForm action={`${base}/invoiced`} class="inline">
              <Button variant="secondary">{m.markInvoiced}</Button>
            </PostForm>
          ) : null}
          <span class="order-actions__sep" />
          {FLAGS.map((f) => {
            const on = order.flags.includes(f);
            return (
              <PostForm action={`${base}/flags`} class="inline">
                <input type="hidden" name="flag" value={f} />
                <input type="hidden" name="on" value={on ? '0' : '1'} />
                <button type="submit" class={`btn btn--small ${on ? 'btn--primary' : 'btn--secondary'}`} aria-pressed={on ? 'true' : 'false'}>
                  {flagLabels[f]}
                </button>
              </PostForm>
            );
          })}
          <span class="order-actions__sep" />
          {(['confirmation', 'proforma', 'waybill'] as const).map((k) => (
            <a class="btn btn--link btn--small" href={`${base}/documents/${k}.pdf`}>
              {k === 'confirmation' ? m.docConfirmation : k === 'proforma' ? m.docProforma : m.docWaybill}
            </a>
          ))}
        </div>
        {canTransition(order.status, 'cancelled') ? (
          <details class="order-cancel" open={p.state.cancelError ? true : undefined}>
            <summary>{m.cancel}</summary>
            <PostForm action={`${base}/status`} class="row-form">
              <input type="hidden" name="to" value="cancelled" />
              <div class={`field${p.state.cancelError ? ' field--error' : ''}`}>
                <label for="f-reason">{m.cancelReasonLabel}</label>
                <input id="f-reason" name="reason" value={p.state.cancelReason ?? ''} maxlength={500} required aria-describedby="f-reason-hint" />
                <p class="field__hint" id="f-reason-hint">
                  {m.cancelReasonHint}
                </p>
                {p.state.cancelError ? (
                  <p class="field__error" role="alert">
                    {p.state.cancelError}
                  </p>
                ) : null}
              </div>
              <Button variant="danger">{m.cancel}</Button>
            </PostForm>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="lines-title">
        <h2 id="lines-title">{m.lines}</h2>
        <PostForm action={`${base}/lines`} attrs={{ id: 'lines-form' }}>
          <div class="table-wrap">
            <table class="table order-lines" id="order-lines">
              <caption class="visually-hidden">{m.lines}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    #
                  </th>
                  <th scope="col">{m.colSku}</th>
                  <th scope="col">{m.colName}</th>
                  <th scope="col" class="num">
                    {m.colQty}
                  </th>
                  <th scope="col" class="num">
                    {m.colReserved}
                  </th>
                  <th scope="col" class="num">
                    {m.colUnitList}
                  </th>
                  <th scope="col" class="num">
                    {m.colUnitNet}
                  </th>
                  <th scope="col" class="num">
                    {m.colVat}
                  </th>
                  <th scope="col" class="num">
                    {m.colLineNet}
                  </th>
                  <th scope="col" class="num">
                    {m.colLineGross}
                  </th>
                  <th scope="col">{m.colBreakdown}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr id={`line-${l.id}`}>
                    <td class="num">{l.line_no}</td>
                    <td class="mono nowrap">{l.sku}</td>
                    <td>{l.name}</td>
                    <td class="num">
                      {editable ? (
                        <>
                          <input class="entry-input entry-input--qty" name={`qty_${l.id}`} value={ev[`qty_${l.id}`] ?? String(l.qty)} inputmode="numeric" maxlength={7} aria-label={`${m.colQty} ${l.sku}`} aria-invalid={ee[`qty_${l.id}`] ? 'true' : undefined} />
                          {ee[`qty_${l.id}`] ? <span class="field__error">{ee[`qty_${l.id}`]}</span> : null}
                        </>
                      ) : (
                        <>
                          {l.qty} {l.unit}
                        </>
                      )}
                    </td>
                    <td class="num muted">{l.reserved_qty}</td>
                    <td class="num muted">{l.list_unit_net !== l.unit_net ? money(l.list_unit_net) : ''}</td>
                    <td class="num">{money(l.unit_net)}</td>
                    <td class="num">%{l.vat_rate}</td>
                    <td class="num">{money(l.line_net)}</td>
                    <td class="num">{money(l.line_gross)}</td>
                    <td class="small muted">{breakdownText(l.breakdown, p.locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {editable ? (
            <div class="panel lines-edit">
              <p class="field__hint">{m.editHint}</p>
              <div class="row-form">
                <div class={`field${ee.add_sku ? ' field--error' : ''}`}>
                  <label for="f-add_sku">{m.addSku}</label>
                  <input id="f-add_sku" name="add_sku" value={ev.add_sku ?? ''} maxlength={100} autocomplete="off" />
                  {ee.add_sku ? (
                    <p class="field__error" role="alert">
                      {ee.add_sku}
                    </p>
                  ) : null}
                </div>
                <div class={`field field--qty${ee.add_qty ? ' field--error' : ''}`}>
                  <label for="f-add_qty">{m.addQty}</label>
                  <input id="f-add_qty" name="add_qty" value={ev.add_qty ?? ''} inputmode="numeric" maxlength={7} />
                  {ee.add_qty ? (
                    <p class="field__error" role="alert">
                      {ee.add_qty}
                    </p>
                  ) : null}
                </div>
                <div class="field field--grow">
                  <label for="f-edit_note">{m.editNote}</label>
                  <input id="f-edit_note" name="note" value={ev.note ?? ''} maxlength={500} />
                </div>
                <Button>{m.saveLines}</Button>
              </div>
              {ee.form ? (
                <p class="field__error" role="alert" id="lines-error">
                  {ee.form}
                </p>
              ) : null}
            </div>
          ) : null}
        </PostForm>
      </section>

      {p.fulfilment ? <ShipmentsSection locale={p.locale} tz={p.tz} orderId={order.id} orderStatus={order.status} {...p.fulfilment} form={p.state.shipment} /> : null}

      <div class="order-grid">
        <section class="panel" aria-labelledby="totals-title">
          <h2 id="totals-title">{m.vatTable}</h2>
          <table class="table order-totals">
            <caption class="visually-hidden">{m.vatTable}</caption>
            <thead>
              <tr>
                <th scope="col">{m.colRate}</th>
                <th scope="col" class="num">
                  {m.colNet}
                </th>
                <th scope="col" class="num">
                  {m.colVatAmount}
                </th>
              </tr>
            </thead>
            <tbody>
              {order.vat_by_rate.map((v) => (
                <tr>
                  <td>%{v.rate}</td>
                  <td class="num">{money(v.net)}</td>
                  <td class="num">{money(v.vat)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl class="totals">
            <dt>{m.subtotal}</dt>
            <dd>{money(order.lines_net)}</dd>
            <dt>{m.shipping}</dt>
            <dd>{money(order.shipping_net)}</dd>
            <dt>{m.vatTotal}</dt>
            <dd>{money(order.vat_total)}</dd>
            <dt class="totals__grand">{m.grandTotal}</dt>
            <dd class="totals__grand" data-testid="grand-total">
              {money(order.total_gross)}
            </dd>
            {order.paid_gross > 0 ? (
              <>
                <dt>{m.paid}</dt>
                <dd>{money(order.paid_gross)}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section class="panel" aria-labelledby="details-title">
          <h2 id="details-title">{m.details}</h2>
          <dl class="facts facts--compact">
            <dt>{m.payment}</dt>
            <dd>
              {PAYMENT_LABELS[p.locale][order.payment_method]}
              {order.installments ? ` × ${order.installments}` : ''}
            </dd>
            <dt>{m.shippingMethod}</dt>
            <dd>{order.shipping_method_name ?? '—'}</dd>
            <dt>{m.requestedDate}</dt>
            <dd>{order.requested_date ? dayOf(order.requested_date) : '—'}</dd>
            <dt>{m.pricedOn}</dt>
            <dd>{dayOf(order.priced_on)}</dd>
            <Fact label={m.cartName} value={order.cart_name} />
            <Fact label={m.note} value={order.note} class="pre-line" />
            {order.invoiced_at ? (
              <>
                <dt>{m.invoicedAt}</dt>
                <dd>{dt(p.locale, order.invoiced_at, p.tz)}</dd>
              </>
            ) : null}
            <Fact label={m.cancelReason} value={order.cancel_reason} />
          </dl>
          <h3>{m.addresses}</h3>
          <div class="order-addresses">
            <div>
              <p class="muted small">{m.shipTo}</p>
              <Address a={order.shipping_address} />
            </div>
            <div>
              <p class="muted small">{m.billTo}</p>
              <strong>{billing.company_name ?? order.dealer_name}</strong>
              <div class="small">{m.taxNo(billing.tax_office ?? '', billing.tax_number ?? '')}</div>
              {billing.address ? <Address a={billing.address} /> : null}
            </div>
          </div>
        </section>
        <section class="panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{m.timeline}</h2>
          <ol class="timeline">
            {history.map((h) => (
              <li>
                <span class="timeline__when nowrap">{dt(p.locale, h.created_at, p.tz)}</span>{' '}
                {h.from_status === h.to_status ? <span class="muted">{s[h.to_status]}</span> : <OrderStatusBadge status={h.to_status} locale={p.locale} />}{' '}
                <span class="muted small">{h.actor_name ?? (h.actor === 'system' ? m.actorSystem : '')}</span>
                {h.note ? <div class="small">{noteText(h.note, p.locale)}</div> : null}
              </li>
            ))}
          </ol>
          {approvals.length ? (
            <>
              <h3>{m.approvals}</h3>
              <ol class="timeline">
                {approvals.map((a) => (
                  <li>
                    {m.level(a.level)}: <strong>{APPROVAL_LABELS[p.locale][a.status]}</strong>
                    {a.decided_by_name ? ` · ${a.decided_by_name}` : ''}
                    {a.decided_at ? ` · ${dt(p.locale, a.decided_at, p.tz)}` : ''}
                    {a.note ? <div class="small">{a.note}</div> : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </section>
      </div>
    </div>
  );
}

export type { M as DeskM };
