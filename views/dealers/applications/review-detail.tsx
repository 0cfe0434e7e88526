import type { Application, ApplicationDocument, DocumentType, LegalText } from '../../../src/dealers/applications.ts';
import type { PostalAddress } from '../../../src/db/types.ts';
import { companyMessages, reviewMessages } from '../../../src/dealers/messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { Time } from '../../components/time.tsx';
import { ApplicationStatusBadge } from './review-list.tsx';
import { numberFormat } from '../../../src/i18n/intl-cache.ts';

export interface ReviewDetailProps {
  locale: Locale;
  timeZone: string;
  app: Application;
  docs: ApplicationDocument[];
  docTypes: DocumentType[];
  legal: { terms?: LegalText | undefined; contract?: LegalText | undefined };
  dealerCode: string | null;
  form: { reason: string; message: string; types: string[]; reasonError?: string | undefined; typesError?: string | undefined };
}

export function formatAddress(a: PostalAddress): string {
  return [a.line1, a.line2, a.district, [a.postal_code, a.city].filter(Boolean).join(' '), a.country && a.country !== 'TR' ? a.country : '']
    .filter((x) => x && x.trim())
    .join(', ');
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024)).toLocaleString('tr-TR')} KB`;

export function ReviewDetail(p: ReviewDetailProps) {
  const m = reviewMessages[p.locale];
  const c = companyMessages[p.locale];
  const a = p.app;
  const typeName = (code: string) => {
    const t = p.docTypes.find((x) => x.code === code);
    return t ? (p.locale === 'en' ? t.name_en : t.name_tr) : code;
  };
  const money = (minor: number | null) => (minor == null ? m.none : numberFormat(p.locale, { style: 'currency', currency: 'TRY', maximumFractionDigits: 0 }).format(minor / 100));
  const inReview = a.status === 'submitted';
  return (
    <section>
      <p>
        <a href="/staff/applications">← {m.back}</a>
      </p>
      <h1>
        {m.detailTitle(a.company_name)} <ApplicationStatusBadge locale={p.locale} status={a.status} />
      </h1>
      {p.dealerCode && a.dealer_id ? (
        <p>
          <a href={`/staff/dealers/${a.dealer_id}`}>{m.dealerLink(p.dealerCode)}</a>
        </p>
      ) : null}
      {a.review_note ? (
        <p class="notice notice--info" role="note">
          <strong>{m.reviewNote}:</strong> {a.review_note}
        </p>
      ) : null}
      <div class="detail-grid">
        <dl class="facts" data-testid="application-facts">
          <dt>{c.companyName}</dt>
          <dd>{a.company_name}</dd>
          <dt>{c.tradeName}</dt>
          <dd>{a.trade_name || m.none}</dd>
          <dt>{c.taxOffice}</dt>
          <dd>{a.tax_office}</dd>
          <dt>{c.taxNumber}</dt>
          <dd class="mono">{a.tax_number}</dd>
          <dt>{c.sector}</dt>
          <dd>{a.sector}</dd>
          <dt>{c.employeeCount}</dt>
          <dd>{a.employee_count ?? m.none}</dd>
          <dt>{c.annualTurnover}</dt>
          <dd>{money(a.annual_turnover)}</dd>
          <dt>{c.contactName}</dt>
          <dd>{a.contact_name}</dd>
          <dt>{c.email}</dt>
          <dd>
            <a href={`mailto:${a.email}`}>{a.email}</a>
          </dd>
          <dt>{c.phone}</dt>
          <dd>{a.phone}</dd>
          <dt>{c.billingAddress}</dt>
          <dd>{formatAddress(a.billing_address) || m.none}</dd>
          <dt>{c.shippingAddress}</dt>
          <dd>{formatAddress(a.shipping_address) || m.none}</dd>
          <dt>{m.colSubmitted}</dt>
          <dd>{a.submitted_at ? <Time at={a.submitted_at} locale={p.locale} timeZone={p.timeZone} /> : m.none}</dd>
          <dt>{m.acceptedTexts}</dt>
          <dd>
            {[p.legal.terms, p.legal.contract]
              .filter((x): x is LegalText => Boolean(x))
              .map((t) => `${t.title} v${t.version}`)
              .join(', ') || m.none}
            {a.accepted_at ? (
              <>
                {' · '}
                <Time at={a.accepted_at} locale={p.locale} timeZone={p.timeZone} />
              </>
            ) : null}
          </dd>
        </dl>
        <div>
          <h2>{m.documents}</h2>
          {p.docs.length ? (
            <ul class="doc-list" data-testid="documents">
              {p.docs.map((d) => (
                <li>
                  <a href={`/staff/applications/${a.id}/documents/${d.id}`} target="_blank" rel="noopener">
                    {typeName(d.document_type)}
                  </a>{' '}
                  <span class="muted">
                    {d.original_name} · {d.mime.replace(/^.*\//, '').toUpperCase()} · {kb(d.size)} · <Time at={d.uploaded_at} locale={p.locale} timeZone={p.timeZone} />
                  </span>
                  {d.mime.startsWith('image/') ? <img class="doc-thumb" src={`/staff/applications/${a.id}/documents/${d.id}`} alt={typeName(d.document_type)} loading="lazy" /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{m.noDocuments}</p>
          )}
        </div>
      </div>
      {inReview ? (
        <div class="cards review-actions">
          <form method="post" action={`/staff/applications/${a.id}/approval`} class="card">
            <h2>{m.approveTitle}</h2>
            <p class="muted">{m.approveText}</p>
            <Button>{m.approve}</Button>
          </form>
          <form method="post" action={`/staff/applications/${a.id}/rejection`} class="card" id="reject-form">
            <h2>{m.rejectTitle}</h2>
            <div class={`field${p.form.reasonError ? ' field--error' : ''}`}>
              <label for="f-reason">{m.rejectReason}</label>
              <textarea id="f-reason" name="reason" rows={3} maxlength={2000} required aria-invalid={p.form.reasonError ? 'true' : undefined} aria-describedby={p.form.reasonError ? 'f-reason-error' : undefined}>
                {p.form.reason}
              </textarea>
              {p.form.reasonError ? (
                <p class="field__error" id="f-reason-error" role="alert">
                  {p.form.reasonError}
                </p>
              ) : null}
            </div>
            <Button variant="danger">{m.reject}</Button>
          </form>
          <form method="post" action={`/staff/applications/${a.id}/document-request`} class="card" id="more-form">
            <h2>{m.moreTitle}</h2>
            <fieldset class={`field${p.form.typesError ? ' field--error' : ''}`}>
              <legend>{m.moreTypes}</legend>
              {p.docTypes.map((t) => (
                <label class="check">
                  <input type="checkbox" name="types" value={t.code} checked={p.form.types.includes(t.code)} /> {p.locale === 'en' ? t.name_en : t.name_tr}
                </label>
              ))}
              {p.form.typesError ? (
                <p class="field__error" role="alert">
                  {p.form.typesError}
                </p>
              ) : null}
            </fieldset>
            <div class="field">
              <label for="f-message">{m.moreMessage}</label>
              <textarea id="f-message" name="message" rows={3} maxlength={2000}>
                {p.form.message}
              </textarea>
            </div>
            <Button variant="secondary">{m.more}</Button>
          </form>
        </div>
      ) : null}
    </section>
  );
}
