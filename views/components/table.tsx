import type { Child } from 'hono/jsx';

export interface Column<T> {
  header: string;
  cell: (row: T) => Child;
  numeric?: boolean;
  class?: string;
}

/** A dense data table; numeric columns are right-aligned. */
export function Table<T>(p: { caption: string; columns: Column<T>[]; rows: T[]; rowId?: (row: T) => string; empty?: Child; id?: string }) {
  if (p.rows.length === 0 && p.empty) return <>{p.empty}</>;
  return (
    <div class="table-wrap">
      <table class="table" id={p.id}>
        <caption class="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            {p.columns.map((col) => (
              <th scope="col" class={[col.numeric ? 'num' : '', col.class ?? ''].join(' ').trim() || undefined}>
                {col.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((row) => (
            <tr id={p.rowId?.(row)}>
              {p.columns.map((col) => (
                <td class={[col.numeric ? 'num' : '', col.class ?? ''].join(' ').trim() || undefined}>{col.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EmptyState(p: { title: string; text: string; action?: Child }) {
  return (
    <div class="empty">
      <p class="empty__title">{p.title}</p>
      <p class="empty__text">{p.text}</p>
      {p.action ?? null}
    </div>
  );
}

const STATUS_CLASS: Record<string, string> = {
  pending: 'badge--waiting',
  sending: 'badge--progress',
  sent: 'badge--done',
  failed: 'badge--error',
  active: 'badge--done',
  suspended: 'badge--error',
  provisioning: 'badge--progress',
};

/** One colour per status everywhere. */
export function StatusBadge(p: { status: string; label: string }) {
  return <span class={`badge ${STATUS_CLASS[p.status] ?? 'badge--neutral'}`}>{p.label}</span>;
}
