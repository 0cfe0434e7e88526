import type { Kysely, Selectable } from 'kysely';
import type { TenantDb, UsersTable } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { queueNotification } from '../notifications/queries.ts';
import type { Brand } from '../notifications/templates.ts';
import { DEALER_ROLE_DEFAULTS, normaliseDealerPermissions, type DealerRole, type StaffRole } from './permissions.ts';
import { issueToken } from './tokens.ts';

export type User = Selectable<UsersTable>;

export class DuplicateUserError extends Error {
  constructor() {
    super('a user with this e-mail already exists');
  }
}

const normEmail = (e: string) => e.trim().toLowerCase();

function rethrowDuplicate(err: unknown): never {
  if ((err as { code?: string }).code === '23505') throw new DuplicateUserError();
  throw err;
}

/** Creates a staff user (status `invited` until a password is set, unless a hash is given). */
export async function createStaffUser(
  db: Kysely<TenantDb>,
  input: { email: string; name: string; role: StaffRole; passwordHash?: string; locale?: Locale },
): Promise<User> {
  return db
    .insertInto('users')
    .values({
      kind: 'staff',
      dealer_id: null,
      email: normEmail(input.email),
      name: input.name.trim(),
      role: input.role,
      permissions: [],
      status: input.passwordHash ? 'active' : 'invited',
      password_hash: input.passwordHash ?? null,
      locale: input.locale ?? 'tr',
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(rethrowDuplicate);
}

/** Creates a dealer user; permissions default to the role's and are normalised. */
export async function createDealerUser(
  db: Kysely<TenantDb>,
  input: { dealerId: number; email: string; name: string; role: DealerRole; permissions?: string[]; passwordHash?: string; locale?: Locale },
): Promise<User> {
  const permissions = normaliseDealerPermissions(input.role, input.permissions ?? DEALER_ROLE_DEFAULTS[input.role]);
  return db
    .insertInto('users')
    .values({
      kind: 'dealer',
      dealer_id: input.dealerId,
      email: normEmail(input.email),
      name: input.name.trim(),
      role: input.role,
      permissions,
      status: input.passwordHash ? 'active' : 'invited',
      password_hash: input.passwordHash ?? null,
      locale: input.locale ?? 'tr',
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(rethrowDuplicate);
}

/**
 * Writes the invitation mail (with a single-use link to set the password) in the caller's
 * transaction. Returns the notification id; the caller nudges the mail queue after commit.
 * The link is built from the tenant's configured portal URL (brand.portalUrl), never from the request.
 */
export async function inviteUser(
  db: Kysely<TenantDb>,
  brand: Brand,
  user: Pick<User, 'id' | 'email' | 'name' | 'locale'>,
  opts: { inviter: string; dealerCode?: string },
): Promise<number> {
  const token = await issueToken(db, user.id, 'invite');
  const url = new URL(`/invite/${token}`, brand.portalUrl).toString();
  return queueNotification(db, brand, {
    template: 'user-invite',
    locale: user.locale,
    to: user.email,
    payload: { name: user.name, inviter: opts.inviter, url, ...(opts.dealerCode ? { dealerCode: opts.dealerCode } : {}) },
  });
}

export async function findStaffByEmail(db: Kysely<TenantDb>, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('kind', '=', 'staff').where((eb) => eb(eb.fn('lower', ['email']), '=', normEmail(email))).executeTakeFirst();
}

/** A dealer user is found by dealer code + e-mail together; neither alone identifies an account. */
export async function findDealerUser(db: Kysely<TenantDb>, dealerCode: string, email: string): Promise<(User & { dealer_status: string }) | undefined> {
  return db
    .selectFrom('users as u')
    .innerJoin('dealers as d', 'd.id', 'u.dealer_id')
    .selectAll('u')
    .select('d.status as dealer_status')
    .where('u.kind', '=', 'dealer')
    .where('d.code', '=', dealerCode.trim().toUpperCase())
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', normEmail(email)))
    .executeTakeFirst();
}
