import type { OrderStatus, ShipmentStatus } from '../../src/db/types.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { SHIPMENT_STATUS_LABELS, shippingMessages } from '../../src/shipping/messages.ts';
import { SHIPPABLE, type FulfilmentLine, type ShipmentView } from '../../src/shipping/shipments.ts';
import { Button, PostForm } from '../components/button.tsx';
import { dateFormat } from '../../src/i18n/intl-cache.ts';

export interface ShipmentFormState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

export interface FulfilmentProps {
  locale: Locale;
  tz: string;
  orderId: number;
  orderStatus: OrderStatus;
  lines: FulfilmentLine[];
  shipments: ShipmentView[];
  /** Warehouse access: create, ship, deliver, cancel, pick. Others see the section read-only. */
  canShip: boolean;
  openPickId: number | null;
  form?: ShipmentFormState;
}

const SHIPMENT_BADGE: Record<ShipmentStatus, string> = {
  draft: 'badge--waiting',
  shipped: 'badge--progress',
  delivered: 'badge--done',
  cancelled: 'badge--error',
};

export function ShipmentStatusBadge(p: { status: ShipmentStatus; locale: Locale }) {
  return <span class={`badge ${SHIPMENT_BADGE[p.status]}`}>{SHIPMENT_STATUS_LABELS[p.locale][p.status]}</span>;
}

/** Number, status, carrier and tracking (number linked when there is a link) — the staff and dealer views share it. */
export function ShipmentHeadline(p: { shipment: Pick<ShipmentView, 'number' | 'status' | 'carrier' | 'tracking_number' | 'tracking_url'>; locale: Locale }) {
  const s = p.shipment;
  const m = shippingMessages[p.locale];
  const link = (text: string) => (s.tracking_url ? <a href={s.tracking_url} rel="noopener noreferrer" target="_blank">{text}</a> : text);
  return (
    <>
      <strong class="mono">{s.number}</strong> <ShipmentStatusBadge status={s.status} locale={p.locale} />
      {s.carrier ? <span> · {s.carrier}</span> : null}
      {s.tracking_number ? <span class="mono"> · {link(s.tracking_number)}</span> : s.tracking_url ? <span> · {link(m.trackingUrl)}</span> : null}
    </>
  );
}

const dt = (locale: Locale, d: Date, tz: string) => dateFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: tz }).format(d);

function FieldError(p: { id: string; text: string | undefined }) {
  return p.text ? (
    <p class="field__error" role="alert" id={p.id}>
      {p.text}
    </p>
  ) : null;
}

/** Carrier, tracking number and link: on the new-shipment form and on each draft's ship form. */
function TrackingFields(p: { prefix: string; locale: Locale; values: Record<string, string>; errors: Record<string, string>; keyOf: (f: string) => string }) {
  const m = shippingMessages[p.locale];
  const f = (name: 'carrier' | 'tracking_number' | 'tracking_url', label: string, extra: Record<string, string | number> = {}) => {
    const k = p.keyOf(name);
    const err = p.errors[k];
    const id = `${p.prefix}-${name}`;
    return (
      <div class={`field${err ? ' field--error' : ''}${name === 'tracking_url' ? ' field--grow' : ''}`}>
        <label for={id}>{label}</label>
        <input id={id} name={name} value={p.values[k] ?? ''} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-error` : undefined} {...extra} />
        <FieldError id={`${id}-error`} text={err} />
      </div>
    );
  };
  return (
    <>
      {f('carrier', m.carrier, { maxlength: 120, autocomplete: 'off' })}
      {f('tracking_number', m.trackingNumber, { maxlength: 120, autocomplete: 'off' })}
      {f('tracking_url', m.trackingUrl, { maxlength: 500, type: 'url', inputmode: 'url' })}
    </>
  );
}

function ShipmentCard(p: FulfilmentProps & { s: ShipmentView }) {
  const m = shippingMessages[p.locale];
  const s = p.s;
  const base = `/staff/orders/${p.orderId}/shipments/${s.id}`;
  const values = p.form?.values ?? {};
  const errors = p.form?.errors ?? {};
  const keyOf = (f: string) => `ship${s.id}.${f}`;
  const prefilled: Record<string, string> = {
    [keyOf('carrier')]: values[keyOf('carrier')] ?? s.carrier,
    [keyOf('tracking_number')]: values[keyOf('tracking_number')] ?? s.tracking_number ?? '',
    [keyOf('tracking_url')]: values[keyOf('tracking_url')] ?? s.tracking_url ?? '',
  };
  return (
    <li class={`shipment shipment--${s.status}`} id={`shipment-${s.id}`}>
      <div class="shipment__head">
        <ShipmentHeadline shipment={s} locale={p.locale} />
        <span class="muted small">
          {' '}
          · {dt(p.locale, s.created_at, p.tz)}
          {s.created_by_name ? ` ${m.createdBy(s.created_by_name)}` : ''}
          {s.pick_session_id ? (
            <>
              {' · '}
              <a href={`/staff/stock/pick/${s.pick_session_id}`}>{m.fromPick(s.pick_session_id)}</a>
            </>
          ) : null}
          {s.shipped_at ? ` · ${m.shippedAt} ${dt(p.locale, s.shipped_at, p.tz)}` : ''}
          {s.delivered_at ? ` · ${m.deliveredAt} ${dt(p.locale, s.delivered_at, p.tz)}` : ''}
        </span>
      </div>
      {s.status !== 'cancelled' ? (
        <a class="btn btn--link btn--small shipment__waybill" href={`${base}/waybill.pdf`}>
          {m.waybill}
        </a>
      ) : null}
      <ul class="shipment__lines small">
        {s.lines.map((l) => (
          <li>
            <span class="mono">{l.sku}</span> {l.name} × <strong>{l.qty}</strong> {l.unit}
          </li>
        ))}
      </ul>
      {p.canShip && s.status === 'draft' ? (
        <div class="shipment__actions">
          {SHIPPABLE.includes(p.orderStatus) ? (
            <PostForm action={`${base}/ship`} class="row-form" attrs={{ id: `ship-form-${s.id}` }}>
              <TrackingFields prefix={`ship${s.id}`} locale={p.locale} values={prefilled} errors={errors} keyOf={keyOf} />
              <Button>{m.ship}</Button>
            </PostForm>
          ) : null}
          <PostForm action={`${base}/cancel`} class="inline">
            <Button variant="secondary">{m.cancel}</Button>
          </PostForm>
          <FieldError id={`ship${s.id}-error`} text={errors[keyOf('form')]} />
        </div>
      ) : null}
      {p.canShip && s.status === 'shipped' ? (
        <div class="shipment__actions">
          <PostForm action={`${base}/delivered`} class="inline">
            <Button variant="secondary">{m.deliver}</Button>
          </PostForm>
          <FieldError id={`ship${s.id}-error`} text={errors[keyOf('form')]} />
        </div>
      ) : null}
    </li>
  );
}

/** The order page's "Shipments" section: per line ordered / shipped / remaining, the new-shipment form, the shipments. */
export function ShipmentsSection(p: FulfilmentProps) {
  const m = shippingMessages[p.locale];
  const values = p.form?.values ?? {};
  const errors = p.form?.errors ?? {};
  const shippable = SHIPPABLE.includes(p.orderStatus);
  const anyRemaining = p.lines.some((l) => l.remaining > 0);
  const canCreate = p.canShip && shippable && anyRemaining;
  const base = `/staff/orders/${p.orderId}/shipments`;
  const table = (
    <div class="table-wrap">
      <table class="table fulfilment-lines" id="fulfilment-lines">
        <caption class="visually-hidden">{m.title}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {m.colLine}
            </th>
            <th scope="col">{m.colSku}</th>
            <th scope="col">{m.colName}</th>
            <th scope="col" class="num">
              {m.colOrdered}
            </th>
            <th scope="col" class="num">
              {m.colShipped}
            </th>
            <th scope="col" class="num">
              {m.colDrafted}
            </th>
            <th scope="col" class="num">
              {m.colRemaining}
            </th>
            {canCreate ? (
              <th scope="col" class="num">
                {m.colToShip}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {p.lines.map((l) => {
            const k = `qty_${l.id}`;
            return (
              <tr id={`fulfilment-${l.id}`} data-remaining={String(l.remaining)}>
                <td class="num">{l.line_no}</td>
                <td class="mono nowrap">{l.sku}</td>
                <td>{l.name}</td>
                <td class="num">
                  {l.qty} {l.unit}
                </td>
                <td class="num" data-col="shipped">
                  {l.shipped_qty}
                </td>
                <td class="num muted">{l.drafted_qty || ''}</td>
                <td class={`num${l.remaining ? '' : ' muted'}`} data-col="remaining">
                  {l.remaining}
                </td>
                {canCreate ? (
                  <td class="num">
                    {l.remaining > 0 ? (
                      <>
                        <input
                          class="entry-input entry-input--qty"
                          name={k}
                          value={values[k] ?? String(l.remaining)}
                          inputmode="numeric"
                          maxlength={7}
                          aria-label={`${m.colToShip} ${l.sku}`}
                          aria-invalid={errors[k] ? 'true' : undefined}
                          aria-describedby={errors[k] ? `${k}-error` : undefined}
                        />
                        <FieldError id={`${k}-error`} text={errors[k]} />
                      </>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  return (
    <section aria-labelledby="shipments-title" id="shipments" class="stack shipments">
      <div class="shipments__head">
        <h2 id="shipments-title">{m.title}</h2>
        {p.canShip && shippable ? (
          p.openPickId ? (
            <a class="btn btn--secondary btn--small" href={`/staff/stock/pick/${p.openPickId}`} id="open-pick">
              {m.openPick(p.openPickId)}
            </a>
          ) : anyRemaining ? (
            <PostForm action={`/staff/stock/pick/orders/${p.orderId}`} class="inline">
              <Button variant="secondary" attrs={{ id: 'start-pick' }}>
                {m.startPick}
              </Button>
            </PostForm>
          ) : null
        ) : null}
      </div>
      {!shippable && !p.shipments.length ? <p class="muted">{m.notShippable}</p> : null}
      {!p.canShip && shippable ? <p class="muted small">{m.readOnly}</p> : null}
      {canCreate ? (
        <PostForm action={base} attrs={{ id: 'shipment-form' }}>
          {table}
          <div class="panel shipment-new">
            <h3>{m.newTitle}</h3>
            <p class="field__hint">{m.newHint}</p>
            <div class="row-form">
              <TrackingFields prefix="new" locale={p.locale} values={values} errors={errors} keyOf={(f) => f} />
              <div class="field field--check">
                <label>
                  <input type="checkbox" name="ship_now" value="1" checked={values.ship_now === '1' ? true : undefined} /> {m.shipNow}
                </label>
              </div>
              <Button attrs={{ id: 'create-shipment' }}>{m.create}</Button>
            </div>
            <FieldError id="shipment-form-error" text={errors.form} />
          </div>
        </PostForm>
      ) : (
        <>
          {table}
          {!anyRemaining && p.shipments.length ? <p class="muted small">{m.allShipped}</p> : null}
        </>
      )}
      {p.shipments.length ? (
        <ol class="shipment-list" id="shipment-list">
          {p.shipments.map((s) => (
            <ShipmentCard {...p} s={s} />
          ))}
        </ol>
      ) : shippable ? (
        <p class="muted">{m.none}</p>
      ) : null}
    </section>
  );
}
