import type { Locale } from '../../src/i18n/define.ts';
import { available, type MovementRow, type StockProduct } from '../../src/stock/levels.ts';
import { stockMessages, type StockMessages } from '../../src/stock/messages.ts';
import { Pagination } from '../components/pagination.tsx';
import { EmptyState, Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';
import { AdjustStockForm, AvailabilityBadge, blankAdjust, STOCK_PATH, type AdjustForm } from './levels.tsx';

export const LEVELS_PANEL_ID = 'stock-levels-panel';

/** Current levels with the adjustment form; the fragment an adjustment on this page answers with. */
export function LevelsPanel(p: { locale: Locale; timeZone: string; product: StockProduct; form?: AdjustForm }) {
  const t = stockMessages[p.locale];
  const pr = p.product;
  return (
    <section class="panel" id={LEVELS_PANEL_ID} aria-labelledby="levels-h">
      <h2 id="levels-h">{t.levels}</h2>
      <ul class="stat-row stock-stats">
        <li>
          <span class="muted">{t.colOnHand}</span> <strong data-col="on-hand">{pr.stock_qty}</strong>
        </li>
        <li>
          <span class="muted">{t.colReserved}</span> <strong data-col="reserved">{pr.reserved_qty}</strong>
        </li>
        <li>
          <span class="muted">{t.colAvailable}</span> <strong data-col="available">{available(pr)}</strong>
        </li>
        <li>
          <span class="muted">{t.colMin}</span> <strong data-col="min">{pr.min_stock}</strong>
        </li>
        <li>
          <AvailabilityBadge t={t} row={pr} />
        </li>
      </ul>
      {pr.low_stock_alerted_at ? (
        <p class="muted">
          {t.alertedAt}: <Time at={pr.low_stock_alerted_at} locale={p.locale} timeZone={p.timeZone} />
        </p>
      ) : null}
      <AdjustStockForm t={t} productId={pr.id} sku={pr.sku} form={p.form ?? blankAdjust} target={LEVELS_PANEL_ID} context="detail" />
    </section>
  );
}

export interface MinStockFormState {
  value: string;
  error?: string;
  message?: string;
}

export function MinStockForm(p: { t: StockMessages; productId: number; form: MinStockFormState }) {
  const action = `${STOCK_PATH}/products/${p.productId}/min-stock`;
  return (
    <form method="post" action={action} id="min-stock-form" class="panel" hx-post={action} hx-target="#min-stock-form" hx-swap="outerHTML">
      <div class={`field${p.form.error ? ' field--error' : ''}`}>
        <label for="f-min-stock">{p.t.minStockLabel}</label>
        <input
          id="f-min-stock"
          name="min_stock"
          type="text"
          inputmode="numeric"
          value={p.form.value}
          required
          aria-invalid={p.form.error ? 'true' : undefined}
          aria-describedby={p.form.error ? 'f-min-stock-hint f-min-stock-error' : 'f-min-stock-hint'}
        />
        <p class="field__hint" id="f-min-stock-hint">
          {p.t.minStockHint}
        </p>
        {p.form.error ? (
          <p class="field__error" id="f-min-stock-error" role="alert">
            {p.form.error}
          </p>
        ) : null}
        {p.form.message ? (
          <p class="stock-adjust__msg--ok" role="status">
            {p.form.message}
          </p>
        ) : null}
      </div>
      <button type="submit" class="btn btn--secondary">
        {p.t.minStockSave}
      </button>
    </form>
  );
}

export interface StockProductProps {
  locale: Locale;
  timeZone: string;
  product: StockProduct;
  movements: MovementRow[];
  firstHref: string | null;
  nextHref: string | null;
  /** A refused adjustment or minimum posted without htmx: shown again with its error. */
  adjust?: AdjustForm;
  minStock?: MinStockFormState;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function StockProductPage(p: StockProductProps) {
  const t = stockMessages[p.locale];
  const pr = p.product;
  return (
    <div class="stack">
      <p>
        <a href={STOCK_PATH}>{t.backToList}</a>
      </p>
      <header>
        <h1>
          <span class="mono">{pr.sku}</span> — {pr.name}
        </h1>
      </header>
      <dl class="facts">
        <dt>{t.category}</dt>
        <dd>{pr.category_name ?? '—'}</dd>
        <dt>{t.barcode}</dt>
        <dd class="mono">{pr.barcode ?? '—'}</dd>
        <dt>{t.unit}</dt>
        <dd>{pr.unit}</dd>
        <dt>{t.pack}</dt>
        <dd>{pr.pieces_per_package ?? '—'}</dd>
      </dl>
      <LevelsPanel locale={p.locale} timeZone={p.timeZone} product={pr} form={p.adjust} />
      <MinStockForm t={t} productId={pr.id} form={p.minStock ?? { value: String(pr.min_stock) }} />
      <section aria-labelledby="movements-h">
        <h2 id="movements-h">{t.movements}</h2>
        <Table<MovementRow>
          caption={t.movements}
          id="movements-table"
          rows={p.movements}
          empty={<EmptyState title={t.movementsEmpty} text={t.movementsEmptyText} />}
          columns={[
            { header: t.colAt, cell: (m) => <Time at={m.created_at} locale={p.locale} timeZone={p.timeZone} /> },
            { header: t.colDelta, numeric: true, cell: (m) => <span class={m.delta < 0 ? 'error-text' : undefined}>{signed(m.delta)}</span> },
            { header: t.colAfter, numeric: true, cell: (m) => m.qty_after },
            { header: t.colSource, cell: (m) => t[`source_${m.source}`] },
            { header: t.colNote, cell: (m) => m.note },
            {
              header: t.colBy,
              cell: (m) => m.user_name ?? (m.import_id ? t.byImport(m.import_id) : m.api_key_id ? t.byApiKey(m.api_key_id) : '—'),
            },
          ]}
        />
        <Pagination label={t.movements} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={t.newer} nextLabel={t.older} />
      </section>
    </div>
  );
}
