import { currencyScale } from '../../src/catalog/staff/decimal.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { listMessages } from '../../src/pricing/list-messages.ts';
import { displayPercent, entryPreview, type EntryError, type EntryField, type EntryRow, type EntryValues, type ListRow, type PasteError, type ProductBrief } from '../../src/pricing/lists.ts';
import { Button, LinkButton, PostForm } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';
import { Pagination } from '../components/pagination.tsx';
import { EmptyState } from '../components/table.tsx';
import { ListStatusBadge, ListTarget, LISTS, validText } from './lists.tsx';
import { PricingTabs } from './tabs.tsx';
import { numberFormat } from '../../src/i18n/intl-cache.ts';

type M = (typeof listMessages)['en'];

/** Display only: minor units in the given currency, in the user's locale (never parsed back). */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const scale = currencyScale(currency);
  return numberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { style: 'currency', currency, minimumFractionDigits: scale, maximumFractionDigits: scale }).format(minor / 10 ** scale);
}

export interface EntryEditState {
  values: EntryValues;
  errors: Partial<Record<EntryField, EntryError>>;
}

const entryErr = (m: M, code: EntryError | undefined) => (code ? (m[`err_${code}`] as string) : undefined);

function ValueCell(p: { m: M; locale: Locale; e: EntryRow; currency: string }) {
  return p.e.percent_off != null ? <span>{p.m.percentOffShort(displayPercent(p.e.percent_off, p.locale))}</span> : <span>{formatMoney(p.e.price ?? 0, p.currency, p.locale)}</span>;
}

/** One entry in view mode; "Edit" swaps it for EntryEditRow (htmx) or opens the edit page. */
export function EntryRowView(p: { locale: Locale; list: Pick<ListRow, 'id' | 'currency'>; e: EntryRow; message?: string | undefined }) {
  const m = listMessages[p.locale];
  const e = p.e;
  const base = `${LISTS}/${p.list.id}/entries/${e.id}`;
  const preview = entryPreview(e, p.list.currency);
  return (
    <tr id={`entry-${e.id}`} class="entry-row">
      <td>
        <input type="checkbox" name="ids" value={String(e.id)} form="bulk-form" class="entry-select" aria-label={m.selectRow(e.sku, e.min_qty)} />
      </td>
      <td class="mono nowrap">{e.sku}</td>
      <td>
        {e.product_name}
        {e.parent_id ? <span class="badge badge--neutral">{m.variantOf}</span> : null}
      </td>
      <td class="num nowrap">{formatMoney(e.list_price, e.product_currency, p.locale)}</td>
      <td class="num">{e.min_qty}</td>
      <td class="num nowrap">
        <ValueCell m={m} locale={p.locale} e={e} currency={p.list.currency} />
      </td>
      <td class="num nowrap" data-col="result">
        {preview ? formatMoney(preview.amount, preview.currency, p.locale) : '—'}
        {p.message ? (
          <span class="entry-saved" role="status">
            {' '}
            ✓ {p.message}
          </span>
        ) : null}
      </td>
      <td class="entry-actions">
        <a class="btn btn--secondary btn--small" href={`${base}/edit`} hx-get={`${base}/edit`} hx-target={`#entry-${e.id}`} hx-swap="outerHTML" aria-label={`${m.editRow}: ${e.sku} (${e.min_qty}+)`}>
          {m.editRow}
        </a>
        <a class="btn btn--link btn--small" href={`${LISTS}/${p.list.id}?add_sku=${encodeURIComponent(e.sku)}#entry-add`}>
          {m.addTier}
        </a>
        <form method="post" action={`${base}/delete`} class="inline" hx-post={`${base}/delete`} hx-target={`#entry-${e.id}`} hx-swap="delete" hx-confirm={`${m.deleteRow}: ${e.sku} (${e.min_qty}+)?`}>
          <button type="submit" class="btn btn--link btn--small error-text" aria-label={`${m.deleteRow}: ${e.sku} (${e.min_qty}+)`}>
            {m.deleteRow}
          </button>
        </form>
      </td>
    </tr>
  );
}

/**
 * One entry as inputs. The inputs sit in the row's cells and belong to the form in the last cell
 * through the `form` attribute, so the table keeps its columns; plain POST and htmx both send them.
 * A 422 comes back as this row with the typed values and the error under its field.
 */
export function EntryEditRow(p: { locale: Locale; list: Pick<ListRow, 'id' | 'currency'>; e: EntryRow; state: EntryEditState }) {
  const m = listMessages[p.locale];
  const e = p.e;
  const fid = `entry-form-${e.id}`;
  const base = `${LISTS}/${p.list.id}/entries/${e.id}`;
  const v = p.state.values;
  const qtyErr = entryErr(m, p.state.errors.min_qty);
  const valErr = entryErr(m, p.state.errors.value);
  return (
    <tr id={`entry-${e.id}`} class="entry-row entry-row--edit">
      <td />
      <td class="mono nowrap">{e.sku}</td>
      <td>{e.product_name}</td>
      <td class="num nowrap">{formatMoney(e.list_price, e.product_currency, p.locale)}</td>
      <td class="num">
        <label class="visually-hidden" for={`${fid}-min_qty`}>
          {m.minQty} ({e.sku})
        </label>
        <input
          id={`${fid}-min_qty`}
          name="min_qty"
          form={fid}
          value={v.min_qty}
          inputmode="numeric"
          class="entry-input entry-input--qty"
          autocomplete="off"
          aria-invalid={qtyErr ? 'true' : undefined}
          aria-describedby={qtyErr ? `${fid}-min_qty-error` : undefined}
        />
        {qtyErr ? (
          <p class="field__error" id={`${fid}-min_qty-error`} role="alert">
            {qtyErr}
          </p>
        ) : null}
      </td>
      <td class="num" colspan={2}>
        <div class="entry-value">
          <label class="visually-hidden" for={`${fid}-mode`}>
            {m.mode} ({e.sku})
          </label>
          <select id={`${fid}-mode`} name="mode" form={fid} class="entry-input">
            <option value="fixed" selected={v.mode === 'fixed'}>
              {m.fixed} ({p.list.currency})
            </option>
            <option value="percent" selected={v.mode === 'percent'}>
              {m.percent}
            </option>
          </select>
          <label class="visually-hidden" for={`${fid}-value`}>
            {m.value} ({e.sku})
          </label>
          <input
            id={`${fid}-value`}
            name="value"
            form={fid}
            value={v.value}
            inputmode="decimal"
            class="entry-input entry-input--value"
            autocomplete="off"
            aria-invalid={valErr ? 'true' : undefined}
            aria-describedby={valErr ? `${fid}-value-error` : undefined}
          />
        </div>
        {valErr ? (
          <p class="field__error" id={`${fid}-value-error`} role="alert">
            {valErr}
          </p>
        ) : null}
      </td>
      <td class="entry-actions">
        <form id={fid} method="post" action={base} class="inline" hx-post={base} hx-target={`#entry-${e.id}`} hx-swap="outerHTML">
          <button type="submit" class="btn btn--primary btn--small">
            {m.saveRow}
          </button>
        </form>
        <a class="btn btn--secondary btn--small" href={`${LISTS}/${p.list.id}`} hx-get={base} hx-target={`#entry-${e.id}`} hx-swap="outerHTML">
          {m.cancelRow}
        </a>
      </td>
    </tr>
  );
}

export function EntriesHead(p: { m: M }) {
  const m = p.m;
  return (
    <thead>
      <tr>
        <th scope="col">
          <input type="checkbox" class="entry-select-all" data-select-all="entry-select" aria-label={m.selectAll} />
        </th>
        <th scope="col">{m.colSku}</th>
        <th scope="col">{m.colProduct}</th>
        <th scope="col" class="num">
          {m.colListPrice}
        </th>
        <th scope="col" class="num">
          {m.colMinQty}
        </th>
        <th scope="col" class="num">
          {m.colValue}
        </th>
        <th scope="col" class="num">
          {m.colResult}
        </th>
        <th scope="col">{m.colActions}</th>
      </tr>
    </thead>
  );
}

export interface BulkState {
  action: string;
  value: string;
  error?: string | undefined;
}

export interface EntriesProps {
  locale: Locale;
  list: ListRow;
  rows: EntryRow[];
  q: string;
  offset: number;
  prevHref: string | null;
  nextHref: string | null;
  bulk: BulkState;
  /** The row being edited on a no-JS edit page or after a 422 without htmx. */
  editing?: { id: number; state: EntryEditState } | undefined;
}

/** The bulk bar and the entries table (swapped by the search box). */
export function EntriesBlock(p: EntriesProps) {
  const m = listMessages[p.locale];
  const base = `${LISTS}/${p.list.id}`;
  return (
    <div id="entries">
      <form id="bulk-form" method="post" action={`${base}/bulk`} class="panel bulk-bar">
        <input type="hidden" name="q" value={p.q} />
        <input type="hidden" name="offset" value={String(p.offset)} />
        <strong class="bulk-bar__title">{m.bulkTitle}</strong>
        <div class="field">
          <label for="f-bulk-action">{m.bulkAction}</label>
          <select id="f-bulk-action" name="action">
            <option value="set_percent" selected={p.bulk.action !== 'adjust_fixed'}>
              {m.bulkSetPercent}
            </option>
            <option value="adjust_fixed" selected={p.bulk.action === 'adjust_fixed'}>
              {m.bulkAdjust}
            </option>
          </select>
        </div>
        <div class={`field field--narrow${p.bulk.error ? ' field--error' : ''}`}>
          <label for="f-bulk_value">{m.bulkValue}</label>
          <input
            id="f-bulk_value"
            name="bulk_value"
            value={p.bulk.value}
            inputmode="decimal"
            maxlength={12}
            autocomplete="off"
            aria-invalid={p.bulk.error ? 'true' : undefined}
            aria-describedby={p.bulk.error ? 'f-bulk_value-hint f-bulk_value-error' : 'f-bulk_value-hint'}
          />
        </div>
        <Button variant="secondary">{m.apply}</Button>
        <p class="field__hint bulk-bar__hint" id="f-bulk_value-hint">
          {m.bulkValueHint}
        </p>
        {p.bulk.error ? (
          <p class="field__error bulk-bar__hint" id="f-bulk_value-error" role="alert">
            {p.bulk.error}
          </p>
        ) : null}
      </form>
      {p.rows.length ? (
        <div class="table-wrap">
          <table class="table entries-table" id="entries-table">
            <caption class="visually-hidden">{m.entriesTitle}</caption>
            <EntriesHead m={m} />
            <tbody>
              {p.rows.map((e) =>
                p.editing?.id === e.id ? <EntryEditRow locale={p.locale} list={p.list} e={e} state={p.editing.state} /> : <EntryRowView locale={p.locale} list={p.list} e={e} />,
              )}
            </tbody>
          </table>
        </div>
      ) : p.q ? (
        <p class="muted">{m.noEntryMatch}</p>
      ) : (
        <EmptyState title={m.noEntriesTitle} text={m.noEntriesText} />
      )}
      <Pagination label={m.pagination} firstHref={p.prevHref} nextHref={p.nextHref} firstLabel={m.prev} nextLabel={m.next} />
    </div>
  );
}

export function SkuLookup(p: { locale: Locale; sku: string; product: ProductBrief | null | undefined }) {
  const m = listMessages[p.locale];
  return (
    <p id="sku-lookup" class={`sku-lookup${p.product ? ' sku-lookup--ok' : p.sku ? ' sku-lookup--bad' : ''}`} aria-live="polite">
      {p.product ? m.skuFound(p.product.name, formatMoney(p.product.list_price, p.product.currency, p.locale)) : p.sku ? m.skuNotFound : ''}
    </p>
  );
}

export interface AddState {
  values: EntryValues;
  errors: Partial<Record<EntryField, EntryError>>;
  product?: ProductBrief | null | undefined;
}

export interface PasteState {
  text: string;
  errors: PasteError[];
}

function pasteErrorText(m: M, e: PasteError): string {
  if (e.code === 'duplicate') return m.err_pasteDuplicate(e.detail ?? '');
  const t = m[`err_${e.code}`] as string;
  return e.detail && (e.code === 'sku' || e.code === 'money' || e.code === 'percent' || e.code === 'minQty') ? `${t} (${e.detail})` : t;
}

export interface ListDetailProps extends EntriesProps {
  add: AddState;
  paste: PasteState;
  warning?: string | undefined;
}

export function ListDetailPage(p: ListDetailProps) {
  const m = listMessages[p.locale];
  const l = p.list;
  const base = `${LISTS}/${l.id}`;
  const a = p.add;
  const ae = (k: EntryField) => entryErr(m, a.errors[k]);
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="lists" />
      <p>
        <a href={LISTS}>← {m.back}</a>
      </p>
      <header class="list-head">
        <h1>
          {l.name} <ListStatusBadge locale={p.locale} status={l.status} />
        </h1>
        <div class="row-actions list-actions">
          <LinkButton href={`${base}/edit`} variant="secondary">
            {m.edit}
          </LinkButton>
          <PostForm action={`${base}/duplicate`} class="inline">
            <Button variant="secondary">{m.duplicate}</Button>
          </PostForm>
          <LinkButton href={`${base}/export.xlsx`} variant="secondary">
            {m.exportXlsx}
          </LinkButton>
          <LinkButton href={`${base}/import`} variant="secondary">
            {m.importXlsx}
          </LinkButton>
          <LinkButton href={`/staff/payment-methods?list=${l.id}`} variant="secondary">
            {m.paymentAdjustments}
          </LinkButton>
          <LinkButton href={`${base}/delete`} variant="danger">
            {m.delete}
          </LinkButton>
        </div>
      </header>
      {p.warning ? (
        <p class="notice notice--warn" role="note">
          {p.warning}
        </p>
      ) : null}
      <dl class="facts list-facts" aria-label={m.facts}>
        <dt>{m.colTarget}</dt>
        <dd>
          <ListTarget locale={p.locale} row={l} />
        </dd>
        <dt>{m.currency}</dt>
        <dd class="mono">{l.currency}</dd>
        <dt>{m.colValid}</dt>
        <dd>{validText(m, l)}</dd>
        <dt>{m.priority}</dt>
        <dd>{l.priority}</dd>
        <dt>{m.colEntries}</dt>
        <dd>{l.entry_count}</dd>
        {l.note ? (
          <>
            <dt>{m.note}</dt>
            <dd class="pre-line">{l.note}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="entries-title">
        <h2 id="entries-title">{m.entriesTitle}</h2>
        <form method="get" action={base} role="search" class="filters" hx-get={base} hx-target="#entries" hx-select="#entries" hx-swap="outerHTML" hx-trigger="input delay:300ms, submit" hx-push-url="true">
          <FormField name="q" type="search" label={m.searchEntries} value={p.q} maxlength={100} autocomplete="off" />
          <noscript>
            <Button variant="secondary">{m.filter}</Button>
          </noscript>
        </form>
        <EntriesBlock {...p} />
      </section>
      <div class="pricing-split pricing-split--even">
        <PostForm action={`${base}/entries`} class="panel" attrs={{ id: 'entry-add' }}>
          <h2>{m.addTitle}</h2>
          <p class="muted">{m.addHint}</p>
          <FormField
            name="sku"
            label={m.sku}
            value={a.values.sku}
            error={ae('sku')}
            required
            maxlength={100}
            autocomplete="off"
            attrs={{ 'hx-get': `${base}/sku-lookup`, 'hx-trigger': 'input changed delay:250ms', 'hx-target': '#sku-lookup', 'hx-swap': 'outerHTML', 'hx-sync': 'this:replace' }}
          >
            <SkuLookup locale={p.locale} sku={a.values.sku} product={a.product} />
          </FormField>
          <div class="form-grid form-grid--tight">
            <FormField name="min_qty" label={m.minQty} value={a.values.min_qty} error={ae('min_qty')} inputmode="numeric" maxlength={7} autocomplete="off" />
            <div class="field">
              <label for="f-mode">{m.mode}</label>
              <select id="f-mode" name="mode">
                <option value="fixed" selected={a.values.mode === 'fixed'}>
                  {m.fixed} ({l.currency})
                </option>
                <option value="percent" selected={a.values.mode === 'percent'}>
                  {m.percent}
                </option>
              </select>
            </div>
            <FormField name="value" label={m.value} value={a.values.value} error={ae('value')} required inputmode="decimal" maxlength={30} autocomplete="off" />
          </div>
          <Button>{m.add}</Button>
        </PostForm>
        <PostForm action={`${base}/paste`} class="panel" attrs={{ id: 'entry-paste' }}>
          <h2>{m.pasteTitle}</h2>
          <div class={`field field--wide${p.paste.errors.length ? ' field--error' : ''}`}>
            <label for="f-paste">{m.paste}</label>
            <textarea id="f-paste" name="lines" rows={6} class="mono" aria-describedby={p.paste.errors.length ? 'f-paste-hint f-paste-error' : 'f-paste-hint'} aria-invalid={p.paste.errors.length ? 'true' : undefined}>
              {p.paste.text}
            </textarea>
            <p class="field__hint" id="f-paste-hint">
              {m.pasteHint}
            </p>
            {p.paste.errors.length ? (
              <div class="field__error" id="f-paste-error" role="alert">
                <p>{m.pasteFailed}</p>
                <ul class="rates-line-errors">
                  {p.paste.errors.slice(0, 200).map((e) => (
                    <li>
                      {e.line > 0 ? <strong>{m.line(e.line)}: </strong> : null}
                      {pasteErrorText(m, e)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
          <Button>{m.pasteSave}</Button>
        </PostForm>
      </div>
    </div>
  );
}
