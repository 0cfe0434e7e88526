import { raw } from 'hono/html';
import { accountMessages } from '../../src/account/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { FormField } from '../components/form-field.tsx';
import { CodeField } from './account-page.tsx';

function query(next?: string) {
  return next ? `?next=${encodeURIComponent(next)}` : '';
}

/** Enrolment: QR code (server-made SVG) plus the key in text, confirmed with a code from the app. */
export function SetupPage(p: { locale: Locale; qrSvg: string; secret: string; pending: string; mandatory: boolean; error?: string; notice?: string; next?: string }) {
  const m = accountMessages[p.locale];
  return (
    <section class="auth auth--wide" aria-labelledby="setup-title">
      <h1 id="setup-title">{m.setupTitle}</h1>
      {p.mandatory ? <p class="notice notice--info">{m.setupMandatory}</p> : null}
      {p.notice ? (
        <p class="notice notice--warn" role="alert">
          {p.notice}
        </p>
      ) : null}
      <ol class="steps">
        <li>{m.setupStep1}</li>
        <li>{m.setupStep2}</li>
      </ol>
      <figure class="qr" role="img" aria-label={m.qrAlt} data-testid="totp-qr">
        {raw(p.qrSvg)}
      </figure>
      <p>
        {m.secretLabel}
        <br />
        <code class="secret" data-testid="totp-secret">
          {p.secret.replace(/(.{4})/g, '$1 ').trim()}
        </code>
      </p>
      <ol class="steps" start={3}>
        <li>{m.setupStep3}</li>
      </ol>
      <form method="post" action={`/account/2fa/setup${query(p.next)}`} class="panel" novalidate>
        <input type="hidden" name="pending" value={p.pending} />
        <FormField
          name="code"
          label={m.confirmCode}
          error={p.error}
          required
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxlength={7}
        />
        <button type="submit" class="btn btn--primary">
          {m.confirmEnrol}
        </button>
      </form>
    </section>
  );
}

/** Changing the authenticator first proves the current one. */
export function ReenrolGatePage(p: { locale: Locale; error?: string; next?: string }) {
  const m = accountMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="setup-title">
      <h1 id="setup-title">{m.reenrol}</h1>
      <p class="muted">{m.reenrolIntro}</p>
      <form method="post" action={`/account/2fa/setup${query(p.next)}`} class="panel" novalidate>
        <CodeField name="current" locale={p.locale} error={p.error} />
        <button type="submit" class="btn btn--primary">
          {m.continue}
        </button>
      </form>
    </section>
  );
}

/** Shown exactly once, right after the codes were made; only their hashes are kept. */
export function RecoveryCodesPage(p: { locale: Locale; codes: string[]; enabledNow: boolean; continueHref: string }) {
  const m = accountMessages[p.locale];
  return (
    <section class="auth" aria-labelledby="codes-title">
      {p.enabledNow ? (
        <div class="flash flash--success" role="status">
          {m.codesEnabled}
        </div>
      ) : null}
      <h1 id="codes-title">{m.codesTitle}</h1>
      <p>{m.codesIntro}</p>
      <ul class="codes panel" data-testid="recovery-codes">
        {p.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <a class="btn btn--primary" href={p.continueHref}>
        {m.codesDone}
      </a>
    </section>
  );
}
