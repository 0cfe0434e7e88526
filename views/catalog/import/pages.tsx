import type { Child } from 'hono/jsx';
import type { ImportKind, ImportStatus } from '../../../src/db/types.ts';
import { FIELD_LABELS, KIND_FIELDS, type Target } from '../../../src/catalog/import/columns.ts';
import type { ImportMessages } from '../../../src/catalog/import/messages.ts';
import type { Cell } from '../../../src/catalog/import/read.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState, Table } from '../../components/table.tsx';
import { Time } from '../../components/time.tsx';

export const IMPORTS = '/staff/imports';
const KINDS: ImportKind[] = ['products', 'stock', 'prices'];
const STATUS_BADGE: Record<ImportStatus, string> = { uploaded: 'badge--neutral', queued: 'badge--waiting', running: 'badge--progress', done: 'badge--done', failed: 'badge--error' };

interface Base {
  t: ImportMessages;
  locale: Locale;
  timeZone: string;
}

/** The list a price-list run fills (PRC-1): its pages sit in the pricing section and lead back to it. */
export interface PriceListContext {
  id: number;
  name: string;
  currency: string;
}

const priceListHref = (id: number) => `/staff/price-lists/${id}`;

/**
 * Where a price-list run belongs: price lists › the list › its import page. Breadcrumbs rather than
 * the pricing tabs, since the run pages themselves live under Imports. Nothing for catalog runs.
 */
export function PriceListCrumbs(p: { t: ImportMessages; locale: Locale; priceList?: PriceListContext | null; current?: boolean }) {
  if (!p.priceList) return null;
  const href = priceListHref(p.priceList.id);
  return (
    <nav class="breadcrumbs import-crumbs" aria-label={p.t.crumbsLabel}>
      <a href="/staff/price-lists">{p.t.crumbLists}</a>
      <span aria-hidden="true"> › </span>
      <a href={href}>{p.t.priceListContext(p.priceList.name, p.priceList.currency)}</a>
      <span aria-hidden="true"> › </span>
      <a href={`${href}/import`} aria-current={p.current ? 'page' : undefined}>
        {p.t.crumbImport}
      </a>
    </nav>
  );
}

/** The upload form: file (XLSX/CSV, CAT-8 limits) and, on the catalog page, what the file holds. */
export function ImportUploadForm(p: { t: ImportMessages; action: string; kinds: ImportKind[] | null; values: { kind?: string }; errors: { kind?: string; file?: string } }) {
  const { t } = p;
  return (
    <form method="post" action={p.action} enctype="multipart/form-data" class="stack">
      {p.kinds ? (
        <fieldset class={`field${p.errors.kind ? ' field--error' : ''}`} id="f-kind-field">
          <legend>{t.kindLabel}</legend>
          {p.kinds.map((k) => (
            <label class="check">
              <input type="radio" name="kind" value={k} checked={(p.values.kind ?? 'products') === k} /> {t.kind(k)}
            </label>
          ))}
          {p.errors.kind ? (
            <p class="field__error" role="alert">
              {p.errors.kind}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <div class={`field${p.errors.file ? ' field--error' : ''}`} id="f-file-field">
        <label for="f-file">{t.fileLabel}</label>
        <input
          id="f-file"
          type="file"
          name="file"
          required
          accept=".xlsx,.csv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-invalid={p.errors.file ? 'true' : undefined}
          aria-describedby={p.errors.file ? 'f-file-hint f-file-error' : 'f-file-hint'}
        />
        <p class="field__hint" id="f-file-hint">
          {t.fileHint}
        </p>
        {p.errors.file ? (
          <p class="field__error" id="f-file-error" role="alert">
            {p.errors.file}
          </p>
        ) : null}
      </div>
      <div class="form-actions">
        <Button>{t.upload}</Button>
      </div>
    </form>
  );
}

export function ImportStatusBadge(p: { t: ImportMessages; status: ImportStatus }) {
  return <span class={`badge ${STATUS_BADGE[p.status]}`}>{p.t.status(p.status)}</span>;
}

/** What a run did: the history table's row and the result page's summary both show these. */
export interface RunCounts {
  id: number;
  kind: ImportKind;
  status: ImportStatus;
  original_name: string;
  total_rows: number;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  rejected_count: number;
}

type CountKey = 'total_rows' | 'created_count' | 'updated_count' | 'unchanged_count' | 'rejected_count';

/** The counts in display order: label, column and the stat key of the summary ('' for rows). */
function countColumns(t: ImportMessages): [string, CountKey, string][] {
  return [
    [t.colRows, 'total_rows', ''],
    [t.colCreated, 'created_count', 'created'],
    [t.colUpdated, 'updated_count', 'updated'],
    [t.colUnchanged, 'unchanged_count', 'unchanged'],
    [t.colRejected, 'rejected_count', 'rejected'],
  ];
}

export interface RunListRow extends RunCounts {
  created_at: Date;
  user_name: string | null;
}

/** Runs newest first with their counts; each opens its run page. */
export function RunHistoryTable(p: Base & { runs: RunListRow[]; caption: string; empty: Child; showKind?: boolean }) {
  const { t } = p;
  return (
    <Table
      caption={p.caption}
      rows={p.runs}
      rowId={(r) => `import-${r.id}`}
      empty={p.empty}
      columns={[
        { header: t.colFile, cell: (r) => <a href={`${IMPORTS}/${r.id}`}>{r.original_name}</a> },
        ...(p.showKind === false ? [] : [{ header: t.colKind, cell: (r: RunListRow) => t.kind(r.kind) }]),
        { header: t.colStatus, cell: (r) => <ImportStatusBadge t={t} status={r.status} /> },
        ...countColumns(t).map(([header, col]) => ({ header, numeric: true, cell: (r: RunListRow) => r[col] })),
        { header: t.colWhen, cell: (r) => <Time at={r.created_at} locale={p.locale} timeZone={p.timeZone} /> },
        { header: t.colBy, cell: (r) => r.user_name ?? '' },
      ]}
    />
  );
}

/** Upload form, export link and the history of runs. */
export function ImportIndexPage(p: Base & { runs: RunListRow[]; nextHref: string | null; firstHref: string | null; values: { kind?: string }; errors: { kind?: string; file?: string } }) {
  const { t } = p;
  return (
    <div class="stack imports">
      <div class="page-head">
        <h1>{t.title}</h1>
      </div>
      <p class="lead">{t.lead}</p>
      <div class="imports__top">
        <section class="card" aria-labelledby="import-upload-title">
          <h2 id="import-upload-title">{t.uploadTitle}</h2>
          <ImportUploadForm t={t} action={IMPORTS} kinds={KINDS} values={p.values} errors={p.errors} />
        </section>
        <section class="card card--quiet" aria-labelledby="import-export-title">
          <h2 id="import-export-title">{t.exportTitle}</h2>
          <p>{t.exportText}</p>
          <a class="btn btn--secondary" href={`${IMPORTS}/export.xlsx`} download>
            {t.exportButton}
          </a>
        </section>
      </div>
      <section aria-labelledby="import-history-title">
        <h2 id="import-history-title">{t.historyTitle}</h2>
        <RunHistoryTable t={t} locale={p.locale} timeZone={p.timeZone} runs={p.runs} caption={t.historyTitle} empty={<EmptyState title={t.historyEmpty} text={t.historyEmptyText} />} />
        <Pagination label={t.pages} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={t.newer} nextLabel={t.older} />
      </section>
    </div>
  );
}

/** The first rows and one select per column; the guessed targets are preselected. */
export function ImportPreviewPage(
  p: Base & {
    run: { id: number; kind: ImportKind; original_name: string; encoding: string; format: string };
    headers: string[];
    rows: { line: number; cells: Cell[] }[];
    targets: Target[];
    attributes: { code: string; name: string }[];
    errors: Record<string, string>;
    priceList?: PriceListContext | null;
  },
) {
  const { t } = p;
  const labels: Record<string, string> = { ...FIELD_LABELS[p.locale], ...(p.priceList ? { price: `${FIELD_LABELS[p.locale].price} (${p.priceList.currency})` } : {}) };
  const fields = KIND_FIELDS[p.run.kind];
  const show = (c: Cell | undefined) => (c === null || c === undefined ? '' : typeof c === 'boolean' ? (c ? '✓' : '✗') : String(c));
  return (
    <div class="stack imports">
      <PriceListCrumbs t={t} locale={p.locale} priceList={p.priceList} />
      <div class="page-head">
        <h1>{t.previewTitle(p.run.original_name)}</h1>
        <ImportStatusBadge t={t} status="uploaded" />
      </div>
      <p class="lead">
        {p.priceList ? t.previewLeadPriceList(p.rows.length) : t.previewLead(p.rows.length)} <span class="muted">{t.kind(p.run.kind)} · {p.run.format.toUpperCase()} · {t.encoding(p.run.encoding)}</span>
      </p>
      {p.errors.mapping ? (
        <p class="flash flash--error" role="alert">
          {p.errors.mapping}
        </p>
      ) : null}
      <form method="post" action={`${IMPORTS}/${p.run.id}/start`} class="stack">
        <div class="table-wrap">
          <table class="table import-preview">
            <caption class="visually-hidden">{t.previewTitle(p.run.original_name)}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t.rowNo}
                </th>
                {p.headers.map((h, i) => (
                  <th scope="col">
                    <span class="import-preview__header">{h || `#${i + 1}`}</span>
                    <label class="visually-hidden" for={`f-col_${i}`}>
                      {t.mappingFor(h || `#${i + 1}`)}
                    </label>
                    <select id={`f-col_${i}`} name={`col_${i}`} aria-invalid={p.errors[`col_${i}`] ? 'true' : undefined} aria-describedby={p.errors[`col_${i}`] ? `f-col_${i}-error` : undefined}>
                      <option value="">{t.ignore}</option>
                      {fields.map((f) => (
                        <option value={f} selected={p.targets[i] === f}>
                          {labels[f]}
                        </option>
                      ))}
                      {p.run.kind === 'products'
                        ? p.attributes.map((a) => (
                            <option value={`attr:${a.code}`} selected={p.targets[i] === `attr:${a.code}`}>
                              {t.attrOption(a.name)}
                            </option>
                          ))
                        : null}
                    </select>
                    {p.errors[`col_${i}`] ? (
                      <p class="field__error" id={`f-col_${i}-error`} role="alert">
                        {p.errors[`col_${i}`]}
                      </p>
                    ) : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td class="num">{r.line}</td>
                  {p.headers.map((_, i) => (
                    <td class={typeof r.cells[i] === 'number' ? 'num' : undefined}>{show(r.cells[i])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="form-actions">
          <Button>{t.start}</Button>
          <a class="btn btn--link" href={p.priceList ? `${priceListHref(p.priceList.id)}/import` : IMPORTS}>
            {t.cancel}
          </a>
        </div>
      </form>
    </div>
  );
}

/** The polling fragment: htmx 4 re-requests it every second and swaps it whole; once done the server refreshes the page. */
export function ImportProgress(p: { t: ImportMessages; id: number; status: ImportStatus; done: number; total: number }) {
  const { t } = p;
  const live = p.status === 'queued' || p.status === 'running';
  const poll = live ? { 'hx-get': `${IMPORTS}/${p.id}/progress`, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' } : {};
  return (
    <div id="import-progress" class="import-progress" {...poll}>
      <label for="import-progress-bar">{t.progressLabel}</label>
      <progress id="import-progress-bar" max={Math.max(p.total, 1)} value={p.status === 'queued' || p.total === 0 ? undefined : p.done}>
        {p.total ? `${Math.round((100 * p.done) / p.total)}%` : ''}
      </progress>
      <p role="status" aria-live="polite">
        {p.status === 'queued' ? t.queuedText : p.total === 0 ? t.readingText : t.progressText(p.done, p.total)}
      </p>
    </div>
  );
}

export function ImportProgressPage(p: Base & { run: { id: number; status: ImportStatus; original_name: string; kind: ImportKind; processed_rows: number; total_rows: number }; priceList?: PriceListContext | null }) {
  const { t } = p;
  return (
    <div class="stack imports">
      <PriceListCrumbs t={t} locale={p.locale} priceList={p.priceList} />
      <div class="page-head">
        <h1>{t.progressTitle(p.run.original_name)}</h1>
        <ImportStatusBadge t={t} status={p.run.status} />
      </div>
      <section class="card">
        <ImportProgress t={t} id={p.run.id} status={p.run.status} done={p.run.processed_rows} total={p.run.total_rows} />
        <p>
          <a class="btn btn--secondary btn--small" href={`${IMPORTS}/${p.run.id}`}>
            {t.refresh}
          </a>
        </p>
      </section>
    </div>
  );
}

export interface ResultProps extends Base {
  run: RunCounts & {
    error: string | null;
    started_at: Date | null;
    finished_at: Date | null;
  };
  errors: { row_number: number; sku: string; field: string; reason: string }[];
  nextHref: string | null;
  firstHref: string | null;
  fieldLabel: (field: string) => string;
  priceList?: PriceListContext | null;
}

export function ImportResultPage(p: ResultProps) {
  const { t, run } = p;
  const seconds = run.started_at && run.finished_at ? ((run.finished_at.getTime() - run.started_at.getTime()) / 1000).toFixed(1) : null;
  const stats = countColumns(t).map(([label, col, key]) => [label, run[col], key] as const);
  return (
    <div class="stack imports">
      <PriceListCrumbs t={t} locale={p.locale} priceList={p.priceList} />
      <div class="page-head">
        <h1>{t.resultTitle(run.original_name)}</h1>
        <ImportStatusBadge t={t} status={run.status} />
      </div>
      {run.status === 'failed' ? (
        <div class="flash flash--error" role="alert">
          <strong>{t.failedTitle}:</strong> {run.error ?? ''}
        </div>
      ) : null}
      <section class="card" aria-labelledby="import-summary-title">
        <h2 id="import-summary-title">
          {t.summary} <span class="muted">· {t.kind(run.kind)}</span>
        </h2>
        <dl class="import-stats">
          {stats.map(([label, n, key]) => (
            <div class={key ? `import-stats__item import-stats__item--${key}` : 'import-stats__item'} data-stat={key || 'rows'}>
              <dt>{label}</dt>
              <dd>{n.toLocaleString(p.locale === 'tr' ? 'tr-TR' : 'en-GB')}</dd>
            </div>
          ))}
        </dl>
        {seconds ? <p class="muted">{t.duration(seconds)}</p> : null}
      </section>
      <section aria-labelledby="import-rejected-title" id="rejected">
        <div class="page-head">
          <h2 id="import-rejected-title">{t.rejectedTitle}</h2>
          {run.rejected_count ? (
            <div class="row">
              <a class="btn btn--secondary btn--small" href={`${IMPORTS}/${run.id}/errors.xlsx`} download>
                {t.errorFileXlsx}
              </a>
              <a class="btn btn--secondary btn--small" href={`${IMPORTS}/${run.id}/errors.csv`} download>
                {t.errorFileCsv}
              </a>
            </div>
          ) : null}
        </div>
        {run.rejected_count ? <p class="field__hint">{t.errorFileHint}</p> : null}
        <Table
          caption={t.rejectedTitle}
          rows={p.errors}
          empty={<p class="muted">{t.noRejected}</p>}
          columns={[
            { header: t.colRow, numeric: true, cell: (e) => e.row_number },
            { header: t.colSku, cell: (e) => <span class="mono">{e.sku}</span> },
            { header: t.colField, cell: (e) => p.fieldLabel(e.field) },
            { header: t.colReason, cell: (e) => e.reason },
          ]}
        />
        <Pagination label={t.pages} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={t.firstPage} nextLabel={t.nextPage} />
      </section>
      <p>
        {p.priceList ? <a href={priceListHref(p.priceList.id)}>← {t.backToPriceList(p.priceList.name)}</a> : <a href={IMPORTS}>← {t.backToImports}</a>}
      </p>
    </div>
  );
}
