import { common } from '../i18n/common.ts';
import type { Locale } from '../i18n/define.ts';
import type { NavItem } from '../../views/layouts/tenant.tsx';
import { dealerCan, staffCan, type StaffPermission } from '../auth/permissions.ts';
import type { SessionUser } from '../auth/sessions.ts';

/** Back-office navigation: only the areas the signed-in staff member's role may open. */
export function staffNav(locale: Locale, user?: SessionUser | null): NavItem[] {
  const t = common[locale];
  const items: Array<NavItem & { need?: StaffPermission[] }> = [
    { href: '/staff/applications', label: t.navApplications, need: ['applications.review'] },
    { href: '/staff/dealers', label: t.navDealers, need: ['dealers.read', 'dealers.read_own', 'dealers.manage'] },
    { href: '/staff/catalog', label: t.navStaffCatalog, need: ['catalog.manage'] },
    { href: '/staff/imports', label: t.navImports, need: ['catalog.manage'] },
    { href: '/staff/stock', label: t.navStock, need: ['warehouse.manage', 'catalog.manage'] },
    { href: '/staff/orders', label: t.navOrders, need: ['orders.manage'], also: ['/staff/shipping-methods'] },
    { href: '/staff/accounts', label: t.navAccounts, need: ['finance.manage'], also: ['/staff/settings/bank'] },
    { href: '/staff/price-lists', label: t.navPricing, need: ['prices.manage'], also: ['/staff/segments', '/staff/campaigns', '/staff/payment-methods', '/staff/rates', '/staff/price-preview', '/staff/pricing-settings'] },
    { href: '/staff/team', label: t.navTeam, need: ['staff.manage'] },
    { href: '/staff/settings', label: t.navSettings, need: ['settings.manage'] },
    { href: '/staff/api-keys', label: t.navApiKeys, need: ['settings.manage'] },
    { href: '/staff/audit', label: t.navAudit, need: ['audit.read'] },
    { href: '/staff/outbox', label: t.outbox, need: ['outbox.read'] },
  ];
  return items
    .filter((i) => !user || !i.need || i.need.some((p) => staffCan(user, p)))
    .map(({ need: _need, ...item }) => item);
}

/** Dealer portal navigation. Staff acting for a dealer see the dealer admin's menu. */
export function dealerNav(locale: Locale, user?: SessionUser | null): NavItem[] {
  const t = common[locale];
  const admin = !user || user.kind === 'staff' || dealerCan(user, 'users.manage');
  const items: NavItem[] = [
    { href: '/portal', label: t.navPortalHome },
    { href: '/portal/catalog', label: t.navCatalog },
  ];
  if (!user || user.kind === 'staff' || dealerCan(user, 'orders.place')) items.push({ href: '/portal/carts', label: t.navCarts });
  items.push({ href: '/portal/orders', label: t.navMyOrders });
  if (admin) items.push({ href: '/portal/users', label: t.navDealerUsers });
  if (admin || (user && dealerCan(user, 'orders.approve'))) items.push({ href: '/portal/approvals', label: t.navApprovals });
  items.push({ href: '/portal/delegations', label: t.navDelegations });
  items.push({ href: '/portal/company', label: t.navCompany });
  return items;
}
