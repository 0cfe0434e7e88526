import type { Locale } from '../../../src/i18n/define.ts';
import { dealerPricingMessages } from '../../../src/pricing/list-messages.ts';
import { Button } from '../../components/button.tsx';

export interface DealerPricingProps {
  locale: Locale;
  dealerId: number;
  segmentId: number | null;
  segmentName: string | null;
  /** dealers.invoice_currency; null = the base currency. */
  currency: string | null;
  baseCurrency: string;
  segments: Array<{ id: number; name: string }>;
  canEdit: boolean;
  values?: { segment_id: string; currency: string };
  errors?: { segment_id?: string | undefined; currency?: string | undefined };
  /** No exchange rate for the chosen currency yet (a warning, not an error). */
  noRate?: string | undefined;
  saved?: boolean;
}

/**
 * The dealer page's pricing panel (PRC-1/PRC-2): segment and invoice currency. Loaded into the
 * dealer page by htmx (DealerPricingSlot); also a page of its own without JavaScript.
 */
export function DealerPricingPanel(p: DealerPricingProps) {
  const m = dealerPricingMessages[p.locale];
  const action = `/staff/dealers/${p.dealerId}/pricing`;
  const v = p.values ?? { segment_id: p.segmentId ? String(p.segmentId) : '', currency: p.currency ?? '' };
  const e = p.errors ?? {};
  return (
    <section id="dealer-pricing" class="panel dealer-pricing" aria-labelledby="dealer-pricing-title">
      <h2 id="dealer-pricing-title">{m.title}</h2>
      {p.saved ? (
        <p class="flash flash--success" role="status">
          {m.saved}
        </p>
      ) : null}
      {p.noRate ? (
        <p class="notice notice--warn" role="note" data-testid="no-rate">
          {p.noRate} <a href="/staff/rates">{m.ratesLink}</a>
        </p>
      ) : null}
      {p.canEdit ? (
        <form method="post" action={action} class="row" hx-post={action} hx-target="#dealer-pricing" hx-swap="outerHTML">
          <div class={`field${e.segment_id ? ' field--error' : ''}`}>
            <label for="f-dp-segment">{m.segment}</label>
            <select id="f-dp-segment" name="segment_id" aria-invalid={e.segment_id ? 'true' : undefined} aria-describedby={e.segment_id ? 'f-dp-segment-error' : undefined}>
              <option value="">{m.noSegment}</option>
              {p.segments.map((s) => (
                <option value={String(s.id)} selected={String(s.id) === v.segment_id}>
                  {s.name}
                </option>
              ))}
            </select>
            {e.segment_id ? (
              <p class="field__error" id="f-dp-segment-error" role="alert">
                {e.segment_id}
              </p>
            ) : null}
          </div>
          <div class={`field${e.currency ? ' field--error' : ''}`}>
            <label for="f-dp-currency">{m.currency}</label>
            <input
              id="f-dp-currency"
              name="invoice_currency"
              value={v.currency}
              maxlength={3}
              autocomplete="off"
              placeholder={p.baseCurrency}
              aria-invalid={e.currency ? 'true' : undefined}
              aria-describedby={e.currency ? 'f-dp-currency-hint f-dp-currency-error' : 'f-dp-currency-hint'}
            />
            <p class="field__hint" id="f-dp-currency-hint">
              {m.currencyHint(p.baseCurrency)}
            </p>
            {e.currency ? (
              <p class="field__error" id="f-dp-currency-error" role="alert">
                {e.currency}
              </p>
            ) : null}
          </div>
          <Button variant="secondary">{m.save}</Button>
        </form>
      ) : (
        <dl class="facts" data-testid="dealer-pricing-facts">
          <dt>{m.segment}</dt>
          <dd>{p.segmentName ?? m.noSegment}</dd>
          <dt>{m.currency}</dt>
          <dd>{p.currency ?? m.baseCurrency(p.baseCurrency)}</dd>
        </dl>
      )}
    </section>
  );
}

/** On the dealer page: htmx loads the panel; without JavaScript the link opens it as a page. */
export function DealerPricingSlot(p: { locale: Locale; dealerId: number }) {
  const m = dealerPricingMessages[p.locale];
  const url = `/staff/dealers/${p.dealerId}/pricing`;
  return (
    <section id="dealer-pricing" class="panel dealer-pricing" hx-get={url} hx-trigger="load" hx-swap="outerHTML">
      <h2>{m.title}</h2>
      <p>
        <a href={url}>{m.open}</a>
      </p>
    </section>
  );
}
