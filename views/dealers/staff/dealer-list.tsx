import type { DealerListRow } from '../../../src/dealers/dealers.ts';
import { dealerAdminMessages } from '../../../src/dealers/messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { FilterForm } from '../../components/filter-form.tsx';
import { LinkButton } from '../../components/button.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState, StatusBadge, Table } from '../../components/table.tsx';

export interface DealerListProps {
  locale: Locale;
  rows: DealerListRow[];
  filter: { status?: 'active' | 'blocked' | undefined; q?: string | undefined };
  ownOnly: boolean;
  canManage: boolean;
  firstHref: string | null;
  nextHref: string | null;
}

export function DealerStatusBadge(p: { locale: Locale; status: 'active' | 'blocked' }) {
  const m = dealerAdminMessages[p.locale];
  // 'blocked' has no entry in the shared palette; it gets the error colour like other stopped things.
  return p.status === 'blocked' ? <span class="badge badge--error">{m.status_blocked}</span> : <StatusBadge status="active" label={m.status_active} />;
}

export function DealerResults(p: DealerListProps) {
  const m = dealerAdminMessages[p.locale];
  const filtered = Boolean(p.filter.status || p.filter.q);
  const empty = filtered ? (
    <EmptyState title={m.emptyFiltered} text={m.emptyFilteredText} />
  ) : p.ownOnly ? (
    <EmptyState title={m.emptyOwn} text={m.emptyOwnText} />
  ) : (
    <EmptyState title={m.empty} text={m.emptyText} action={p.canManage ? <LinkButton href="/staff/dealers/new">{m.newDealer}</LinkButton> : undefined} />
  );
  return (
    <div id="dealer-results">
      <Table<DealerListRow>
        caption={m.title}
        id="dealer-table"
        rows={p.rows}
        rowId={(r) => `dealer-${r.id}`}
        empty={empty}
        columns={[
          { header: m.colCode, cell: (r) => <a href={`/staff/dealers/${r.id}`} class="mono">{r.code}</a> },
          { header: m.colCompany, cell: (r) => <a href={`/staff/dealers/${r.id}`}>{r.company_name}</a> },
          { header: m.colTaxNumber, cell: (r) => <span class="mono">{r.tax_number}</span> },
          { header: m.colCity, cell: (r) => r.city ?? '' },
          { header: m.colSalesRep, cell: (r) => r.sales_rep_name ?? '' },
          { header: m.colStatus, cell: (r) => <DealerStatusBadge locale={p.locale} status={r.status} /> },
        ]}
      />
      <Pagination label={m.title} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={m.first} nextLabel={m.next} />
    </div>
  );
}

export function DealerListPage(p: DealerListProps) {
  const m = dealerAdminMessages[p.locale];
  return (
    <section>
      <div class="page-head">
        <h1>{m.title}</h1>
        {p.canManage ? <LinkButton href="/staff/dealers/new">{m.newDealer}</LinkButton> : null}
      </div>
      <FilterForm action="/staff/dealers" target="#dealer-results" submitLabel={m.filter}>
        <div class="field">
          <label for="f-q">{m.filterQuery}</label>
          <input id="f-q" name="q" type="search" value={p.filter.q ?? ''} maxlength={100} />
        </div>
        <div class="field">
          <label for="f-status">{m.filterStatus}</label>
          <select id="f-status" name="status">
            <option value="">{m.filterAll}</option>
            <option value="active" selected={p.filter.status === 'active'}>
              {m.status_active}
            </option>
            <option value="blocked" selected={p.filter.status === 'blocked'}>
              {m.status_blocked}
            </option>
          </select>
        </div>
        </FilterForm>
      <DealerResults {...p} />
    </section>
  );
}
