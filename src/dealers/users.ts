import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { normaliseDealerPermissions, type DealerPermission, type DealerRole } from '../auth/permissions.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { createDealerUser, inviteUser, type User } from '../auth/users.ts';
import type { Brand } from '../notifications/templates.ts';
import type { Locale } from '../i18n/define.ts';

/**
 * A dealer admin's management of the company's users (IAM-6, IAM-8). Every function takes the
 * dealer id and filters by it: a user id of another company is simply not found.
 */
import type { Dealer } from './dealers.ts';
export type { Dealer };

export interface DealerUserRow {
  id: number;
  name: string;
  email: string;
  role: string;
  permissions: string[];
  status: 'invited' | 'active' | 'blocked';
  blocked_reason: string | null;
  totp_enabled: boolean;
  created_at: Date;
}

export class LastAdminError extends Error {
  constructor() {
    super('the company must keep at least one active dealer admin');
  }
}

const USER_COLUMNS = ['id', 'name', 'email', 'role', 'permissions', 'status', 'blocked_reason', 'created_at'] as const;

export async function listDealerUsers(db: Kysely<TenantDb>, dealerId: number, opts: { status?: DealerUserRow['status'] } = {}): Promise<DealerUserRow[]> {
  let q = db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .select(sql<boolean>`totp_enabled_at is not null`.as('totp_enabled'))
    .where('kind', '=', 'dealer')
    .where('dealer_id', '=', dealerId);
  if (opts.status) q = q.where('status', '=', opts.status);
  return q.orderBy('name').orderBy('id').execute();
}

export async function findDealerUserById(db: Kysely<TenantDb>, dealerId: number, userId: number): Promise<DealerUserRow | undefined> {
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .select(sql<boolean>`totp_enabled_at is not null`.as('totp_enabled'))
    .where('kind', '=', 'dealer')
    .where('dealer_id', '=', dealerId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

/**
 * Refuses a change that would leave the company without an active dealer admin. The admins' rows
 * are locked, so two admins demoting each other at the same moment cannot both succeed.
 */
async function assertAdminRemains(trx: Kysely<TenantDb>, dealerId: number, userId: number): Promise<void> {
  const admins = await trx
    .selectFrom('users')
    .select('id')
    .where('kind', '=', 'dealer')
    .where('dealer_id', '=', dealerId)
    .where('role', '=', 'dealer_admin')
    .where('status', '=', 'active')
    .orderBy('id')
    .forUpdate()
    .execute();
  if (admins.some((a) => a.id === userId) && admins.length <= 1) throw new LastAdminError();
}

export interface InviteInput {
  dealerId: number;
  name: string;
  email: string;
  role: DealerRole;
  permissions: readonly string[];
  locale: Locale;
  inviter: string;
  dealerCode: string;
}

/** Creates the invited user and writes its invitation mail in one transaction; returns both ids. */
export async function inviteDealerUser(db: Kysely<TenantDb>, brand: Brand, input: InviteInput): Promise<{ user: User; notificationId: number }> {
  return db.transaction().execute(async (trx) => {
    const user = await createDealerUser(trx, {
      dealerId: input.dealerId,
      email: input.email,
      name: input.name,
      role: input.role,
      permissions: [...input.permissions],
      locale: input.locale,
    });
    const notificationId = await inviteUser(trx, brand, user, { inviter: input.inviter, dealerCode: input.dealerCode });
    return { user, notificationId };
  });
}

/** A new invitation link (the previous one stops working); only for users who have not accepted yet. */
export async function resendInvite(
  db: Kysely<TenantDb>,
  brand: Brand,
  dealer: Pick<Dealer, 'id' | 'code'>,
  userId: number,
  inviter: string,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'email', 'name', 'locale'])
      .where('kind', '=', 'dealer')
      .where('dealer_id', '=', dealer.id)
      .where('id', '=', userId)
      .where('status', '=', 'invited')
      .executeTakeFirst();
    if (!user) return null;
    return inviteUser(trx, brand, user, { inviter, dealerCode: dealer.code });
  });
}

export interface AccessChange {
  before: { role: string; permissions: string[] };
  after: { role: DealerRole; permissions: DealerPermission[] };
  changed: boolean;
  sessionsEnded: number;
}

/**
 * Sets role and permissions. A change of privilege ends every session of that user (they sign in
 * again and get a new session with the new rights).
 */
export async function updateDealerUserAccess(
  db: Kysely<TenantDb>,
  dealerId: number,
  userId: number,
  role: DealerRole,
  requested: readonly string[],
): Promise<AccessChange | null> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('users')
      .select(['id', 'role', 'permissions', 'status'])
      .where('kind', '=', 'dealer')
      .where('dealer_id', '=', dealerId)
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return null;
    const permissions = normaliseDealerPermissions(role, requested);
    const changed = current.role !== role || [...current.permissions].sort().join() !== [...permissions].sort().join();
    const before = { role: current.role, permissions: current.permissions };
    if (!changed) return { before, after: { role, permissions }, changed, sessionsEnded: 0 };
    if (current.role === 'dealer_admin' && role !== 'dealer_admin') await assertAdminRemains(trx, dealerId, userId);
    await trx.updateTable('users').set({ role, permissions, updated_at: sql`now()` }).where('id', '=', userId).execute();
    const sessionsEnded = await invalidateUserSessions(trx, userId);
    return { before, after: { role, permissions }, changed, sessionsEnded };
  });
}

/**
 * Blocks a user who breaks the company's purchasing policy (IAM-8): sessions end at once, the
 * delegations they gave or received are revoked, and login is refused while blocked.
 */
export async function blockDealerUser(
  db: Kysely<TenantDb>,
  dealerId: number,
  userId: number,
  reason: string,
): Promise<{ sessionsEnded: number; delegationsRevoked: number } | null> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('users')
      .select(['id', 'role', 'status'])
      .where('kind', '=', 'dealer')
      .where('dealer_id', '=', dealerId)
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!current || current.status === 'blocked') return null;
    if (current.role === 'dealer_admin') await assertAdminRemains(trx, dealerId, userId);
    await trx.updateTable('users').set({ status: 'blocked', blocked_reason: reason, updated_at: sql`now()` }).where('id', '=', userId).execute();
    const sessionsEnded = await invalidateUserSessions(trx, userId);
    const revoked = await trx
      .updateTable('delegations')
      .set({ status: 'revoked', ended_at: sql`now()` })
      .where('dealer_id', '=', dealerId)
      .where('status', '=', 'active')
      .where((eb) => eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId)]))
      .executeTakeFirst();
    return { sessionsEnded, delegationsRevoked: Number(revoked.numUpdatedRows) };
  });
}

/** Unblocks: back to active, or to invited when the user never set a password. */
export async function unblockDealerUser(db: Kysely<TenantDb>, dealerId: number, userId: number): Promise<'active' | 'invited' | null> {
  const row = await db
    .updateTable('users')
    .set({
      status: sql<'active' | 'invited'>`case when password_hash is null then 'invited' else 'active' end`,
      blocked_reason: null,
      updated_at: sql`now()`,
    })
    .where('kind', '=', 'dealer')
    .where('dealer_id', '=', dealerId)
    .where('id', '=', userId)
    .where('status', '=', 'blocked')
    .returning('status')
    .executeTakeFirst();
  return row ? (row.status as 'active' | 'invited') : null;
}

export interface AddressInput {
  label: string;
  line1: string;
  line2: string;
  district: string;
  city: string;
  postal_code: string;
  country: string;
  phone: string;
  is_default: boolean;
}


export async function findAddress(db: Kysely<TenantDb>, dealerId: number, id: number) {
  return db.selectFrom('addresses').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
}

/** Delivery addresses only: billing data is the company's legal record and stays with the seller. */
export async function saveShippingAddress(db: Kysely<TenantDb>, dealerId: number, input: AddressInput, id?: number): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    if (input.is_default) {
      await trx.updateTable('addresses').set({ is_default: false }).where('dealer_id', '=', dealerId).where('kind', '=', 'shipping').execute();
    }
    if (id === undefined) {
      const row = await trx
        .insertInto('addresses')
        .values({ dealer_id: dealerId, kind: 'shipping', ...input })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }
    const row = await trx
      .updateTable('addresses')
      .set(input)
      .where('dealer_id', '=', dealerId)
      .where('kind', '=', 'shipping')
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  });
}
