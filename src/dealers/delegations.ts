import { sql, type Kysely, type Selectable } from 'kysely';
import type { DelegationsTable, TenantDb } from '../db/types.ts';
import type { DealerPermission } from '../auth/permissions.ts';
import { queueNotification } from '../notifications/queries.ts';
import type { Brand } from '../notifications/templates.ts';

/**
 * Temporary rights (IAM-7): an approver or admin lends some of their own rights to a colleague
 * for a window [starts_at, until), e.g. during a holiday. The hourly job in jobs.ts marks ended
 * windows expired and mails both people; `effectivePermissions` also checks the window itself, so
 * a late job never extends a right.
 */
export type Delegation = Selectable<DelegationsTable>;

/** Rights that may be lent. Managing users is deliberately not one of them. */
export const DELEGABLE_PERMISSIONS = ['orders.approve', 'orders.pay', 'orders.view_all'] as const satisfies readonly DealerPermission[];
export type DelegablePermission = (typeof DELEGABLE_PERMISSIONS)[number];
export const MAX_DELEGATION_DAYS = 180;
/** The end-of-window reminder goes out this long before `until`. */
export const REMINDER_BEFORE_MS = 24 * 3600_000;

export function isDelegable(p: string): p is DelegablePermission {
  return (DELEGABLE_PERMISSIONS as readonly string[]).includes(p);
}

/**
 * The user's own permissions plus those lent to them by delegations whose window contains `now`.
 * A lent right counts only while the lender is active and still holds it.
 */
export async function effectivePermissions(
  db: Kysely<TenantDb>,
  user: { id: number; kind: string; permissions: readonly string[] },
  now: Date = new Date(),
): Promise<string[]> {
  const own = new Set(user.permissions);
  if (user.kind !== 'dealer') return [...own];
  const rows = await db
    .selectFrom('delegations as d')
    .innerJoin('users as f', 'f.id', 'd.from_user_id')
    .select(['d.permissions', 'f.permissions as from_permissions'])
    .where('d.to_user_id', '=', user.id)
    .where('d.status', '=', 'active')
    .where('d.starts_at', '<=', now)
    .where('d.until', '>', now)
    .where('f.status', '=', 'active')
    .whereRef('f.dealer_id', '=', 'd.dealer_id')
    .execute();
  for (const r of rows) for (const p of r.permissions) if (isDelegable(p) && r.from_permissions.includes(p)) own.add(p);
  return [...own].sort();
}

export interface DelegationView extends Delegation {
  from_name: string;
  from_email: string;
  to_name: string;
  to_email: string;
}

function withNames(db: Kysely<TenantDb>) {
  return db
    .selectFrom('delegations as d')
    .innerJoin('users as f', 'f.id', 'd.from_user_id')
    .innerJoin('users as t', 't.id', 'd.to_user_id')
    .selectAll('d')
    .select(['f.name as from_name', 'f.email as from_email', 't.name as to_name', 't.email as to_email']);
}

export type DelegationPhase = 'upcoming' | 'active' | 'ended';

export function phaseOf(d: Pick<Delegation, 'status' | 'starts_at' | 'until'>, now: Date): DelegationPhase {
  if (d.status !== 'active' || d.until.getTime() <= now.getTime()) return 'ended';
  return d.starts_at.getTime() > now.getTime() ? 'upcoming' : 'active';
}

/**
 * A company's delegations: current and upcoming ones first, then the 50 most recently ended.
 * `involving` limits it to those the user gave or received (for users who do not manage users).
 */
export async function listDelegations(
  db: Kysely<TenantDb>,
  dealerId: number,
  opts: { involving?: number; now?: Date } = {},
): Promise<{ current: DelegationView[]; past: DelegationView[] }> {
  const now = opts.now ?? new Date();
  const scoped = () => {
    let q = withNames(db).where('d.dealer_id', '=', dealerId);
    if (opts.involving !== undefined) {
      const uid = opts.involving;
      q = q.where((eb) => eb.or([eb('d.from_user_id', '=', uid), eb('d.to_user_id', '=', uid)]));
    }
    return q;
  };
  const current = await scoped().where('d.status', '=', 'active').where('d.until', '>', now).orderBy('d.starts_at').orderBy('d.id').execute();
  const past = await scoped()
    .where((eb) => eb.or([eb('d.status', '!=', 'active'), eb('d.until', '<=', now)]))
    .orderBy(sql`coalesce(d.ended_at, d.until)`, 'desc')
    .orderBy('d.id', 'desc')
    .limit(50)
    .execute();
  return { current, past };
}

/** Delegations a user receives that are running or still to come (portal home). */
export async function delegationsToUser(db: Kysely<TenantDb>, dealerId: number, userId: number, now = new Date()): Promise<DelegationView[]> {
  return withNames(db)
    .where('d.dealer_id', '=', dealerId)
    .where('d.to_user_id', '=', userId)
    .where('d.status', '=', 'active')
    .where('d.until', '>', now)
    .orderBy('d.starts_at')
    .execute();
}

export async function findDelegation(db: Kysely<TenantDb>, dealerId: number, id: number): Promise<DelegationView | undefined> {
  return withNames(db).where('d.dealer_id', '=', dealerId).where('d.id', '=', id).executeTakeFirst();
}

/** Mails need the seller's brand and time zone (dates are shown in the tenant's zone). */
export interface MailContext {
  brand: Brand;
  timeZone: string;
}

export interface NewDelegation {
  dealerId: number;
  fromUserId: number;
  toUserId: number;
  startsAt: Date;
  until: Date;
  permissions: DelegablePermission[];
  note: string;
  createdBy: number;
}

export type DelegationError = 'delegate_invalid' | 'from_invalid' | 'rights_invalid' | 'window_invalid';

/**
 * Checks and writes a delegation with the mail to the delegate in one transaction. Both people
 * must be active users of the same company, and only rights the lender holds (and that may be
 * lent) are accepted.
 */
export async function createDelegation(
  db: Kysely<TenantDb>,
  { brand, timeZone }: MailContext,
  input: NewDelegation,
  now = new Date(),
): Promise<{ ok: true; delegation: Delegation; notificationId: number } | { ok: false; error: DelegationError }> {
  if (input.until.getTime() <= input.startsAt.getTime() || input.until.getTime() <= now.getTime()) return { ok: false, error: 'window_invalid' };
  if (input.until.getTime() - input.startsAt.getTime() > (MAX_DELEGATION_DAYS + 1) * 24 * 3600_000) return { ok: false, error: 'window_invalid' };
  if (input.fromUserId === input.toUserId) return { ok: false, error: 'delegate_invalid' };
  return db.transaction().execute(async (trx) => {
    const people = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'locale', 'permissions'])
      .where('kind', '=', 'dealer')
      .where('dealer_id', '=', input.dealerId)
      .where('status', '=', 'active')
      .where('id', 'in', [input.fromUserId, input.toUserId])
      .execute();
    const from = people.find((p) => p.id === input.fromUserId);
    const to = people.find((p) => p.id === input.toUserId);
    if (!from) return { ok: false as const, error: 'from_invalid' as const };
    if (!to) return { ok: false as const, error: 'delegate_invalid' as const };
    if (!input.permissions.length || input.permissions.some((p) => !isDelegable(p) || !from.permissions.includes(p))) {
      return { ok: false as const, error: 'rights_invalid' as const };
    }
    const delegation = await trx
      .insertInto('delegations')
      .values({
        dealer_id: input.dealerId,
        from_user_id: from.id,
        to_user_id: to.id,
        starts_at: input.startsAt,
        until: input.until,
        permissions: [...input.permissions],
        note: input.note,
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const notificationId = await queueNotification(trx, brand, {
      template: 'delegation-granted',
      locale: to.locale,
      to: to.email,
      payload: {
        name: to.name,
        fromName: from.name,
        rights: delegation.permissions,
        startsAt: delegation.starts_at.toISOString(),
        until: delegation.until.toISOString(),
        timeZone,
        url: new URL('/portal', brand.portalUrl).toString(),
      },
    });
    return { ok: true as const, delegation, notificationId };
  });
}

/** Ends an active delegation now. Returns false when it is not active (already ended). */
export async function revokeDelegation(db: Kysely<TenantDb>, dealerId: number, id: number): Promise<boolean> {
  const res = await db
    .updateTable('delegations')
    .set({ status: 'revoked', ended_at: sql`now()` })
    .where('dealer_id', '=', dealerId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface SweepResult {
  expired: number;
  reminded: number;
  notificationIds: number[];
}

/**
 * The hourly sweep, idempotent: a delegation moves to `expired` (and its mails are written) by
 * one conditional update inside a transaction, so a repeated or concurrent run finds nothing to do.
 * The reminder goes out once (reminded_at), one day before the end, for windows longer than a day.
 */
export async function sweepDelegations(db: Kysely<TenantDb>, { brand, timeZone }: MailContext, now = new Date()): Promise<SweepResult> {
  return db.transaction().execute(async (trx) => {
    const notificationIds: number[] = [];
    const expired = await trx
      .updateTable('delegations')
      .set({ status: 'expired', ended_at: now })
      .where('status', '=', 'active')
      .where('until', '<=', now)
      .returning(['id', 'from_user_id', 'to_user_id', 'permissions', 'until'])
      .execute();
    const reminded = await trx
      .updateTable('delegations')
      .set({ reminded_at: now })
      .where('status', '=', 'active')
      .where('reminded_at', 'is', null)
      .where('until', '>', now)
      .where('until', '<=', new Date(now.getTime() + REMINDER_BEFORE_MS))
      .where(sql<boolean>`until - starts_at > make_interval(secs => ${REMINDER_BEFORE_MS / 1000})`)
      .returning(['id', 'from_user_id', 'to_user_id', 'permissions', 'until'])
      .execute();
    const ids = [...new Set([...expired, ...reminded].flatMap((d) => [d.from_user_id, d.to_user_id]))];
    const people = ids.length ? await trx.selectFrom('users').select(['id', 'name', 'email', 'locale']).where('id', 'in', ids).execute() : [];
    const who = new Map(people.map((p) => [p.id, p]));
    const portal = new URL('/portal/delegations', brand.portalUrl).toString();
    for (const [rows, template] of [
      [expired, 'delegation-expired'],
      [reminded, 'delegation-ending'],
    ] as const) {
      for (const d of rows) {
        const from = who.get(d.from_user_id);
        const to = who.get(d.to_user_id);
        if (!from || !to) continue;
        for (const [recipient, role] of [
          [from, 'from'],
          [to, 'to'],
        ] as const) {
          notificationIds.push(
            await queueNotification(trx, brand, {
              template,
              locale: recipient.locale,
              to: recipient.email,
              payload: { name: recipient.name, role, fromName: from.name, toName: to.name, rights: d.permissions, until: d.until.toISOString(), timeZone, url: portal },
            }),
          );
        }
      }
    }
    return { expired: expired.length, reminded: reminded.length, notificationIds };
  });
}

/** Offset of `timeZone` from UTC at instant `at`, in ms (positive east of Greenwich). */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

/** Midnight at the start of a `YYYY-MM-DD` day in the tenant's zone; null for an invalid date. */
export function zonedDayStart(day: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  let guess = utc - zoneOffsetMs(utc, timeZone);
  // A second pass settles days on which the zone's offset changes.
  guess = utc - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

/** `YYYY-MM-DD` of an instant in the tenant's zone (form defaults). */
export function zonedDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The first instant after the last day of a window chosen as `from`…`until` days (inclusive). */
export function dayAfter(day: string, timeZone: string): Date | null {
  const start = zonedDayStart(day, timeZone);
  if (!start) return null;
  const next = new Date(start.getTime() + 36 * 3600_000);
  return zonedDayStart(zonedDay(next, timeZone), timeZone);
}
