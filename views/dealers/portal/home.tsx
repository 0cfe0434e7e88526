import type { Locale } from '../../../src/i18n/define.ts';
import { portalMessages } from '../../../src/dealers/portal-messages.ts';
import type { DelegationView } from '../../../src/dealers/delegations.ts';
import { formatDay, lastDayOf } from './format.ts';

export interface PortalHomeProps {
  locale: Locale;
  timeZone: string;
  userName: string;
  roleLabel: string;
  company: { name: string; code: string };
  links: { users: boolean; account: boolean };
  delegatedToMe: DelegationView[];
}

/** The dealer's landing page: who and where they are, and the screens that exist today. */
export function PortalHome(p: PortalHomeProps) {
  const m = portalMessages[p.locale];
  return (
    <section>
      <h1>{m.welcome(p.userName)}</h1>
      <dl class="facts">
        <dt>{m.companyName}</dt>
        <dd data-testid="company-name">{p.company.name}</dd>
        <dt>{m.dealerCode}</dt>
        <dd>
          <code data-testid="dealer-code">{p.company.code}</code>
        </dd>
        <dt>{m.yourRole}</dt>
        <dd>{p.roleLabel}</dd>
      </dl>
      <h2>{m.quickLinks}</h2>
      <ul class="link-list">
        <li>
          <a href="/portal/catalog">{m.linkCatalog}</a>
        </li>
        <li>
          <a href="/portal/company">{m.linkCompany}</a>
        </li>
        {p.links.users ? (
          <li>
            <a href="/portal/users">{m.linkUsers}</a>
          </li>
        ) : null}
        <li>
          <a href="/portal/delegations">{m.linkDelegations}</a>
        </li>
        {p.links.account ? (
          <li>
            <a href="/account">{m.linkAccount}</a>
          </li>
        ) : null}
      </ul>
      <p class="muted">{m.moreSoon}</p>
      <h2>{m.delegatedToYou}</h2>
      {p.delegatedToMe.length ? (
        <ul class="link-list" data-testid="delegated-to-me">
          {p.delegatedToMe.map((d) => (
            <li>
              <strong>{d.permissions.map((r) => (m as Record<string, unknown>)[`perm_${r}`] as string).join(', ')}</strong> — {m.delegationLine(d.from_name)},{' '}
              {formatDay(d.starts_at, p.locale, p.timeZone)} – {formatDay(lastDayOf(d.until), p.locale, p.timeZone)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{m.noDelegationsToYou}</p>
      )}
    </section>
  );
}
