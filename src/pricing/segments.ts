import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';

/**
 * PRC-1: dealer segments (Gold, Silver, New …). A dealer belongs to at most one segment
 * (dealers.segment_id); deleting a segment leaves its dealers without one (on delete set null).
 * A segment that still has price lists or campaigns is not deleted: those would be cascaded away
 * silently, so the page asks to delete or retarget them first.
 */
export interface SegmentRow {
  id: number;
  code: string;
  name: string;
  dealer_count: number;
  list_count: number;
}

export type SegmentField = 'code' | 'name';
export type SegmentError = 'required' | 'codeFormat' | 'codeTaken' | 'tooLong';
export type SegmentValues = { code: string; name: string };

export function segmentValues(body: Record<string, unknown>): SegmentValues {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 200) : '');
  return { code: s('code').toUpperCase(), name: s('name') };
}

export function validateSegment(v: SegmentValues): Partial<Record<SegmentField, SegmentError>> {
  const e: Partial<Record<SegmentField, SegmentError>> = {};
  if (!v.code) e.code = 'required';
  else if (!/^[A-Z0-9][A-Z0-9_-]{0,31}$/.test(v.code)) e.code = 'codeFormat';
  if (!v.name) e.name = 'required';
  else if (v.name.length > 100) e.name = 'tooLong';
  return e;
}

export async function listSegments(db: Kysely<TenantDb>): Promise<SegmentRow[]> {
  return db
    .selectFrom('dealer_segments as s')
    .select(['s.id', 's.code', 's.name'])
    .select((eb) => [
      eb.selectFrom('dealers as d').select(sql<number>`count(*)::int`.as('n')).whereRef('d.segment_id', '=', 's.id').as('dealer_count'),
      eb.selectFrom('price_lists as l').select(sql<number>`count(*)::int`.as('n')).whereRef('l.segment_id', '=', 's.id').as('list_count'),
    ])
    .orderBy('s.name')
    .orderBy('s.id')
    .execute() as Promise<SegmentRow[]>;
}

export async function findSegment(db: Kysely<TenantDb>, id: number) {
  return db.selectFrom('dealer_segments').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

async function codeTaken(db: Kysely<TenantDb>, code: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('dealer_segments').select('id').where('code', '=', code);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return Boolean(await q.executeTakeFirst());
}

/** Creates a segment; a taken code is reported on the field (the unique index is the final word). */
export async function createSegment(db: Kysely<TenantDb>, v: SegmentValues): Promise<{ ok: true; id: number } | { ok: false; errors: Partial<Record<SegmentField, SegmentError>> }> {
  const errors = validateSegment(v);
  if (!errors.code && (await codeTaken(db, v.code))) errors.code = 'codeTaken';
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.insertInto('dealer_segments').values({ code: v.code, name: v.name }).onConflict((oc) => oc.column('code').doNothing()).returning('id').executeTakeFirst();
  if (!row) return { ok: false, errors: { code: 'codeTaken' } };
  return { ok: true, id: row.id };
}

export async function updateSegment(db: Kysely<TenantDb>, id: number, v: SegmentValues): Promise<{ ok: true } | { ok: false; errors: Partial<Record<SegmentField, SegmentError>> }> {
  const errors = validateSegment(v);
  if (!errors.code && (await codeTaken(db, v.code, id))) errors.code = 'codeTaken';
  if (Object.keys(errors).length) return { ok: false, errors };
  await db.updateTable('dealer_segments').set({ code: v.code, name: v.name }).where('id', '=', id).execute();
  return { ok: true };
}

/** What hangs on a segment: its dealers fall back to none; lists and campaigns block the delete. */
export async function segmentUsage(db: Kysely<TenantDb>, id: number): Promise<{ dealers: number; lists: number; campaigns: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('dealers').select(sql<number>`count(*)::int`.as('n')).where('segment_id', '=', id).as('dealers'),
      eb.selectFrom('price_lists').select(sql<number>`count(*)::int`.as('n')).where('segment_id', '=', id).as('lists'),
      eb.selectFrom('campaigns').select(sql<number>`count(*)::int`.as('n')).where('segment_id', '=', id).as('campaigns'),
    ])
    .executeTakeFirstOrThrow();
  return { dealers: row.dealers ?? 0, lists: row.lists ?? 0, campaigns: row.campaigns ?? 0 };
}

/** Deletes the segment unless lists or campaigns target it; returns the dealers that lost it. */
export async function deleteSegment(db: Kysely<TenantDb>, id: number): Promise<{ ok: true; dealerIds: number[] } | { ok: false; usage: { lists: number; campaigns: number } }> {
  const seg = await db.selectFrom('dealer_segments').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!seg) return { ok: true, dealerIds: [] };
  const usage = await segmentUsage(db, id);
  if (usage.lists || usage.campaigns) return { ok: false, usage };
  const dealers = await db.updateTable('dealers').set({ segment_id: null }).where('segment_id', '=', id).returning('id').execute();
  await db.deleteFrom('dealer_segments').where('id', '=', id).execute();
  return { ok: true, dealerIds: dealers.map((d) => d.id) };
}

export interface SegmentDealer {
  id: number;
  code: string;
  company_name: string;
  status: 'active' | 'blocked';
  segment_id: number | null;
  segment_name: string | null;
}

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

function dealerQuery(db: Kysely<TenantDb>) {
  return db
    .selectFrom('dealers as d')
    .leftJoin('dealer_segments as s', 's.id', 'd.segment_id')
    .select(['d.id', 'd.code', 'd.company_name', 'd.status', 'd.segment_id', 's.name as segment_name']);
}

export const SEGMENT_DEALERS_PAGE = 200;

/** The dealers of a segment, by code (first SEGMENT_DEALERS_PAGE; `more` says there are others). */
export async function listSegmentDealers(db: Kysely<TenantDb>, segmentId: number, q = ''): Promise<{ rows: SegmentDealer[]; more: boolean }> {
  let query = dealerQuery(db).where('d.segment_id', '=', segmentId);
  if (q) query = query.where((eb) => eb.or([eb('d.code', 'ilike', likeOf(q)), eb('d.company_name', 'ilike', likeOf(q))]));
  const rows = await query.orderBy('d.code').limit(SEGMENT_DEALERS_PAGE + 1).execute();
  return { rows: rows.slice(0, SEGMENT_DEALERS_PAGE), more: rows.length > SEGMENT_DEALERS_PAGE };
}

/** Dealers matching a code or name that are not in `segmentId` yet (at most 20). */
export async function searchDealers(db: Kysely<TenantDb>, q: string, notInSegment?: number): Promise<SegmentDealer[]> {
  if (!q) return [];
  let query = dealerQuery(db).where((eb) => eb.or([eb('d.code', 'ilike', likeOf(q)), eb('d.company_name', 'ilike', likeOf(q)), eb('d.trade_name', 'ilike', likeOf(q))]));
  if (notInSegment) query = query.where((eb) => eb.or([eb('d.segment_id', 'is', null), eb('d.segment_id', '<>', notInSegment)]));
  return query.orderBy('d.code').limit(20).execute();
}

export async function findDealerBrief(db: Kysely<TenantDb>, id: number) {
  return dealerQuery(db).select('d.invoice_currency').where('d.id', '=', id).executeTakeFirst();
}

/** Sets a dealer's segment (null = none); returns the previous one, or undefined when the dealer is unknown. */
export async function setDealerSegment(db: Kysely<TenantDb>, dealerId: number, segmentId: number | null): Promise<{ previous: number | null } | undefined> {
  const prev = await db.selectFrom('dealers').select('segment_id').where('id', '=', dealerId).forUpdate().executeTakeFirst();
  if (!prev) return undefined;
  await db.updateTable('dealers').set({ segment_id: segmentId }).where('id', '=', dealerId).execute();
  return { previous: prev.segment_id };
}
