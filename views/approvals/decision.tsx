import type { Locale } from '../../src/i18n/define.ts';
import { approvalMessages } from '../../src/approvals/messages.ts';
import { formatTotal } from '../../src/approvals/notify.ts';
import { Button, PostForm } from '../components/button.tsx';
import { FormField, TextAreaField } from '../components/form-field.tsx';
import { Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';
import { statusLabel, waiting } from './queue.tsx';

export interface DecisionOrder {
  number: string;
  status: string;
  currency: string;
  orderer_name: string | null;
  created_at: Date;
  po_number: string;
  payment_method: string;
  note: string;
  shipping_address: Record<string, unknown>;
  lines_net: number;
  shipping_net: number;
  vat_total: number;
  total_gross: number;
  vat_by_rate: Array<{ rate: number; net: number; vat: number }>;
}

export interface DecisionLine {
  line_no: number;
  sku: string;
  name: string;
  qty: number;
  unit: string;
  unit_net: number;
  line_net: number;
  vat_rate: number;
}

export interface DecisionStep {
  level: number;
  status: string;
  decided_by_name: string | null;
  on_behalf_name: string | null;
}

export interface DecisionProps {
  locale: Locale;
  timeZone: string;
  now: Date;
  stepId: number;
  pendingSince: Date | null;
  order: DecisionOrder;
  lines: DecisionLine[];
  steps: DecisionStep[];
  rules: string[];
  /** Null: the form is not offered; `blocked` says why. */
  canDecide: boolean;
  blocked: string | null;
  values: { code: string; note: string };
  errors: { code?: string; form?: string };
  onBehalfOf: string | null;
}

const addressText = (a: Record<string, unknown>) =>
  ['label', 'line1', 'line2', 'district', 'city', 'postal_code', 'country']
    .map((k) => a[k])
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .join(', ');

export function DecisionPage(p: DecisionProps) {
  const m = approvalMessages[p.locale];
  const o = p.order;
  const money = (v: number) => formatTotal(v, o.currency, p.locale);
  const pct = (r: number) => (p.locale === 'tr' ? `%${r}` : `${r}%`);
  return (
    <section class="approval-decision">
      <p>
        <a href="/portal/approvals">{m.back}</a>
      </p>
      <h1>{m.decisionTitle(o.number)}</h1>
      {p.errors.form ? (
        <p class="notice notice--warn" role="alert">
          {p.errors.form}
        </p>
      ) : null}
      <div class="approval-decision__grid">
        <div class="approval-decision__main">
          <h2>{m.summary}</h2>
          <dl class="facts">
            <dt>{m.orderedBy}</dt>
            <dd>{o.orderer_name ?? '—'}</dd>
            <dt>{m.orderedAt}</dt>
            <dd>
              <Time at={o.created_at} locale={p.locale} timeZone={p.timeZone} />
              {p.pendingSince ? <span class="muted"> · {waiting(m, p.pendingSince, p.now)}</span> : null}
            </dd>
            <dt>{m.colTotal}</dt>
            <dd>
              <strong>{money(o.total_gross)}</strong>
            </dd>
            <dt>{m.matchedRules}</dt>
            <dd>
              <span class="tag-list">
                {p.rules.map((r) => (
                  <span class="tag">{r}</span>
                ))}
              </span>
            </dd>
            {o.po_number ? (
              <>
                <dt>{m.poNumber}</dt>
                <dd>{o.po_number}</dd>
              </>
            ) : null}
            <dt>{m.delivery}</dt>
            <dd>{addressText(o.shipping_address) || '—'}</dd>
            {o.note ? (
              <>
                <dt>{m.orderNote}</dt>
                <dd>{o.note}</dd>
              </>
            ) : null}
            <dt>{m.colStatus}</dt>
            <dd>{statusLabel(m, o.status)}</dd>
          </dl>
          <h2>{m.lines}</h2>
          <Table<DecisionLine>
            caption={m.lines}
            id="approval-lines"
            rows={p.lines}
            columns={[
              { header: m.colSku, cell: (l) => <code>{l.sku}</code> },
              { header: m.colName, cell: (l) => l.name },
              { header: m.colQty, numeric: true, cell: (l) => `${l.qty} ${l.unit}` },
              { header: m.colUnit, numeric: true, cell: (l) => money(l.unit_net) },
              { header: m.colVat, numeric: true, cell: (l) => pct(l.vat_rate) },
              { header: m.colLineNet, numeric: true, cell: (l) => money(l.line_net) },
            ]}
          />
          <dl class="facts approval-decision__totals">
            <dt>{m.net}</dt>
            <dd class="num">{money(o.lines_net)}</dd>
            {o.shipping_net ? (
              <>
                <dt>{m.shipping}</dt>
                <dd class="num">{money(o.shipping_net)}</dd>
              </>
            ) : null}
            {o.vat_by_rate.map((v) => (
              <>
                <dt>
                  {m.vat} {pct(v.rate)}
                </dt>
                <dd class="num">{money(v.vat)}</dd>
              </>
            ))}
            <dt>
              <strong>{m.gross}</strong>
            </dt>
            <dd class="num">
              <strong>{money(o.total_gross)}</strong>
            </dd>
          </dl>
        </div>
        <aside class="approval-decision__side">
          <div class="panel">
            <h2>{m.workflow}</h2>
            <ol class="approval-steps">
              {p.steps.map((s) => {
                const later = s.status === 'pending' && p.steps.some((x) => x.level < s.level && x.status !== 'approved');
                return (
                  <li class={`approval-steps__item approval-steps__item--${later ? 'later' : s.status}`}>
                    <strong>{m.previewLevel(s.level)}</strong>{' '}
                    <span>
                      {s.status === 'approved'
                        ? m.stepDone(`${s.decided_by_name ?? '—'}${s.on_behalf_name ? ` (${m.onBehalf(s.on_behalf_name)})` : ''}`)
                        : s.status === 'pending'
                          ? later
                            ? m.stepLater
                            : m.stepWaiting
                          : statusLabel(m, `step_${s.status}`)}
                    </span>
                  </li>
                );
              })}
            </ol>
          </div>
          {p.canDecide ? (
            <PostForm action={`/portal/approvals/${p.stepId}`} class="panel approval-form" attrs={{ id: 'decision-form' }}>
              <h2>{m.decide}</h2>
              {p.onBehalfOf ? (
                <p class="notice notice--info" role="note">
                  {m.delegateNote(p.onBehalfOf)}
                </p>
              ) : null}
              <FormField
                name="code"
                label={m.code}
                value={p.values.code}
                error={p.errors.code}
                hint={m.codeHint}
                required
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                maxlength={7}
                attrs={{ class: 'approval-form__code' }}
              />
              <TextAreaField name="note" label={m.note} value={p.values.note} hint={m.noteHint} rows={2} maxlength={1000} />
              <div class="approval-form__actions">
                <Button name="decision" value="approve">
                  {m.approve}
                </Button>
                <Button name="decision" value="reject" variant="danger">
                  {m.reject}
                </Button>
              </div>
            </PostForm>
          ) : p.blocked ? (
            <p class="notice notice--warn" role="note" id="decision-blocked">
              {p.blocked}
            </p>
          ) : null}
        </aside>
      </div>
    </section>
  );
}
