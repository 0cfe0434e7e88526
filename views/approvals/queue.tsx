import type { Locale } from '../../src/i18n/define.ts';
import { approvalMessages, type ApprovalMessages } from '../../src/approvals/messages.ts';
import { formatTotal } from '../../src/approvals/notify.ts';
import type { DecidedStep, PendingStep } from '../../src/approvals/workflow.ts';
import { Button, PostForm } from '../components/button.tsx';
import { EmptyState, Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';

export function waiting(m: ApprovalMessages, since: Date, now: Date): string {
  const mins = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  return m.waitingFor(Math.floor(mins / 60), mins % 60);
}

export function statusLabel(m: ApprovalMessages, status: string): string {
  const key = `status_${status}` as keyof ApprovalMessages;
  const v = m[key];
  return typeof v === 'string' ? v : status;
}

export interface QueueProps {
  locale: Locale;
  timeZone: string;
  now: Date;
  steps: PendingStep[];
  ruleNames: Map<number, string>;
  withdrawable: DecidedStep[];
  /** Shown above the list: read-only (acting staff), delegation, … */
  notes: string[];
  canManageRules: boolean;
  /** Hours after which a waiting step counts as late (reminder time). */
  lateAfterHours: number;
}

export function ApprovalQueue(p: QueueProps) {
  const m = approvalMessages[p.locale];
  return (
    <section class="approvals">
      <div class="page-head">
        <h1>{m.queueTitle}</h1>
        {p.canManageRules ? (
          <a class="btn btn--secondary" href="/portal/approvals/rules">
            {m.rulesLink}
          </a>
        ) : null}
      </div>
      <p class="muted">{m.queueLead}</p>
      {p.notes.map((n) => (
        <p class="notice notice--info" role="note">
          {n}
        </p>
      ))}
      <Table<PendingStep>
        caption={m.queueTitle}
        id="approval-queue"
        rows={p.steps}
        rowId={(s) => `step-${s.id}`}
        empty={<EmptyState title={m.emptyTitle} text={m.emptyText} />}
        columns={[
          {
            header: m.colOrder,
            cell: (s) => (
              <a href={`/portal/approvals/${s.id}`} class="approvals__order">
                {s.number}
              </a>
            ),
          },
          { header: m.colOrderedBy, cell: (s) => s.orderer_name ?? '—' },
          { header: m.colTotal, numeric: true, cell: (s) => <span class="approvals__total">{formatTotal(s.total_gross, s.currency, p.locale)}</span> },
          {
            header: m.colRules,
            class: 'approvals__rules',
            cell: (s) => (
              <span class="tag-list">
                {s.rule_ids.map((id) => (
                  <span class="tag">{p.ruleNames.get(id) ?? `#${id}`}</span>
                ))}
              </span>
            ),
          },
          { header: m.colLevel, cell: (s) => m.levelOf(s.level, s.levels) },
          {
            header: m.colWaiting,
            cell: (s) => {
              const late = p.now.getTime() - s.pending_since.getTime() > p.lateAfterHours * 3600_000;
              return <span class={late ? 'badge badge--error' : 'badge badge--waiting'}>{waiting(m, s.pending_since, p.now)}</span>;
            },
          },
          {
            header: m.colActions,
            cell: (s) => (
              <a class="btn btn--primary btn--small" href={`/portal/approvals/${s.id}`}>
                {m.open}
              </a>
            ),
          },
        ]}
      />
      {p.withdrawable.length ? (
        <>
          <h2>{m.withdrawTitle}</h2>
          <p class="muted">{m.withdrawLead}</p>
          <Table<DecidedStep>
            caption={m.withdrawTitle}
            id="approval-given"
            rows={p.withdrawable}
            rowId={(s) => `given-${s.id}`}
            columns={[
              { header: m.colOrder, cell: (s) => s.number },
              { header: m.colLevel, cell: (s) => String(s.level) },
              { header: m.colTotal, numeric: true, cell: (s) => formatTotal(s.total_gross, s.currency, p.locale) },
              {
                header: m.colDecidedAt,
                cell: (s) => (
                  <>
                    <Time at={s.decided_at} locale={p.locale} timeZone={p.timeZone} />
                    {s.on_behalf_name ? <span class="muted"> ({m.onBehalf(s.on_behalf_name)})</span> : null}
                  </>
                ),
              },
              { header: m.colStatus, cell: (s) => statusLabel(m, s.status) },
              {
                header: m.colActions,
                cell: (s) => (
                  <PostForm action={`/portal/approvals/${s.id}/withdrawal`} class="inline">
                    <Button variant="secondary" attrs={{ class: 'btn btn--secondary btn--small' }}>
                      {m.withdraw}
                    </Button>
                  </PostForm>
                ),
              },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}
