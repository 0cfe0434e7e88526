import { accountMessages } from '../../src/account/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';

/** The page behind the link mailed to the new address: one button applies the change (IAM-9). */
export function EmailConfirmPage(p: { locale: Locale; action: string; newEmail: string; error?: string }) {
  const m = accountMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{m.confirmEmailTitle}</h1>
      {p.error ? (
        <p class="field__error" role="alert" data-testid="email-confirm-error">
          {p.error}
        </p>
      ) : (
        <form method="post" action={p.action} class="panel">
          <p data-testid="email-confirm">{m.confirmEmailIntro(p.newEmail)}</p>
          <button type="submit" class="btn btn--primary">
            {m.confirmEmailButton}
          </button>
        </form>
      )}
    </section>
  );
}

export function EmailLinkInvalidPage(p: { locale: Locale }) {
  const m = accountMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="auth-title">
      <h1 id="auth-title">{m.emailLinkInvalidTitle}</h1>
      <p data-testid="link-invalid">{m.emailLinkInvalid}</p>
      <p>
        <a class="btn btn--primary" href="/account">
          {m.toAccount}
        </a>
      </p>
    </section>
  );
}
