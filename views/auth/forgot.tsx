import { authMessages } from '../../src/auth/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { FormField } from '../components/form-field.tsx';

export function ForgotPage(p: { locale: Locale; email?: string; error?: string; formError?: string; staff: boolean }) {
  const m = authMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{m.forgotTitle}</h1>
      <p class="muted">{m.forgotIntro}</p>
      {p.formError ? (
        <div class="flash flash--error" role="alert">
          {p.formError}
        </div>
      ) : null}
      <form method="post" action={p.staff ? '/forgot?as=staff' : '/forgot'} class="panel" novalidate>
        <FormField name="email" label={m.email} type="email" value={p.email} error={p.error} required autocomplete="email" maxlength={254} />
        <button type="submit" class="btn btn--primary">
          {m.forgotSubmit}
        </button>
      </form>
      <p>
        <a href={p.staff ? '/staff/login' : '/login'}>{m.backToLogin}</a>
      </p>
    </section>
  );
}

/** Shown whether or not an account exists for the address (no account enumeration). */
export function ForgotSentPage(p: { locale: Locale; email: string; staff: boolean }) {
  const m = authMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{m.forgotSentTitle}</h1>
      <p role="status" data-testid="forgot-sent">
        {m.forgotSent(p.email)}
      </p>
      <p>
        <a class="btn btn--secondary" href={p.staff ? '/staff/login' : '/login'}>
          {m.backToLogin}
        </a>
      </p>
    </section>
  );
}
