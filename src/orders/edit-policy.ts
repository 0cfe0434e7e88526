import { sql, type Kysely, type Selectable } from 'kysely';
import type { OrderStatus, OrdersTable, TenantDb } from '../db/types.ts';
import { evaluateApproval, type Workflow } from '../approvals/rules.ts';
import { notifyApprovers } from '../approvals/notify.ts';
import { CreditError, exposure, lockAccount, type DealerAccount } from '../finance/credit.ts';
import type { Brand } from '../notifications/mail-frame.ts';
import { convert } from '../pricing/money.ts';
import { latestRates } from '../pricing/rates.ts';
import { changeNote, type ChangeFlag, type ChangeKind, type LineChange } from './history-notes.ts';
import { canTransition, changeStatus, type StatusActor } from './status.ts';

/**
 * ORD-8 / ORD-6 with APR-1 and FIN-2: the rules every change of an order before confirmation
 * follows, whoever makes it (the dealer on the order page: `changeQuantities`; the seller on the
 * order desk: `editLines`).
 *
 *  - Locks, always in this order (the same as submitOrder): the dealer's account row, the order
 *    row, then the products touched, in id order. A dealer change and a staff edit of the same
 *    order (or of two orders of the same dealer) therefore queue instead of deadlocking.
 *  - Credit (FIN-2): a change that raises an order on open account is checked against the limit
 *    with the exposure computed under the account lock (this order counted at its new total,
 *    converted into the account's currency). Over the limit: the account's policy decides —
 *    `block` refuses the change, `review` sends a placed order to credit_review (an order still
 *    waiting for approval goes to credit_review once approved). A lower total never moves an order.
 *    (Until the status machine has placed → credit_review, see placedToCreditReview, a placed
 *    order's raise over the limit is refused under review too.)
 *  - Purchasing policy (APR-1): the approval rules are evaluated on the new figures.
 *      placed (also awaiting payment or in credit review — past approval), changed by the dealer,
 *        rules match → back to awaiting approval (after approval: the status it had, or
 *        credit_review when a placed order's new total is over the limit under review).
 *      placed, changed by the seller: only when the change raised the order (higher total or new
 *        products) — the dealer's policy is about the dealer's spending; a seller-side increase
 *        needs the dealer's approval again. A seller decrease keeps it placed.
 *      awaiting approval: when the workflow changes (levels or rules) or the total went up, the
 *        steps are reset to the new workflow (pending, decisions cleared) and the approvers of the
 *        first step are notified again. A workflow that no longer needs approval leaves the steps
 *        as they are (an approver still decides; nothing is released without one).
 *  - One history row per change: a same-status row, or the transition's row, whose note is the
 *    canonical change note (see history-notes.ts) so every reader sees it in their language.
 */

/**
 * Can a raised placed order be sent to the seller's credit review? Needs `placed → credit_review`
 * in the status machine (status.ts). Without it, a review-policy account refuses the raise like
 * `block` — never a silent pass over the limit.
 */
export const placedToCreditReview = (): boolean => canTransition('placed', 'credit_review');

/** The credit outcome decides a refusal: block, or review on a placed order that cannot be parked for review. */
export function creditRefuses(credit: CreditOutcome, status: OrderStatus): credit is Extract<CreditOutcome, { over: true }> {
  if (!credit.over) return false;
  return credit.policy === 'block' || (status === 'placed' && !placedToCreditReview());
}

export type LockedOrder = Selectable<OrdersTable> & { priced_day: string };

export async function lockForChange(trx: Kysely<TenantDb>, orderId: number, dealerId?: number): Promise<{ account: DealerAccount; order: LockedOrder } | null> {
  if (!trx.isTransaction) throw new Error('lockForChange must run inside a transaction');
  let head = trx.selectFrom('orders').select(['dealer_id', 'currency']).where('id', '=', orderId);
  if (dealerId !== undefined) head = head.where('dealer_id', '=', dealerId);
  const h = await head.executeTakeFirst();
  if (!h) return null;
  const account = await lockAccount(trx, h.dealer_id, h.currency.trim());
  const order = await trx
    .selectFrom('orders')
    .selectAll()
    .select(sql<string>`priced_on::text`.as('priced_day'))
    .where('id', '=', orderId)
    .where('dealer_id', '=', h.dealer_id)
    .forUpdate()
    .executeTakeFirst();
  return order ? { account, order } : null;
}

/** Locks the products a change touches, in id order, before any reservation is changed. */
export async function lockProducts(trx: Kysely<TenantDb>, ids: readonly number[]): Promise<void> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length) await trx.selectFrom('products').select('id').where('id', 'in', sorted).orderBy('id').forUpdate().execute();
}

export type CreditOutcome = { over: false } | { over: true; policy: 'block' | 'review'; limit: number; exposure: number; increase: number; currency: string };

/**
 * FIN-2 for a change: over the limit with the order at its new total? `exposure` is the open
 * amount with this order at its old total; `increase` the rise in the account's currency. Throws
 * CreditError when a needed exchange rate is missing.
 */
export async function creditAfterChange(
  trx: Kysely<TenantDb>,
  account: DealerAccount,
  order: Pick<LockedOrder, 'payment_method' | 'currency' | 'total_gross' | 'priced_day'>,
  newTotal: number,
  baseCurrency: string,
): Promise<CreditOutcome> {
  if (order.payment_method !== 'open_account' || newTotal <= order.total_gross) return { over: false };
  const open = await exposure(trx, account, order.priced_day, baseCurrency);
  const currency = order.currency.trim();
  const accountCurrency = account.currency.trim();
  let delta = BigInt(newTotal - order.total_gross);
  if (accountCurrency !== currency) {
    const rate = await latestRates(trx, [accountCurrency, currency], order.priced_day, baseCurrency);
    const from = rate(currency);
    const to = rate(accountCurrency);
    if (!from || !to) throw new CreditError('missing_rate', `no exchange rate for ${!from ? currency : accountCurrency} on or before ${order.priced_day}`);
    delta = convert(delta, from, to);
  }
  if (BigInt(open) + delta <= BigInt(account.credit_limit)) return { over: false };
  return { over: true, policy: account.over_limit === 'review' ? 'review' : 'block', limit: account.credit_limit, exposure: open, increase: Number(delta), currency: accountCurrency };
}

/** The order's approval steps set to `workflow`: levels 1..n pending with decisions cleared, higher levels removed. */
export async function resetApprovalSteps(trx: Kysely<TenantDb>, orderId: number, workflow: Pick<Workflow, 'levels' | 'ruleIds'>, now = new Date()): Promise<void> {
  await trx.deleteFrom('order_approvals').where('order_id', '=', orderId).where('level', '>', workflow.levels).execute();
  for (let level = 1; level <= workflow.levels; level++) {
    await trx
      .insertInto('order_approvals')
      .values({ order_id: orderId, level, rule_ids: workflow.ruleIds })
      .onConflict((oc) =>
        oc.columns(['order_id', 'level']).doUpdateSet({
          status: 'pending',
          rule_ids: workflow.ruleIds,
          decided_by: null,
          decided_at: null,
          totp_step: null,
          on_behalf_of: null,
          note: '',
          pending_since: now,
          notified_at: null,
          reminded_at: null,
          escalated_at: null,
        }),
      )
      .execute();
  }
}

export interface PolicyInput {
  /** The locked order row as it was before the change. */
  order: LockedOrder;
  by: 'dealer' | 'seller';
  actor: StatusActor;
  kind: ChangeKind;
  changes: readonly LineChange[];
  text?: string;
  newTotal: number;
  /** Products added by the change (a category rule may now match). */
  added: boolean;
  productIds: number[];
  credit: CreditOutcome;
  baseCurrency: string;
  /** Approvers are mailed in the same transaction when given (outbox rows). */
  brand?: Brand;
}

export interface PolicyResult {
  status: OrderStatus;
  /** The order went back to approval or its steps restarted. */
  approval: 'none' | 'back_to_approval' | 'steps_reset';
  creditReview: boolean;
  notified: number[];
}

/**
 * After the lines and totals of a change are written: credit review, purchasing policy, history
 * (see the header). A block-policy credit refusal is the caller's, before anything is written.
 */
export async function applyChangePolicy(trx: Kysely<TenantDb>, p: PolicyInput): Promise<PolicyResult> {
  const o = p.order;
  const creditReview = p.credit.over && p.credit.policy === 'review';
  const raised = p.newTotal > o.total_gross || p.added;
  const evaluate = (): Promise<Workflow> =>
    o.user_id === null
      ? Promise.resolve({ levels: 0, ruleIds: [], rules: [] })
      : evaluateApproval(trx, { dealerId: o.dealer_id, userId: o.user_id, currency: o.currency.trim(), totalGross: p.newTotal, productIds: p.productIds, day: o.priced_day, baseCurrency: p.baseCurrency });
  const flags: ChangeFlag[] = [];
  const note = () => changeNote(p.kind, p.changes, { flags, text: p.text });
  const notified: number[] = [];
  const notify = async () => {
    if (p.brand) notified.push(...(await notifyApprovers(trx, o.id, p.brand)));
  };
  const sameStatus = () =>
    trx
      .insertInto('order_status_history')
      .values({ order_id: o.id, from_status: o.status, to_status: o.status, actor: p.actor.kind, actor_user_id: p.actor.userId ?? null, note: note() })
      .execute();

  if (o.status === 'placed' || o.status === 'awaiting_payment' || o.status === 'credit_review') {
    // Past approval (or never needed it): the changed order must satisfy the policy again.
    const workflow = p.by === 'dealer' || raised ? await evaluate() : { levels: 0 as const, ruleIds: [] };
    if (workflow.levels > 0) {
      const after = creditReview && o.status === 'placed' ? 'credit_review' : o.status;
      flags.push('approval');
      if (after === 'credit_review' && creditReview) flags.push('credit_review');
      await changeStatus(trx, o.id, 'awaiting_approval', p.actor, { dealerId: o.dealer_id, note: note() });
      await trx.updateTable('orders').set({ after_approval: after }).where('id', '=', o.id).execute();
      await resetApprovalSteps(trx, o.id, workflow);
      await notify();
      return { status: 'awaiting_approval', approval: 'back_to_approval', creditReview: after === 'credit_review', notified };
    }
    if (creditReview && o.status === 'placed') {
      flags.push('credit_review');
      await changeStatus(trx, o.id, 'credit_review', p.actor, { dealerId: o.dealer_id, note: note() });
      return { status: 'credit_review', approval: 'none', creditReview, notified };
    }
    // An order awaiting (pre)payment extends no credit — the new total is paid before the seller
    // goes on — and one already in credit review stays there: nothing more to send to review.
    await sameStatus();
    return { status: o.status, approval: 'none', creditReview: false, notified };
  }

  if (o.status === 'awaiting_approval') {
    if (creditReview && (o.after_approval === null || o.after_approval === 'placed')) {
      flags.push('credit_review');
      await trx.updateTable('orders').set({ after_approval: 'credit_review' }).where('id', '=', o.id).execute();
    }
    const workflow = await evaluate();
    let approval: PolicyResult['approval'] = 'none';
    if (workflow.levels > 0) {
      const steps = await trx.selectFrom('order_approvals').select(['level', 'rule_ids', 'status']).where('order_id', '=', o.id).orderBy('level').execute();
      const current = steps.filter((s) => s.status !== 'withdrawn');
      const same = current.length === workflow.levels && current.every((s) => [...s.rule_ids].map(Number).sort((a, b) => a - b).join(',') === [...workflow.ruleIds].sort((a, b) => a - b).join(','));
      if (!same || p.newTotal > o.total_gross) {
        flags.push('steps_reset');
        await resetApprovalSteps(trx, o.id, workflow);
        approval = 'steps_reset';
      }
    }
    await sameStatus();
    if (approval === 'steps_reset') await notify();
    return { status: o.status, approval, creditReview: flags.includes('credit_review'), notified };
  }

  // Any other editable status: the figures change, the status stays.
  await sameStatus();
  return { status: o.status, approval: 'none', creditReview: false, notified };
}
