import type { Locale } from '../../src/i18n/define.ts';
import type { SettingValue } from '../../src/settings/settings.ts';
import { staffMessages } from '../../src/staff/messages.ts';
import { LEGAL_KINDS, type DocumentType, type LegalKind, type LegalText } from '../../src/staff/settings.ts';
import { Button } from '../components/button.tsx';
import { BankSettingsSummary } from './bank-settings.tsx';
import { FormField, SelectField } from '../components/form-field.tsx';
import { Time } from '../components/time.tsx';

type Errors = Record<string, string | undefined>;

export interface SettingsProps {
  locale: Locale;
  timeZone: string;
  brand: { colour: string; defaultLocale: Locale; logoVersion: number; hasLogo: boolean };
  contact: SettingValue<'contact'>;
  /** FIN-1: shown as a summary; edited at /staff/settings/bank (finance may too). */
  bank: SettingValue<'bank'>;
  dealerPrefix: string;
  legal: LegalText[];
  docTypes: DocumentType[];
  /** Values and errors of the form that failed, keyed by section. */
  failed?: { section: 'brand' | 'logo' | 'contact' | 'dealerCode' | 'docAdd' | LegalKind | `doc-${number}`; values: Record<string, string>; errors: Errors };
}

function TextArea(p: { name: string; label: string; value: string; error?: string | undefined; rows?: number; maxlength?: number; required?: boolean }) {
  const id = `f-${p.name}`;
  return (
    <div class={`field${p.error ? ' field--error' : ''}`}>
      <label for={id}>{p.label}</label>
      <textarea id={id} name={p.name} rows={p.rows ?? 3} maxlength={p.maxlength} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined}>
        {p.value}
      </textarea>
      {p.error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

function Check(p: { name: string; label: string; checked: boolean; form?: string }) {
  return (
    <label class="check">
      <input type="checkbox" name={p.name} value="1" checked={p.checked} form={p.form} /> {p.label}
    </label>
  );
}

function BrandSection(p: SettingsProps) {
  const m = staffMessages[p.locale];
  const f = p.failed?.section === 'brand' ? p.failed : undefined;
  const lf = p.failed?.section === 'logo' ? p.failed : undefined;
  return (
    <section class="panel" id="brand" aria-labelledby="brand-h">
      <h2 id="brand-h">{m.brandTitle}</h2>
      <div class="brand-preview">
        <img class="brand-preview__logo" src={`/brand/logo?v=${p.brand.logoVersion}`} alt={m.logoCurrent} width="64" height="64" />
        <span class="colour-swatch" aria-hidden="true" />
        <span class="muted">{m.colourPreview}</span>
      </div>
      <form method="post" action="/staff/settings/logo" enctype="multipart/form-data" id="logo-form">
        <div class={`field${lf?.errors.logo ? ' field--error' : ''}`}>
          <label for="f-logo">{m.logo}</label>
          <input id="f-logo" type="file" name="logo" accept="image/png,image/jpeg,image/webp" required aria-describedby="f-logo-hint" />
          <p class="field__hint" id="f-logo-hint">
            {m.logoHint}
          </p>
          {lf?.errors.logo ? (
            <p class="field__error" role="alert">
              {lf.errors.logo}
            </p>
          ) : null}
        </div>
        <div class="row">
          <Button variant="secondary">{m.logoUpload}</Button>
        </div>
      </form>
      {p.brand.hasLogo ? (
        <form method="post" action="/staff/settings/logo/delete" class="inline">
          <button type="submit" class="btn btn--link btn--small">
            {m.logoRemove}
          </button>
        </form>
      ) : null}
      <form method="post" action="/staff/settings/brand" id="brand-form">
        <div class="form-grid">
          <FormField name="colour" type="color" label={m.colour} value={f?.values.colour ?? p.brand.colour} error={f?.errors.colour} hint={m.colourHint} />
          <SelectField
            name="defaultLocale"
            label={m.language}
            value={f?.values.defaultLocale ?? p.brand.defaultLocale}
            options={[
              { value: 'tr', label: m.lang_tr },
              { value: 'en', label: m.lang_en },
            ]}
          />
        </div>
        <Button>{m.save}</Button>
      </form>
    </section>
  );
}

function ContactSection(p: SettingsProps) {
  const m = staffMessages[p.locale];
  const f = p.failed?.section === 'contact' ? p.failed : undefined;
  const v = f?.values ?? p.contact;
  return (
    <section class="panel" id="contact" aria-labelledby="contact-h">
      <h2 id="contact-h">{m.contactTitle}</h2>
      <p class="muted">{m.contactHint}</p>
      <form method="post" action="/staff/settings/contact">
        <div class="form-grid">
          <FormField name="phone" type="tel" label={m.phone} value={v.phone} error={f?.errors.phone} maxlength={40} autocomplete="tel" />
          <FormField name="email" type="email" label={m.email} value={v.email} error={f?.errors.email} maxlength={254} autocomplete="email" />
          <FormField name="website" type="url" label={m.website} value={v.website} error={f?.errors.website} maxlength={200} autocomplete="url" />
        </div>
        <TextArea name="address" label={m.address} value={v.address ?? ''} error={f?.errors.address} maxlength={500} />
        <Button>{m.save}</Button>
      </form>
    </section>
  );
}

function DealerCodeSection(p: SettingsProps) {
  const m = staffMessages[p.locale];
  const f = p.failed?.section === 'dealerCode' ? p.failed : undefined;
  const prefix = f?.values.prefix ?? p.dealerPrefix;
  return (
    <section class="panel" id="dealer-code" aria-labelledby="dealer-code-h">
      <h2 id="dealer-code-h">{m.dealerCodeTitle}</h2>
      <form method="post" action="/staff/settings/dealer-code" class="row">
        <FormField name="prefix" label={m.dealerCodePrefix} value={prefix} error={f?.errors.prefix} maxlength={12} hint={m.dealerCodeHint(`${p.dealerPrefix}1001`)} autocomplete="off" />
        <Button>{m.save}</Button>
      </form>
    </section>
  );
}

function LegalKindBlock(p: SettingsProps & { kind: LegalKind }) {
  const m = staffMessages[p.locale];
  const kindLabel = m[`kind_${p.kind}`];
  const versions = p.legal.filter((l) => l.kind === p.kind);
  const current = versions[0];
  const f = p.failed?.section === p.kind ? p.failed : undefined;
  return (
    <div class="legal-kind" id={`legal-${p.kind}`}>
      <h3>{kindLabel}</h3>
      {current ? (
        <p>
          <strong>{m.legalCurrent}:</strong> {m.legalVersion(current.version)} — {current.title}
        </p>
      ) : (
        <p class="muted">{m.legalNone}</p>
      )}
      {versions.length ? (
        <details>
          <summary>{m.legalHistory}</summary>
          <table class="table">
            <caption class="visually-hidden">
              {kindLabel} — {m.legalHistory}
            </caption>
            <thead>
              <tr>
                <th scope="col">{m.colVersion}</th>
                <th scope="col">{m.legalTitleField}</th>
                <th scope="col">{m.colPublished}</th>
                <th scope="col">{m.colPublishedBy}</th>
                <th scope="col">
                  <span class="visually-hidden">{m.view}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((l) => (
                <tr>
                  <td class="num">{l.version}</td>
                  <td>{l.title}</td>
                  <td>
                    <Time at={l.published_at} locale={p.locale} timeZone={p.timeZone} />
                  </td>
                  <td>{l.published_by_name ?? '—'}</td>
                  <td>
                    <a href={`/staff/settings/legal/${l.id}`}>{m.view}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      <details open={Boolean(f)}>
        <summary>{m.legalPublishTitle(kindLabel)}</summary>
        <form method="post" action={`/staff/settings/legal/${p.kind}`}>
          <FormField name={`${p.kind}-title`} label={m.legalTitleField} value={f?.values.title ?? current?.title ?? kindLabel} error={f?.errors.title} maxlength={200} required />
          <TextArea name={`${p.kind}-body`} label={m.legalBody} value={f?.values.body ?? current?.body ?? ''} error={f?.errors.body} rows={8} required />
          <Button>{m.legalPublish}</Button>
        </form>
      </details>
    </div>
  );
}

function DocTypesSection(p: SettingsProps) {
  const m = staffMessages[p.locale];
  const add = p.failed?.section === 'docAdd' ? p.failed : undefined;
  return (
    <section class="panel" id="document-types" aria-labelledby="doc-h">
      <h2 id="doc-h">{m.docTypesTitle}</h2>
      <p class="muted">{m.docTypesLead}</p>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{m.docTypesTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colCode}</th>
              <th scope="col">{m.colNameTr}</th>
              <th scope="col">{m.colNameEn}</th>
              <th scope="col">{m.colRequired}</th>
              <th scope="col">{m.colActive}</th>
              <th scope="col">
                <span class="visually-hidden">{m.save}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.docTypes.map((d) => {
              const form = `doc-${d.id}`;
              const f = p.failed?.section === form ? p.failed : undefined;
              return (
                <tr id={`doctype-${d.id}`} class={d.active ? undefined : 'row--inactive'}>
                  <td>
                    <code>{d.code}</code>
                  </td>
                  <td>
                    <input name="nameTr" form={form} value={f?.values.nameTr ?? d.name_tr} aria-label={`${m.colNameTr}: ${d.code}`} maxlength={120} required />
                    {f?.errors.nameTr ? <p class="field__error">{f.errors.nameTr}</p> : null}
                  </td>
                  <td>
                    <input name="nameEn" form={form} value={f?.values.nameEn ?? d.name_en} aria-label={`${m.colNameEn}: ${d.code}`} maxlength={120} />
                  </td>
                  <td>
                    <Check name="required" form={form} checked={d.required} label={m.colRequired} />
                  </td>
                  <td>
                    <Check name="active" form={form} checked={d.active} label={m.colActive} />
                  </td>
                  <td>
                    <form method="post" action={`/staff/settings/document-types/${d.id}`} id={form}>
                      <button type="submit" class="btn btn--secondary btn--small">
                        {m.save}
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <form method="post" action="/staff/settings/document-types" class="row" id="doc-add">
        <FormField name="nameTr" label={m.colNameTr} value={add?.values.nameTr ?? ''} error={add?.errors.nameTr} maxlength={120} required />
        <FormField name="nameEn" label={m.colNameEn} value={add?.values.nameEn ?? ''} error={add?.errors.nameEn} maxlength={120} />
        <Check name="required" checked={add ? add.values.required === '1' : true} label={m.colRequired} />
        <Button variant="secondary">{m.docTypeAdd}</Button>
      </form>
    </section>
  );
}

export function SettingsPage(p: SettingsProps) {
  const m = staffMessages[p.locale];
  return (
    <div class="stack settings">
      <header>
        <h1>{m.settingsTitle}</h1>
        <p class="muted">{m.settingsLead}</p>
      </header>
      <BrandSection {...p} />
      <ContactSection {...p} />
      <BankSettingsSummary locale={p.locale} saved={p.bank} />
      <DealerCodeSection {...p} />
      <section class="panel" id="legal" aria-labelledby="legal-h">
        <h2 id="legal-h">{m.legalTitle}</h2>
        <p class="muted">{m.legalLead}</p>
        {LEGAL_KINDS.map((kind) => (
          <LegalKindBlock {...p} kind={kind} />
        ))}
      </section>
      <DocTypesSection {...p} />
    </div>
  );
}

export function LegalTextView(p: { locale: Locale; timeZone: string; text: LegalText }) {
  const m = staffMessages[p.locale];
  return (
    <article class="panel">
      <p>
        <a href="/staff/settings#legal">← {m.settingsTitle}</a>
      </p>
      <h1>
        {m[`kind_${p.text.kind}`]} — {m.legalVersion(p.text.version)}
      </h1>
      <p class="muted">
        <Time at={p.text.published_at} locale={p.locale} timeZone={p.timeZone} /> · {p.text.published_by_name ?? '—'}
      </p>
      <h2>{p.text.title}</h2>
      <div class="legal-body">{p.text.body}</div>
    </article>
  );
}
