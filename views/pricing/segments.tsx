import type { Locale } from '../../src/i18n/define.ts';
import { segmentMessages } from '../../src/pricing/list-messages.ts';
import type { SegmentDealer, SegmentError, SegmentField, SegmentRow, SegmentValues } from '../../src/pricing/segments.ts';
import { Button, LinkButton, PostForm } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';
import { EmptyState, StatusBadge, Table } from '../components/table.tsx';
import { PricingTabs } from './tabs.tsx';

type M = (typeof segmentMessages)['en'];
export const SEGMENTS = '/staff/segments';

export interface SegmentForm {
  values: SegmentValues;
  errors: Partial<Record<SegmentField, SegmentError>>;
}

const err = (m: M, code: SegmentError | undefined) => (code ? m[`err_${code}`] : undefined);

function SegmentFields(p: { m: M; form: SegmentForm }) {
  return (
    <>
      <FormField name="code" label={p.m.code} hint={p.m.codeHint} value={p.form.values.code} error={err(p.m, p.form.errors.code)} required maxlength={32} autocomplete="off" />
      <FormField name="name" label={p.m.name} value={p.form.values.name} error={err(p.m, p.form.errors.name)} required maxlength={100} autocomplete="off" />
    </>
  );
}

export function SegmentsPage(p: { locale: Locale; rows: SegmentRow[]; form: SegmentForm }) {
  const m = segmentMessages[p.locale];
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="segments" />
      <header>
        <h1>{m.title}</h1>
        <p class="lead">{m.lead}</p>
      </header>
      <div class="pricing-split">
        <Table<SegmentRow>
          caption={m.title}
          id="segments"
          rows={p.rows}
          rowId={(r) => `segment-${r.id}`}
          empty={<EmptyState title={m.emptyTitle} text={m.emptyText} />}
          columns={[
            { header: m.colCode, cell: (r) => <span class="mono">{r.code}</span> },
            { header: m.colName, cell: (r) => <a href={`${SEGMENTS}/${r.id}`}>{r.name}</a> },
            { header: m.colDealers, numeric: true, cell: (r) => r.dealer_count },
            { header: m.colLists, numeric: true, cell: (r) => (r.list_count ? <a href={`/staff/price-lists?segment=${r.id}`}>{r.list_count}</a> : 0) },
            { header: '', cell: (r) => <LinkButton href={`${SEGMENTS}/${r.id}`} variant="secondary">{m.open}</LinkButton> },
          ]}
        />
        <PostForm action={SEGMENTS} class="panel" attrs={{ id: 'segment-new' }}>
          <h2>{m.newTitle}</h2>
          <SegmentFields m={m} form={p.form} />
          <Button>{m.create}</Button>
        </PostForm>
      </div>
    </div>
  );
}

export interface SegmentDetailProps {
  locale: Locale;
  segment: { id: number; code: string; name: string };
  form: SegmentForm;
  dealers: SegmentDealer[];
  more: boolean;
  q: string;
  matches: SegmentDealer[];
  deleteError?: string | undefined;
}

const STATUS = { active: 'active', blocked: 'failed' } as const;

/** The segment's dealers with "remove" buttons; swapped as a whole after an htmx add/remove. */
export function SegmentDealers(p: { locale: Locale; segmentId: number; dealers: SegmentDealer[]; more: boolean; message?: string | undefined }) {
  const m = segmentMessages[p.locale];
  return (
    <section id="segment-dealers" aria-labelledby="segment-dealers-title">
      <h2 id="segment-dealers-title">
        {m.dealersTitle} <span class="badge badge--neutral">{p.dealers.length}{p.more ? '+' : ''}</span>
      </h2>
      {p.message ? (
        <p class="flash flash--success" role="status">
          {p.message}
        </p>
      ) : null}
      <Table<SegmentDealer>
        caption={m.dealersTitle}
        rows={p.dealers}
        rowId={(d) => `segment-dealer-${d.id}`}
        empty={<p class="muted">{m.noDealers}</p>}
        columns={[
          { header: m.colCode, cell: (d) => <a class="mono" href={`/staff/dealers/${d.id}`}>{d.code}</a> },
          { header: m.colDealer, cell: (d) => d.company_name },
          { header: m.colStatus, cell: (d) => <StatusBadge status={STATUS[d.status]} label={m[`status_${d.status}`]} /> },
          {
            header: '',
            cell: (d) => (
              <form method="post" action={`${SEGMENTS}/${p.segmentId}/dealers/${d.id}/remove`} class="inline" hx-post={`${SEGMENTS}/${p.segmentId}/dealers/${d.id}/remove`} hx-target="#segment-dealers" hx-swap="outerHTML">
                <button type="submit" class="btn btn--secondary btn--small" aria-label={`${m.unassign}: ${d.code}`}>
                  {m.unassign}
                </button>
              </form>
            ),
          },
        ]}
      />
      {p.more ? <p class="muted">{m.moreDealers}</p> : null}
    </section>
  );
}

/** Search results with an "add" button per dealer (htmx fragment and no-JS page part). */
export function DealerMatches(p: { locale: Locale; segmentId: number; q: string; matches: SegmentDealer[] }) {
  const m = segmentMessages[p.locale];
  return (
    <div id="dealer-matches" aria-live="polite">
      {p.q && !p.matches.length ? <p class="muted">{m.noMatches}</p> : null}
      {p.matches.length ? (
        <ul class="plain-list segment-matches">
          {p.matches.map((d) => (
            <li>
              <form method="post" action={`${SEGMENTS}/${p.segmentId}/dealers`} class="row-form" hx-post={`${SEGMENTS}/${p.segmentId}/dealers`} hx-target="#segment-dealers" hx-swap="outerHTML">
                <input type="hidden" name="dealer_id" value={String(d.id)} />
                <input type="hidden" name="q" value={p.q} />
                <button type="submit" class="btn btn--secondary btn--small" aria-label={`${m.assign}: ${d.code}`}>
                  {m.assign}
                </button>
                <span>
                  <span class="mono">{d.code}</span> · {d.company_name}{' '}
                  <span class="muted">({d.segment_name ? m.currentSegment(d.segment_name) : m.noSegment})</span>
                </span>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function SegmentDetailPage(p: SegmentDetailProps) {
  const m = segmentMessages[p.locale];
  const base = `${SEGMENTS}/${p.segment.id}`;
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="segments" />
      <p>
        <a href={SEGMENTS}>← {m.back}</a>
      </p>
      <h1>
        <span class="mono">{p.segment.code}</span> · {p.segment.name}
      </h1>
      <div class="pricing-split">
        <div>
          <SegmentDealers locale={p.locale} segmentId={p.segment.id} dealers={p.dealers} more={p.more} />
          <section class="panel" aria-labelledby="segment-add-title">
            <h2 id="segment-add-title">{m.addDealersTitle}</h2>
            <form method="get" action={base} role="search" class="row segment-search" hx-get={`${base}/dealer-search`} hx-target="#dealer-matches" hx-swap="outerHTML" hx-trigger="input delay:250ms, submit">
              <FormField name="q" type="search" label={m.searchLabel} hint={m.searchHint} value={p.q} autocomplete="off" maxlength={100} />
              <Button variant="secondary">{m.search}</Button>
            </form>
            <DealerMatches locale={p.locale} segmentId={p.segment.id} q={p.q} matches={p.matches} />
          </section>
        </div>
        <div>
          <PostForm action={base} class="panel" attrs={{ id: 'segment-edit' }}>
            <h2>{m.editTitle}</h2>
            <SegmentFields m={m} form={p.form} />
            <Button>{m.save}</Button>
          </PostForm>
          <section class="panel" aria-labelledby="segment-delete-title">
            <h2 id="segment-delete-title">{m.deleteTitle}</h2>
            <p class="muted">{m.deleteHint}</p>
            {p.deleteError ? (
              <p class="field__error" role="alert" id="delete-error">
                {p.deleteError}
              </p>
            ) : null}
            <LinkButton href={`${base}/delete`} variant="danger">
              {m.delete}
            </LinkButton>
          </section>
        </div>
      </div>
    </div>
  );
}

/** Works without JavaScript: a page that says what happens, with the POST button. */
export function SegmentDeleteConfirm(p: { locale: Locale; segment: { id: number; name: string }; dealers: number; blocked?: string | undefined }) {
  const m = segmentMessages[p.locale];
  const base = `${SEGMENTS}/${p.segment.id}`;
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="segments" />
      <section class="panel confirm-panel">
        <h1>{m.confirmTitle(p.segment.name)}</h1>
        {p.blocked ? (
          <p class="notice notice--warn" role="alert">
            {p.blocked} <a href={`/staff/price-lists?segment=${p.segment.id}`}>{m.showLists}</a>
          </p>
        ) : (
          <p>{m.confirmText(p.dealers)}</p>
        )}
        <div class="row">
          {p.blocked ? null : (
            <PostForm action={`${base}/delete`}>
              <Button variant="danger">{m.confirmDelete}</Button>
            </PostForm>
          )}
          <LinkButton href={base} variant="secondary">
            {m.cancel}
          </LinkButton>
        </div>
      </section>
    </div>
  );
}
