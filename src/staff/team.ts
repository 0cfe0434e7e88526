import { sql, type Kysely } from 'kysely';
import { writeAudit, type AuditEntry } from '../auth/audit.ts';
import { isStaffRole, type StaffRole } from '../auth/permissions.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { createStaffUser, DuplicateUserError, inviteUser, type User } from '../auth/users.ts';
import type { TenantDb, UserStatus } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import type { Brand } from '../notifications/templates.ts';

/**
 * Staff accounts and roles (IAM-10). The owner rules live here and nowhere else:
 * only an owner makes owners or touches an owner; the last active owner can be neither demoted
 * nor blocked. Owner rows are locked for the check, so two concurrent demotions cannot both pass.
 */

export interface StaffRow {
  id: number;
  name: string;
  email: string;
  role: string;
  status: UserStatus;
  totp: boolean;
  lastLoginAt: Date | null;
}

/** Audit context of the acting staff member (from the request). */
export interface Actor {
  id: number;
  role: string;
  label: string;
  ip: string;
}

export type TeamProblem = 'only_owner_assigns_owner' | 'owner_protected' | 'last_owner' | 'self' | 'not_found' | 'not_invited' | 'email_taken' | 'role_invalid';

export class TeamError extends Error {
  constructor(readonly problem: TeamProblem) {
    super(problem);
  }
}

export async function listStaff(db: Kysely<TenantDb>): Promise<StaffRow[]> {
  const rows = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.email', 'u.role', 'u.status', 'u.totp_enabled_at'])
    .select((eb) =>
      eb
        .selectFrom('audit_log as a')
        .select(sql<Date | null>`max(a.at)`.as('at'))
        .whereRef('a.actor_user_id', '=', 'u.id')
        .where('a.action', 'in', ['login.ok', 'login.handoff'])
        .as('last_login'),
    )
    .select((eb) => eb.selectFrom('sessions as s').select(sql<Date | null>`max(s.created_at)`.as('at')).whereRef('s.user_id', '=', 'u.id').as('last_session'))
    .where('u.kind', '=', 'staff')
    .orderBy(sql`case u.role when 'owner' then 0 when 'admin' then 1 else 2 end`)
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => {
    const times = [r.last_login, r.last_session].filter((d): d is Date => d instanceof Date);
    return {
      id: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      status: r.status,
      totp: Boolean(r.totp_enabled_at),
      lastLoginAt: times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null,
    };
  });
}

const audit = (db: Kysely<TenantDb>, actor: Actor, e: Omit<AuditEntry, 'actorUserId' | 'actorLabel' | 'ip'>) =>
  writeAudit(db, { ...e, actorUserId: actor.id, actorLabel: actor.label, ip: actor.ip });

export interface InviteInput {
  email: string;
  name: string;
  role: StaffRole;
  locale: Locale;
}

/** Creates the invited user and its invitation mail in one transaction; returns the notification id to nudge after commit. */
export async function inviteStaff(db: Kysely<TenantDb>, brand: Brand, actor: Actor, input: InviteInput): Promise<{ user: User; notificationId: number }> {
  if (!isStaffRole(input.role)) throw new TeamError('role_invalid');
  if (input.role === 'owner' && actor.role !== 'owner') throw new TeamError('only_owner_assigns_owner');
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await createStaffUser(trx, { email: input.email, name: input.name, role: input.role, locale: input.locale });
      const notificationId = await inviteUser(trx, brand, user, { inviter: actor.label.replace(/\s*<.*>$/, '') });
      await audit(trx, actor, { action: 'staff.invited', targetType: 'user', targetId: user.id, details: { email: user.email, role: user.role } });
      return { user, notificationId };
    });
  } catch (err) {
    if (err instanceof DuplicateUserError) throw new TeamError('email_taken');
    throw err;
  }
}

/** Locks every owner row (and the target) for the rest of the transaction and returns them. */
async function lockOwnersAndTarget(trx: Kysely<TenantDb>, targetId: number) {
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'status', 'locale', 'password_hash'])
    .where('kind', '=', 'staff')
    .where((eb) => eb.or([eb('role', '=', 'owner'), eb('id', '=', targetId)]))
    .orderBy('id')
    .forUpdate()
    .execute();
  const target = rows.find((r) => r.id === targetId);
  if (!target) throw new TeamError('not_found');
  const otherActiveOwners = rows.filter((r) => r.id !== targetId && r.role === 'owner' && r.status === 'active').length;
  return { target, otherActiveOwners };
}

function guardOwner(actor: Actor, target: { role: string }, otherActiveOwners: number) {
  if (target.role !== 'owner') return;
  if (actor.role !== 'owner') throw new TeamError('owner_protected');
  if (otherActiveOwners === 0) throw new TeamError('last_owner');
}

/** A role change is a privilege change: the user's sessions end, so the new role applies from the next sign-in. */
export async function changeStaffRole(db: Kysely<TenantDb>, actor: Actor, targetId: number, role: string): Promise<{ name: string; changed: boolean }> {
  if (!isStaffRole(role)) throw new TeamError('role_invalid');
  return db.transaction().execute(async (trx) => {
    const { target, otherActiveOwners } = await lockOwnersAndTarget(trx, targetId);
    if (target.role === role) return { name: target.name, changed: false };
    if (role === 'owner' && actor.role !== 'owner') throw new TeamError('only_owner_assigns_owner');
    guardOwner(actor, target, otherActiveOwners);
    await trx.updateTable('users').set({ role, updated_at: new Date() }).where('id', '=', targetId).execute();
    const ended = await invalidateUserSessions(trx, targetId);
    await audit(trx, actor, { action: 'staff.role_changed', targetType: 'user', targetId, details: { from: target.role, to: role, sessionsEnded: ended } });
    return { name: target.name, changed: true };
  });
}

export async function setStaffBlocked(db: Kysely<TenantDb>, actor: Actor, targetId: number, blocked: boolean): Promise<{ name: string }> {
  if (blocked && targetId === actor.id) throw new TeamError('self');
  return db.transaction().execute(async (trx) => {
    const { target, otherActiveOwners } = await lockOwnersAndTarget(trx, targetId);
    if (blocked) {
      guardOwner(actor, target, otherActiveOwners);
      if (target.status !== 'blocked') {
        await trx.updateTable('users').set({ status: 'blocked', updated_at: new Date() }).where('id', '=', targetId).execute();
        // Unused invitation links die with the block.
        await trx.updateTable('auth_tokens').set({ used_at: sql`now()` }).where('user_id', '=', targetId).where('used_at', 'is', null).execute();
        const ended = await invalidateUserSessions(trx, targetId);
        await audit(trx, actor, { action: 'staff.blocked', targetType: 'user', targetId, details: { sessionsEnded: ended } });
      }
    } else if (target.status === 'blocked') {
      if (target.role === 'owner' && actor.role !== 'owner') throw new TeamError('owner_protected');
      const status: UserStatus = target.password_hash ? 'active' : 'invited';
      await trx.updateTable('users').set({ status, updated_at: new Date() }).where('id', '=', targetId).execute();
      await audit(trx, actor, { action: 'staff.unblocked', targetType: 'user', targetId, details: { status } });
    }
    return { name: target.name };
  });
}

/** A new invitation link replaces the old one (issueToken keeps only the latest). */
export async function resendStaffInvite(db: Kysely<TenantDb>, brand: Brand, actor: Actor, targetId: number): Promise<{ email: string; notificationId: number }> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'email', 'name', 'locale', 'status', 'role']).where('kind', '=', 'staff').where('id', '=', targetId).executeTakeFirst();
    if (!user) throw new TeamError('not_found');
    if (user.status !== 'invited') throw new TeamError('not_invited');
    if (user.role === 'owner' && actor.role !== 'owner') throw new TeamError('owner_protected');
    const notificationId = await inviteUser(trx, brand, user, { inviter: actor.label.replace(/\s*<.*>$/, '') });
    await audit(trx, actor, { action: 'staff.invite_resent', targetType: 'user', targetId });
    return { email: user.email, notificationId };
  });
}
