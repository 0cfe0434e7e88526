import type { Locale } from '../../src/i18n/define.ts';
import type { SettingsError, SettingsValues, VatUsage } from '../../src/pricing/pricing-settings.ts';
import { pricingSettingsMessages } from '../../src/pricing/settings-messages.ts';
import { Button, PostForm } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';
import { EmptyState, Table } from '../components/table.tsx';
import { PricingTabs } from './tabs.tsx';

type M = (typeof pricingSettingsMessages)['en'];

export interface PricingSettingsProps {
  locale: Locale;
  values: SettingsValues;
  errors: SettingsError[];
  /** The stored setting (the usage table marks what is offered now, not what was typed). */
  saved: { baseCurrency: string; vatRates: number[]; defaultVatRate: number };
  /** What pins the stored base currency. */
  use: { rates: number; lists: number };
  usage: VatUsage[];
}

export function settingsErrorText(m: M, e: SettingsError): string {
  switch (e.code) {
    case 'baseLocked':
      return m.err_baseLocked(e.base, e.rates, e.lists);
    case 'vatFormat':
      return m.err_vatFormat(e.bad);
    default:
      return m[`err_${e.code}`];
  }
}

export function PricingSettingsPage(p: PricingSettingsProps) {
  const m = pricingSettingsMessages[p.locale];
  const err = (field: SettingsError['field']) => {
    const e = p.errors.find((x) => x.field === field);
    return e ? settingsErrorText(m, e) : undefined;
  };
  const locked = p.use.rates > 0 || p.use.lists > 0;
  const rows: Array<VatUsage & { offered: boolean }> = [
    ...p.saved.vatRates.map((rate) => ({ rate, products: p.usage.find((u) => u.rate === rate)?.products ?? 0, offered: true })),
    ...p.usage.filter((u) => !p.saved.vatRates.includes(u.rate)).map((u) => ({ ...u, offered: false })),
  ].sort((a, b) => a.rate - b.rate);
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="settings" />
      <header>
        <h1>{m.title}</h1>
        <p class="lead">{m.lead}</p>
      </header>
      <div class="pricing-settings-grid">
        <PostForm action="/staff/pricing-settings" class="panel pricing-settings-form" attrs={{ id: 'pricing-settings-form', novalidate: '' }}>
          <h2>{m.formTitle}</h2>
          {p.errors.length ? (
            <p class="flash flash--error" role="alert" id="form-errors">
              {m.fixErrors}
            </p>
          ) : null}
          <FormField
            name="baseCurrency"
            label={m.baseCurrency}
            hint={locked ? `${m.baseCurrencyHint} ${m.baseLockedHint(p.use.rates, p.use.lists)}` : m.baseCurrencyHint}
            value={p.values.baseCurrency}
            error={err('baseCurrency')}
            required
            maxlength={3}
            autocomplete="off"
          />
          <FormField name="vatRates" label={m.vatRates} hint={m.vatRatesHint} value={p.values.vatRates} error={err('vatRates')} required maxlength={200} autocomplete="off" />
          <FormField name="defaultVatRate" label={m.defaultVatRate} hint={m.defaultVatRateHint} value={p.values.defaultVatRate} error={err('defaultVatRate')} required inputmode="numeric" maxlength={4} autocomplete="off" />
          <Button>{m.save}</Button>
        </PostForm>
        <section class="panel pricing-settings-usage" aria-labelledby="vat-usage-title">
          <h2 id="vat-usage-title">{m.usageTitle}</h2>
          <Table<VatUsage & { offered: boolean }>
            caption={m.usageTitle}
            id="vat-usage"
            rows={rows}
            rowId={(r) => `vat-${r.rate}`}
            empty={<EmptyState title={m.usageEmpty} text="" />}
            columns={[
              {
                header: m.colRate,
                cell: (r) => (
                  <>
                    <strong>{m.rateLabel(r.rate)}</strong>
                    {r.offered && r.rate === p.saved.defaultVatRate ? <span class="badge badge--done pricing-settings-default">{m.isDefault}</span> : null}
                  </>
                ),
              },
              { header: m.colOffered, cell: (r) => (r.offered ? m.offeredYes : <span class="badge badge--waiting">{m.offeredNo}</span>) },
              { header: m.colProducts, numeric: true, cell: (r) => r.products.toLocaleString(p.locale === 'tr' ? 'tr-TR' : 'en-GB') },
            ]}
          />
        </section>
      </div>
    </div>
  );
}
