import { sql, type Kysely, type Selectable } from 'kysely';
import type { ImportKind, ImportRowErrorsTable, ImportRunsTable, TenantDb } from '../../db/types.ts';
import type { Target } from './columns.ts';

/** Import runs and their rejected rows (CAT-8). Ids come from URLs: always looked up in the caller's schema. */
export type ImportRun = Selectable<ImportRunsTable>;
export type RowError = Selectable<ImportRowErrorsTable>;

/** The mapping is stored as { "<column index>": "<target>" } with ignored columns left out. */
export function mappingToTargets(mapping: Record<string, string>, columns: number): Target[] {
  return Array.from({ length: columns }, (_, i) => (mapping[String(i)] ?? '') as Target);
}
export function targetsToMapping(targets: readonly Target[]): Record<string, string> {
  return Object.fromEntries(targets.flatMap((t, i) => (t ? [[String(i), t]] : [])));
}

export async function createRun(
  db: Kysely<TenantDb>,
  input: {
    kind: ImportKind;
    /** The list a 'price_list' run fills (PRC-1); null for catalog kinds. */
    priceListId?: number | null;
    storageKey: string;
    originalName: string;
    format: 'xlsx' | 'csv';
    encoding: string;
    mapping: Record<string, string>;
    userId: number | null;
  },
): Promise<ImportRun> {
  return db
    .insertInto('import_runs')
    .values({
      kind: input.kind,
      price_list_id: input.priceListId ?? null,
      storage_key: input.storageKey,
      original_name: input.originalName,
      format: input.format,
      encoding: input.encoding,
      mapping: JSON.stringify(input.mapping),
      created_by: input.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRun(db: Kysely<TenantDb>, id: number): Promise<ImportRun | undefined> {
  return db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first, keyset on id; optionally only some kinds or one price list's runs. */
export async function listRuns(db: Kysely<TenantDb>, opts: { before?: number | null; limit?: number; kinds?: readonly ImportKind[]; priceListId?: number } = {}) {
  const limit = opts.limit ?? 25;
  let q = db
    .selectFrom('import_runs as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(['r.id', 'r.kind', 'r.status', 'r.original_name', 'r.total_rows', 'r.processed_rows', 'r.created_count', 'r.updated_count', 'r.unchanged_count', 'r.rejected_count', 'r.created_at', 'r.finished_at', 'u.name as user_name'])
    .orderBy('r.id', 'desc')
    .limit(limit + 1);
  if (opts.before) q = q.where('r.id', '<', opts.before);
  if (opts.kinds) q = opts.kinds.length ? q.where('r.kind', 'in', opts.kinds) : q.where(sql<boolean>`false`);
  if (opts.priceListId !== undefined) q = q.where('r.price_list_id', '=', opts.priceListId);
  const rows = await q.execute();
  return { rows: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1]!.id : null };
}

/** Moves an uploaded run to queued with its final mapping; false when it was already started. */
export async function queueRun(db: Kysely<TenantDb>, id: number, mapping: Record<string, string>): Promise<boolean> {
  const res = await db
    .updateTable('import_runs')
    .set({ status: 'queued', mapping: JSON.stringify(mapping) })
    .where('id', '=', id)
    .where('status', '=', 'uploaded')
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Rejected rows in row order, keyset on (row_number, field). */
export async function listRowErrors(db: Kysely<TenantDb>, importId: number, opts: { after?: number | null; limit?: number } = {}) {
  const limit = opts.limit ?? 50;
  let q = db
    .selectFrom('import_row_errors')
    .select(['row_number', 'sku', 'field', 'reason'])
    .where('import_id', '=', importId)
    .orderBy('row_number')
    .orderBy('field')
    .limit(limit + 1);
  if (opts.after) q = q.where('row_number', '>', opts.after);
  const rows = await q.execute();
  // A page never splits one row's errors: cut at the last complete row number.
  if (rows.length > limit) {
    const lastRow = rows[limit - 1]!.row_number;
    const page = rows.filter((r) => r.row_number <= lastRow);
    return { rows: page, next: page.length < rows.length ? lastRow : null };
  }
  return { rows, next: null };
}

/** Every rejected row once, with its original cells and all its reasons joined (the error file). */
export async function rejectedRows(db: Kysely<TenantDb>, importId: number) {
  const rows = await db
    .selectFrom('import_row_errors')
    .select(['row_number', sql<unknown>`(array_agg(raw order by field))[1]`.as('raw'), sql<string>`string_agg(case when field = '' then reason else field || ': ' || reason end, '; ' order by field)`.as('reasons')])
    .where('import_id', '=', importId)
    .groupBy('row_number')
    .orderBy('row_number')
    .execute();
  return rows.map((r) => ({ row: r.row_number, cells: ((r.raw as { cells?: unknown[] } | null)?.cells ?? []) as (string | number | boolean | null)[], reasons: r.reasons }));
}
