import type { Locale } from '../../../src/i18n/define.ts';
import { portalMessages } from '../../../src/dealers/portal-messages.ts';
import { Button, LinkButton, PostForm } from '../../components/button.tsx';
import { FormField } from '../../components/form-field.tsx';

export interface ActAsProps {
  locale: Locale;
  dealer: { id: number; code: string; company_name: string; status: string };
  reason: string;
  errors: Partial<Record<'reason' | 'code', string>>;
}

/** Confirmation before staff open a dealer's portal view (IAM-11): reason and a fresh TOTP code. */
export function ActAsPage(p: ActAsProps) {
  const m = portalMessages[p.locale];
  return (
    <section>
      <h1>
        {m.actAsTitle}: {p.dealer.company_name} <code>{p.dealer.code}</code>
      </h1>
      <p class="lead">{m.actAsIntro(p.dealer.company_name)}</p>
      {p.dealer.status === 'blocked' ? (
        <p class="notice notice--warn" role="note">
          {m.dealerBlocked}
        </p>
      ) : null}
      <PostForm action={`/staff/dealers/${p.dealer.id}/act-as`} class="panel" attrs={{ id: 'act-as-form' }}>
        <FormField name="reason" label={m.actAsReason} value={p.reason} error={p.errors.reason} required maxlength={200} />
        <FormField
          name="code"
          label={m.actAsCode}
          error={p.errors.code}
          required
          autocomplete="one-time-code"
          inputmode="numeric"
          pattern="[0-9]{6}"
          maxlength={6}
        />
        <div class="row">
          <Button>{m.actAsStart}</Button>
          <LinkButton href={`/staff/dealers/${p.dealer.id}`} variant="secondary">
            {m.actAsBack}
          </LinkButton>
        </div>
      </PostForm>
    </section>
  );
}
