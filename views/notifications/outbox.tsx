import type { NotificationStatus } from '../../src/db/types.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { outboxMessages } from '../../src/notifications/messages.ts';
import type { Notification } from '../../src/notifications/queries.ts';
import { attachmentsOf } from '../../src/notifications/attachments.ts';
import { FilterForm } from '../components/filter-form.tsx';
import { Button } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';
import { Pagination } from '../components/pagination.tsx';
import { EmptyState, StatusBadge, Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';
import { numberFormat } from '../../src/i18n/intl-cache.ts';

export interface OutboxProps {
  locale: Locale;
  timeZone: string;
  smtpConfigured: boolean;
  rows: Notification[];
  counts: Record<NotificationStatus, number>;
  filter: { status?: NotificationStatus; q?: string };
  firstHref: string | null;
  nextHref: string | null;
  test: { to: string; error?: string };
}

/** A small paperclip (inline SVG: no emoji font needed, no inline style). */
const Clip = () => (
  <svg class="outbox-attachments__icon" width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
  </svg>
);

const STATUSES: NotificationStatus[] = ['pending', 'sending', 'sent', 'failed'];

/** The results part alone is what the live filter swaps in. */
export function OutboxResults(p: OutboxProps) {
  const m = outboxMessages[p.locale];
  const filtered = Boolean(p.filter.status || p.filter.q);
  return (
    <div id="outbox-results">
      <Table<Notification>
        caption={m.title}
        id="outbox-table"
        rows={p.rows}
        rowId={(r) => `notification-${r.id}`}
        empty={filtered ? <EmptyState title={m.emptyFiltered} text={m.emptyFilteredText} /> : <EmptyState title={m.empty} text={m.emptyText} />}
        columns={[
          { header: m.colCreated, cell: (r) => <Time at={r.created_at} locale={p.locale} timeZone={p.timeZone} /> },
          { header: m.colRecipient, cell: (r) => r.recipient },
          {
            header: m.colSubject,
            cell: (r) => {
              const files = attachmentsOf(r.attachments);
              return (
                <>
                  <a href={`/staff/outbox/${r.id}`}>{r.subject}</a>
                  {files.length ? (
                    <ul class="outbox-attachments" aria-label={m.attachments}>
                      {files.map((f, i) => (
                        <li>
                          <Clip />
                          <a href={`/staff/outbox/${r.id}/attachments/${i + 1}`} download={f.filename}>
                            {f.filename}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              );
            },
          },
          { header: m.colStatus, cell: (r) => <StatusBadge status={r.status} label={m[`status_${r.status}`]} /> },
          { header: m.colAttempts, numeric: true, cell: (r) => r.attempts },
        ]}
      />
      <Pagination label={m.title} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={m.newest} nextLabel={m.older} />
    </div>
  );
}

export function TestMailForm(p: { locale: Locale; to: string; error?: string | undefined }) {
  const m = outboxMessages[p.locale];
  return (
    <form method="post" action="/staff/outbox/test" id="test-mail" class="panel" hx-post="/staff/outbox/test" hx-target="this" hx-swap="outerHTML">
      <h2>{m.testTitle}</h2>
      <FormField name="to" label={m.testTo} type="email" value={p.to} error={p.error} required autocomplete="email" />
      <Button>{m.testSend}</Button>
    </form>
  );
}

export function OutboxPage(p: OutboxProps) {
  const m = outboxMessages[p.locale];
  return (
    <section>
      <h1>{m.title}</h1>
      <p class="muted">{m.intro}</p>
      <p class={p.smtpConfigured ? 'notice notice--info' : 'notice notice--warn'} role="note">
        {p.smtpConfigured ? m.smtpOn : m.smtpOff}
      </p>
      <ul class="stat-row" aria-label={m.colStatus}>
        {STATUSES.map((s) => (
          <li>
            <StatusBadge status={s} label={m[`status_${s}`]} /> <strong>{p.counts[s]}</strong>
          </li>
        ))}
      </ul>
      <FilterForm action="/staff/outbox" target="#outbox-results" submitLabel={m.filter}>
        <div class="field">
          <label for="f-status">{m.filterStatus}</label>
          <select id="f-status" name="status">
            <option value="">{m.filterAll}</option>
            {STATUSES.map((s) => (
              <option value={s} selected={p.filter.status === s}>
                {m[`status_${s}`]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-q">{m.filterQuery}</label>
          <input id="f-q" name="q" type="search" value={p.filter.q ?? ''} />
        </div>
        </FilterForm>
      <OutboxResults {...p} />
      <TestMailForm locale={p.locale} to={p.test.to} error={p.test.error} />
    </section>
  );
}

export function OutboxDetail(p: { locale: Locale; timeZone: string; n: Notification }) {
  const m = outboxMessages[p.locale];
  const n = p.n;
  return (
    <section>
      <p>
        <a href="/staff/outbox">← {m.back}</a>
      </p>
      <h1>{n.subject}</h1>
      <dl class="facts">
        <dt>{m.colRecipient}</dt>
        <dd>{n.recipient}</dd>
        <dt>{m.colStatus}</dt>
        <dd>
          <StatusBadge status={n.status} label={m[`status_${n.status}`]} />
        </dd>
        <dt>{m.colCreated}</dt>
        <dd>
          <Time at={n.created_at} locale={p.locale} timeZone={p.timeZone} />
        </dd>
        <dt>{m.colAttempts}</dt>
        <dd>{n.attempts}</dd>
        {n.sent_at ? (
          <>
            <dt>{m.sentAt}</dt>
            <dd>
              <Time at={n.sent_at} locale={p.locale} timeZone={p.timeZone} />
            </dd>
          </>
        ) : null}
        {n.last_error ? (
          <>
            <dt>{m.lastError}</dt>
            <dd class="error-text">{n.last_error}</dd>
          </>
        ) : null}
      </dl>
      {n.status === 'failed' ? (
        <form method="post" action={`/staff/outbox/${n.id}/retry`}>
          <Button variant="secondary">{m.retry}</Button>
        </form>
      ) : null}
      <AttachmentList locale={p.locale} n={n} />
      <h2>{m.textBody}</h2>
      <pre class="mail-text">{n.body_text}</pre>
      <p>
        <a href={`/staff/outbox/${n.id}/html`} target="_blank" rel="noopener">
          {m.viewHtml}
        </a>
      </p>
    </section>
  );
}

const kb = (locale: Locale, bytes: number) => `${numberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { maximumFractionDigits: 1 }).format(bytes / 1024)} KB`;

function AttachmentList(p: { locale: Locale; n: Notification }) {
  const m = outboxMessages[p.locale];
  const files = attachmentsOf(p.n.attachments);
  if (!files.length) return null;
  return (
    <section aria-labelledby="outbox-attachments-title">
      <h2 id="outbox-attachments-title">{m.attachments}</h2>
      <ul class="outbox-attachments outbox-attachments--detail">
        {files.map((f, i) => (
          <li>
            <Clip />
            <a href={`/staff/outbox/${p.n.id}/attachments/${i + 1}`} download={f.filename}>
              {f.filename}
            </a>
            {f.sent ? <span class="muted"> — {m.attachmentSent(kb(p.locale, f.sent.bytes), f.sent.sha256.slice(0, 12))}</span> : null}
          </li>
        ))}
      </ul>
      <p class="muted">{m.attachmentsNote}</p>
    </section>
  );
}
