import { authMessages } from '../../src/auth/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { FormField } from '../components/form-field.tsx';

export interface PasswordErrors {
  password?: string;
  confirm?: string;
  name?: string;
}

/** New password after a reset link (IAM-4). */
export function ResetPage(p: { locale: Locale; action: string; errors: PasswordErrors }) {
  const m = authMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{m.resetTitle}</h1>
      <p class="muted">{m.resetIntro}</p>
      <form method="post" action={p.action} class="panel" novalidate>
        <NewPasswordFields locale={p.locale} errors={p.errors} />
        <button type="submit" class="btn btn--primary">
          {m.savePassword}
        </button>
      </form>
    </section>
  );
}

/** Accepting an invitation: confirm the name, choose a password. */
export function InvitePage(p: { locale: Locale; action: string; sellerName: string; email: string; dealerCode?: string | null; name: string; errors: PasswordErrors }) {
  const m = authMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{m.inviteTitle}</h1>
      <p class="muted">{m.inviteIntro(p.sellerName)}</p>
      <form method="post" action={p.action} class="panel" novalidate>
        <dl class="facts">
          {p.dealerCode ? (
            <>
              <dt>{m.inviteDealerCode}</dt>
              <dd data-testid="invite-code">{p.dealerCode}</dd>
            </>
          ) : null}
          <dt>{m.inviteEmail}</dt>
          <dd>{p.email}</dd>
        </dl>
        <input type="hidden" name="username" value={p.email} autocomplete="username" />
        <FormField name="name" label={m.name} value={p.name} error={p.errors.name} required autocomplete="name" maxlength={120} />
        <NewPasswordFields locale={p.locale} errors={p.errors} />
        <button type="submit" class="btn btn--primary">
          {m.activate}
        </button>
      </form>
    </section>
  );
}

function NewPasswordFields(p: { locale: Locale; errors: PasswordErrors }) {
  const m = authMessages[p.locale];
  return (
    <>
      <FormField name="password" label={m.newPassword} type="password" error={p.errors.password} required hint={m.newPasswordHint} autocomplete="new-password" maxlength={256} />
      <FormField name="confirm" label={m.confirmPassword} type="password" error={p.errors.confirm} required autocomplete="new-password" maxlength={256} />
    </>
  );
}

export function LinkInvalidPage(p: { locale: Locale; invite?: boolean }) {
  const m = authMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{m.linkInvalidTitle}</h1>
      <p data-testid="link-invalid">{p.invite ? m.inviteInvalid : m.linkInvalid}</p>
      <p>
        {p.invite ? (
          <a class="btn btn--primary" href="/login">
            {m.signIn}
          </a>
        ) : (
          <a class="btn btn--primary" href="/forgot">
            {m.requestNewLink}
          </a>
        )}
      </p>
    </section>
  );
}
