import type { Locale } from '../../src/i18n/define.ts';
import type { AuditFilter, AuditRow } from '../../src/staff/audit-log.ts';
import { staffMessages } from '../../src/staff/messages.ts';
import { FormField } from '../components/form-field.tsx';
import { Pagination } from '../components/pagination.tsx';
import { EmptyState, Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';

export interface AuditProps {
  locale: Locale;
  timeZone: string;
  rows: AuditRow[];
  filter: AuditFilter;
  actions: string[];
  actors: Array<{ id: number; label: string }>;
  firstHref: string | null;
  nextHref: string | null;
}

function details(d: Record<string, unknown>): string {
  const s = JSON.stringify(d);
  return s === '{}' ? '' : s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

export function AuditResults(p: AuditProps) {
  const m = staffMessages[p.locale];
  const filtered = Boolean(p.filter.actor || p.filter.action || p.filter.from || p.filter.to || p.filter.q);
  return (
    <div id="audit-results">
      <Table<AuditRow>
        caption={m.auditTitle}
        id="audit-table"
        rows={p.rows}
        rowId={(r) => `audit-${r.id}`}
        empty={filtered ? <EmptyState title={m.auditEmptyFiltered} text={m.auditEmptyFilteredText} /> : <EmptyState title={m.auditEmpty} text={m.auditEmptyText} />}
        columns={[
          { header: m.colAt, cell: (r) => <Time at={r.at} locale={p.locale} timeZone={p.timeZone} /> },
          { header: m.colAction, cell: (r) => <code>{r.action}</code> },
          {
            header: m.colActor,
            cell: (r) => (
              <>
                {r.actor_label || '—'}
                {r.impersonator_user_id ? <div class="muted impersonator">{m.impersonatedBy(r.impersonator_name ?? `#${r.impersonator_user_id}`)}</div> : null}
              </>
            ),
          },
          { header: m.colDealer, cell: (r) => r.dealer_name ?? (r.dealer_id ? `#${r.dealer_id}` : '') },
          { header: m.colTarget, cell: (r) => (r.target_type ? `${r.target_type} ${r.target_id ?? ''}` : '') },
          { header: m.colIp, cell: (r) => r.ip },
          { header: m.colDetails, cell: (r) => <span class="audit-details">{details(r.details)}</span> },
        ]}
      />
      <Pagination label={m.auditTitle} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={m.newest} nextLabel={m.older} />
    </div>
  );
}

export function AuditPage(p: AuditProps) {
  const m = staffMessages[p.locale];
  const live = { 'hx-get': '/staff/audit', 'hx-target': '#audit-results', 'hx-swap': 'outerHTML', 'hx-push-url': 'true' };
  return (
    <div class="stack">
      <header>
        <h1>{m.auditTitle}</h1>
        <p class="muted">{m.auditLead}</p>
      </header>
      <form method="get" action="/staff/audit" class="filters" role="search" {...live} hx-trigger="change, input from:#f-q delay:400ms, submit">
        <div class="field">
          <label for="f-actor">{m.filterActor}</label>
          <select id="f-actor" name="actor">
            <option value="">{m.filterAny}</option>
            {p.actors.map((a) => (
              <option value={String(a.id)} selected={p.filter.actor === a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-action">{m.filterAction}</label>
          <select id="f-action" name="action">
            <option value="">{m.filterAny}</option>
            {p.actions.map((a) => (
              <option value={a} selected={p.filter.action === a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <FormField name="from" type="date" label={m.filterFrom} value={p.filter.from ?? ''} />
        <FormField name="to" type="date" label={m.filterTo} value={p.filter.to ?? ''} />
        <FormField name="q" type="search" label={m.filterText} value={p.filter.q ?? ''} maxlength={100} />
        <button type="submit" class="btn btn--secondary">
          {m.filterApply}
        </button>
        <a class="btn btn--link" href="/staff/audit">
          {m.filterClear}
        </a>
      </form>
      <AuditResults {...p} />
    </div>
  );
}
