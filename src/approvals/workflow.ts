import { sql, type Kysely } from 'kysely';
import type { OrderStatus, TenantDb } from '../db/types.ts';
import type { Brand } from '../notifications/mail-frame.ts';
import { notifyOrderStatus } from '../orders/notify.ts';
import { changeStatus } from '../orders/status.ts';
import { notifyActiveStep, notifyOrderer } from './notify.ts';

/**
 * APR-2: deciding approval steps. An order awaiting approval has one row per level in
 * order_approvals (written by submission); the step to decide is the lowest pending level whose
 * lower levels are all approved. Rules enforced here, in one transaction per decision:
 *
 *   - the order row is locked first (the same lock changeStatus takes), then the step is decided
 *     with a conditional UPDATE … WHERE status = 'pending': two approvers deciding at once → one
 *     wins, the other is told the step was already decided;
 *   - the orderer never decides their own order; one person (or their delegate) never decides
 *     two levels of the same order;
 *   - the decider is an eligible approver of the step (named approvers of the matched rules, or
 *     every user holding orders.approve when none are named), or a delegate of one during the
 *     delegation window (IAM-7) — then `on_behalf_of` records the approver;
 *   - the last approved level moves the order to `after_approval` via changeStatus (awaiting_payment
 *     also mails the proforma, in the same transaction, so a decision is mailed exactly once); a rejection
 *     cancels it via changeStatus (stock released, other pending steps withdrawn);
 *   - an approval may be withdrawn by whoever gave it while the seller has not confirmed the order:
 *     the step is pending again and the order goes back to awaiting_approval.
 *
 * TOTP step-up happens before (the route calls requireFreshTotp); its time step is recorded here.
 */

export const WITHDRAWABLE: readonly OrderStatus[] = ['awaiting_approval', 'placed', 'credit_review', 'awaiting_payment'];

export interface Approver {
  id: number;
  name: string;
  email: string;
  locale: 'tr' | 'en';
}

/** The rules' named approvers (union); null when any rule names none (then every approver may decide). */
export async function namedApprovers(db: Kysely<TenantDb>, dealerId: number, ruleIds: readonly number[]): Promise<Set<number> | null> {
  if (!ruleIds.length) return null;
  const rules = await db.selectFrom('approval_rules').select(['approver_ids']).where('dealer_id', '=', dealerId).where('id', 'in', [...ruleIds]).execute();
  if (!rules.length || rules.some((r) => !r.approver_ids.length)) return null;
  return new Set(rules.flatMap((r) => r.approver_ids.map(Number)));
}

/** Active users of the dealer who hold orders.approve themselves and may decide a step with these rules. */
export async function stepApprovers(db: Kysely<TenantDb>, dealerId: number, ruleIds: readonly number[]): Promise<Approver[]> {
  const named = await namedApprovers(db, dealerId, ruleIds);
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'locale'])
    .where('dealer_id', '=', dealerId)
    .where('kind', '=', 'dealer')
    .where('status', '=', 'active')
    .where(sql<boolean>`'orders.approve' = any(permissions)`)
    .orderBy('name')
    .execute();
  return rows.filter((u) => !named || named.has(u.id)) as Approver[];
}

/** Delegates (IAM-7) who may approve for one of `approverIds` at `now`: delegate id → lender ids. */
export async function activeDelegates(db: Kysely<TenantDb>, dealerId: number, approverIds: readonly number[], now: Date): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (!approverIds.length) return out;
  const rows = await db
    .selectFrom('delegations as d')
    .innerJoin('users as t', 't.id', 'd.to_user_id')
    .select(['d.to_user_id', 'd.from_user_id'])
    .where('d.dealer_id', '=', dealerId)
    .where('d.from_user_id', 'in', [...approverIds])
    .where('d.status', '=', 'active')
    .where('d.starts_at', '<=', now)
    .where('d.until', '>', now)
    .where(sql<boolean>`'orders.approve' = any(d.permissions)`)
    .where('t.status', '=', 'active')
    .where('t.dealer_id', '=', dealerId)
    .orderBy('d.starts_at')
    .execute();
  for (const r of rows) out.set(r.to_user_id, [...(out.get(r.to_user_id) ?? []), r.from_user_id]);
  return out;
}

/**
 * In what capacity `userId` may decide a step: as an approver themselves (`onBehalfOf` null),
 * for a lender (delegate), or not at all. People in `exclude` (the orderer, whoever decided the
 * other level) can be neither the decider nor the one decided for.
 */
export async function capacityFor(
  db: Kysely<TenantDb>,
  dealerId: number,
  ruleIds: readonly number[],
  userId: number,
  exclude: ReadonlySet<number>,
  now: Date,
): Promise<{ ok: true; onBehalfOf: number | null } | { ok: false }> {
  if (exclude.has(userId)) return { ok: false };
  const approvers = (await stepApprovers(db, dealerId, ruleIds)).filter((a) => !exclude.has(a.id));
  if (approvers.some((a) => a.id === userId)) return { ok: true, onBehalfOf: null };
  const lenders = (await activeDelegates(db, dealerId, approvers.map((a) => a.id), now)).get(userId);
  return lenders?.length ? { ok: true, onBehalfOf: lenders[0]! } : { ok: false };
}

export interface PendingStep {
  id: number;
  order_id: number;
  level: number;
  levels: number;
  rule_ids: number[];
  pending_since: Date;
  number: string;
  user_id: number | null;
  orderer_name: string | null;
  total_gross: number;
  currency: string;
  created_at: Date;
  line_count: number;
}

/** The company's steps waiting for a decision now (lowest pending level of orders awaiting approval), oldest first. */
export async function pendingSteps(db: Kysely<TenantDb>, dealerId: number, opts: { stepId?: number; limit?: number } = {}): Promise<PendingStep[]> {
  let q = db
    .selectFrom('order_approvals as a')
    .innerJoin('orders as o', 'o.id', 'a.order_id')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .select([
      'a.id',
      'a.order_id',
      'a.level',
      'a.rule_ids',
      'a.pending_since',
      'o.number',
      'o.user_id',
      'u.name as orderer_name',
      'o.total_gross',
      'o.currency',
      'o.created_at',
      (eb) => eb.selectFrom('order_approvals as x').select(sql<number>`count(*)::int`.as('n')).whereRef('x.order_id', '=', 'a.order_id').as('levels'),
      (eb) => eb.selectFrom('order_lines as l').select(sql<number>`count(*)::int`.as('n')).whereRef('l.order_id', '=', 'a.order_id').as('line_count'),
    ])
    .where('o.dealer_id', '=', dealerId)
    .where('o.status', '=', 'awaiting_approval')
    .where('a.status', '=', 'pending')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('order_approvals as b').select('b.id').whereRef('b.order_id', '=', 'a.order_id').whereRef('b.level', '<', 'a.level').where('b.status', '<>', 'approved'))));
  if (opts.stepId !== undefined) q = q.where('a.id', '=', opts.stepId);
  return q.orderBy('a.pending_since').orderBy('a.id').limit(opts.limit ?? 200).execute() as Promise<PendingStep[]>;
}

export interface DecidedStep {
  id: number;
  order_id: number;
  level: number;
  number: string;
  status: OrderStatus;
  total_gross: number;
  currency: string;
  decided_at: Date;
  on_behalf_name: string | null;
}

/** Approvals this user gave that may still be withdrawn (newest first). */
export async function withdrawableSteps(db: Kysely<TenantDb>, dealerId: number, userId: number): Promise<DecidedStep[]> {
  return db
    .selectFrom('order_approvals as a')
    .innerJoin('orders as o', 'o.id', 'a.order_id')
    .leftJoin('users as b', 'b.id', 'a.on_behalf_of')
    .select(['a.id', 'a.order_id', 'a.level', 'o.number', 'o.status', 'o.total_gross', 'o.currency', sql<Date>`a.decided_at`.as('decided_at'), 'b.name as on_behalf_name'])
    .where('o.dealer_id', '=', dealerId)
    .where('a.decided_by', '=', userId)
    .where('a.status', '=', 'approved')
    .where('o.status', 'in', [...WITHDRAWABLE])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('order_approvals as h').select('h.id').whereRef('h.order_id', '=', 'a.order_id').whereRef('h.level', '>', 'a.level').where('h.status', '=', 'approved'))))
    .orderBy('a.decided_at', 'desc')
    .limit(20)
    .execute();
}

/** Names of rules by id, for the dealer only. */
export async function ruleNames(db: Kysely<TenantDb>, dealerId: number, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('approval_rules').select(['id', 'name']).where('dealer_id', '=', dealerId).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type DecideError = 'not_found' | 'already_decided' | 'lower_level' | 'own_order' | 'same_person' | 'not_approver';
export type DecideResult =
  | { ok: true; orderId: number; number: string; status: OrderStatus; nextLevel: number | null; notificationIds: number[]; onBehalfOf: number | null }
  | { ok: false; error: DecideError };

class Refuse extends Error {
  constructor(readonly error: DecideError) {
    super(error);
  }
}

export interface DecideInput {
  dealerId: number;
  stepId: number;
  userId: number;
  decision: 'approve' | 'reject';
  totpStep: number;
  note: string;
  brand: Brand;
  now?: Date;
}

/**
 * Checks whether `userId` may decide the step now (without deciding). Used by the form before the
 * TOTP code is spent, and again inside decideStep under the lock.
 */
export async function canDecide(db: Kysely<TenantDb>, dealerId: number, stepId: number, userId: number, now = new Date()): Promise<{ ok: true; onBehalfOf: number | null } | { ok: false; error: DecideError }> {
  const step = (await pendingSteps(db, dealerId, { stepId }))[0];
  if (!step) {
    const exists = await db
      .selectFrom('order_approvals as a')
      .innerJoin('orders as o', 'o.id', 'a.order_id')
      .select(['a.id', 'a.status', 'o.status as order_status'])
      .where('a.id', '=', stepId)
      .where('o.dealer_id', '=', dealerId)
      .executeTakeFirst();
    if (!exists) return { ok: false, error: 'not_found' };
    // Pending behind a lower level that is not approved yet.
    return { ok: false, error: exists.status === 'pending' && exists.order_status === 'awaiting_approval' ? 'lower_level' : 'already_decided' };
  }
  return checkCapacity(db, dealerId, step, userId, now);
}

async function checkCapacity(
  db: Kysely<TenantDb>,
  dealerId: number,
  step: Pick<PendingStep, 'id' | 'order_id' | 'rule_ids' | 'user_id'>,
  userId: number,
  now: Date,
): Promise<{ ok: true; onBehalfOf: number | null } | { ok: false; error: DecideError }> {
  if (step.user_id === userId) return { ok: false, error: 'own_order' };
  const others = await db
    .selectFrom('order_approvals')
    .select(['decided_by', 'on_behalf_of'])
    .where('order_id', '=', step.order_id)
    .where('id', '!=', step.id)
    .where('status', '=', 'approved')
    .execute();
  const used = new Set<number>(others.flatMap((o) => [o.decided_by, o.on_behalf_of]).filter((x): x is number => x !== null));
  if (used.has(userId)) return { ok: false, error: 'same_person' };
  const exclude = new Set(used);
  if (step.user_id !== null) exclude.add(step.user_id);
  const cap = await capacityFor(db, dealerId, step.rule_ids, userId, exclude, now);
  return cap.ok ? cap : { ok: false, error: 'not_approver' };
}

/** Approves or rejects the step (see the header). Nothing changes when it returns ok: false. */
export async function decideStep(db: Kysely<TenantDb>, input: DecideInput): Promise<DecideResult> {
  const now = input.now ?? new Date();
  try {
    return await db.transaction().execute(async (trx) => {
      const head = await trx
        .selectFrom('order_approvals as a')
        .innerJoin('orders as o', 'o.id', 'a.order_id')
        .select(['a.order_id'])
        .where('a.id', '=', input.stepId)
        .where('o.dealer_id', '=', input.dealerId)
        .executeTakeFirst();
      if (!head) throw new Refuse('not_found');
      await trx.selectFrom('orders').select('id').where('id', '=', head.order_id).forUpdate().execute();
      const step = (await pendingSteps(trx, input.dealerId, { stepId: input.stepId }))[0];
      if (!step) throw new Refuse('already_decided');
      const cap = await checkCapacity(trx, input.dealerId, step, input.userId, now);
      if (!cap.ok) throw new Refuse(cap.error);
      const decided = await trx
        .updateTable('order_approvals')
        .set({
          status: input.decision === 'approve' ? 'approved' : 'rejected',
          decided_by: input.userId,
          on_behalf_of: cap.onBehalfOf,
          decided_at: now,
          totp_step: input.totpStep,
          note: input.note.slice(0, 1000),
        })
        .where('id', '=', step.id)
        .where('status', '=', 'pending')
        .returning('id')
        .executeTakeFirst();
      if (!decided) throw new Refuse('already_decided');
      const actor = { kind: 'user' as const, userId: input.userId };
      const notificationIds: number[] = [];
      if (input.decision === 'reject') {
        await changeStatus(trx, step.order_id, 'cancelled', actor, { note: `approval level ${step.level} rejected`, cancelReason: input.note || 'rejected by approver' });
        notificationIds.push(...(await notifyOrderer(trx, step.order_id, 'rejected', input.brand, input.note)));
        return { ok: true as const, orderId: step.order_id, number: step.number, status: 'cancelled' as OrderStatus, nextLevel: null, notificationIds, onBehalfOf: cap.onBehalfOf };
      }
      const next = await trx
        .selectFrom('order_approvals')
        .select(['id', 'level'])
        .where('order_id', '=', step.order_id)
        .where('level', '>', step.level)
        .where('status', '=', 'pending')
        .orderBy('level')
        .executeTakeFirst();
      if (next) {
        await trx.updateTable('order_approvals').set({ pending_since: now, notified_at: null, reminded_at: null, escalated_at: null }).where('id', '=', next.id).execute();
        notificationIds.push(...(await notifyActiveStep(trx, step.order_id, input.brand, now)));
        return { ok: true as const, orderId: step.order_id, number: step.number, status: 'awaiting_approval' as OrderStatus, nextLevel: next.level, notificationIds, onBehalfOf: cap.onBehalfOf };
      }
      const order = await trx.selectFrom('orders').select(['after_approval']).where('id', '=', step.order_id).executeTakeFirstOrThrow();
      const to = order.after_approval ?? 'placed';
      await changeStatus(trx, step.order_id, to, actor, { note: `approved (level ${step.level})` });
      await trx.updateTable('orders').set({ after_approval: null }).where('id', '=', step.order_id).execute();
      notificationIds.push(...(await notifyOrderer(trx, step.order_id, 'approved', input.brand, input.note)));
      // FIN-1/ORD-9: an order that now waits for payment gets its payment instruction and proforma
      // (orderer and dealer admins), as one that starts in awaiting_payment does. placed and
      // credit_review get no status mail here: the orderer's "approved" mail already says the
      // order went to the seller, and a second "awaiting approval → placed" mail would repeat it.
      if (to === 'awaiting_payment') notificationIds.push(...(await notifyOrderStatus(trx, step.order_id, 'awaiting_approval', to, input.brand)));
      return { ok: true as const, orderId: step.order_id, number: step.number, status: to as OrderStatus, nextLevel: null, notificationIds, onBehalfOf: cap.onBehalfOf };
    });
  } catch (err) {
    if (err instanceof Refuse) return { ok: false, error: err.error };
    throw err;
  }
}

export type WithdrawError = 'not_found' | 'not_yours' | 'confirmed' | 'higher_level';

/** APR-2: the approver takes an approval back while the seller has not confirmed the order. */
export async function withdrawApproval(
  db: Kysely<TenantDb>,
  input: { dealerId: number; stepId: number; userId: number; now?: Date },
): Promise<{ ok: true; orderId: number; number: string; level: number } | { ok: false; error: WithdrawError }> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const head = await trx
      .selectFrom('order_approvals as a')
      .innerJoin('orders as o', 'o.id', 'a.order_id')
      .select(['a.order_id'])
      .where('a.id', '=', input.stepId)
      .where('o.dealer_id', '=', input.dealerId)
      .executeTakeFirst();
    if (!head) return { ok: false as const, error: 'not_found' as const };
    const order = await trx.selectFrom('orders').select(['id', 'number', 'status']).where('id', '=', head.order_id).forUpdate().executeTakeFirstOrThrow();
    const step = await trx.selectFrom('order_approvals').selectAll().where('id', '=', input.stepId).executeTakeFirstOrThrow();
    if (step.status !== 'approved' || step.decided_by !== input.userId) return { ok: false as const, error: 'not_yours' as const };
    if (!WITHDRAWABLE.includes(order.status)) return { ok: false as const, error: 'confirmed' as const };
    const higher = await trx.selectFrom('order_approvals').select('id').where('order_id', '=', order.id).where('level', '>', step.level).where('status', '=', 'approved').executeTakeFirst();
    if (higher) return { ok: false as const, error: 'higher_level' as const };
    // Only this level goes back to pending (lower approved levels stand), guarded by its status:
    // not resetApprovalSteps (edit-policy.ts), which reopens every level of a changed order.
    const res = await trx
      .updateTable('order_approvals')
      .set({ status: 'pending', decided_by: null, decided_at: null, totp_step: null, on_behalf_of: null, note: '', pending_since: now, notified_at: null, reminded_at: null, escalated_at: null })
      .where('id', '=', step.id)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return { ok: false as const, error: 'not_yours' as const };
    if (order.status !== 'awaiting_approval') {
      await changeStatus(trx, order.id, 'awaiting_approval', { kind: 'user', userId: input.userId }, { note: `approval level ${step.level} withdrawn` });
      await trx
        .updateTable('orders')
        .set({ after_approval: order.status as 'placed' | 'credit_review' | 'awaiting_payment' })
        .where('id', '=', order.id)
        .execute();
    }
    return { ok: true as const, orderId: order.id, number: order.number, level: step.level };
  });
}
