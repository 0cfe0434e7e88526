import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { writeAudit } from '../auth/audit.ts';
import { STAFF_ROLE_PERMISSIONS, STAFF_ROLES } from '../auth/permissions.ts';
import type { ApplicationDocumentsTable, ApplicationsTable, ApplicationStatus, DocumentTypesTable, LegalTextsTable, PostalAddress, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { queueNotification } from '../notifications/queries.ts';
import type { Brand } from '../notifications/templates.ts';
import { createDealer, type Dealer, type DealerScope, type FieldErrors } from './dealers.ts';
import type { DocumentStorage, DocumentMime } from './storage.ts';

export type Application = Selectable<ApplicationsTable>;
export type ApplicationDocument = Selectable<ApplicationDocumentsTable>;
export type DocumentType = Selectable<DocumentTypesTable>;
export type LegalText = Selectable<LegalTextsTable>;

/** A draft link/cookie lives 30 days; an upload link for requested documents 14 days. */
const DRAFT_TTL_MS = 30 * 24 * 3600_000;
const UPLOAD_LINK_TTL_MS = 14 * 24 * 3600_000;
const TOKEN_RE = /^[A-Za-z0-9_-]{40,60}$/;

const newToken = () => randomBytes(32).toString('base64url');
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who acts in the back office; written to the audit log with each change. */
export interface ReviewActor {
  userId: number;
  name: string;
  email: string;
  ip: string;
}

/** The columns the public form fills (text as typed; numbers only once they parse). */
export interface ApplicationFields {
  company_name: string;
  trade_name: string;
  tax_office: string;
  tax_number: string;
  sector: string;
  employee_count: number | null;
  annual_turnover: number | null;
  phone: string;
  email: string;
  contact_name: string;
  billing_address: PostalAddress;
  shipping_address: PostalAddress;
}

export async function createDraft(db: Kysely<TenantDb>, locale: Locale): Promise<{ id: number; token: string }> {
  const token = newToken();
  const row = await db
    .insertInto('applications')
    .values({ public_token_hash: hashOf(token), status: 'draft', locale, token_expires_at: new Date(Date.now() + DRAFT_TTL_MS) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

export async function findDraft(db: Kysely<TenantDb>, token: string | undefined): Promise<Application | undefined> {
  if (!token || !TOKEN_RE.test(token)) return undefined;
  return db
    .selectFrom('applications')
    .selectAll()
    .where('public_token_hash', '=', hashOf(token))
    .where('status', '=', 'draft')
    .where('token_expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** The application this browser's draft token submitted in the last hour, if any (double submit, retry). */
export async function findRecentlySubmitted(db: Kysely<TenantDb>, token: string | undefined): Promise<Application | undefined> {
  if (!token || !TOKEN_RE.test(token)) return undefined;
  return db
    .selectFrom('applications')
    .selectAll()
    .where('public_token_hash', '=', hashOf(token))
    .where('status', '!=', 'draft')
    .where('submitted_at', '>', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirst();
}

export async function saveDraftFields(db: Kysely<TenantDb>, id: number, f: ApplicationFields, locale: Locale): Promise<void> {
  await db
    .updateTable('applications')
    .set({
      ...f,
      billing_address: JSON.stringify(f.billing_address),
      shipping_address: JSON.stringify(f.shipping_address),
      locale,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function activeDocumentTypes(db: Kysely<TenantDb>): Promise<DocumentType[]> {
  return db.selectFrom('document_types').selectAll().where('active', '=', true).orderBy('position').orderBy('id').execute();
}

export async function allDocumentTypes(db: Kysely<TenantDb>): Promise<DocumentType[]> {
  return db.selectFrom('document_types').selectAll().orderBy('position').orderBy('id').execute();
}

/** The latest published version of the terms of use and of the service contract, if the seller set them. */
export async function currentLegalTexts(db: Kysely<TenantDb>): Promise<{ terms?: LegalText; contract?: LegalText }> {
  const rows = await db
    .selectFrom('legal_texts')
    .selectAll()
    .where('kind', 'in', ['terms', 'contract'])
    .where('published_at', '<=', sql<Date>`now()`)
    .orderBy('kind')
    .orderBy('version', 'desc')
    .execute();
  return { terms: rows.find((r) => r.kind === 'terms'), contract: rows.find((r) => r.kind === 'contract') };
}

export async function findLegalText(db: Kysely<TenantDb>, id: number): Promise<LegalText | undefined> {
  return db.selectFrom('legal_texts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDocuments(db: Kysely<TenantDb>, applicationId: number): Promise<ApplicationDocument[]> {
  return db.selectFrom('application_documents').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
}

/**
 * Stores a checked upload and records it. In a draft a new file replaces the earlier one of the
 * same type; documents added on request are kept beside the earlier ones (the reviewer sees both).
 */
export async function storeDocument(
  db: Kysely<TenantDb>,
  storage: DocumentStorage,
  tenantId: number,
  input: { applicationId: number; type: string; name: string; bytes: Uint8Array; mime: DocumentMime; replace: boolean },
): Promise<ApplicationDocument> {
  const key = await storage.put(tenantId, 'applications', input.bytes);
  try {
    const row = await db
      .insertInto('application_documents')
      .values({ application_id: input.applicationId, document_type: input.type, original_name: input.name, storage_key: key, mime: input.mime, size: input.bytes.byteLength })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.replace) {
      const old = await db
        .deleteFrom('application_documents')
        .where('application_id', '=', input.applicationId)
        .where('document_type', '=', input.type)
        .where('id', '!=', row.id)
        .returning('storage_key')
        .execute();
      for (const o of old) await storage.remove(tenantId, o.storage_key);
    }
    return row;
  } catch (err) {
    await storage.remove(tenantId, key);
    throw err;
  }
}

/** draft → submitted, once (conditional update); the draft token stops working. */
export async function submitDraft(db: Kysely<TenantDb>, id: number, legal: { termsId: number | null; contractId: number | null }): Promise<Application | undefined> {
  const accepted = legal.termsId !== null || legal.contractId !== null;
  return db
    .updateTable('applications')
    .set({
      status: 'submitted',
      submitted_at: sql`now()`,
      terms_id: legal.termsId,
      contract_id: legal.contractId,
      accepted_at: accepted ? sql`now()` : null,
      // The draft token keeps naming this row (findDraft no longer opens it: status is not 'draft'),
      // so a repeated submit from the same browser is recognised instead of becoming a second application.
      token_expires_at: null,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirst();
}

/** Staff who can review applications get a notice; roles come from the one permissions table. */
export async function notifyReviewers(db: Kysely<TenantDb>, brand: Brand, app: Pick<Application, 'id' | 'company_name' | 'tax_number'>): Promise<number[]> {
  const roles = STAFF_ROLES.filter((r) => STAFF_ROLE_PERMISSIONS[r].includes('applications.review'));
  const staff = await db.selectFrom('users').select(['email', 'locale']).where('kind', '=', 'staff').where('status', '=', 'active').where('role', 'in', roles).execute();
  const url = new URL(`/staff/applications/${app.id}`, brand.portalUrl).toString();
  const ids: number[] = [];
  for (const s of staff) {
    ids.push(await queueNotification(db, brand, { template: 'dealer-application-notice', locale: s.locale, to: s.email, payload: { company: app.company_name, taxNumber: app.tax_number, url } }));
  }
  return ids;
}

export async function notifyApplicantReceived(db: Kysely<TenantDb>, brand: Brand, app: Application): Promise<number> {
  return queueNotification(db, brand, { template: 'dealer-application-received', locale: app.locale, to: app.email, payload: { company: app.company_name, contactName: app.contact_name } });
}

export interface ApplicationFilter {
  status?: ApplicationStatus;
  q?: string;
  /** YYYY-MM-DD, inclusive, in the tenant's time zone. */
  from?: string;
  to?: string;
}

/** Newest first, keyset on id. Drafts are not shown unless asked for. */
export async function listApplications(db: Kysely<TenantDb>, f: ApplicationFilter & { timeZone: string; after?: number; limit: number }) {
  let q = db
    .selectFrom('applications')
    .select(['id', 'company_name', 'tax_number', 'contact_name', 'email', 'status', 'submitted_at', 'created_at']);
  q = f.status ? q.where('status', '=', f.status) : q.where('status', '!=', 'draft');
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('company_name', 'ilike', like), eb('trade_name', 'ilike', like), eb('tax_number', 'like', like), eb('email', 'ilike', like), eb('contact_name', 'ilike', like)]));
  }
  const dayStart = (d: string) => sql<Date>`(${d}::date)::timestamp at time zone ${f.timeZone}`;
  if (f.from) q = q.where(sql<Date>`coalesce(submitted_at, created_at)`, '>=', dayStart(f.from));
  if (f.to) q = q.where(sql<Date>`coalesce(submitted_at, created_at)`, '<', sql<Date>`((${f.to}::date + 1)::timestamp at time zone ${f.timeZone})`);
  if (f.after) q = q.where('id', '<', f.after);
  const rows = await q.orderBy('id', 'desc').limit(f.limit + 1).execute();
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { rows: page, next: more ? page.at(-1)!.id : null };
}

export async function countPendingApplications(db: Kysely<TenantDb>): Promise<number> {
  const row = await db.selectFrom('applications').select(db.fn.countAll<number>().as('n')).where('status', '=', 'submitted').executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findApplication(db: Kysely<TenantDb>, id: number): Promise<Application | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findApplicationDocument(db: Kysely<TenantDb>, applicationId: number, docId: number): Promise<ApplicationDocument | undefined> {
  return db.selectFrom('application_documents').selectAll().where('id', '=', docId).where('application_id', '=', applicationId).executeTakeFirst();
}

const addressOf = (a: PostalAddress) =>
  a.line1 && a.city
    ? { line1: a.line1, line2: a.line2 ?? '', district: a.district ?? '', city: a.city, postal_code: a.postal_code ?? '', country: a.country || 'TR' }
    : null;

export type ApproveResult =
  | { ok: true; dealer: Dealer; notificationIds: number[] }
  | { ok: false; reason: 'not_pending' }
  | { ok: false; reason: 'invalid'; errors: FieldErrors };

class Rollback extends Error {
  constructor(readonly result: ApproveResult) {
    super('rollback');
  }
}

/**
 * Approval in one transaction: the conditional status change (only one reviewer can win), the
 * dealer with its code and addresses, the dealer admin with an invitation, the applicant's mail,
 * the audit row. Nothing is left behind if any step fails.
 */
export async function approveApplication(db: Kysely<TenantDb>, scope: DealerScope, id: number, actor: ReviewActor): Promise<ApproveResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const app = await trx
        .updateTable('applications')
        .set({ status: 'approved', reviewed_by: actor.userId, reviewed_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', id)
        .where('status', '=', 'submitted')
        .returningAll()
        .executeTakeFirst();
      if (!app) return { ok: false, reason: 'not_pending' } as const;
      const created = await createDealer(
        trx,
        scope,
        {
          companyName: app.company_name,
          tradeName: app.trade_name,
          taxOffice: app.tax_office,
          taxNumber: app.tax_number,
          sector: app.sector,
          employeeCount: app.employee_count,
          annualTurnover: app.annual_turnover,
          phone: app.phone,
          email: app.email,
          applicationId: app.id,
          billingAddress: addressOf(app.billing_address),
          shippingAddress: addressOf(app.shipping_address),
          firstAdmin: { name: app.contact_name, email: app.email, locale: app.locale },
        },
        { userId: actor.userId, name: actor.name, email: actor.email, ip: actor.ip, source: 'application' },
      );
      if (!created.ok) throw new Rollback({ ok: false, reason: 'invalid', errors: created.errors });
      await trx.updateTable('applications').set({ dealer_id: created.dealer.id }).where('id', '=', app.id).execute();
      const mail = await queueNotification(trx, scope.brand, {
        template: 'dealer-application-approved',
        locale: app.locale,
        to: app.email,
        payload: { company: app.company_name, contactName: app.contact_name, dealerCode: created.dealer.code },
      });
      await writeAudit(trx, auditOf(actor, 'application.approved', app.id, { dealerId: created.dealer.id, code: created.dealer.code }, created.dealer.id));
      return { ok: true, dealer: created.dealer, notificationIds: [...created.notificationIds, mail] } as const;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.result;
    throw err;
  }
}

function auditOf(actor: ReviewActor, action: string, applicationId: number, details: Record<string, unknown>, dealerId: number | null = null) {
  return { action, actorUserId: actor.userId, actorLabel: `${actor.name} <${actor.email}>`, dealerId, targetType: 'application', targetId: applicationId, ip: actor.ip, details };
}

/** submitted → rejected with a reason, mailed to the applicant. Undefined when it was not in review. */
export async function rejectApplication(db: Kysely<TenantDb>, brand: Brand, id: number, reason: string, actor: ReviewActor): Promise<number[] | undefined> {
  return db.transaction().execute(async (trx) => {
    const app = await trx
      .updateTable('applications')
      .set({ status: 'rejected', review_note: reason, reviewed_by: actor.userId, reviewed_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('status', '=', 'submitted')
      .returningAll()
      .executeTakeFirst();
    if (!app) return undefined;
    const mail = await queueNotification(trx, brand, { template: 'dealer-application-rejected', locale: app.locale, to: app.email, payload: { company: app.company_name, contactName: app.contact_name, reason } });
    await writeAudit(trx, auditOf(actor, 'application.rejected', app.id, { reason }));
    return [mail];
  });
}

/**
 * submitted → more_documents: the applicant gets a single link (token hashed in the row, 14 days)
 * to upload the chosen document types. Undefined when it was not in review.
 */
export async function requestDocuments(
  db: Kysely<TenantDb>,
  brand: Brand,
  id: number,
  input: { types: DocumentType[]; message: string },
  actor: ReviewActor,
): Promise<number[] | undefined> {
  const token = newToken();
  return db.transaction().execute(async (trx) => {
    const app = await trx
      .updateTable('applications')
      .set({
        status: 'more_documents',
        requested_documents: input.types.map((t) => t.code),
        documents_requested_at: sql`now()`,
        review_note: input.message,
        reviewed_by: actor.userId,
        reviewed_at: sql`now()`,
        public_token_hash: hashOf(token),
        token_expires_at: new Date(Date.now() + UPLOAD_LINK_TTL_MS),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('status', '=', 'submitted')
      .returningAll()
      .executeTakeFirst();
    if (!app) return undefined;
    const url = new URL(`/apply/documents/${token}`, brand.portalUrl).toString();
    const names = input.types.map((t) => (app.locale === 'en' ? t.name_en : t.name_tr));
    const mail = await queueNotification(trx, brand, {
      template: 'dealer-application-documents',
      locale: app.locale,
      to: app.email,
      payload: { company: app.company_name, contactName: app.contact_name, documents: names, message: input.message, url },
    });
    await writeAudit(trx, auditOf(actor, 'application.documents_requested', app.id, { types: input.types.map((t) => t.code), message: input.message }));
    return [mail];
  });
}

export async function findByUploadToken(db: Kysely<TenantDb>, token: string): Promise<Application | undefined> {
  if (!TOKEN_RE.test(token)) return undefined;
  return db
    .selectFrom('applications')
    .selectAll()
    .where('public_token_hash', '=', hashOf(token))
    .where('status', '=', 'more_documents')
    .where('token_expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Requested types that have a document uploaded since the request. */
export function satisfiedTypes(app: Application, docs: ApplicationDocument[]): Set<string> {
  const since = app.documents_requested_at?.getTime() ?? 0;
  return new Set(docs.filter((d) => d.uploaded_at.getTime() >= since && app.requested_documents.includes(d.document_type)).map((d) => d.document_type));
}

/** more_documents → submitted once every requested type is in; the link stops working. */
export async function completeDocumentRequest(db: Kysely<TenantDb>, app: Application): Promise<Application | undefined> {
  const moved = await db
    .updateTable('applications')
    .set({ status: 'submitted', requested_documents: [], public_token_hash: hashOf(newToken()), token_expires_at: null, updated_at: sql`now()` })
    .where('id', '=', app.id)
    .where('status', '=', 'more_documents')
    .returningAll()
    .executeTakeFirst();
  if (moved) {
    await writeAudit(db, { action: 'application.documents_uploaded', actorLabel: `${moved.contact_name} <${moved.email}>`, targetType: 'application', targetId: moved.id, details: { types: app.requested_documents } });
  }
  return moved;
}
