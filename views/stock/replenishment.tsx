import type { Locale } from '../../src/i18n/define.ts';
import { stockMessages } from '../../src/stock/messages.ts';
import type { ReplenishRow, ReplenishSort } from '../../src/stock/replenishment.ts';
import { Pagination } from '../components/pagination.tsx';
import { EmptyState } from '../components/table.tsx';
import { QtyCells, QtyHeaders, StockSubnav, STOCK_PATH } from './levels.tsx';

export const REPLENISH_PATH = `${STOCK_PATH}/replenishment`;

export interface ReplenishProps {
  locale: Locale;
  rows: ReplenishRow[];
  total: number;
  sort: ReplenishSort;
  desc: boolean;
  page: number;
  pages: number;
  canPick: boolean;
}

export function replenishHref(sort: ReplenishSort, desc: boolean, page = 1): string {
  const sp = new URLSearchParams({ sort, dir: desc ? 'desc' : 'asc' });
  if (page > 1) sp.set('page', String(page));
  return `${REPLENISH_PATH}?${sp}`;
}

/** A sortable column header: a link (works without JS) with aria-sort on the current column. */
function SortHeader(p: { label: string; col: ReplenishSort; props: ReplenishProps; numeric?: boolean }) {
  const t = stockMessages[p.props.locale];
  const current = p.props.sort === p.col;
  // A first click sorts shortages and names the useful way round: biggest order first, A→Z.
  const nextDesc = current ? !p.props.desc : p.col === 'shortage';
  return (
    <th scope="col" class={p.numeric ? 'num' : undefined} aria-sort={current ? (p.props.desc ? 'descending' : 'ascending') : undefined}>
      <a href={replenishHref(p.col, nextDesc)} title={t.sortBy(p.label)}>
        {p.label}
        {current ? (p.props.desc ? ' ↓' : ' ↑') : ''}
      </a>
    </th>
  );
}

export function ReplenishmentPage(p: ReplenishProps) {
  const t = stockMessages[p.locale];
  return (
    <div class="stack">
      <header>
        <h1>{t.replenishTitle}</h1>
        <p class="muted">{t.replenishLead}</p>
      </header>
      <StockSubnav t={t} current="replenishment" canPick={p.canPick} />
      {p.rows.length === 0 ? (
        <EmptyState title={t.replenishEmpty} text={t.replenishEmptyText} action={<a class="btn btn--secondary" href={`${STOCK_PATH}?state=low`}>{t.tabLevels}</a>} />
      ) : (
        <>
          <p class="stock-toolbar">
            <span>{t.replenishCount(p.total)}</span>
            <a class="btn btn--secondary" href={`${REPLENISH_PATH}/export.csv?${new URLSearchParams({ sort: p.sort, dir: p.desc ? 'desc' : 'asc' })}`} download>
              {t.replenishCsv}
            </a>
          </p>
          <div class="table-wrap">
            <table class="table" id="replenishment-table">
              <caption class="visually-hidden">{t.replenishTitle}</caption>
              <thead>
                <tr>
                  <SortHeader label={t.colSku} col="sku" props={p} />
                  <SortHeader label={t.colName} col="name" props={p} />
                  <QtyHeaders t={t} available={<SortHeader label={t.colAvailable} col="available" props={p} numeric />} />
                  <th scope="col" class="num">
                    {t.colPack}
                  </th>
                  <SortHeader label={t.colSuggested} col="shortage" props={p} numeric />
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr id={`replenish-${r.id}`}>
                    <td class="mono">
                      <a href={`${STOCK_PATH}/products/${r.id}`}>{r.sku}</a>
                    </td>
                    <td>{r.name}</td>
                    <QtyCells row={r} />
                    <td class="num">{r.pack}</td>
                    <td class="num" data-col="suggested">
                      <strong>{r.suggested}</strong> {r.unit}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            label={t.pages}
            firstHref={p.page > 1 ? replenishHref(p.sort, p.desc, p.page - 1) : null}
            nextHref={p.page < p.pages ? replenishHref(p.sort, p.desc, p.page + 1) : null}
            firstLabel={String(p.page - 1)}
            nextLabel={String(p.page + 1)}
          />
        </>
      )}
    </div>
  );
}
