import type { DocumentType, LegalText } from '../../../src/dealers/applications.ts';
import type { ApplyValues } from '../../../src/dealers/application-form.ts';
import type { FieldErrors } from '../../../src/dealers/dealers.ts';
import { applyMessages, companyMessages, fieldErrors } from '../../../src/dealers/messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { FormField } from '../../components/form-field.tsx';

export interface ApplyFormProps {
  locale: Locale;
  sellerName: string;
  values: ApplyValues;
  errors: FieldErrors;
  docTypes: DocumentType[];
  /** Documents already in the draft, by type code. */
  uploaded: Record<string, string>;
  legal: { terms?: LegalText | undefined; contract?: LegalText | undefined };
  accepted: { terms: boolean; contract: boolean };
  draftSaved: boolean;
}

/** Billing address, "shipping same as billing", shipping address: used by the application and the staff dealer form. */
export function CompanyAddresses(p: { locale: Locale; legend: string; values: ApplyValues; errors: FieldErrors }) {
  const c = companyMessages[p.locale];
  return (
    <fieldset class="panel apply-addresses">
      <legend>{p.legend}</legend>
      <h2 class="h3">{c.billingAddress}</h2>
      <AddressFields locale={p.locale} kind="billing" values={p.values} errors={p.errors} />
      <div class="field field--check">
        <label for="f-shipping_same">
          <input id="f-shipping_same" type="checkbox" name="shipping_same" checked={p.values.shipping_same} /> {c.sameAsBilling}
        </label>
      </div>
      <div class="shipping-fields">
        <h2 class="h3">{c.shippingAddress}</h2>
        <AddressFields locale={p.locale} kind="shipping" values={p.values} errors={p.errors} />
      </div>
    </fieldset>
  );
}

function AddressFields(p: { locale: Locale; kind: 'billing' | 'shipping'; values: ApplyValues; errors: FieldErrors }) {
  const c = companyMessages[p.locale];
  const e = fieldErrors[p.locale];
  const err = (k: string) => (p.errors[k] ? e[p.errors[k]!] : undefined);
  const f = (part: 'line1' | 'line2' | 'district' | 'city' | 'postal_code') => `${p.kind}_${part}` as const;
  const required = p.kind === 'billing';
  return (
    <div class="form-grid">
      <FormField name={f('line1')} label={c.line1} value={p.values[f('line1')]} error={err(f('line1'))} required={required} autocomplete={`${p.kind} address-line1`} maxlength={200} />
      <FormField name={f('line2')} label={c.line2} value={p.values[f('line2')]} error={err(f('line2'))} autocomplete={`${p.kind} address-line2`} maxlength={200} />
      <FormField name={f('district')} label={c.district} value={p.values[f('district')]} error={err(f('district'))} autocomplete={`${p.kind} address-level2`} maxlength={100} />
      <FormField name={f('city')} label={c.city} value={p.values[f('city')]} error={err(f('city'))} required={required} autocomplete={`${p.kind} address-level1`} maxlength={100} />
      <FormField name={f('postal_code')} label={c.postalCode} value={p.values[f('postal_code')]} error={err(f('postal_code'))} autocomplete={`${p.kind} postal-code`} inputmode="numeric" maxlength={20} />
    </div>
  );
}

export function FileField(p: { locale: Locale; type: DocumentType; uploaded?: string | undefined; error?: string | undefined; required: boolean }) {
  const m = applyMessages[p.locale];
  const id = `f-doc_${p.type.code}`;
  const label = p.locale === 'en' ? p.type.name_en : p.type.name_tr;
  const describedBy = [`${id}-hint`, p.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${p.error ? ' field--error' : ''}`} id={`${id}-field`}>
      <label for={id}>
        {label}
        {p.required ? <span class="field__req" aria-hidden="true"> *</span> : null}
      </label>
      <input id={id} name={`doc_${p.type.code}`} type="file" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy} />
      <p class="field__hint" id={`${id}-hint`}>
        {p.uploaded ? (
          <>
            <span class="uploaded" data-testid={`uploaded-${p.type.code}`}>
              ✓ {m.uploaded(p.uploaded)}
            </span>{' '}
            {m.replaceHint}
          </>
        ) : (
          m.documentsHint
        )}
      </p>
      {p.error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

function LegalCheckbox(p: { locale: Locale; name: string; text: LegalText; checked: boolean; error?: string | undefined }) {
  const m = applyMessages[p.locale];
  const id = `f-${p.name}`;
  return (
    <div class={`field field--check${p.error ? ' field--error' : ''}`} id={`${id}-field`}>
      <label for={id}>
        <input id={id} type="checkbox" name={p.name} checked={p.checked} required aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined} />{' '}
        {m.acceptText(p.text.title, p.text.version)}{' '}
        <a href={`/apply/legal/${p.text.id}`} target="_blank" rel="noopener">
          {m.readText}
        </a>
      </label>
      <input type="hidden" name={`${p.name}_id`} value={String(p.text.id)} />
      {p.error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

/** The public application form; a failed submit re-renders it with every value and the uploaded documents. */
export function ApplyForm(p: ApplyFormProps) {
  const m = applyMessages[p.locale];
  const c = companyMessages[p.locale];
  const e = fieldErrors[p.locale];
  const err = (k: string) => (p.errors[k] ? e[p.errors[k]!] : undefined);
  const v = p.values;
  const hasErrors = Object.keys(p.errors).length > 0;
  return (
    <section class="apply">
      <h1>{m.title}</h1>
      <p class="lead">{m.intro(p.sellerName)}</p>
      {hasErrors ? (
        <div class="flash flash--error" role="alert" id="apply-errors">
          {m.errorSummary}
        </div>
      ) : null}
      {p.draftSaved ? (
        <p class="notice notice--info" role="note">
          {m.draftNotice}
        </p>
      ) : null}
      <form method="post" action="/apply" enctype="multipart/form-data" class="stack" novalidate>
        <fieldset class="panel">
          <legend>{m.sectionCompany}</legend>
          <div class="form-grid">
            <FormField name="company_name" label={c.companyName} value={v.company_name} error={err('company_name')} required autocomplete="organization" maxlength={200} />
            <FormField name="trade_name" label={c.tradeName} value={v.trade_name} error={err('trade_name')} maxlength={200} />
            <FormField name="tax_office" label={c.taxOffice} value={v.tax_office} error={err('tax_office')} required maxlength={100} />
            <FormField name="tax_number" label={c.taxNumber} value={v.tax_number} error={err('tax_number')} required inputmode="numeric" hint={c.taxNumberHint} maxlength={14} />
            <FormField name="sector" label={c.sector} value={v.sector} error={err('sector')} required maxlength={100} />
            <FormField name="employee_count" label={c.employeeCount} value={v.employee_count} error={err('employee_count')} required inputmode="numeric" maxlength={9} />
            <FormField name="annual_turnover" label={c.annualTurnover} value={v.annual_turnover} error={err('annual_turnover')} inputmode="numeric" maxlength={20} />
          </div>
        </fieldset>
        <fieldset class="panel">
          <legend>{m.sectionContact}</legend>
          <div class="form-grid">
            <FormField name="contact_name" label={c.contactName} value={v.contact_name} error={err('contact_name')} required autocomplete="name" maxlength={200} />
            <FormField name="email" label={c.email} type="email" value={v.email} error={err('email')} required autocomplete="email" maxlength={254} />
            <FormField name="phone" label={c.phone} type="tel" value={v.phone} error={err('phone')} required autocomplete="tel" maxlength={40} />
          </div>
        </fieldset>
        <CompanyAddresses locale={p.locale} legend={m.sectionAddresses} values={v} errors={p.errors} />
        {p.docTypes.length ? (
          <fieldset class="panel">
            <legend>{m.sectionDocuments}</legend>
            <p class="muted">{m.documentsHint}</p>
            {p.docTypes.map((t) => (
              <FileField locale={p.locale} type={t} uploaded={p.uploaded[t.code]} error={err(`doc_${t.code}`)} required={t.required} />
            ))}
          </fieldset>
        ) : null}
        {p.legal.terms || p.legal.contract ? (
          <fieldset class="panel">
            <legend>{m.sectionTerms}</legend>
            {p.legal.terms ? <LegalCheckbox locale={p.locale} name="accept_terms" text={p.legal.terms} checked={p.accepted.terms} error={err('accept_terms')} /> : null}
            {p.legal.contract ? <LegalCheckbox locale={p.locale} name="accept_contract" text={p.legal.contract} checked={p.accepted.contract} error={err('accept_contract')} /> : null}
          </fieldset>
        ) : null}
        <div>
          <Button>{m.submit}</Button>
        </div>
      </form>
    </section>
  );
}

export function ApplyDone(p: { title: string; text: string; backLabel: string; backHref?: string }) {
  return (
    <section class="panel apply-done" data-testid="apply-done">
      <h1>{p.title}</h1>
      <p>{p.text}</p>
      <a class="btn btn--secondary" href={p.backHref ?? '/'}>
        {p.backLabel}
      </a>
    </section>
  );
}

export function LegalTextPage(p: { text: LegalText }) {
  return (
    <article class="panel legal-text">
      <h1>
        {p.text.title} <span class="muted">v{p.text.version}</span>
      </h1>
      <div class="mail-text">{p.text.body}</div>
    </article>
  );
}
