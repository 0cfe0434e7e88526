import type { Locale } from '../../src/i18n/define.ts';
import { DOCUMENT_TEXT } from '../../src/orders/documents.ts';
import { bankMessages } from '../../src/staff/bank-messages.ts';
import { Button } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';

/** FIN-1: the seller's bank account for payment instructions (/staff/settings/bank). */
export interface BankForm {
  values: { iban: string; bankName: string; accountHolder: string };
  errors: Partial<Record<'iban' | 'bankName' | 'accountHolder', string>>;
}

/** The form alone: the htmx fragment swapped on a 422, and the body of the page. */
export function BankSettingsForm(p: { locale: Locale; form: BankForm }) {
  const m = bankMessages[p.locale];
  const v = p.form.values;
  const e = p.form.errors;
  return (
    <form method="post" action="/staff/settings/bank" id="bank-form" class="panel" hx-post="/staff/settings/bank" hx-target="this" hx-swap="outerHTML">
      <div class="form-grid">
        <FormField name="iban" label={m.iban} value={v.iban} error={e.iban} maxlength={64} autocomplete="off" hint={m.ibanHint} attrs={{ spellcheck: 'false', autocapitalize: 'characters', class: 'iban-input' }} />
        <FormField name="bankName" label={m.bankName} value={v.bankName} error={e.bankName} maxlength={120} autocomplete="off" />
        <FormField name="accountHolder" label={m.accountHolder} value={v.accountHolder} error={e.accountHolder} maxlength={200} autocomplete="off" hint={m.accountHolderHint} />
      </div>
      <Button>{m.save}</Button>
    </form>
  );
}

export function BankSettingsPage(p: { locale: Locale; form: BankForm; saved: { iban: string; bankName: string; accountHolder: string }; canOpenSettings: boolean }) {
  const m = bankMessages[p.locale];
  const s = p.saved;
  return (
    <div class="stack settings bank-settings">
      <header>
        {p.canOpenSettings ? (
          <p>
            <a href="/staff/settings#bank">← {m.back}</a>
          </p>
        ) : null}
        <h1>{m.title}</h1>
        <p class="muted">{m.lead}</p>
      </header>
      <BankSettingsForm locale={p.locale} form={p.form} />
      <section class="panel" aria-labelledby="bank-preview-h">
        <h2 id="bank-preview-h">{m.preview}</h2>
        <p class="bank-preview">{s.iban ? DOCUMENT_TEXT[p.locale].bankLine(s.iban, s.bankName, s.accountHolder) : m.none}</p>
      </section>
    </div>
  );
}

/** The summary on the main settings page (owners/admins), linking to the form. */
export function BankSettingsSummary(p: { locale: Locale; saved: { iban: string; bankName: string; accountHolder: string } }) {
  const m = bankMessages[p.locale];
  const s = p.saved;
  return (
    <section class="panel" id="bank" aria-labelledby="bank-h">
      <h2 id="bank-h">{m.title}</h2>
      <p class="muted">{m.lead}</p>
      <p class="bank-preview">{s.iban ? DOCUMENT_TEXT[p.locale].bankLine(s.iban, s.bankName, s.accountHolder) : m.none}</p>
      <p>
        <a class="btn btn--secondary" href="/staff/settings/bank">
          {m.edit}
        </a>
      </p>
    </section>
  );
}
