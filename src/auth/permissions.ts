/**
 * Every role and permission, checked in one place. Staff roles map to a fixed permission set.
 * Dealer users carry their own permission list (set by their dealer admin, seeded from the role).
 */
export const STAFF_ROLES = ['owner', 'admin', 'sales_rep', 'catalog_manager', 'finance', 'warehouse', 'support_agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_PERMISSIONS = [
  'dealers.read', // all dealers
  'dealers.read_own', // only dealers assigned to the sales rep
  'dealers.manage',
  'applications.review',
  'staff.manage',
  'settings.manage', // branding, legal texts, document types
  'catalog.manage',
  'prices.manage',
  'orders.manage',
  'finance.manage',
  'warehouse.manage',
  'support.manage',
  'audit.read',
  'outbox.read',
  'impersonate',
] as const;
export type StaffPermission = (typeof STAFF_PERMISSIONS)[number];

const ALL_STAFF = [...STAFF_PERMISSIONS].filter((p) => p !== 'dealers.read_own');

export const STAFF_ROLE_PERMISSIONS: Record<StaffRole, readonly StaffPermission[]> = {
  owner: ALL_STAFF,
  admin: ALL_STAFF,
  sales_rep: ['dealers.read_own', 'applications.review', 'orders.manage', 'impersonate'],
  catalog_manager: ['catalog.manage', 'prices.manage', 'dealers.read'],
  finance: ['finance.manage', 'dealers.read', 'orders.manage', 'audit.read'],
  warehouse: ['warehouse.manage', 'orders.manage'],
  support_agent: ['support.manage', 'dealers.read', 'impersonate'],
};

export const DEALER_ROLES = ['dealer_admin', 'buyer', 'approver', 'finance', 'viewer'] as const;
export type DealerRole = (typeof DEALER_ROLES)[number];

export const DEALER_PERMISSIONS = [
  'orders.place',
  'orders.pay',
  'orders.change', // change or withdraw placed orders
  'orders.change_qty',
  'orders.approve',
  'orders.view_all', // see every order of the company, not only own
  'users.manage',
] as const;
export type DealerPermission = (typeof DEALER_PERMISSIONS)[number];

export const DEALER_ROLE_DEFAULTS: Record<DealerRole, readonly DealerPermission[]> = {
  dealer_admin: DEALER_PERMISSIONS,
  buyer: ['orders.place', 'orders.change', 'orders.change_qty'],
  approver: ['orders.approve', 'orders.view_all'],
  finance: ['orders.pay', 'orders.view_all'],
  viewer: [],
};

export function isStaffRole(v: unknown): v is StaffRole {
  return typeof v === 'string' && (STAFF_ROLES as readonly string[]).includes(v);
}
export function isDealerRole(v: unknown): v is DealerRole {
  return typeof v === 'string' && (DEALER_ROLES as readonly string[]).includes(v);
}

export interface Principal {
  kind: 'staff' | 'dealer';
  role: string;
  permissions: readonly string[];
}

export function staffCan(user: Principal, permission: StaffPermission): boolean {
  if (user.kind !== 'staff' || !isStaffRole(user.role)) return false;
  return STAFF_ROLE_PERMISSIONS[user.role].includes(permission);
}

export function dealerCan(user: Principal, permission: DealerPermission): boolean {
  if (user.kind !== 'dealer') return false;
  return user.permissions.includes(permission);
}

/** Only valid dealer permissions survive; the dealer admin role always keeps users.manage. */
export function normaliseDealerPermissions(role: DealerRole, requested: readonly string[]): DealerPermission[] {
  const set = new Set(requested.filter((p): p is DealerPermission => (DEALER_PERMISSIONS as readonly string[]).includes(p)));
  if (role === 'dealer_admin') set.add('users.manage');
  return DEALER_PERMISSIONS.filter((p) => set.has(p));
}

/** 2FA is mandatory for all staff and for dealer users who can approve, pay or manage users. */
export function requiresTwoFactor(user: Principal): boolean {
  if (user.kind === 'staff') return true;
  if (user.role === 'dealer_admin' || user.role === 'approver' || user.role === 'finance') return true;
  return ['orders.approve', 'orders.pay', 'users.manage'].some((p) => user.permissions.includes(p));
}
