import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { TenantLayout, type NavItem } from '../../views/layouts/tenant.tsx';
import { common } from '../i18n/common.ts';
import type { AppEnv } from './env.ts';
import { currentPath } from './scope.ts';
import { dealerNav, staffNav } from './staff-nav.ts';

export type NavKind = 'staff' | 'dealer' | 'none' | 'auto';

/** Account menu in the top bar: name, account page, sign-out (a POST form; CSRF is the origin check). */
function AccountMenu({ c }: { c: Context<AppEnv> }) {
  const user = c.var.user;
  if (!user) return null;
  const t = common[c.var.locale];
  return (
    <div class="account-menu">
      <a href="/account" class="account-menu__name">
        {user.name || user.email}
      </a>
      <form method="post" action="/logout" class="inline">
        <button type="submit" class="btn btn--link">
          {t.signOut}
        </button>
      </form>
    </div>
  );
}

/** Banner shown on every page while staff act for a dealer (IAM-11). */
function ActingBanner({ c, dealerName }: { c: Context<AppEnv>; dealerName?: string }) {
  if (!c.var.session?.acting_dealer_id || c.var.user?.kind !== 'staff') return null;
  const t = common[c.var.locale];
  return (
    <div class="acting-banner" role="status" data-testid="acting-banner">
      <span>
        {t.actingAs} <strong>{dealerName ?? `#${c.var.session.acting_dealer_id}`}</strong>
      </span>
      <form method="post" action="/staff/act-as/stop" class="inline">
        <button type="submit" class="btn btn--small">
          {t.stopActing}
        </button>
      </form>
    </div>
  );
}

function navFor(c: Context<AppEnv>, kind: NavKind): NavItem[] | undefined {
  const user = c.var.user;
  if (kind === 'none' || !user) return undefined;
  const acting = Boolean(c.var.session?.acting_dealer_id);
  const resolved = kind === 'auto' ? (user.kind === 'dealer' || acting ? 'dealer' : 'staff') : kind;
  return resolved === 'staff' ? staffNav(c.var.locale, user) : dealerNav(c.var.locale, user);
}

/**
 * The one way a tenant page gets its frame: brand bar, account menu, the navigation the user may
 * use, flash, acting-for-dealer banner. Routes pass the body only.
 */
export function page(c: Context<AppEnv>, title: string, body: Child, opts: { nav?: NavKind; actingDealerName?: string } = {}) {
  return (
    <TenantLayout
      title={title}
      locale={c.var.locale}
      sellerName={c.var.tenant.name}
      currentPath={currentPath(c)}
      flash={c.var.flash}
      nav={navFor(c, opts.nav ?? 'auto')}
      account={<AccountMenu c={c} />}
      contact={c.var.contact}
    >
      <ActingBanner c={c} dealerName={opts.actingDealerName} />
      {body}
    </TenantLayout>
  );
}

/** `render(c, fragment, pageFrame(c, title))` helper for routes that serve htmx fragments too. */
export const pageFrame = (c: Context<AppEnv>, title: string, opts?: { nav?: NavKind }) => (body: Child) => page(c, title, body, opts);
