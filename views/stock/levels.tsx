import type { Child } from 'hono/jsx';
import type { Locale } from '../../src/i18n/define.ts';
import { available, isLow, STOCK_FILTERS, type StockFilter, type StockRow } from '../../src/stock/levels.ts';
import { stockMessages, type StockMessages } from '../../src/stock/messages.ts';
import { FilterForm } from '../components/filter-form.tsx';
import { Pagination } from '../components/pagination.tsx';
import { EmptyState } from '../components/table.tsx';

export const STOCK_PATH = '/staff/stock';

/** Tabs of the stock area; pick/pack only for those who may scan. */
export function StockSubnav(p: { t: StockMessages; current: 'levels' | 'replenishment' | 'pick'; canPick: boolean }) {
  const items = [
    { key: 'levels', href: STOCK_PATH, label: p.t.tabLevels },
    { key: 'replenishment', href: `${STOCK_PATH}/replenishment`, label: p.t.tabReplenishment },
    ...(p.canPick ? [{ key: 'pick', href: `${STOCK_PATH}/pick`, label: p.t.tabPick }] : []),
  ];
  return (
    <nav class="stock-tabs" aria-label={p.t.subnav}>
      {items.map((i) => (
        <a href={i.href} aria-current={i.key === p.current ? 'page' : undefined}>
          {i.label}
        </a>
      ))}
    </nav>
  );
}

export function AvailabilityBadge(p: { t: StockMessages; row: Pick<StockRow, 'availability' | 'stock_qty' | 'reserved_qty' | 'min_stock'> }) {
  const cls = p.row.availability === 'in_stock' ? 'badge--done' : p.row.availability === 'backorder' ? 'badge--waiting' : 'badge--error';
  return (
    <>
      <span class={`badge ${cls}`}>{p.t[`availability_${p.row.availability}`]}</span>
      {isLow(p.row) && p.row.availability === 'in_stock' ? <span class="badge badge--waiting">{p.t.lowBadge}</span> : null}
    </>
  );
}

export interface AdjustForm {
  mode: 'delta' | 'count';
  qty: string;
  reason: string;
  error?: string;
  message?: string;
}

export const blankAdjust: AdjustForm = { mode: 'delta', qty: '', reason: '' };

/**
 * The inline adjustment form: a change with a reason, or a counted quantity. htmx posts it and
 * swaps `target` (the row, or the levels panel on the product page); without JS it posts and
 * the server redirects back.
 */
export function AdjustStockForm(p: { t: StockMessages; productId: number; sku: string; form: AdjustForm; target: string; context: 'row' | 'detail' }) {
  const id = `adj-${p.context}-${p.productId}`;
  const errId = `${id}-error`;
  return (
    <form
      method="post"
      action={`${STOCK_PATH}/products/${p.productId}/adjust`}
      class="stock-adjust"
      hx-post={`${STOCK_PATH}/products/${p.productId}/adjust`}
      hx-target={`#${p.target}`}
      hx-swap="outerHTML"
    >
      <input type="hidden" name="context" value={p.context} />
      <label class="visually-hidden" for={`${id}-mode`}>
        {p.t.adjustMode} ({p.sku})
      </label>
      <select id={`${id}-mode`} name="mode">
        <option value="delta" selected={p.form.mode === 'delta'}>
          {p.t.modeDelta}
        </option>
        <option value="count" selected={p.form.mode === 'count'}>
          {p.t.modeCount}
        </option>
      </select>
      <label class="visually-hidden" for={`${id}-qty`}>
        {p.t.adjustQty} ({p.sku})
      </label>
      <input
        id={`${id}-qty`}
        name="qty"
        type="text"
        inputmode="numeric"
        class="stock-adjust__qty"
        value={p.form.qty}
        required
        autocomplete="off"
        aria-invalid={p.form.error ? 'true' : undefined}
        aria-describedby={p.form.error ? errId : undefined}
      />
      <label class="visually-hidden" for={`${id}-reason`}>
        {p.t.adjustReason} ({p.sku})
      </label>
      <input id={`${id}-reason`} name="reason" type="text" maxlength={200} placeholder={p.t.adjustReason} value={p.form.reason} autocomplete="off" />
      <button type="submit" class="btn btn--secondary btn--small">
        {p.t.adjustSave}
      </button>
      {p.form.error ? (
        <p class="field__error stock-adjust__msg" id={errId} role="alert">
          {p.form.error}
        </p>
      ) : p.form.message ? (
        <p class="stock-adjust__msg stock-adjust__msg--ok" role="status">
          {p.form.message}
        </p>
      ) : null}
    </form>
  );
}

type Qty = Pick<StockRow, 'stock_qty' | 'reserved_qty' | 'min_stock'>;

/** On hand, reserved, available and minimum headers (levels and replenishment tables); `available` replaces the plain available header (a sort link). */
export function QtyHeaders(p: { t: StockMessages; available?: Child }) {
  return (
    <>
      <th scope="col" class="num">
        {p.t.colOnHand}
      </th>
      <th scope="col" class="num">
        {p.t.colReserved}
      </th>
      {p.available ?? (
        <th scope="col" class="num">
          {p.t.colAvailable}
        </th>
      )}
      <th scope="col" class="num">
        {p.t.colMin}
      </th>
    </>
  );
}

/** The cells under QtyHeaders; available at or below zero is marked. */
export function QtyCells(p: { row: Qty }) {
  const r = p.row;
  const avail = available(r);
  return (
    <>
      <td class="num" data-col="on-hand">
        {r.stock_qty}
      </td>
      <td class="num" data-col="reserved">
        {r.reserved_qty}
      </td>
      <td class={`num${avail <= 0 ? ' error-text' : ''}`} data-col="available">
        {avail}
      </td>
      <td class="num" data-col="min">
        {r.min_stock}
      </td>
    </>
  );
}

/** One row of the levels table; also the fragment an inline adjustment answers with. */
export function StockRowView(p: { t: StockMessages; row: StockRow; form?: AdjustForm }) {
  const r = p.row;
  const rowId = `stock-row-${r.id}`;
  return (
    <tr id={rowId} class={isLow(r) ? 'stock-row--low' : undefined}>
      <td class="mono">
        <a href={`${STOCK_PATH}/products/${r.id}`}>{r.sku}</a>
      </td>
      <td>
        {r.name}
        {!r.active ? <span class="badge badge--neutral">{p.t.inactiveBadge}</span> : r.hidden ? <span class="badge badge--neutral">{p.t.hiddenBadge}</span> : null}
      </td>
      <QtyCells row={r} />
      <td>
        <AvailabilityBadge t={p.t} row={r} />
      </td>
      <td>
        <AdjustStockForm t={p.t} productId={r.id} sku={r.sku} form={p.form ?? blankAdjust} target={rowId} context="row" />
      </td>
    </tr>
  );
}

export interface LevelsProps {
  locale: Locale;
  q: string;
  categoryId: number | null;
  filter: StockFilter | null;
  categories: { id: number; label: string }[];
  rows: StockRow[];
  firstHref: string | null;
  nextHref: string | null;
  canPick: boolean;
  anyProducts: boolean;
}

export function StockResults(p: LevelsProps) {
  const t = stockMessages[p.locale];
  const filtered = Boolean(p.q || p.categoryId || p.filter);
  let body: Child;
  if (!p.rows.length) {
    body = filtered || p.anyProducts ? <EmptyState title={t.emptyTitle} text={t.emptyText} /> : <EmptyState title={t.emptyCatalogTitle} text={t.emptyCatalogText} />;
  } else {
    body = (
      <div class="table-wrap">
        <table class="table stock-table" id="stock-table">
          <caption class="visually-hidden">{t.tabLevels}</caption>
          <thead>
            <tr>
              <th scope="col">{t.colSku}</th>
              <th scope="col">{t.colName}</th>
              <QtyHeaders t={t} />
              <th scope="col">{t.colAvailability}</th>
              <th scope="col">{t.colAdjust}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((row) => (
              <StockRowView t={t} row={row} />
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div id="stock-results">
      {body}
      <Pagination label={t.pages} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={t.newer} nextLabel={t.older} />
    </div>
  );
}

export function StockLevelsPage(p: LevelsProps) {
  const t = stockMessages[p.locale];
  return (
    <div class="stack">
      <header>
        <h1>{t.title}</h1>
        <p class="muted">{t.lead}</p>
      </header>
      <StockSubnav t={t} current="levels" canPick={p.canPick} />
      <FilterForm action={STOCK_PATH} target="#stock-results" submitLabel={t.filterSubmit}>
        <div class="field">
          <label for="f-q">{t.filterQ}</label>
          <input id="f-q" name="q" type="search" value={p.q} autocomplete="off" />
        </div>
        <div class="field">
          <label for="f-category">{t.filterCategory}</label>
          <select id="f-category" name="category">
            <option value="">{t.filterAllCategories}</option>
            {p.categories.map((c) => (
              <option value={String(c.id)} selected={c.id === p.categoryId}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-state">{t.filterState}</label>
          <select id="f-state" name="state">
            <option value="">{t.filterAll}</option>
            {STOCK_FILTERS.map((f) => (
              <option value={f} selected={f === p.filter}>
                {t[`filter_${f}`]}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      <StockResults {...p} />
    </div>
  );
}
