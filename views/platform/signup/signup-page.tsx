import type { Locale } from '../../../src/i18n/define.ts';
import { signupMessages } from '../../../src/platform/signup-messages.ts';
import { Button } from '../../components/button.tsx';
import { FormField } from '../../components/form-field.tsx';

export type SlugState = { kind: 'available'; host: string } | { kind: 'taken' } | { kind: 'invalid'; message: string } | { kind: 'none' };

export interface SignupValues {
  company: string;
  slug: string;
  ownerName: string;
  email: string;
}

export interface SignupFormProps {
  locale: Locale;
  baseDomain: string;
  values: SignupValues;
  errors: Partial<Record<keyof SignupValues | 'password', string>>;
  slugState: SlugState;
  notice?: string;
}

/** The live answer next to the slug field: "available", "taken" or "invalid: rule". */
export function SlugStatus(p: { locale: Locale; state: SlugState }) {
  const m = signupMessages[p.locale];
  const s = p.state;
  const text = s.kind === 'available' ? m.slugAvailable(s.host) : s.kind === 'taken' ? m.slugTaken : s.kind === 'invalid' ? s.message : '';
  const cls = s.kind === 'available' ? 'slug-status slug-status--ok' : s.kind === 'none' ? 'slug-status' : 'slug-status slug-status--bad';
  return (
    <p id="slug-status" class={cls} role="status" aria-live="polite" data-state={s.kind}>
      {text}
    </p>
  );
}

/** Slug input with its live check; the company field refreshes it with a suggestion while it is empty. */
export function SlugField(p: { locale: Locale; baseDomain: string; value: string; error?: string | undefined; state: SlugState }) {
  const m = signupMessages[p.locale];
  return (
    <div id="slug-field">
      <FormField
        name="slug"
        label={m.slug}
        value={p.value}
        error={p.error}
        required
        maxlength={30}
        autocomplete="off"
        hint={m.slugHint(p.baseDomain)}
        attrs={{
          'hx-get': '/signup/slug-check',
          'hx-trigger': 'input changed delay:300ms',
          'hx-target': '#slug-status',
          'hx-swap': 'outerHTML',
          spellcheck: 'false',
          autocapitalize: 'none',
        }}
      >
        <SlugStatus locale={p.locale} state={p.error ? { kind: 'none' } : p.state} />
      </FormField>
    </div>
  );
}

export function SignupForm(p: SignupFormProps) {
  const m = signupMessages[p.locale];
  const hasErrors = Object.values(p.errors).some(Boolean);
  return (
    <form method="post" action="/signup" id="signup-form" class="panel signup-form" novalidate>
      {hasErrors ? (
        <div class="flash flash--error" role="alert">
          {m.errorSummary}
        </div>
      ) : null}
      {p.notice ? (
        <div class="flash flash--error" role="alert">
          {p.notice}
        </div>
      ) : null}
      <FormField
        name="company"
        label={m.company}
        value={p.values.company}
        error={p.errors.company}
        required
        maxlength={120}
        autocomplete="organization"
        hint={m.companyHint}
        attrs={{ 'hx-get': '/signup/slug-suggest', 'hx-trigger': 'change', 'hx-include': '#f-slug', 'hx-target': '#slug-field', 'hx-swap': 'outerHTML' }}
      />
      <SlugField locale={p.locale} baseDomain={p.baseDomain} value={p.values.slug} error={p.errors.slug} state={p.slugState} />
      <FormField name="ownerName" label={m.ownerName} value={p.values.ownerName} error={p.errors.ownerName} required maxlength={120} autocomplete="name" />
      <FormField name="email" type="email" label={m.email} value={p.values.email} error={p.errors.email} required autocomplete="email" maxlength={254} />
      <FormField name="password" type="password" label={m.password} error={p.errors.password} required autocomplete="new-password" hint={m.passwordHint} />
      <Button>{m.submit}</Button>
    </form>
  );
}

export function SignupPage(p: SignupFormProps) {
  const m = signupMessages[p.locale];
  return (
    <section class="hero signup">
      <h1>{m.title}</h1>
      <p class="lead">{m.lead}</p>
      <SignupForm {...p} />
      <p class="muted">{m.already}</p>
    </section>
  );
}

export function WelcomeInvalid(p: { locale: Locale }) {
  const m = signupMessages[p.locale];
  return (
    <section class="error-page">
      <h1>{m.welcomeInvalidTitle}</h1>
      <p>{m.welcomeInvalidText}</p>
      <a class="btn btn--primary" href="/staff/login">
        {m.staffLogin}
      </a>
    </section>
  );
}

/** After sign-up: the browser moves on by the Refresh header; the button is the fallback. */
export function SignupDone(p: { locale: Locale; url: string; host: string }) {
  const m = signupMessages[p.locale];
  return (
    <section class="hero signup-done" data-testid="signup-done">
      <h1>{m.readyTitle}</h1>
      <p class="lead">{m.readyText(p.host)}</p>
      <a class="btn btn--primary btn--large" href={p.url} rel="noreferrer">
        {m.readyOpen}
      </a>
    </section>
  );
}
