import type { Context } from 'hono';
import { sql } from 'kysely';
import { AccountPage, type AccountPageProps } from '../../views/account/account-page.tsx';
import { noStore } from '../auth/flow.ts';
import { requiresTwoFactor } from '../auth/permissions.ts';
import { listUserSessions } from '../auth/sessions.ts';
import { remainingRecoveryCodes } from '../auth/totp.ts';
import type { AppEnv } from '../web/env.ts';
import { page } from '../web/page.tsx';
import { describeDevice } from './device.ts';
import { accountMessages } from './messages.ts';

/** The signed-in user's own row (with the dealer code), fresh from the database. */
export async function loadSelf(c: Context<AppEnv>) {
  return c.var.db
    .selectFrom('users as u')
    .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
    .selectAll('u')
    .select('d.code as dealer_code')
    .where('u.id', '=', c.var.user!.id)
    .executeTakeFirstOrThrow();
}

type Overrides = Pick<AccountPageProps, 'profile' | 'password' | 'email'> & { twoFactorErrors?: { disable?: string; regenerate?: string } };

/** The whole account page; a failed form re-renders it with that section's errors (422). */
export async function renderAccount(c: Context<AppEnv>, status: 200 | 422 | 429 = 200, o: Overrides = {}) {
  const m = accountMessages[c.var.locale];
  const self = await loadSelf(c);
  const sessions = await listUserSessions(c.var.db, self.id);
  const pending = await c.var.db
    .selectFrom('auth_tokens')
    .select(['data', 'expires_at'])
    .where('user_id', '=', self.id)
    .where('purpose', '=', 'email_change')
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const pendingEmail = pending && typeof (pending.data as { email?: unknown }).email === 'string' ? { email: (pending.data as { email: string }).email, until: pending.expires_at } : null;
  const body = (
    <AccountPage
      locale={c.var.locale}
      timeZone={c.var.tenant.timeZone}
      user={{ name: self.name, email: self.email, locale: self.locale, dealerCode: self.dealer_code, kind: self.kind }}
      profile={o.profile}
      email={o.email}
      pendingEmail={pendingEmail}
      password={o.password}
      twoFactor={{
        enabledAt: self.totp_enabled_at,
        remaining: self.totp_enabled_at ? await remainingRecoveryCodes(c.var.db, self.id) : 0,
        mandatory: requiresTwoFactor(self),
        errors: o.twoFactorErrors,
      }}
      sessions={sessions.map((s) => {
        const device = describeDevice(s.user_agent);
        return {
          id: s.id,
          device: device ? m.deviceOn(device.browser, device.os) : m.unknownDevice,
          ip: s.ip,
          createdAt: s.created_at,
          lastSeenAt: s.last_seen_at,
          current: s.id === c.var.session?.id,
        };
      })}
    />
  );
  noStore(c);
  return c.html(page(c, m.title, body), status);
}
