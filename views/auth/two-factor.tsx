import { authMessages } from '../../src/auth/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { FormField } from '../components/form-field.tsx';

/** The second step of sign-in: a TOTP code, or one of the recovery codes. */
export function TwoFactorPage(p: { locale: Locale; error?: string; formError?: string; next?: string }) {
  const m = authMessages[p.locale];
  const q = p.next ? `?next=${encodeURIComponent(p.next)}` : '';
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{m.twoFactorTitle}</h1>
      <p class="muted">{m.twoFactorIntro}</p>
      {p.formError ? (
        <div class="flash flash--error" role="alert">
          {p.formError}
        </div>
      ) : null}
      <form method="post" action={`/login/2fa${q}`} class="panel" novalidate>
        <FormField
          name="code"
          label={m.code}
          error={p.error}
          required
          hint={m.codeHint}
          autocomplete="one-time-code"
          maxlength={20}
          attrs={{ autofocus: 'autofocus', spellcheck: 'false', autocapitalize: 'none' }}
        />
        <button type="submit" class="btn btn--primary">
          {m.verify}
        </button>
      </form>
      <form method="post" action="/logout">
        <button type="submit" class="btn btn--link">
          {m.cancelSignIn}
        </button>
      </form>
    </section>
  );
}
