import type { Address, Dealer } from '../../../src/dealers/dealers.ts';
import { companyMessages, dealerAdminMessages, reviewMessages } from '../../../src/dealers/messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { StatusBadge, Table } from '../../components/table.tsx';
import { Time } from '../../components/time.tsx';
import { formatAddress } from '../applications/review-detail.tsx';
import { DealerPricingSlot } from './dealer-pricing.tsx';
import { DealerStatusBadge } from './dealer-list.tsx';
import { numberFormat } from '../../../src/i18n/intl-cache.ts';

export interface DealerDetailProps {
  locale: Locale;
  timeZone: string;
  dealer: Dealer & { sales_rep_name: string | null };
  addresses: Address[];
  users: Array<{ id: number; name: string; email: string; role: string; status: 'invited' | 'active' | 'blocked' }>;
  salesReps: Array<{ id: number; name: string; email: string }>;
  canManage: boolean;
  blockError?: string | undefined;
}

const USER_BADGE = { invited: 'pending', active: 'active', blocked: 'failed' } as const;

/** Staff view of one dealer: company, addresses, users (read-only), sales rep; later areas add their sections below. */
export function DealerDetail(p: DealerDetailProps) {
  const m = dealerAdminMessages[p.locale];
  const c = companyMessages[p.locale];
  const r = reviewMessages[p.locale];
  const d = p.dealer;
  const money = (minor: number | null) => (minor == null ? r.none : numberFormat(p.locale, { style: 'currency', currency: 'TRY', maximumFractionDigits: 0 }).format(minor / 100));
  return (
    <section>
      <p>
        <a href="/staff/dealers">← {m.back}</a>
      </p>
      <h1>
        <span class="mono">{d.code}</span> · {d.company_name} <DealerStatusBadge locale={p.locale} status={d.status} />
      </h1>
      {d.status === 'blocked' && d.blocked_reason ? (
        <p class="notice notice--warn" role="note">
          <strong>{m.blockedReason}:</strong> {d.blocked_reason}
        </p>
      ) : null}
      <div class="detail-grid">
        <div>
          <h2>{m.company}</h2>
          <dl class="facts" data-testid="dealer-facts">
            <dt>{c.companyName}</dt>
            <dd>{d.company_name}</dd>
            <dt>{c.tradeName}</dt>
            <dd>{d.trade_name || r.none}</dd>
            <dt>{c.taxOffice}</dt>
            <dd>{d.tax_office || r.none}</dd>
            <dt>{c.taxNumber}</dt>
            <dd class="mono">{d.tax_number}</dd>
            <dt>{c.sector}</dt>
            <dd>{d.sector || r.none}</dd>
            <dt>{c.employeeCount}</dt>
            <dd>{d.employee_count ?? r.none}</dd>
            <dt>{c.annualTurnover}</dt>
            <dd>{money(d.annual_turnover)}</dd>
            <dt>{c.phone}</dt>
            <dd>{d.phone || r.none}</dd>
            <dt>{c.email}</dt>
            <dd>{d.email || r.none}</dd>
            <dt>{m.createdAt}</dt>
            <dd>
              <Time at={d.created_at} locale={p.locale} timeZone={p.timeZone} />
            </dd>
            {d.application_id ? (
              <>
                <dt>{m.application}</dt>
                <dd>
                  <a href={`/staff/applications/${d.application_id}`}>#{d.application_id}</a>
                </dd>
              </>
            ) : null}
          </dl>
        </div>
        <div>
          <h2>{m.salesRep}</h2>
          {p.canManage ? (
            <form method="post" action={`/staff/dealers/${d.id}/sales-rep`} class="row">
              <div class="field">
                <label for="f-sales_rep_id" class="visually-hidden">
                  {m.salesRep}
                </label>
                <select id="f-sales_rep_id" name="sales_rep_id">
                  <option value="">{m.noSalesRep}</option>
                  {p.salesReps.map((s) => (
                    <option value={String(s.id)} selected={s.id === d.sales_rep_id}>
                      {s.name} ({s.email})
                    </option>
                  ))}
                </select>
              </div>
              <Button variant="secondary">{m.assign}</Button>
            </form>
          ) : (
            <p>{d.sales_rep_name ?? m.noSalesRep}</p>
          )}
          <h2>{m.addresses}</h2>
          {p.addresses.length ? (
            <ul class="plain-list" data-testid="dealer-addresses">
              {p.addresses.map((a) => (
                <li>
                  <strong>{a.kind === 'billing' ? c.billingAddress : c.shippingAddress}</strong> ({a.label}): {formatAddress(a)}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{m.noAddresses}</p>
          )}
        </div>
      </div>
      <DealerPricingSlot locale={p.locale} dealerId={d.id} />
      <h2>{m.users}</h2>
      <Table
        caption={m.users}
        id="dealer-users"
        rows={p.users}
        empty={<p class="muted">{m.noUsers}</p>}
        columns={[
          { header: m.colName, cell: (u) => u.name },
          { header: m.colEmail, cell: (u) => u.email },
          { header: m.colRole, cell: (u) => u.role },
          { header: m.colStatus, cell: (u) => <StatusBadge status={USER_BADGE[u.status]} label={m[`userStatus_${u.status}`]} /> },
        ]}
      />
      <p class="muted" data-testid="later-tabs">
        {m.laterTabs}
      </p>
      {p.canManage ? (
        d.status === 'active' ? (
          <form method="post" action={`/staff/dealers/${d.id}/block`} class="panel">
            <h2>{m.blockTitle}</h2>
            <p class="muted">{m.blockText}</p>
            <div class={`field${p.blockError ? ' field--error' : ''}`}>
              <label for="f-block-reason">{m.blockReason}</label>
              <textarea id="f-block-reason" name="reason" rows={2} maxlength={1000} required aria-invalid={p.blockError ? 'true' : undefined} aria-describedby={p.blockError ? 'f-block-reason-error' : undefined} />
              {p.blockError ? (
                <p class="field__error" id="f-block-reason-error" role="alert">
                  {p.blockError}
                </p>
              ) : null}
            </div>
            <Button variant="danger">{m.block}</Button>
          </form>
        ) : (
          <form method="post" action={`/staff/dealers/${d.id}/unblock`} class="panel">
            <Button variant="secondary">{m.unblock}</Button>
          </form>
        )
      ) : null}
    </section>
  );
}
