import type { Locale } from '../../src/i18n/define.ts';
import { rateMessages } from '../../src/pricing/messages.ts';
import { displayRate, type CsvError, type RateError, type RateRow } from '../../src/pricing/rates.ts';
import { Button, PostForm } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';
import { EmptyState, Table } from '../components/table.tsx';
import { PricingTabs } from './tabs.tsx';

type M = (typeof rateMessages)['en'];

export interface RateForm {
  values: { currency: string; date: string; rate: string };
  errors: Partial<Record<'currency' | 'date' | 'rate', RateError>>;
}

export interface UploadState {
  /** A file-level error (missing, too large). */
  fileError?: 'err_file' | 'err_fileSize';
  lineErrors?: CsvError[];
}

function rateErrorText(m: M, code: RateError, base: string): string {
  if (code === 'currencyBase') return m.err_currencyBase(base);
  return m[`err_${code}`];
}

const errText = (m: M, code: RateError | undefined, base: string) => (code ? rateErrorText(m, code, base) : undefined);

export function csvErrorText(m: M, e: CsvError, base: string): string {
  if (e.code === 'duplicate') return m.err_duplicate(e.detail ?? '');
  if (e.code === 'currencyBase') return m.err_currencyBase(base);
  return m[`err_${e.code}`];
}

export function RatesPage(p: { locale: Locale; base: string; rows: RateRow[]; form: RateForm; upload: UploadState }) {
  const m = rateMessages[p.locale];
  const lineErrors = p.upload.lineErrors ?? [];
  const fileError = p.upload.fileError ? m[p.upload.fileError] : lineErrors.length ? m.csvFailed : undefined;
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="rates" />
      <header>
        <h1>{m.title}</h1>
        <p class="lead">{m.lead(p.base)}</p>
      </header>
      <section aria-labelledby="rates-history-title">
        <h2 id="rates-history-title">{m.historyTitle}</h2>
        <Table<RateRow>
          caption={m.historyTitle}
          id="rates"
          rows={p.rows}
          rowId={(r) => `rate-${r.currency}-${r.date}`}
          empty={<EmptyState title={m.emptyTitle} text={m.emptyText} />}
          columns={[
            { header: m.colCurrency, cell: (r) => <strong>{r.currency}</strong> },
            { header: m.colDate, cell: (r) => <time datetime={r.date}>{r.date}</time> },
            { header: m.colRate(p.base), numeric: true, cell: (r) => displayRate(r.rate, p.locale) },
          ]}
        />
      </section>
      <div class="rates-grid">
        <PostForm action="/staff/rates" class="panel rates-form" attrs={{ id: 'rate-form' }}>
          <h2>{m.entryTitle}</h2>
          <FormField name="currency" label={m.currency} hint={m.currencyHint} value={p.form.values.currency} error={errText(m, p.form.errors.currency, p.base)} required maxlength={3} autocomplete="off" />
          <FormField name="date" type="date" label={m.date} value={p.form.values.date} error={errText(m, p.form.errors.date, p.base)} required />
          <FormField name="rate" label={m.rate} hint={m.rateHint(p.base)} value={p.form.values.rate} error={errText(m, p.form.errors.rate, p.base)} required inputmode="decimal" maxlength={40} autocomplete="off" />
          <Button>{m.save}</Button>
        </PostForm>
        <PostForm action="/staff/rates/upload" class="panel rates-upload" multipart attrs={{ id: 'rate-upload' }}>
          <h2>{m.uploadTitle}</h2>
          <div class={`field${fileError ? ' field--error' : ''}`} id="f-file-field">
            <label for="f-file">{m.file}</label>
            <input id="f-file" name="file" type="file" accept=".csv,text/csv,text/plain" required aria-invalid={fileError ? 'true' : undefined} aria-describedby={fileError ? 'f-file-hint f-file-error' : 'f-file-hint'} />
            <p class="field__hint" id="f-file-hint">
              {m.fileHint}
            </p>
            {fileError ? (
              <div class="field__error" id="f-file-error" role="alert">
                <p>{fileError}</p>
                {lineErrors.length ? (
                  <ul class="rates-line-errors">
                    {lineErrors.map((e) => (
                      <li>
                        {e.line > 0 ? <strong>{m.line(e.line)}: </strong> : null}
                        {csvErrorText(m, e, p.base)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
          </div>
          <Button>{m.upload}</Button>
        </PostForm>
      </div>
    </div>
  );
}
