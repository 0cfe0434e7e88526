import { accountMessages } from '../../src/account/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { FormField, SelectField } from '../components/form-field.tsx';
import { Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';
import { dateFormat } from '../../src/i18n/intl-cache.ts';

export interface SessionRow {
  id: string;
  device: string;
  ip: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

export interface AccountPageProps {
  locale: Locale;
  timeZone: string;
  user: { name: string; email: string; locale: Locale; dealerCode: string | null; kind: 'staff' | 'dealer' };
  profile?: { values: { name: string; locale: string }; errors: { name?: string } };
  email?: { values: { new_email: string }; errors: { new_email?: string; email_password?: string } };
  /** An e-mail change waiting for its confirmation link to be opened. */
  pendingEmail?: { email: string; until: Date } | null;
  password?: { errors: { current?: string; password?: string; confirm?: string } };
  twoFactor: { enabledAt: Date | null; remaining: number; mandatory: boolean; errors?: { disable?: string; regenerate?: string } };
  sessions: SessionRow[];
}

/** Everything a user manages about their own sign-in, one section per form (IAM-9). */
export function AccountPage(p: AccountPageProps) {
  const m = accountMessages[p.locale];
  return (
    <div class="account">
      <h1>{m.title}</h1>
      <ProfileSection {...p} />
      <EmailSection {...p} />
      {p.user.kind === 'dealer' ? <AddressesSection {...p} /> : null}
      <PasswordSection {...p} />
      <TwoFactorSection {...p} />
      <SessionsSection {...p} />
    </div>
  );
}

function ProfileSection(p: AccountPageProps) {
  const m = accountMessages[p.locale];
  const values = p.profile?.values ?? { name: p.user.name, locale: p.user.locale };
  return (
    <section class="panel" id="profile" aria-labelledby="profile-title">
      <h2 id="profile-title">{m.profileTitle}</h2>
      <dl class="facts">
        <dt>{m.email}</dt>
        <dd>{p.user.email}</dd>
        {p.user.dealerCode ? (
          <>
            <dt>{m.dealerCode}</dt>
            <dd>{p.user.dealerCode}</dd>
          </>
        ) : null}
      </dl>
      <form method="post" action="/account/profile" novalidate>
        <FormField name="name" label={m.name} value={values.name} error={p.profile?.errors.name} required autocomplete="name" maxlength={120} />
        <SelectField
          name="locale"
          label={m.language}
          value={values.locale}
          options={[
            { value: 'tr', label: m.langTr },
            { value: 'en', label: m.langEn },
          ]}
        />
        <p class="field__hint">{m.languageHint}</p>
        <button type="submit" class="btn btn--primary">
          {m.saveProfile}
        </button>
      </form>
    </section>
  );
}

/** A new address takes effect only after the link sent to it is opened (IAM-9). */
function EmailSection(p: AccountPageProps) {
  const m = accountMessages[p.locale];
  const e = p.email?.errors ?? {};
  const pending = p.pendingEmail;
  const until = pending ? dateFormat(p.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: p.timeZone }).format(pending.until) : '';
  return (
    <section class="panel" id="email" aria-labelledby="email-title">
      <h2 id="email-title">{m.emailTitle}</h2>
      <p class="muted">{m.emailIntro(p.user.email)}</p>
      {pending ? <p data-testid="email-pending">{m.emailPending(pending.email, until)}</p> : null}
      <form method="post" action="/account/email" novalidate>
        <input type="hidden" name="username" value={p.user.email} autocomplete="username" />
        <FormField name="new_email" label={m.newEmail} type="email" value={p.email?.values.new_email ?? ''} error={e.new_email} required autocomplete="email" maxlength={254} />
        <FormField name="email_password" label={m.currentPassword} type="password" error={e.email_password} required autocomplete="current-password" maxlength={256} />
        <button type="submit" class="btn btn--primary">
          {m.sendEmailLink}
        </button>
      </form>
    </section>
  );
}

/** Addresses belong to the dealer company, so the account page points to where they are kept. */
function AddressesSection(p: AccountPageProps) {
  const m = accountMessages[p.locale];
  return (
    <section class="panel" id="addresses" aria-labelledby="addresses-title">
      <h2 id="addresses-title">{m.addressesTitle}</h2>
      <p>
        {m.addressesIntro}{' '}
        <a href="/portal/company" data-testid="company-addresses">
          {m.addressesLink}
        </a>
      </p>
    </section>
  );
}

function PasswordSection(p: AccountPageProps) {
  const m = accountMessages[p.locale];
  const e = p.password?.errors ?? {};
  return (
    <section class="panel" id="password" aria-labelledby="password-title">
      <h2 id="password-title">{m.passwordTitle}</h2>
      <p class="muted">{m.passwordIntro}</p>
      <form method="post" action="/account/password" novalidate>
        <input type="hidden" name="username" value={p.user.email} autocomplete="username" />
        <FormField name="current" label={m.currentPassword} type="password" error={e.current} required autocomplete="current-password" maxlength={256} />
        <FormField name="password" label={m.newPassword} type="password" error={e.password} required hint={m.newPasswordHint} autocomplete="new-password" maxlength={256} />
        <FormField name="confirm" label={m.confirmPassword} type="password" error={e.confirm} required autocomplete="new-password" maxlength={256} />
        <button type="submit" class="btn btn--primary">
          {m.changePassword}
        </button>
      </form>
    </section>
  );
}

function TwoFactorSection(p: AccountPageProps) {
  const m = accountMessages[p.locale];
  const tf = p.twoFactor;
  const since = tf.enabledAt ? dateFormat(p.locale, { dateStyle: 'medium', timeZone: p.timeZone }).format(tf.enabledAt) : '';
  return (
    <section class="panel" id="two-factor" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{m.twoFactorTitle}</h2>
      {tf.enabledAt ? (
        <>
          <p data-testid="2fa-status">
            <span class="badge badge--done">{m.twoFactorOn(since)}</span> {m.recoveryRemaining(tf.remaining)}
          </p>
          {tf.mandatory ? <p class="muted">{m.twoFactorMandatory}</p> : null}
          <div class="cards">
            <form method="post" action="/account/2fa/recovery-codes" class="card" novalidate>
              <h3>{m.regenerateCodes}</h3>
              <CodeField name="regen_code" locale={p.locale} error={tf.errors?.regenerate} />
              <button type="submit" class="btn btn--secondary">
                {m.regenerateCodes}
              </button>
            </form>
            <div class="card">
              <h3>{m.reenrol}</h3>
              <p class="muted">{m.reenrolIntro}</p>
              <a class="btn btn--secondary" href="/account/2fa/setup">
                {m.reenrol}
              </a>
            </div>
            {tf.mandatory ? null : (
              <form method="post" action="/account/2fa/disable" class="card" novalidate>
                <h3>{m.disable2fa}</h3>
                <CodeField name="disable_code" locale={p.locale} error={tf.errors?.disable} />
                <button type="submit" class="btn btn--danger">
                  {m.disable2fa}
                </button>
              </form>
            )}
          </div>
        </>
      ) : (
        <>
          <p data-testid="2fa-status">{tf.mandatory ? m.setupMandatory : m.twoFactorOff}</p>
          <a class="btn btn--primary" href="/account/2fa/setup">
            {m.enable2fa}
          </a>
        </>
      )}
    </section>
  );
}

export function CodeField(p: { name: string; locale: Locale; error?: string; label?: string }) {
  const m = accountMessages[p.locale];
  return (
    <FormField
      name={p.name}
      label={p.label ?? m.currentCode}
      error={p.error}
      required
      hint={m.currentCodeHint}
      inputmode="numeric"
      autocomplete="one-time-code"
      pattern="[0-9 ]{6,7}"
      maxlength={7}
    />
  );
}

function SessionsSection(p: AccountPageProps) {
  const m = accountMessages[p.locale];
  return (
    <section class="panel" id="sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{m.sessionsTitle}</h2>
      <p class="muted">{m.sessionsIntro}</p>
      <Table<SessionRow>
        caption={m.sessionsTitle}
        id="session-list"
        rows={p.sessions}
        rowId={(s) => `session-${s.id}`}
        columns={[
          {
            header: m.colDevice,
            cell: (s) => (
              <>
                {s.device}
                {s.current ? (
                  <>
                    {' '}
                    <span class="badge badge--progress" data-testid="current-session">
                      {m.thisSession}
                    </span>
                  </>
                ) : null}
              </>
            ),
          },
          { header: m.colIp, cell: (s) => s.ip || '—' },
          { header: m.colCreated, cell: (s) => <Time at={s.createdAt} locale={p.locale} timeZone={p.timeZone} /> },
          { header: m.colLastSeen, cell: (s) => <Time at={s.lastSeenAt} locale={p.locale} timeZone={p.timeZone} /> },
          {
            header: '',
            cell: (s) =>
              s.current ? null : (
                <form method="post" action={`/account/sessions/${s.id}/end`} class="inline">
                  <button type="submit" class="btn btn--small btn--secondary">
                    {m.endSession}
                  </button>
                </form>
              ),
            class: 'num',
          },
        ]}
      />
      <form method="post" action="/account/sessions/end-all" class="row">
        <button type="submit" class="btn btn--danger">
          {m.signOutEverywhere}
        </button>
        <span class="muted">{m.signOutEverywhereHint}</span>
      </form>
    </section>
  );
}
