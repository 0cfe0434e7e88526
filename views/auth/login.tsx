import { authMessages } from '../../src/auth/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { FormField } from '../components/form-field.tsx';

export type LoginKind = 'dealer' | 'staff';

export interface LoginProps {
  locale: Locale;
  kind: LoginKind;
  values: { code?: string; email?: string };
  errors: { code?: string; email?: string; password?: string };
  /** The generic failure or the wait message, shown above the form. */
  formError?: string;
  next?: string;
}

/** Dealer (code + e-mail + password) and staff (e-mail + password) sign-in share one form. */
export function LoginPage(p: LoginProps) {
  const m = authMessages[p.locale];
  const dealer = p.kind === 'dealer';
  const action = dealer ? '/login' : '/staff/login';
  const q = p.next ? `?next=${encodeURIComponent(p.next)}` : '';
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{dealer ? m.dealerTitle : m.staffTitle}</h1>
      <p class="muted">{dealer ? m.dealerIntro : m.staffIntro}</p>
      {p.formError ? (
        <div class="flash flash--error" role="alert" data-testid="login-error">
          {p.formError}
        </div>
      ) : null}
      <form method="post" action={`${action}${q}`} class="panel" novalidate>
        {dealer ? (
          <FormField
            name="code"
            label={m.dealerCode}
            value={p.values.code}
            error={p.errors.code}
            required
            hint={m.dealerCodeHint}
            autocomplete="organization"
            maxlength={40}
            attrs={{ autocapitalize: 'characters', spellcheck: 'false' }}
          />
        ) : null}
        <FormField name="email" label={m.email} type="email" value={p.values.email} error={p.errors.email} required autocomplete="username" maxlength={254} />
        <FormField name="password" label={m.password} type="password" error={p.errors.password} required autocomplete="current-password" maxlength={256} />
        <div class="row">
          <button type="submit" class="btn btn--primary">
            {m.signIn}
          </button>
          <a href={`/forgot${dealer ? '' : '?as=staff'}`}>{m.forgotLink}</a>
        </div>
      </form>
      <p>
        <a href={`${dealer ? '/staff/login' : '/login'}${q}`} data-testid="login-switch">
          {dealer ? m.switchToStaff : m.switchToDealer}
        </a>
      </p>
    </section>
  );
}
