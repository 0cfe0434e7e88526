import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { TenantLayout, type NavItem } from '../../views/layouts/tenant.tsx';
import { CartBadge } from '../../views/carts/add-to-cart.tsx';
import { dealerCan } from '../auth/permissions.ts';
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

function resolvedNav(c: Context<AppEnv>, kind: NavKind): 'staff' | 'dealer' | null {
  const user = c.var.user;
  if (kind === 'none' || !user) return null;
  const acting = Boolean(c.var.session?.acting_dealer_id);
  return kind === 'auto' ? (user.kind === 'dealer' || acting ? 'dealer' : 'staff') : kind;
}

function navFor(c: Context<AppEnv>, kind: NavKind): NavItem[] | undefined {
  const user = c.var.user;
  const resolved = resolvedNav(c, kind);
  if (!resolved || !user) return undefined;
  return resolved === 'staff' ? staffNav(c.var.locale, user) : dealerNav(c.var.locale, user);
}

/** The dealer whose cart the top bar shows: dealer users who may order, staff while acting. */
function cartDealerId(c: Context<AppEnv>): number | null {
  const user = c.var.user;
  if (!user) return null;
  if (user.kind === 'dealer') return dealerCan(user, 'orders.place') ? user.dealer_id : null;
  return c.var.session?.acting_dealer_id ?? null;
}

/**
 * ORD-1 cart badge: lines in the user's active cart, one small indexed query, rendered as an
 * async component so the page body's own queries are not waited for. The add-to-cart answer
 * replaces it out of band (same id).
 */
async function CartBadgeSlot({ c, dealerId }: { c: Context<AppEnv>; dealerId: number }) {
  const row = await c.var.db
    .selectFrom('user_active_carts as a')
    .innerJoin('carts as k', 'k.id', 'a.cart_id')
    .select('k.id')
    .select((eb) => eb.selectFrom('cart_lines as l').select(eb.fn.countAll<string>().as('c')).whereRef('l.cart_id', '=', 'k.id').as('n'))
    .where('a.user_id', '=', c.var.user!.id)
    .where('k.dealer_id', '=', dealerId)
    .where('k.kind', '=', 'cart')
    .where((eb) => eb.or([eb('k.owner_id', '=', c.var.user!.id), eb('k.shared', '=', true)]))
    .executeTakeFirst();
  return <CartBadge locale={c.var.locale} count={Number(row?.n ?? 0)} cartId={row?.id ?? null} />;
}

function cartSlot(c: Context<AppEnv>, kind: NavKind) {
  if (resolvedNav(c, kind) !== 'dealer') return null;
  const dealerId = cartDealerId(c);
  return dealerId === null ? null : <CartBadgeSlot c={c} dealerId={dealerId} />;
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
      cart={cartSlot(c, opts.nav ?? 'auto')}
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
