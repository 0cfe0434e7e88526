import type { OrderStatus } from '../../src/db/types.ts';
import { accountMessages } from '../../src/finance/account-messages.ts';
import { ACCOUNT_METHODS, usedPercent, type AccountError, type AccountField, type AccountRow, type AccountValues } from '../../src/finance/accounts.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { OrderStatusBadge } from '../orders/staff/desk.tsx';
import { Button, PostForm } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';
import { EmptyState, Table } from '../components/table.tsx';
import { bankMessages } from '../../src/staff/bank-messages.ts';
import { numberFormat } from '../../src/i18n/intl-cache.ts';

type M = (typeof accountMessages)['en'];

export const fmtMoney = (locale: Locale, minor: number, currency: string) => numberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { style: 'currency', currency }).format(minor / 100);

/** The limit bar: a native <meter> (no inline style; colours from the low/high thresholds). */
export function LimitBar(p: { used: number | null; label: string }) {
  if (p.used === null) return <span class="muted">—</span>;
  return (
    <span class="limit-bar">
      <meter min={0} max={100} low={60} high={80} optimum={0} value={Math.min(p.used, 100)} aria-label={p.label}>
        {p.used} %
      </meter>
      <span class={p.used >= 80 ? 'limit-bar__pct limit-bar__pct--high' : 'limit-bar__pct'}>{p.used} %</span>
    </span>
  );
}

const methodLabel = (m: M, k: string) => (m as unknown as Record<string, string>)[`method_${k}`] ?? k;

export function AccountsList(p: { locale: Locale; rows: AccountRow[]; q: string; near: boolean }) {
  const m = accountMessages[p.locale];
  return (
    <div class="stack accounts-page">
      <header>
        <h1>{m.title}</h1>
        <p class="lead">{m.lead}</p>
        <p>
          <a href="/staff/settings/bank">{bankMessages[p.locale].title}</a>
        </p>
      </header>
      <form method="get" action="/staff/accounts" class="filters" role="search">
        <div class="field">
          <label for="f-q">{m.search}</label>
          <input id="f-q" name="q" type="search" value={p.q} placeholder={m.searchHint} maxlength={100} />
        </div>
        <label class="check">
          <input type="checkbox" name="near" value="1" checked={p.near} /> {m.nearOnly}
        </label>
        <Button variant="secondary">{m.filter}</Button>
      </form>
      <Table<AccountRow>
        caption={m.title}
        id="accounts"
        rows={p.rows}
        rowId={(r) => `account-${r.dealer_id}`}
        empty={<EmptyState title={m.emptyTitle} text={m.emptyText} />}
        columns={[
          {
            header: m.colDealer,
            cell: (r) => (
              <>
                <a href={`/staff/accounts/${r.dealer_id}`}>
                  <strong>{r.company_name}</strong>
                </a>{' '}
                <span class="muted mono">{r.code}</span>
                {r.has_account ? null : <span class="badge badge--neutral">{m.defaults}</span>}
              </>
            ),
          },
          {
            header: m.colSettlement,
            cell: (r) => (
              <>
                {r.settlement === 'prepayment' ? m.method_prepayment : m.method_open_account}
                <div class="muted small nowrap">{m.days(r.payment_term_days)}</div>
              </>
            ),
          },
          { header: m.colLimit, numeric: true, cell: (r) => (r.credit_limit > 0 ? fmtMoney(p.locale, r.credit_limit, r.currency) : <span class="muted">{m.noLimit}</span>) },
          {
            header: m.colExposure,
            numeric: true,
            cell: (r) => (
              <>
                {r.exposure === null ? <span class="badge badge--error">{m.noRate}</span> : fmtMoney(p.locale, r.exposure, r.currency)}
                <div class="muted small">{m.openCount(r.open_orders)}</div>
              </>
            ),
          },
          { header: m.colUsed, cell: (r) => <LimitBar used={usedPercent(r)} label={m.colUsed} /> },
          {
            header: m.colRemaining,
            numeric: true,
            cell: (r) =>
              r.exposure === null || r.credit_limit <= 0 ? '—' : r.exposure > r.credit_limit ? <span class="error-text">{m.overShort(fmtMoney(p.locale, r.exposure - r.credit_limit, r.currency))}</span> : fmtMoney(p.locale, r.credit_limit - r.exposure, r.currency),
          },
          { header: m.colMethods, cell: (r) => <span class="small">{r.payment_methods.map((k) => methodLabel(m, k)).join(' · ')}</span> },
        ]}
      />
    </div>
  );
}

export interface AccountForm {
  values: AccountValues;
  errors: Partial<Record<AccountField, AccountError>>;
}

export interface OpenOrder {
  id: number;
  number: string;
  status: OrderStatus;
  currency: string;
  total_gross: number;
  paid_gross: number;
  created_at: Date;
}

export function AccountPage(p: {
  locale: Locale;
  dealer: { id: number; company_name: string; code: string };
  kept: boolean;
  exposure: number | null;
  limit: number;
  currency: string;
  form: AccountForm;
  orders: OpenOrder[];
  cardConfigured: boolean;
}) {
  const m = accountMessages[p.locale];
  const err = (f: AccountField) => (p.form.errors[f] ? m[`err_${p.form.errors[f]!}`] : undefined);
  const used = usedPercent({ credit_limit: p.limit, exposure: p.exposure });
  const remaining = p.exposure === null ? null : p.limit - p.exposure;
  const v = p.form.values;
  return (
    <div class="stack">
      <a href="/staff/accounts">{m.back}</a>
      <header>
        <h1>{m.accountTitle(p.dealer.company_name)}</h1>
        <p class="muted mono">{p.dealer.code}</p>
      </header>
      {p.kept ? null : <p class="notice notice--info">{m.notKept}</p>}
      <section class="panel account-exposure" aria-labelledby="exp-title">
        <h2 id="exp-title">{m.exposureTitle}</h2>
        <dl class="account-figures">
          <div>
            <dt>{m.exposure}</dt>
            <dd data-testid="exposure">{p.exposure === null ? m.noRate : fmtMoney(p.locale, p.exposure, p.currency)}</dd>
          </div>
          <div>
            <dt>{m.limit}</dt>
            <dd>{fmtMoney(p.locale, p.limit, p.currency)}</dd>
          </div>
          <div>
            <dt>{remaining !== null && remaining < 0 ? m.overBy : m.remaining}</dt>
            <dd data-testid="remaining" class={remaining !== null && remaining < 0 ? 'error-text' : undefined}>
              {remaining === null ? '—' : fmtMoney(p.locale, Math.abs(remaining), p.currency)}
            </dd>
          </div>
          <div>
            <dt>{m.colUsed}</dt>
            <dd>
              <LimitBar used={used} label={m.colUsed} />
            </dd>
          </div>
        </dl>
      </section>
      <div class="account-grid">
        <PostForm action={`/staff/accounts/${p.dealer.id}`} class="panel" attrs={{ id: 'account-form' }}>
          <h2>{m.termsTitle}</h2>
          <fieldset class={`field${err('settlement') ? ' field--error' : ''}`} id="f-settlement-field">
            <legend>{m.settlement}</legend>
            {(['open_account', 'prepayment'] as const).map((s) => (
              <label class="check">
                <input type="radio" name="settlement" value={s} checked={v.settlement === s} /> {m[`settlement_${s}`]}
              </label>
            ))}
            {err('settlement') ? <p class="field__error" role="alert">{err('settlement')}</p> : null}
          </fieldset>
          <div class="form-grid">
            <FormField name="credit_limit" label={m.creditLimit} hint={m.creditLimitHint(v.currency || p.currency)} value={v.credit_limit} error={err('credit_limit')} inputmode="decimal" maxlength={30} />
            <FormField name="currency" label={m.currency} hint={m.currencyHint} value={v.currency} error={err('currency')} required maxlength={3} />
            <FormField name="payment_term_days" label={m.term} value={v.payment_term_days} error={err('payment_term_days')} required inputmode="numeric" maxlength={3} />
          </div>
          <fieldset class={`field${err('payment_methods') ? ' field--error' : ''}`} id="f-payment_methods-field">
            <legend>{m.methods}</legend>
            {ACCOUNT_METHODS.map((k) => {
              const disabled = k === 'card' && !p.cardConfigured;
              return (
                <label class="check">
                  <input type="checkbox" name="payment_methods" value={k} checked={v.payment_methods.includes(k)} disabled={disabled} /> {methodLabel(m, k)}
                  {disabled ? <span class="muted account-note"> — {m.cardNotConfigured}</span> : null}
                </label>
              );
            })}
            {err('payment_methods') ? <p class="field__error" id="f-payment_methods-error" role="alert">{err('payment_methods')}</p> : null}
          </fieldset>
          <fieldset class={`field${err('over_limit') ? ' field--error' : ''}`} id="f-over_limit-field">
            <legend>{m.overLimit}</legend>
            {(['block', 'review'] as const).map((s) => (
              <label class="check">
                <input type="radio" name="over_limit" value={s} checked={v.over_limit === s} /> {m[`over_${s}`]}
              </label>
            ))}
            {err('over_limit') ? <p class="field__error" role="alert">{err('over_limit')}</p> : null}
          </fieldset>
          <Button>{m.save}</Button>
        </PostForm>
        <section class="panel" aria-labelledby="open-title">
          <h2 id="open-title">{m.openOrders}</h2>
          <Table<OpenOrder>
            caption={m.openOrders}
            id="open-orders"
            rows={p.orders}
            empty={<p class="muted">{m.noOpen}</p>}
            columns={[
              { header: m.colNumber, cell: (o) => <a href={`/staff/orders/${o.id}`}>{o.number}</a> },
              { header: m.colDate, cell: (o) => <span class="nowrap">{o.created_at.toISOString().slice(0, 10)}</span> },
              { header: m.colStatus, cell: (o) => <OrderStatusBadge status={o.status} locale={p.locale} /> },
              { header: m.colTotal, numeric: true, cell: (o) => fmtMoney(p.locale, o.total_gross, o.currency) },
              { header: m.colPaid, numeric: true, cell: (o) => fmtMoney(p.locale, o.paid_gross, o.currency) },
            ]}
          />
        </section>
      </div>
    </div>
  );
}
