import type { DocumentType } from '../../../src/dealers/applications.ts';
import type { FieldErrors } from '../../../src/dealers/dealers.ts';
import { applyMessages, fieldErrors } from '../../../src/dealers/messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { FileField } from './apply-form.tsx';

/** Upload page behind the tokenised link a reviewer sends (IAM-3 "request more documents"). */
export function MoreDocumentsForm(p: {
  locale: Locale;
  token: string;
  company: string;
  message: string;
  types: DocumentType[];
  uploaded: Record<string, string>;
  errors: FieldErrors;
}) {
  const m = applyMessages[p.locale];
  const e = fieldErrors[p.locale];
  return (
    <section class="apply">
      <h1>{m.moreTitle}</h1>
      <p class="lead">{m.moreIntro(p.company)}</p>
      {p.message ? (
        <div class="notice notice--info" role="note">
          <strong>{m.moreMessage}:</strong> {p.message}
        </div>
      ) : null}
      {Object.keys(p.errors).length ? (
        <div class="flash flash--error" role="alert">
          {m.errorSummary}
        </div>
      ) : null}
      <form method="post" action={`/apply/documents/${p.token}`} enctype="multipart/form-data" class="panel">
        {p.types.map((t) => (
          <FileField locale={p.locale} type={t} uploaded={p.uploaded[t.code]} error={p.errors[`doc_${t.code}`] ? e[p.errors[`doc_${t.code}`]!] : undefined} required />
        ))}
        <Button>{m.moreSubmit}</Button>
      </form>
    </section>
  );
}
