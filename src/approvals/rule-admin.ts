import { sql, type Kysely, type Selectable } from 'kysely';
import { DEALER_ROLES } from '../auth/permissions.ts';
import { isCurrency } from '../catalog/staff/decimal.ts';
import type { ApprovalRuleKind, ApprovalRulesTable, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { moneyInput, parseMoney } from '../pricing/lists.ts';

/**
 * APR-1: a dealer company's approval rules — list, validate, save, (de)activate. Every query is
 * filtered by the dealer id; people and categories named in a rule must belong to the company /
 * exist, checked here (the table stores plain id arrays).
 */
export type Rule = Selectable<ApprovalRulesTable>;
export const RULE_KINDS: readonly ApprovalRuleKind[] = ['amount_over', 'users', 'roles', 'categories'];

export interface RuleValues {
  name: string;
  kind: string;
  amount: string;
  currency: string;
  user_ids: string[];
  roles: string[];
  category_ids: string[];
  levels: string;
  approver_ids: string[];
}
export type RuleField = keyof RuleValues;
export type RuleError = 'required' | 'tooLong' | 'kind' | 'money' | 'moneyPrecision' | 'moneyRange' | 'currency' | 'pickUsers' | 'pickRoles' | 'pickCategories' | 'levels' | 'approvers' | 'twoApprovers' | 'duplicateName';

export interface RuleInput {
  name: string;
  kind: ApprovalRuleKind;
  amount: number | null;
  currency: string | null;
  user_ids: number[];
  roles: string[];
  category_ids: number[];
  levels: number;
  approver_ids: number[];
}

export interface CompanyUser {
  id: number;
  name: string;
  email: string;
  role: string;
  approves: boolean;
  status: string;
}

export async function companyUsers(db: Kysely<TenantDb>, dealerId: number): Promise<CompanyUser[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'status', sql<boolean>`'orders.approve' = any(permissions)`.as('approves')])
    .where('dealer_id', '=', dealerId)
    .where('kind', '=', 'dealer')
    .orderBy('name')
    .execute();
  return rows as CompanyUser[];
}

export async function listRules(db: Kysely<TenantDb>, dealerId: number): Promise<Rule[]> {
  return db.selectFrom('approval_rules').selectAll().where('dealer_id', '=', dealerId).orderBy('active', 'desc').orderBy('id').execute();
}

export async function findRule(db: Kysely<TenantDb>, dealerId: number, id: number): Promise<Rule | undefined> {
  return db.selectFrom('approval_rules').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function ruleValues(body: Record<string, unknown>): RuleValues {
  return {
    name: str(body.name).trim(),
    kind: str(body.kind),
    amount: str(body.amount).trim(),
    currency: str(body.currency).trim().toUpperCase(),
    user_ids: list(body.user_ids),
    roles: list(body.roles),
    category_ids: list(body.category_ids),
    levels: str(body.levels) || '1',
    approver_ids: list(body.approver_ids),
  };
}

export function valuesOfRule(r: Rule, locale: Locale): RuleValues {
  return {
    name: r.name,
    kind: r.kind,
    amount: r.amount !== null && r.currency ? moneyInput(r.amount, r.currency, locale) : '',
    currency: r.currency ?? '',
    user_ids: r.user_ids.map(String),
    roles: [...r.roles],
    category_ids: r.category_ids.map(String),
    levels: String(r.levels),
    approver_ids: r.approver_ids.map(String),
  };
}

export function emptyRule(currency: string): RuleValues {
  return { name: '', kind: 'amount_over', amount: '', currency, user_ids: [], roles: [], category_ids: [], levels: '1', approver_ids: [] };
}

const ids = (xs: string[]) => [...new Set(xs.map((x) => (/^\d{1,15}$/.test(x) ? Number(x) : NaN)))];

export async function validateRule(
  db: Kysely<TenantDb>,
  dealerId: number,
  v: RuleValues,
  locale: Locale,
  selfId: number | null,
): Promise<{ ok: true; value: RuleInput } | { ok: false; errors: Partial<Record<RuleField, RuleError>> }> {
  const errors: Partial<Record<RuleField, RuleError>> = {};
  if (!v.name) errors.name = 'required';
  else if (v.name.length > 100) errors.name = 'tooLong';
  const kind = RULE_KINDS.find((k) => k === v.kind);
  if (!kind) errors.kind = 'kind';
  const users = await companyUsers(db, dealerId);
  const userIds = new Set(users.map((u) => u.id));
  const approverIds = new Set(users.filter((u) => u.approves && u.status === 'active').map((u) => u.id));
  let amount: number | null = null;
  let currency: string | null = null;
  let pickedUsers: number[] = [];
  let pickedRoles: string[] = [];
  let pickedCats: number[] = [];
  if (kind === 'amount_over') {
    if (!isCurrency(v.currency)) errors.currency = 'currency';
    if (!v.amount) errors.amount = 'required';
    else if (isCurrency(v.currency)) {
      const r = parseMoney(v.amount, v.currency, locale);
      if (r.ok) amount = r.value;
      else errors.amount = r.error === 'required' ? 'required' : r.error === 'moneyPrecision' ? 'moneyPrecision' : r.error === 'moneyRange' ? 'moneyRange' : 'money';
      currency = v.currency;
    }
  } else if (kind === 'users') {
    pickedUsers = ids(v.user_ids);
    if (!pickedUsers.length || pickedUsers.some((id) => !userIds.has(id))) errors.user_ids = 'pickUsers';
  } else if (kind === 'roles') {
    pickedRoles = [...new Set(v.roles)];
    if (!pickedRoles.length || pickedRoles.some((r) => !(DEALER_ROLES as readonly string[]).includes(r))) errors.roles = 'pickRoles';
  } else if (kind === 'categories') {
    pickedCats = ids(v.category_ids);
    const found = pickedCats.length && pickedCats.every(Number.isFinite) ? await db.selectFrom('categories').select('id').where('id', 'in', pickedCats).execute() : [];
    if (!pickedCats.length || found.length !== pickedCats.length) errors.category_ids = 'pickCategories';
  }
  const levels = v.levels === '2' ? 2 : v.levels === '1' ? 1 : 0;
  if (!levels) errors.levels = 'levels';
  const approvers = ids(v.approver_ids);
  if (approvers.some((id) => !approverIds.has(id))) errors.approver_ids = 'approvers';
  else if (levels === 2 && approvers.length === 1) errors.approver_ids = 'twoApprovers';
  if (!errors.name && v.name) {
    let q = db.selectFrom('approval_rules').select('id').where('dealer_id', '=', dealerId).where(sql<boolean>`lower(name) = lower(${v.name})`);
    if (selfId !== null) q = q.where('id', '!=', selfId);
    if (await q.executeTakeFirst()) errors.name = 'duplicateName';
  }
  if (Object.keys(errors).length || !kind) return { ok: false, errors };
  return {
    ok: true,
    value: { name: v.name, kind, amount, currency, user_ids: pickedUsers, roles: pickedRoles, category_ids: pickedCats, levels, approver_ids: approvers },
  };
}

export async function createRule(db: Kysely<TenantDb>, dealerId: number, v: RuleInput): Promise<number> {
  const row = await db.insertInto('approval_rules').values({ dealer_id: dealerId, ...v }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRule(db: Kysely<TenantDb>, dealerId: number, id: number, v: RuleInput): Promise<boolean> {
  const res = await db.updateTable('approval_rules').set(v).where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setRuleActive(db: Kysely<TenantDb>, dealerId: number, id: number, active: boolean): Promise<boolean> {
  const res = await db.updateTable('approval_rules').set({ active }).where('dealer_id', '=', dealerId).where('id', '=', id).where('active', '=', !active).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
