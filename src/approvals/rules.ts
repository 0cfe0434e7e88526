import { sql, type Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { ApprovalRulesTable, TenantDb } from '../db/types.ts';
import { RATE_SCALE, convert, parseDecimal } from '../pricing/money.ts';

/**
 * APR-1/APR-4: which approval workflow an order goes through. A dealer admin's active rules are
 * checked against the order; every matching rule is named, the workflow needs as many levels as
 * the strictest matching rule (1 or 2), and the approvers are the union of the matching rules'
 * approvers (none named → every user of the dealer with the orders.approve permission).
 *
 *   amount_over  total gross > amount. A rule in another currency than the order's is compared
 *                after converting the order total with the latest rate on or before `day`; when
 *                no rate exists the rule matches (fail safe: the order needs approval)
 *   users        the ordering user is one of user_ids
 *   roles        the ordering user's role is one of roles
 *   categories   a line's product (or its parent) is in one of category_ids or below
 *
 * Pure read: used by submission (in its transaction) and by the preview page.
 */
export interface ApprovalCheck {
  dealerId: number;
  userId: number;
  currency: string;
  totalGross: number;
  productIds: number[];
  /** Pricing day 'YYYY-MM-DD' and the seller's base currency (for rules in another currency). */
  day: string;
  baseCurrency: string;
  /** Preview (APR-4): categories the order would contain, in addition to the products' own. */
  categoryIds?: number[];
}

export interface Workflow {
  levels: 0 | 1 | 2;
  ruleIds: number[];
  rules: Array<{ id: number; name: string; kind: string }>;
}

/** The columns of a rule that evaluation reads (what `approvalRulesQuery` selects). */
export type RuleForCheck = Pick<Selectable<ApprovalRulesTable>, 'id' | 'name' | 'kind' | 'levels' | 'amount' | 'currency' | 'user_ids' | 'roles' | 'category_ids'>;
export const RULE_CHECK_COLUMNS = ['id', 'name', 'kind', 'levels', 'amount', 'currency', 'user_ids', 'roles', 'category_ids'] as const;

/** A dealer's active rules, in id order: a sub-select callers may fold into a larger statement (submission does). */
export function approvalRulesQuery(db: Kysely<TenantDb>, dealerId: number) {
  return db.selectFrom('approval_rules').select(RULE_CHECK_COLUMNS).where('dealer_id', '=', dealerId).where('active', '=', true).orderBy('id');
}

/**
 * `preloaded`: the dealer's active rules (approvalRulesQuery) and the ordering user's role, when
 * the caller already read them in one of its own statements.
 */
export async function evaluateApproval(db: Kysely<TenantDb>, input: ApprovalCheck, preloaded?: { rules: RuleForCheck[]; role: string | null }): Promise<Workflow> {
  const [rules, user] = preloaded
    ? [preloaded.rules, preloaded.role === null ? undefined : { role: preloaded.role }]
    : await Promise.all([approvalRulesQuery(db, input.dealerId).execute(), db.selectFrom('users').select(['id', 'role']).where('id', '=', input.userId).executeTakeFirst()]);
  if (!rules.length) return { levels: 0, ruleIds: [], rules: [] };
  const catRules = rules.filter((r) => r.kind === 'categories' && r.category_ids.length);
  let hitCats = new Set<number>();
  const extraCats = input.categoryIds ?? [];
  if (catRules.length && (input.productIds.length || extraCats.length)) {
    const wanted = [...new Set(catRules.flatMap((r) => r.category_ids))];
    // Every ancestor-or-self category of the lines' products (variants use the parent's category).
    // Built with Kysely (not raw SQL) so the tenant schema applies to every table name.
    const own = input.productIds.length
      ? await db
          .selectFrom('products as p')
          .leftJoin('products as parent', 'parent.id', 'p.parent_id')
          .select(sql<number | null>`coalesce(p.category_id, parent.category_id)`.as('id'))
          .where('p.id', 'in', input.productIds)
          .execute()
      : [];
    let frontier = [...new Set([...own.map((r) => r.id).filter((x): x is number => x !== null).map(Number), ...extraCats])];
    const seen = new Set<number>();
    for (let depth = 0; frontier.length && depth < 32; depth++) {
      for (const id of frontier) seen.add(id);
      const parents = await db.selectFrom('categories').select('parent_id').where('id', 'in', frontier).where('parent_id', 'is not', null).execute();
      frontier = [...new Set(parents.map((r) => Number(r.parent_id)))].filter((id) => !seen.has(id));
    }
    hitCats = new Set(wanted.filter((id) => seen.has(Number(id))).map(Number));
  }
  const foreign = [...new Set(rules.filter((r) => r.kind === 'amount_over' && r.currency && r.currency !== input.currency).map((r) => r.currency!))];
  const rates = new Map<string, bigint>([[input.baseCurrency, RATE_SCALE]]);
  if (foreign.length) {
    const need = [...new Set([...foreign, input.currency])].filter((c) => c !== input.baseCurrency);
    const found = need.length
      ? await db
          .selectFrom('exchange_rates')
          .distinctOn('currency')
          .select(['currency', sql<string>`rate::text`.as('rate')])
          .where('currency', 'in', need)
          .where('rate_date', '<=', sql<Date>`${input.day}::date`)
          .orderBy('currency')
          .orderBy('rate_date', 'desc')
          .execute()
      : [];
    for (const r of found) rates.set(r.currency, parseDecimal(r.rate, 8));
  }
  const totalIn = (currency: string): number | null => {
    if (currency === input.currency) return input.totalGross;
    const from = rates.get(input.currency);
    const to = rates.get(currency);
    return from && to ? Number(convert(BigInt(input.totalGross), from, to)) : null;
  };
  const matched = rules.filter((r) => {
    switch (r.kind) {
      case 'amount_over': {
        if (r.amount === null || !r.currency) return false;
        const total = totalIn(r.currency);
        return total === null || total > r.amount;
      }
      case 'users':
        return r.user_ids.includes(input.userId);
      case 'roles':
        return !!user && r.roles.includes(user.role);
      case 'categories':
        return r.category_ids.some((c) => hitCats.has(c));
    }
  });
  if (!matched.length) return { levels: 0, ruleIds: [], rules: [] };
  return {
    levels: Math.max(...matched.map((r) => r.levels)) as 1 | 2,
    ruleIds: matched.map((r) => r.id),
    rules: matched.map((r) => ({ id: r.id, name: r.name, kind: r.kind })),
  };
}
