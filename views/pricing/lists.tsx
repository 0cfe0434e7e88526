import type { Locale } from '../../src/i18n/define.ts';
import { listMessages } from '../../src/pricing/list-messages.ts';
import { LIST_STATUSES, type ListError, type ListField, type ListFilter, type ListRow, type ListStatus, type ListValues } from '../../src/pricing/lists.ts';
import { Button, LinkButton, PostForm } from '../components/button.tsx';
import { FilterForm } from '../components/filter-form.tsx';
import { CheckField, FormField, TextAreaField } from '../components/form-field.tsx';
import { Pagination } from '../components/pagination.tsx';
import { EmptyState, Table } from '../components/table.tsx';
import { PricingTabs } from './tabs.tsx';

type M = (typeof listMessages)['en'];
export const LISTS = '/staff/price-lists';

const STATUS_CLASS: Record<ListStatus, string> = { running: 'badge--done', scheduled: 'badge--progress', expired: 'badge--waiting', inactive: 'badge--neutral' };

export function ListStatusBadge(p: { locale: Locale; status: ListStatus }) {
  return <span class={`badge ${STATUS_CLASS[p.status]}`}>{listMessages[p.locale][`status_${p.status}`]}</span>;
}

export function ListTarget(p: { locale: Locale; row: Pick<ListRow, 'kind' | 'segment_id' | 'segment_name' | 'dealer_id' | 'dealer_code' | 'dealer_name'> }) {
  const m = listMessages[p.locale];
  const r = p.row;
  return r.kind === 'segment' ? (
    <span>
      <span class="muted">{m.kindSegment}:</span> <a href={`/staff/segments/${r.segment_id}`}>{r.segment_name}</a>
    </span>
  ) : (
    <span>
      <span class="muted">{m.kindDealer}:</span>{' '}
      <a href={`/staff/dealers/${r.dealer_id}`}>
        <span class="mono">{r.dealer_code}</span> · {r.dealer_name}
      </a>
    </span>
  );
}

export const validText = (m: M, r: Pick<ListRow, 'valid_from' | 'valid_to'>) => `${r.valid_from} – ${r.valid_to ?? m.openEnded}`;

export interface ListIndexProps {
  locale: Locale;
  rows: ListRow[];
  filter: ListFilter & { q: string };
  segments: Array<{ id: number; name: string }>;
  currencies: string[];
  prevHref: string | null;
  nextHref: string | null;
  anyLists: boolean;
}

export function ListResults(p: ListIndexProps) {
  const m = listMessages[p.locale];
  return (
    <div id="list-results">
      <Table<ListRow>
        caption={m.title}
        id="price-lists"
        rows={p.rows}
        rowId={(r) => `list-${r.id}`}
        empty={p.anyLists ? <EmptyState title={m.noMatchTitle} text={m.noMatchText} /> : <EmptyState title={m.emptyTitle} text={m.emptyText} action={<LinkButton href={`${LISTS}/new`}>{m.newList}</LinkButton>} />}
        columns={[
          { header: m.colName, cell: (r) => <a href={`${LISTS}/${r.id}`}>{r.name}</a> },
          { header: m.colTarget, cell: (r) => <ListTarget locale={p.locale} row={r} /> },
          { header: m.colCurrency, cell: (r) => <span class="mono">{r.currency}</span> },
          { header: m.colValid, class: 'nowrap', cell: (r) => validText(m, r) },
          { header: m.colPriority, numeric: true, cell: (r) => r.priority },
          { header: m.colEntries, numeric: true, cell: (r) => r.entry_count },
          { header: m.colStatus, cell: (r) => <ListStatusBadge locale={p.locale} status={r.status} /> },
        ]}
      />
      <Pagination label={m.pagination} firstHref={p.prevHref} nextHref={p.nextHref} firstLabel={m.prev} nextLabel={m.next} />
    </div>
  );
}

export function ListIndexPage(p: ListIndexProps) {
  const m = listMessages[p.locale];
  const sel = (name: string, label: string, value: string, options: Array<{ value: string; label: string }>) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{m.all}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="lists" />
      <header class="page-head">
        <div>
          <h1>{m.title}</h1>
          <p class="lead">{m.lead}</p>
        </div>
        <LinkButton href={`${LISTS}/new`}>{m.newList}</LinkButton>
      </header>
      <FilterForm action={LISTS} target="#list-results" submitLabel={m.filter}>
        <FormField name="q" type="search" label={m.filterQ} value={p.filter.q} maxlength={100} autocomplete="off" />
        {sel('kind', m.filterKind, p.filter.kind ?? '', [
          { value: 'segment', label: m.kindSegment },
          { value: 'dealer', label: m.kindDealer },
        ])}
        {sel('segment', m.filterSegment, p.filter.segmentId ? String(p.filter.segmentId) : '', p.segments.map((s) => ({ value: String(s.id), label: s.name })))}
        {sel('currency', m.filterCurrency, p.filter.currency ?? '', p.currencies.map((c) => ({ value: c, label: c })))}
        {sel('status', m.filterStatus, p.filter.status ?? '', LIST_STATUSES.map((s) => ({ value: s, label: m[`status_${s}`] })))}
      </FilterForm>
      <ListResults {...p} />
    </div>
  );
}

export interface ListFormState {
  values: ListValues;
  errors: Partial<Record<ListField, ListError>>;
}

export function ListFormPage(p: { locale: Locale; id?: number; form: ListFormState; segments: Array<{ id: number; name: string }>; warning?: string | undefined }) {
  const m = listMessages[p.locale];
  const v = p.form.values;
  const e = (k: ListField) => (p.form.errors[k] ? m[`err_${p.form.errors[k]}`] : undefined);
  const action = p.id ? `${LISTS}/${p.id}` : LISTS;
  const kindError = e('kind');
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="lists" />
      <p>
        <a href={p.id ? `${LISTS}/${p.id}` : LISTS}>← {m.back}</a>
      </p>
      <h1>{p.id ? m.formEdit : m.formNew}</h1>
      {p.warning ? (
        <p class="notice notice--warn" role="note">
          {p.warning}
        </p>
      ) : null}
      <PostForm action={action} class="panel list-form" attrs={{ id: 'list-form', novalidate: '' }}>
        <div class="form-grid">
          <FormField name="name" label={m.name} value={v.name} error={e('name')} required maxlength={120} autocomplete="off" />
          <FormField name="currency" label={m.currency} hint={m.currencyHint} value={v.currency} error={e('currency')} required maxlength={3} autocomplete="off" />
        </div>
        <fieldset class={`field list-kind${kindError ? ' field--error' : ''}`} id="f-kind-field">
          <legend>{m.kind}</legend>
          <label class="check">
            <input type="radio" name="kind" value="segment" id="f-kind-segment" checked={v.kind !== 'dealer'} /> {m.kindSegment}
          </label>
          <label class="check">
            <input type="radio" name="kind" value="dealer" id="f-kind-dealer" checked={v.kind === 'dealer'} /> {m.kindDealer}
          </label>
          {kindError ? (
            <p class="field__error" role="alert">
              {kindError}
            </p>
          ) : null}
        </fieldset>
        <div class="form-grid">
          <div class={`field list-target--segment${e('segment_id') ? ' field--error' : ''}`} id="f-segment_id-field">
            <label for="f-segment_id">{m.segment}</label>
            <select id="f-segment_id" name="segment_id" aria-invalid={e('segment_id') ? 'true' : undefined} aria-describedby={e('segment_id') ? 'f-segment_id-error' : undefined}>
              <option value="">{m.chooseSegment}</option>
              {p.segments.map((s) => (
                <option value={String(s.id)} selected={String(s.id) === v.segment_id}>
                  {s.name}
                </option>
              ))}
            </select>
            {p.segments.length ? null : (
              <p class="field__hint">
                <a href="/staff/segments">{m.noSegments}</a>
              </p>
            )}
            {e('segment_id') ? (
              <p class="field__error" id="f-segment_id-error" role="alert">
                {e('segment_id')}
              </p>
            ) : null}
          </div>
          <div class="list-target--dealer">
            <FormField name="dealer_code" label={m.dealer} hint={m.dealerHint} value={v.dealer_code} error={e('dealer_code')} maxlength={40} autocomplete="off" />
          </div>
        </div>
        <div class="form-grid">
          <FormField name="valid_from" type="date" label={m.validFrom} value={v.valid_from} error={e('valid_from')} required />
          <FormField name="valid_to" type="date" label={m.validTo} hint={m.validToHint} value={v.valid_to} error={e('valid_to')} />
          <FormField name="priority" label={m.priority} hint={m.priorityHint} value={v.priority} error={e('priority')} inputmode="numeric" maxlength={7} />
        </div>
        <CheckField name="active" label={m.active} checked={v.active} />
        <TextAreaField name="note" label={m.note} value={v.note} error={e('note')} rows={2} maxlength={1000} wide />
        <div class="form-actions">
          <Button>{p.id ? m.save : m.create}</Button>
          <LinkButton href={p.id ? `${LISTS}/${p.id}` : LISTS} variant="secondary">
            {m.cancel}
          </LinkButton>
        </div>
      </PostForm>
    </div>
  );
}

export function ListDeleteConfirm(p: { locale: Locale; list: { id: number; name: string; entry_count: number } }) {
  const m = listMessages[p.locale];
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="lists" />
      <section class="panel confirm-panel">
        <h1>{m.deleteTitle(p.list.name)}</h1>
        <p>{m.deleteText(p.list.entry_count)}</p>
        <div class="row">
          <PostForm action={`${LISTS}/${p.list.id}/delete`}>
            <Button variant="danger">{m.confirmDelete}</Button>
          </PostForm>
          <LinkButton href={`${LISTS}/${p.list.id}`} variant="secondary">
            {m.cancel}
          </LinkButton>
        </div>
      </section>
    </div>
  );
}
