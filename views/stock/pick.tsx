import type { Locale } from '../../src/i18n/define.ts';
import { stockMessages } from '../../src/stock/messages.ts';
import { shippingMessages } from '../../src/shipping/messages.ts';
import { pickFlag, type PickFlag, type PickLine, type PickSession } from '../../src/stock/pick.ts';
import { EmptyState, StatusBadge, Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';
import { StockSubnav, STOCK_PATH } from './levels.tsx';

export const PICK_PATH = `${STOCK_PATH}/pick`;
export const PICK_PANEL_ID = 'pick-panel';

export type SessionSummary = PickSession & { lines: number; scanned: number };

export interface PickSessionsProps {
  locale: Locale;
  timeZone: string;
  open: SessionSummary[];
  closed: SessionSummary[];
  reference: string;
  error?: string;
}

function SessionTable(p: { locale: Locale; timeZone: string; rows: SessionSummary[]; id: string; caption: string }) {
  const t = stockMessages[p.locale];
  return (
    <Table<SessionSummary>
      caption={p.caption}
      id={p.id}
      rows={p.rows}
      columns={[
        { header: '#', cell: (s) => <a href={`${PICK_PATH}/${s.id}`}>#{s.id}</a> },
        { header: t.colReference, cell: (s) => s.reference || '—' },
        {
          header: t.colCreated,
          cell: (s) => (
            <>
              <Time at={s.created_at} locale={p.locale} timeZone={p.timeZone} /> {s.created_by_name ? <span class="muted">· {s.created_by_name}</span> : null}
            </>
          ),
        },
        { header: t.colLines, numeric: true, cell: (s) => s.lines },
        { header: t.colScanned, numeric: true, cell: (s) => s.scanned },
        { header: t.colStatus, cell: (s) => <StatusBadge status={s.status === 'open' ? 'active' : 'closed'} label={t[`status_${s.status}`]} /> },
      ]}
    />
  );
}

export function PickSessionsPage(p: PickSessionsProps) {
  const t = stockMessages[p.locale];
  return (
    <div class="stack">
      <header>
        <h1>{t.pickTitle}</h1>
        <p class="muted">{t.pickLead}</p>
      </header>
      <StockSubnav t={t} current="pick" canPick />
      <form method="post" action={PICK_PATH} class="panel filters" aria-labelledby="pick-start-h">
        <h2 id="pick-start-h" class="visually-hidden">
          {t.pickStart}
        </h2>
        <div class={`field${p.error ? ' field--error' : ''}`}>
          <label for="f-reference">{t.pickReference}</label>
          <input id="f-reference" name="reference" type="text" maxlength={120} value={p.reference} autocomplete="off" aria-describedby="f-reference-hint" />
          <p class="field__hint" id="f-reference-hint">
            {t.pickReferenceHint}
          </p>
          {p.error ? (
            <p class="field__error" role="alert">
              {p.error}
            </p>
          ) : null}
        </div>
        <button type="submit" class="btn btn--primary">
          {t.pickStartSubmit}
        </button>
      </form>
      <h2>{t.pickOpen}</h2>
      {p.open.length ? <SessionTable locale={p.locale} timeZone={p.timeZone} rows={p.open} id="pick-open" caption={t.pickOpen} /> : <EmptyState title={t.pickNone} text={t.pickNoneText} />}
      {p.closed.length ? (
        <>
          <h2>{t.pickClosed}</h2>
          <SessionTable locale={p.locale} timeZone={p.timeZone} rows={p.closed} id="pick-closed" caption={t.pickClosed} />
        </>
      ) : null}
    </div>
  );
}

export interface ScanPanelProps {
  locale: Locale;
  session: PickSession;
  lines: PickLine[];
  message?: { kind: 'ok' | 'warn' | 'error'; text: string };
  /** The scan just counted, so it can be taken back (kept in the page, not the database). */
  last?: { productId: number; sku: string; qty: number };
}

/**
 * The scanning panel: input, message, undo, lines. Every scan swaps the whole panel; the new
 * input carries the same id and `autofocus`, which htmx 4 focuses after the swap, so a
 * keyboard-wedge scanner can go straight on. Errors are text (role=alert), never a sound.
 */
export function ScanPanel(p: ScanPanelProps) {
  const t = stockMessages[p.locale];
  const base = `${PICK_PATH}/${p.session.id}`;
  const open = p.session.status === 'open';
  const htmx = (action: string) => ({ 'hx-post': action, 'hx-target': `#${PICK_PANEL_ID}`, 'hx-swap': 'outerHTML' });
  const forOrder = p.session.order_id !== null;
  const showExpected = forOrder || p.lines.some((l) => l.expected_qty !== null);
  const pieces = p.lines.reduce((n, l) => n + l.scanned_qty, 0);
  const sm = shippingMessages[p.locale];
  const flags = p.lines.map((l) => pickFlag(p.session, l));
  const count = (f: PickFlag) => flags.filter((x) => x === f).length;
  const flagText = (f: PickFlag, l: PickLine) =>
    f === 'short' ? sm.flagShort((l.expected_qty ?? 0) - l.scanned_qty) : f === 'over' ? sm.flagOver(l.scanned_qty - (l.expected_qty ?? 0)) : f === 'unexpected' ? sm.flagUnexpected : sm.flagOk;
  return (
    <div id={PICK_PANEL_ID} class="pick-panel">
      {open ? (
        <form method="post" action={`${base}/scans`} class="pick-scan" {...htmx(`${base}/scans`)}>
          <div class="field pick-scan__code">
            <label for="scan-code">{t.scanLabel}</label>
            <input
              id="scan-code"
              name="code"
              type="text"
              value=""
              autofocus
              autocomplete="off"
              autocapitalize="off"
              spellcheck={false}
              enterkeyhint="send"
              maxlength={80}
              aria-describedby={p.message?.kind === 'error' ? 'scan-hint scan-message' : 'scan-hint'}
              aria-invalid={p.message?.kind === 'error' ? 'true' : undefined}
            />
            <p class="field__hint" id="scan-hint">
              {t.scanHint}
            </p>
          </div>
          <div class="field pick-scan__qty">
            <label for="scan-qty">{t.scanQty}</label>
            <input id="scan-qty" name="qty" type="number" min={1} max={9999} value="1" inputmode="numeric" />
          </div>
          <button type="submit" class="btn btn--primary btn--large">
            {t.scanSubmit}
          </button>
        </form>
      ) : (
        <p class="notice notice--info">{t.sessionClosedNote}</p>
      )}
      <div class="pick-message">
        {p.message?.kind === 'error' ? (
          <p id="scan-message" class="flash flash--error pick-message__text" role="alert">
            {p.message.text}
          </p>
        ) : p.message?.kind === 'warn' ? (
          <p id="scan-message" class="flash flash--warn pick-message__text" role="alert">
            {p.message.text}
          </p>
        ) : p.message ? (
          <p id="scan-message" class="flash flash--success pick-message__text" role="status">
            {p.message.text}
          </p>
        ) : null}
        {open && p.last ? (
          <form method="post" action={`${base}/undo`} class="inline" {...htmx(`${base}/undo`)}>
            <input type="hidden" name="product_id" value={String(p.last.productId)} />
            <input type="hidden" name="qty" value={String(p.last.qty)} />
            <button type="submit" class="btn btn--secondary btn--small" id="pick-undo">
              {t.undo(p.last.qty, p.last.sku)}
            </button>
          </form>
        ) : null}
      </div>
      <p class="muted" id="pick-totals">
        {t.totals(p.lines.length, pieces)}
        {forOrder && p.lines.length ? (
          <>
            {' · '}
            <span id="pick-check" class={count('ok') === p.lines.length ? 'pick-check pick-check--ok' : 'pick-check pick-check--off'}>
              {count('ok') === p.lines.length ? sm.pickComplete : sm.pickSummary(count('short'), count('over'), count('unexpected'))}
            </span>
          </>
        ) : null}
      </p>
      {p.lines.length === 0 ? (
        <EmptyState title={t.linesEmpty} text={t.linesEmptyText} />
      ) : (
        <div class="table-wrap">
          <table class="table" id="pick-lines">
            <caption class="visually-hidden">{t.pickSession(p.session.id)}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colSku}</th>
                <th scope="col">{t.colName}</th>
                <th scope="col">{t.barcode}</th>
                {showExpected ? (
                  <th scope="col" class="num">
                    {t.colExpected}
                  </th>
                ) : null}
                <th scope="col" class="num">
                  {t.colScanned}
                </th>
                {forOrder ? <th scope="col">{sm.colCheck}</th> : null}
                {open ? <th scope="col">{t.setCount}</th> : null}
              </tr>
            </thead>
            <tbody>
              {p.lines.map((l, i) => (
                <tr
                  id={`pick-line-${l.product_id}`}
                  data-flag={forOrder ? flags[i] : undefined}
                  class={[i === 0 && p.last?.productId === l.product_id ? 'pick-line--last' : '', forOrder && flags[i] !== 'ok' ? `pick-line--${flags[i]}` : ''].filter(Boolean).join(' ') || undefined}
                >
                  <td class="mono">{l.sku}</td>
                  <td>{l.name}</td>
                  <td class="mono">{l.barcode ?? '—'}</td>
                  {showExpected ? <td class="num">{l.expected_qty ?? '—'}</td> : null}
                  <td class="num pick-count" data-col="scanned">
                    {l.scanned_qty}
                  </td>
                  {forOrder ? (
                    <td>
                      <span class={`badge ${flags[i] === 'ok' ? 'badge--done' : flags[i] === 'short' ? 'badge--waiting' : 'badge--error'}`}>{flagText(flags[i]!, l)}</span>
                    </td>
                  ) : null}
                  {open ? (
                    <td>
                      <form method="post" action={`${base}/lines/${l.product_id}`} class="inline pick-set" {...htmx(`${base}/lines/${l.product_id}`)}>
                        <label class="visually-hidden" for={`count-${l.product_id}`}>
                          {t.setCount} ({l.sku})
                        </label>
                        <input id={`count-${l.product_id}`} name="count" type="number" min={0} value={String(l.scanned_qty)} inputmode="numeric" />
                        <button type="submit" class="btn btn--secondary btn--small">
                          {t.setCountSave}
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export interface OrderPickInfo {
  id: number;
  number: string;
  /** The draft (or later) shipment made from this session's scans, if any. */
  shipment: string | null;
  /** Why "close and create shipment" was refused (the session stays open). */
  error?: string;
}

export function PickSessionPage(p: ScanPanelProps & { timeZone: string; order?: OrderPickInfo }) {
  const t = stockMessages[p.locale];
  const sm = shippingMessages[p.locale];
  const s = p.session;
  const o = p.order;
  return (
    <div class="stack">
      <p>
        <a href={PICK_PATH}>{t.backToSessions}</a>
        {o ? (
          <>
            {' · '}
            <a href={`/staff/orders/${o.id}#shipments`}>{sm.backToOrder}</a>
          </>
        ) : null}
      </p>
      <header>
        <h1>
          {t.pickSession(s.id)}
          {o ? <span class="muted"> — {sm.pickForOrder(o.number)}</span> : s.reference ? <span class="muted"> — {s.reference}</span> : null}
        </h1>
        <p class="muted">
          <StatusBadge status={s.status === 'open' ? 'active' : 'closed'} label={t[`status_${s.status}`]} /> <Time at={s.created_at} locale={p.locale} timeZone={p.timeZone} />
          {s.created_by_name ? ` · ${s.created_by_name}` : ''}
        </p>
      </header>
      {o?.error ? (
        <p class="flash flash--error" role="alert" id="pick-close-error">
          {o.error}
        </p>
      ) : null}
      <ScanPanel {...p} />
      {o?.shipment ? (
        <p class="notice notice--info" id="pick-shipment">
          <a href={`/staff/orders/${o.id}#shipments`}>{sm.pickHasShipment(o.shipment)}</a>
        </p>
      ) : null}
      <div class="row-actions pick-close-row">
        {o && !o.shipment ? (
          <form method="post" action={`${PICK_PATH}/${s.id}/shipment`} class="inline pick-close">
            <button type="submit" class="btn btn--primary" id="pick-ship">
              {s.status === 'open' ? sm.closeAndShip : sm.createFromPick}
            </button>
          </form>
        ) : null}
        {s.status === 'open' ? (
          <form method="post" action={`${PICK_PATH}/${s.id}/close`} class="inline pick-close">
            <button type="submit" class="btn btn--secondary">
              {o ? sm.closeOnly : t.closeSession}
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
