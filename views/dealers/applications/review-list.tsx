import type { ApplicationStatus } from '../../../src/db/types.ts';
import { reviewMessages } from '../../../src/dealers/messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { FilterForm } from '../../components/filter-form.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState, Table } from '../../components/table.tsx';
import { Time } from '../../components/time.tsx';

export const APPLICATION_STATUSES: ApplicationStatus[] = ['submitted', 'more_documents', 'approved', 'rejected', 'draft'];

const BADGE: Record<ApplicationStatus, string> = {
  draft: 'badge--neutral',
  submitted: 'badge--waiting',
  more_documents: 'badge--progress',
  approved: 'badge--done',
  rejected: 'badge--error',
};

/** One colour per application status, in the shared badge palette. */
export function ApplicationStatusBadge(p: { locale: Locale; status: ApplicationStatus }) {
  return <span class={`badge ${BADGE[p.status]}`}>{reviewMessages[p.locale][`status_${p.status}`]}</span>;
}

export interface ReviewRow {
  id: number;
  company_name: string;
  tax_number: string;
  contact_name: string;
  email: string;
  status: ApplicationStatus;
  submitted_at: Date | null;
  created_at: Date;
}

export interface ReviewListProps {
  locale: Locale;
  timeZone: string;
  rows: ReviewRow[];
  filter: { status?: ApplicationStatus | undefined; q?: string | undefined; from?: string | undefined; to?: string | undefined };
  firstHref: string | null;
  nextHref: string | null;
}

export function ReviewResults(p: ReviewListProps) {
  const m = reviewMessages[p.locale];
  const filtered = Boolean(p.filter.status || p.filter.q || p.filter.from || p.filter.to);
  return (
    <div id="application-results">
      <Table<ReviewRow>
        caption={m.title}
        id="application-table"
        rows={p.rows}
        rowId={(r) => `application-${r.id}`}
        empty={filtered ? <EmptyState title={m.emptyFiltered} text={m.emptyFilteredText} /> : <EmptyState title={m.empty} text={m.emptyText} />}
        columns={[
          { header: m.colSubmitted, cell: (r) => <Time at={r.submitted_at ?? r.created_at} locale={p.locale} timeZone={p.timeZone} /> },
          { header: m.colCompany, cell: (r) => <a href={`/staff/applications/${r.id}`}>{r.company_name || '—'}</a> },
          { header: m.colTaxNumber, cell: (r) => <span class="mono">{r.tax_number}</span> },
          { header: m.colContact, cell: (r) => `${r.contact_name} <${r.email}>` },
          { header: m.colStatus, cell: (r) => <ApplicationStatusBadge locale={p.locale} status={r.status} /> },
        ]}
      />
      <Pagination label={m.title} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={m.newest} nextLabel={m.older} />
    </div>
  );
}

export function ReviewListPage(p: ReviewListProps) {
  const m = reviewMessages[p.locale];
  return (
    <section>
      <h1>{m.title}</h1>
      <FilterForm action="/staff/applications" target="#application-results" submitLabel={m.filter}>
        <div class="field">
          <label for="f-status">{m.filterStatus}</label>
          <select id="f-status" name="status">
            <option value="">{m.filterAll}</option>
            {APPLICATION_STATUSES.map((s) => (
              <option value={s} selected={p.filter.status === s}>
                {m[`status_${s}`]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-q">{m.filterQuery}</label>
          <input id="f-q" name="q" type="search" value={p.filter.q ?? ''} maxlength={100} />
        </div>
        <div class="field">
          <label for="f-from">{m.filterFrom}</label>
          <input id="f-from" name="from" type="date" value={p.filter.from ?? ''} />
        </div>
        <div class="field">
          <label for="f-to">{m.filterTo}</label>
          <input id="f-to" name="to" type="date" value={p.filter.to ?? ''} />
        </div>
        </FilterForm>
      <ReviewResults {...p} />
    </section>
  );
}
