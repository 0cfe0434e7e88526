import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../auth/audit.ts';
import { createDealerUser, DuplicateUserError, inviteUser, type User } from '../auth/users.ts';
import type { AddressesTable, DealersTable, TenantDb } from '../db/types.ts';
import type { Brand } from '../notifications/templates.ts';
import { getSetting } from '../settings/settings.ts';
import { assertSchemaName } from '../tenancy/schema-name.ts';
import type { FieldErrorCode } from './messages.ts';
import { normaliseTaxNumber, taxIdKind } from './tax-id.ts';

export type Dealer = Selectable<DealersTable>;
export type Address = Selectable<AddressesTable>;

/** Who creates a dealer: a staff member (form or approval) or the ERP API (IAM-13). */
export interface DealerActor {
  userId: number | null;
  name: string;
  email?: string;
  ip?: string;
  source: 'application' | 'staff' | 'api';
}

/** What createDealer needs of the tenant: its schema (for the code sequence) and its brand (for the invite mail). */
export interface DealerScope {
  schema: string;
  brand: Brand;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const text = (max: number) => z.string().trim().max(max, 'tooLong');
const requiredText = (max: number) => text(max).min(1, 'required');
export const emailField = z.string().trim().toLowerCase().max(254, 'tooLong').refine((v) => EMAIL_RE.test(v), 'email');

export const addressSchema = z.object({
  line1: requiredText(200),
  line2: text(200).default(''),
  district: text(100).default(''),
  city: requiredText(100),
  postal_code: text(20).default(''),
  country: text(2).default('TR'),
});
export type AddressInput = z.output<typeof addressSchema>;

export const taxNumberField = z
  .string()
  .transform(normaliseTaxNumber)
  .refine((v) => v.length > 0, 'required')
  .refine((v) => v.length === 0 || taxIdKind(v) !== null, 'taxNumber');

/** One schema for every way a dealer is created (staff form, approval, ERP API). Money in minor units. */
export const dealerInputSchema = z.object({
  companyName: requiredText(200),
  tradeName: text(200).default(''),
  taxOffice: text(100).default(''),
  taxNumber: taxNumberField,
  sector: text(100).default(''),
  employeeCount: z.number().int('number').min(0, 'number').max(10_000_000, 'number').nullable().default(null),
  annualTurnover: z.number().int('number').min(0, 'number').max(Number.MAX_SAFE_INTEGER, 'number').nullable().default(null),
  phone: text(40).default(''),
  email: z.union([z.literal(''), emailField]).default(''),
  salesRepId: z.number().int('salesRep').positive('salesRep').nullable().default(null),
  applicationId: z.number().int().positive().nullable().default(null),
  billingAddress: addressSchema.nullable().default(null),
  shippingAddress: addressSchema.nullable().default(null),
  firstAdmin: z.object({ name: requiredText(200), email: emailField, locale: z.enum(['tr', 'en']).default('tr') }).nullable().default(null),
});
export type DealerInput = z.input<typeof dealerInputSchema>;

export type FieldErrors = Record<string, FieldErrorCode>;

export type CreateDealerResult =
  | { ok: true; dealer: Dealer; admin: User | null; notificationIds: number[] }
  | { ok: false; errors: FieldErrors };

/** zod issues → `{ 'billingAddress.city': 'required' }`; unknown messages fall back to 'required'. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const known: FieldErrorCode[] = ['required', 'email', 'taxNumber', 'number', 'tooLong', 'accept', 'salesRep'];
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.');
    if (out[key]) continue;
    out[key] = (known as string[]).includes(issue.message) ? (issue.message as FieldErrorCode) : issue.code === 'invalid_type' && issue.input === undefined ? 'required' : 'number';
  }
  return out;
}

async function isSalesRep(db: Kysely<TenantDb>, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('id', '=', userId).where('kind', '=', 'staff').where('role', '=', 'sales_rep').executeTakeFirst();
  return Boolean(row);
}

/**
 * Creates a dealer company (IAM-3, IAM-13): validates the input, issues the dealer code
 * `<prefix><dealer_code_seq>` unique in the tenant, stores its addresses and, when asked, creates the
 * first dealer admin and queues the invitation. Runs in the caller's transaction, or its own.
 * The caller nudges the mail queue with `notificationIds` after commit.
 */
export async function createDealer(db: Kysely<TenantDb>, scope: DealerScope, raw: DealerInput, actor: DealerActor): Promise<CreateDealerResult> {
  const parsed = dealerInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;
  const run = async (trx: Kysely<TenantDb>): Promise<CreateDealerResult> => {
    const dup = await trx.selectFrom('dealers').select('id').where('tax_number', '=', input.taxNumber).executeTakeFirst();
    if (dup) return { ok: false, errors: { taxNumber: 'duplicateTaxNumber' } };
    if (input.salesRepId !== null && !(await isSalesRep(trx, input.salesRepId))) return { ok: false, errors: { salesRepId: 'salesRep' } };
    const dealer = await insertWithCode(trx, scope.schema, input);
    for (const [kind, addr] of [
      ['billing', input.billingAddress],
      ['shipping', input.shippingAddress ?? input.billingAddress],
    ] as const) {
      if (!addr) continue;
      await trx
        .insertInto('addresses')
        .values({ dealer_id: dealer.id, kind, label: 'Merkez', ...addr, phone: input.phone, is_default: true })
        .execute();
    }
    let admin: User | null = null;
    const notificationIds: number[] = [];
    if (input.firstAdmin) {
      admin = await createDealerUser(trx, { dealerId: dealer.id, email: input.firstAdmin.email, name: input.firstAdmin.name, role: 'dealer_admin', locale: input.firstAdmin.locale });
      notificationIds.push(await inviteUser(trx, scope.brand, admin, { inviter: actor.source === 'api' ? scope.brand.sellerName : actor.name, dealerCode: dealer.code }));
    }
    await writeAudit(trx, {
      action: 'dealer.created',
      actorUserId: actor.userId,
      actorLabel: actor.email ? `${actor.name} <${actor.email}>` : actor.name,
      dealerId: dealer.id,
      targetType: 'dealer',
      targetId: dealer.id,
      ip: actor.ip ?? '',
      details: { code: dealer.code, source: actor.source, applicationId: input.applicationId, adminUserId: admin?.id ?? null },
    });
    return { ok: true, dealer, admin, notificationIds };
  };
  if (db.isTransaction) return run(db);
  // A failed validation inside the transaction must undo the rows written so far.
  const rollback = Symbol('rollback');
  try {
    return await db.transaction().execute(async (trx) => {
      const res = await run(trx);
      if (!res.ok) throw Object.assign(new Error('rollback'), { [rollback]: res });
      return res;
    });
  } catch (err) {
    if (err && typeof err === 'object' && rollback in err) return (err as unknown as Record<symbol, CreateDealerResult>)[rollback]!;
    if (err instanceof DuplicateUserError) return { ok: false, errors: { 'firstAdmin.email': 'duplicateEmail' } };
    throw err;
  }
}

/** `<prefix><nextval>`; a code taken by hand earlier (or under another prefix) just takes the next number. */
async function insertWithCode(db: Kysely<TenantDb>, schema: string, input: z.output<typeof dealerInputSchema>): Promise<Dealer> {
  const { prefix } = await getSetting(db, 'dealerCode');
  const seq = sql.lit(`${assertSchemaName(schema)}.dealer_code_seq`);
  for (let attempt = 0; attempt < 20; attempt++) {
    const { rows } = await sql<{ n: number }>`select nextval(${seq}) as n`.execute(db);
    const code = `${prefix}${rows[0]!.n}`;
    const dealer = await db
      .insertInto('dealers')
      .values({
        code,
        company_name: input.companyName,
        trade_name: input.tradeName,
        tax_office: input.taxOffice,
        tax_number: input.taxNumber,
        sector: input.sector,
        employee_count: input.employeeCount,
        annual_turnover: input.annualTurnover,
        phone: input.phone,
        email: input.email,
        sales_rep_id: input.salesRepId,
        application_id: input.applicationId,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (dealer) return dealer;
  }
  throw new Error('could not allocate a free dealer code');
}

export interface DealerListRow {
  id: number;
  code: string;
  company_name: string;
  tax_number: string;
  status: 'active' | 'blocked';
  city: string | null;
  sales_rep_name: string | null;
}

export interface DealerFilter {
  status?: 'active' | 'blocked';
  q?: string;
  /** Set for a sales rep who may see only dealers assigned to them. */
  salesRepId?: number;
}

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Newest first, keyset on id. */
export async function listDealers(db: Kysely<TenantDb>, f: DealerFilter & { after?: number; limit: number }): Promise<{ rows: DealerListRow[]; next: number | null }> {
  let q = db
    .selectFrom('dealers as d')
    .leftJoin('users as r', 'r.id', 'd.sales_rep_id')
    .select(['d.id', 'd.code', 'd.company_name', 'd.tax_number', 'd.status', 'r.name as sales_rep_name'])
    .select((eb) =>
      eb
        .selectFrom('addresses as a')
        .select('a.city')
        .whereRef('a.dealer_id', '=', 'd.id')
        .where('a.kind', '=', 'billing')
        .orderBy('a.is_default', 'desc')
        .orderBy('a.id')
        .limit(1)
        .as('city'),
    );
  if (f.salesRepId !== undefined) q = q.where('d.sales_rep_id', '=', f.salesRepId);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.q) {
    const like = likeOf(f.q);
    q = q.where((eb) => eb.or([eb('d.code', 'ilike', like), eb('d.company_name', 'ilike', like), eb('d.trade_name', 'ilike', like), eb('d.tax_number', 'like', like)]));
  }
  if (f.after) q = q.where('d.id', '<', f.after);
  const rows = await q.orderBy('d.id', 'desc').limit(f.limit + 1).execute();
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { rows: page, next: more ? page.at(-1)!.id : null };
}

/** A dealer the viewer may see: a sales rep restricted to own dealers gets undefined for others (→ 404). */
export async function findDealer(db: Kysely<TenantDb>, id: number, scope: { salesRepId?: number } = {}) {
  let q = db.selectFrom('dealers as d').leftJoin('users as r', 'r.id', 'd.sales_rep_id').selectAll('d').select(['r.name as sales_rep_name']).where('d.id', '=', id);
  if (scope.salesRepId !== undefined) q = q.where('d.sales_rep_id', '=', scope.salesRepId);
  return q.executeTakeFirst();
}

export async function listDealerAddresses(db: Kysely<TenantDb>, dealerId: number): Promise<Address[]> {
  return db.selectFrom('addresses').selectAll().where('dealer_id', '=', dealerId).orderBy('kind').orderBy('is_default', 'desc').orderBy('label').orderBy('id').execute();
}

export async function listSalesReps(db: Kysely<TenantDb>) {
  return db.selectFrom('users').select(['id', 'name', 'email']).where('kind', '=', 'staff').where('role', '=', 'sales_rep').where('status', '!=', 'blocked').orderBy('name').execute();
}

/** Sets or clears the sales rep; only a staff member with the sales_rep role can be assigned. */
export async function assignSalesRep(db: Kysely<TenantDb>, dealerId: number, repId: number | null): Promise<'ok' | 'not_found' | 'invalid'> {
  if (repId !== null && !(await isSalesRep(db, repId))) return 'invalid';
  const res = await db.updateTable('dealers').set({ sales_rep_id: repId, updated_at: sql`now()` }).where('id', '=', dealerId).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? 'ok' : 'not_found';
}

/** Blocks a dealer and ends every session of its users, in one transaction. False if it was not active. */
export async function blockDealer(db: Kysely<TenantDb>, dealerId: number, reason: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('dealers')
      .set({ status: 'blocked', blocked_reason: reason, updated_at: sql`now()` })
      .where('id', '=', dealerId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    await trx
      .deleteFrom('sessions')
      .where('user_id', 'in', (eb) => eb.selectFrom('users').select('users.id').where('users.kind', '=', 'dealer').where('users.dealer_id', '=', dealerId))
      .execute();
    return true;
  });
}

export async function unblockDealer(db: Kysely<TenantDb>, dealerId: number): Promise<boolean> {
  const res = await db
    .updateTable('dealers')
    .set({ status: 'active', blocked_reason: null, updated_at: sql`now()` })
    .where('id', '=', dealerId)
    .where('status', '=', 'blocked')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
