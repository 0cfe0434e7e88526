import type { PaymentMethod } from '../../src/db/types.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { paymentMessages } from '../../src/pricing/payment-messages.ts';
import { MAX_INSTALLMENTS, PAYMENT_METHODS, type AdjustmentErrors, type AdjustmentValues, type EffectiveRow, type PriceListOption } from '../../src/pricing/payment.ts';
import { displayPercent, inputPercent } from '../../src/pricing/percent.ts';
import { Button } from '../components/button.tsx';
import { FieldError } from '../components/form-field.tsx';
import { EmptyState } from '../components/table.tsx';
import { PricingTabs } from './tabs.tsx';

type M = (typeof paymentMessages)['en'];
export const PAYMENT = '/staff/payment-methods';
export const PANEL_ID = 'payment-panel';

/** Which form a failed submit came from, with what was typed and what was wrong. */
export interface PaymentFormState {
  /** 'new', `row-<id>` (an edited row) or `inherit-<method:count>` (an override being created). */
  target: string;
  values: AdjustmentValues;
  errors: AdjustmentErrors;
}

export interface PaymentPanelProps {
  locale: Locale;
  /** null = the defaults. */
  list: PriceListOption | null;
  rows: EffectiveRow[];
  state?: PaymentFormState;
  /** A success message for htmx updates (plain requests get a flash after the redirect). */
  notice?: string;
}

export const methodLabel = (m: M, method: PaymentMethod, installments: number | null) =>
  method === 'installments' && installments ? `${m.method_installments} · ${m.nInstallments(installments)}` : m[`method_${method}`];

const htmx = (action: string) => ({ 'hx-post': action, 'hx-target': `#${PANEL_ID}`, 'hx-swap': 'outerHTML' });

function PercentInput(p: { form: string; id: string; value: string; error?: string | undefined; label: string }) {
  return (
    <div class={`pay-percent${p.error ? ' field--error' : ''}`}>
      <input
        id={p.id}
        form={p.form}
        name="percent"
        value={p.value}
        inputmode="decimal"
        maxlength={10}
        autocomplete="off"
        aria-label={p.label}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${p.id}-error` : undefined}
      />
      <FieldError id={p.id} error={p.error} />
    </div>
  );
}

function Row(p: { locale: Locale; list: PriceListOption | null; row: EffectiveRow; state?: PaymentFormState | undefined }) {
  const m = paymentMessages[p.locale];
  const r = p.row;
  const listValue = p.list ? String(p.list.id) : '';
  const own = p.list ? r.own : r.inherited;
  const rowLabel = methodLabel(m, r.method, r.installments);
  if (own) {
    const formId = `pa-${own.id}`;
    const st = p.state?.target === `row-${own.id}` ? p.state : undefined;
    return (
      <tr id={`adjustment-${own.id}`} class={p.list ? 'pay-row--own' : undefined}>
        <th scope="row">{m[`method_${r.method}`]}</th>
        <td class="num">{r.installments ?? '—'}</td>
        <td>
          <PercentInput form={formId} id={`f-percent-${own.id}`} value={st?.values.percent ?? inputPercent(own.percent, p.locale)} error={st?.errors.percent} label={`${m.colPercent}: ${rowLabel}`} />
        </td>
        <td>
          {p.list ? (
            <>
              <span class="badge badge--progress">{r.inherited ? m.sourceOwn : m.sourceOnlyList}</span>
              {r.inherited ? <span class="muted pay-default"> {m.overrides(displayPercent(r.inherited.percent, p.locale))}</span> : null}
            </>
          ) : (
            <span class="badge badge--neutral">{m.sourceDefault}</span>
          )}
        </td>
        <td class="pay-actions">
          <form id={formId} method="post" action={`${PAYMENT}/rows/${own.id}`} class="inline" {...htmx(`${PAYMENT}/rows/${own.id}`)}>
            <input type="hidden" name="list" value={listValue} />
            <Button variant="secondary" attrs={{ class: 'btn btn--secondary btn--small' }}>
              {m.save}
            </Button>
          </form>
          <form method="post" action={`${PAYMENT}/rows/${own.id}/delete`} class="inline" {...htmx(`${PAYMENT}/rows/${own.id}/delete`)}>
            <input type="hidden" name="list" value={listValue} />
            <button type="submit" class="btn btn--danger btn--small" aria-label={`${m.delete}: ${rowLabel}`}>
              {m.delete}
            </button>
          </form>
        </td>
      </tr>
    );
  }
  // Inherited by a list: the default's value, with an inline form to override it here.
  const inh = r.inherited!;
  const formId = `pa-new-${r.key.replace(':', '-')}`;
  const st = p.state?.target === `inherit-${r.key}` ? p.state : undefined;
  return (
    <tr id={`inherited-${r.key.replace(':', '-')}`} class="pay-row--inherited">
      <th scope="row">{m[`method_${r.method}`]}</th>
      <td class="num">{r.installments ?? '—'}</td>
      <td>
        <PercentInput form={formId} id={`f-percent-${formId}`} value={st?.values.percent ?? inputPercent(inh.percent, p.locale)} error={st?.errors.percent ?? st?.errors.form} label={`${m.colPercent}: ${rowLabel}`} />
      </td>
      <td>
        <span class="badge badge--neutral">{m.sourceInherited}</span>
      </td>
      <td class="pay-actions">
        <form id={formId} method="post" action={`${PAYMENT}/rows`} class="inline" {...htmx(`${PAYMENT}/rows`)}>
          <input type="hidden" name="list" value={listValue} />
          <input type="hidden" name="method" value={r.method} />
          <input type="hidden" name="installments" value={r.installments == null ? '' : String(r.installments)} />
          <input type="hidden" name="source" value={`inherit-${r.key}`} />
          <button type="submit" class="btn btn--secondary btn--small">
            {m.override}
          </button>
        </form>
      </td>
    </tr>
  );
}

function AddForm(p: { locale: Locale; list: PriceListOption | null; state?: PaymentFormState | undefined }) {
  const m = paymentMessages[p.locale];
  const st = p.state?.target === 'new' ? p.state : undefined;
  const v = st?.values ?? { method: 'wire', installments: '', percent: '' };
  const e = st?.errors ?? {};
  return (
    <form method="post" action={`${PAYMENT}/rows`} class="panel pay-add" id="payment-add" {...htmx(`${PAYMENT}/rows`)}>
      <h2>{p.list ? m.addTitleList(p.list.name) : m.addTitle}</h2>
      <input type="hidden" name="list" value={p.list ? String(p.list.id) : ''} />
      <input type="hidden" name="source" value="new" />
      {e.form ? (
        <p class="field__error" role="alert" id="payment-add-error">
          {e.form}
        </p>
      ) : null}
      <div class="pay-add__fields">
        <div class={`field${e.method ? ' field--error' : ''}`}>
          <label for="f-method">{m.method}</label>
          <select id="f-method" name="method" aria-invalid={e.method ? 'true' : undefined} aria-describedby={e.method ? 'f-method-error' : undefined}>
            {PAYMENT_METHODS.map((x) => (
              <option value={x} selected={x === v.method}>
                {m[`method_${x}`]}
              </option>
            ))}
          </select>
          <FieldError id="f-method" error={e.method} />
        </div>
        <div class={`field pay-add__count${e.installments ? ' field--error' : ''}`}>
          <label for="f-installments">{m.installments}</label>
          <input
            id="f-installments"
            name="installments"
            type="number"
            min="2"
            max={String(MAX_INSTALLMENTS)}
            value={v.installments}
            aria-invalid={e.installments ? 'true' : undefined}
            aria-describedby={['f-installments-hint', e.installments ? 'f-installments-error' : ''].filter(Boolean).join(' ')}
          />
          <p class="field__hint" id="f-installments-hint">
            {m.installmentsHint}
          </p>
          <FieldError id="f-installments" error={e.installments} />
        </div>
        <div class={`field${e.percent ? ' field--error' : ''}`}>
          <label for="f-percent">{m.percent}</label>
          <input
            id="f-percent"
            name="percent"
            value={v.percent}
            inputmode="decimal"
            maxlength={10}
            autocomplete="off"
            aria-invalid={e.percent ? 'true' : undefined}
            aria-describedby={['f-percent-hint', e.percent ? 'f-percent-error' : ''].filter(Boolean).join(' ')}
          />
          <p class="field__hint" id="f-percent-hint">
            {m.percentHint}
          </p>
          <FieldError id="f-percent" error={e.percent} />
        </div>
      </div>
      <Button>{m.add}</Button>
    </form>
  );
}

/** The rows of the chosen list (or the defaults) with their forms: the block every htmx action swaps. */
export function PaymentPanel(p: PaymentPanelProps) {
  const m = paymentMessages[p.locale];
  return (
    <section id={PANEL_ID} class="payment-panel" aria-labelledby="payment-panel-title">
      <h2 id="payment-panel-title">{p.list ? m.listTitle(p.list.name, p.list.currency) : m.defaultsTitle}</h2>
      <p class="muted">{p.list ? m.listLead : m.defaultsLead}</p>
      {p.notice ? (
        <p class="flash flash--success" role="status">
          {p.notice}
        </p>
      ) : null}
      {p.rows.length ? (
        <div class="table-wrap">
          <table class="table pay-table" id="payment-rows">
            <caption class="visually-hidden">{p.list ? m.listTitle(p.list.name, p.list.currency) : m.defaultsTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{m.colMethod}</th>
                <th scope="col" class="num">
                  {m.colInstallments}
                </th>
                <th scope="col">{m.colPercent}</th>
                <th scope="col">{m.colSource}</th>
                <th scope="col">{m.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <Row locale={p.locale} list={p.list} row={r} state={p.state} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title={m.emptyTitle} text={m.emptyText} />
      )}
      <AddForm locale={p.locale} list={p.list} state={p.state} />
    </section>
  );
}

export function PaymentPage(p: PaymentPanelProps & { lists: PriceListOption[] }) {
  const m = paymentMessages[p.locale];
  return (
    <div class="stack payment-methods">
      <PricingTabs locale={p.locale} current="payment" />
      <header>
        <h1>{m.title}</h1>
        <p class="lead">{m.lead}</p>
      </header>
      <form method="get" action={PAYMENT} class="filters" id="payment-list-switch" hx-get={PAYMENT} hx-target={`#${PANEL_ID}`} hx-swap="outerHTML" hx-trigger="change" hx-push-url="true">
        <div class="field">
          <label for="f-list">{m.listLabel}</label>
          <select id="f-list" name="list">
            <option value="">{m.listDefaults}</option>
            {p.lists.map((l) => (
              <option value={String(l.id)} selected={p.list?.id === l.id}>
                {l.name} · {l.currency}
                {l.target ? ` · ${l.target}` : ''}
              </option>
            ))}
          </select>
        </div>
        <noscript>
          <Button variant="secondary">{m.show}</Button>
        </noscript>
      </form>
      <PaymentPanel {...p} />
    </div>
  );
}
