import { sql, type Kysely } from 'kysely';
import type { TenantDb } from '../../db/types.ts';
import type { Locale } from '../../i18n/define.ts';
import type { DocumentStorage } from '../../dealers/storage.ts';
import { applyPriceListRows, findPriceList, priceListRowKey, type AppliedRow, type RowCells } from '../../pricing/list-io.ts';
import { listIoMessages } from '../../pricing/list-io-messages.ts';
import { loadValidationContext, upsertMessages, upsertProducts } from '../upsert.ts';
import { KIND_FIELDS, type Target } from './columns.ts';
import { importMessages } from './messages.ts';
import { openSheet, SheetError, type Cell, type SheetRow } from './read.ts';
import { findRun, mappingToTargets } from './runs.ts';

/**
 * The import job's work (CAT-8). Rows are applied in batches of IMPORT_BATCH, each batch in one
 * transaction together with its error rows and the run's counters and processed_rows. A retried
 * job therefore resumes after the last committed batch, and a batch applied twice (a job that
 * died after commit but before BullMQ heard of it) is refused by the processed_rows guard.
 * Duplicate SKUs in a file: the first occurrence is applied, later ones are rejected with the
 * row number of the first (deterministic, so a resumed run decides exactly as the first did).
 * Kinds differ only in how a batch is applied and what counts as a duplicate (`KindRunner`):
 * catalog kinds go through the product upsert service keyed by SKU; a price-list run (PRC-1)
 * writes the entries of the run's own list (price_list_id from the run row) keyed by SKU + min qty.
 */
export const IMPORT_BATCH = 500;

export interface ImportEnv {
  storage: DocumentStorage;
  tenantId: number;
  locale: Locale;
  /** Called once the rows are in when the file carries stock (the stock-alert nudge). */
  onStockChanged?: () => Promise<void>;
}

export type ImportOutcome = 'done' | 'failed' | 'skipped';

class RaceError extends Error {}

function toInput(row: SheetRow, targets: readonly Target[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  targets.forEach((t, i) => {
    const cell = row.cells[i];
    if (!t || cell === null || cell === undefined) return;
    if (t.startsWith('attr:')) attributes[t.slice(5)] = cell;
    else input[t] = cell;
  });
  if (Object.keys(attributes).length) input.attributes = attributes;
  return input;
}

const skuText = (cell: Cell | undefined) => (cell === null || cell === undefined ? '' : String(cell).trim());

function priceListCells(row: SheetRow, targets: readonly Target[]): RowCells {
  const cells: RowCells = {};
  targets.forEach((t, i) => {
    if (t === 'sku' || t === 'min_qty' || t === 'price' || t === 'percent_off') cells[t] = row.cells[i] ?? null;
  });
  return cells;
}

/** What differs between import kinds: the duplicate key of a row, its message, and applying a batch. */
interface KindRunner {
  key(row: SheetRow): string | null;
  duplicate(firstRow: number): string;
  apply(trx: Kysely<TenantDb>, rows: SheetRow[]): Promise<AppliedRow[]>;
}

async function fail(db: Kysely<TenantDb>, id: number, message: string) {
  await db.updateTable('import_runs').set({ status: 'failed', error: message.slice(0, 1000), finished_at: new Date() }).where('id', '=', id).execute();
}

/** Runs (or resumes) one import. Infrastructure errors are thrown so the job is retried. */
export async function runImport(db: Kysely<TenantDb>, runId: number, env: ImportEnv): Promise<ImportOutcome> {
  const t = importMessages[env.locale];
  const run = await findRun(db, runId);
  if (!run || run.status === 'uploaded' || run.status === 'done' || run.status === 'failed') return 'skipped';
  await db
    .updateTable('import_runs')
    .set({ status: 'running', started_at: sql<Date>`coalesce(started_at, now())` })
    .where('id', '=', runId)
    .where('status', 'in', ['queued', 'running'])
    .execute();

  const bytes = await env.storage.get(env.tenantId, run.storage_key);
  if (!bytes) {
    await fail(db, runId, t.err_fileMissing);
    return 'failed';
  }
  const rows: SheetRow[] = [];
  let headers: string[];
  try {
    const sheet = await openSheet(bytes, run.format);
    headers = sheet.headers;
    for await (const row of sheet.rows) rows.push(row);
  } catch (err) {
    if (!(err instanceof SheetError)) throw err;
    await fail(db, runId, t.sheetError(err.code));
    return 'failed';
  }

  const allowed = new Set<string>(KIND_FIELDS[run.kind]);
  const targets = mappingToTargets(run.mapping, headers.length).map((tg) => (tg.startsWith('attr:') ? (run.kind === 'products' ? tg : '') : allowed.has(tg) ? tg : '')) as Target[];
  const skuCol = targets.indexOf('sku');
  if (skuCol < 0) {
    await fail(db, runId, t.err_noSkuColumn);
    return 'failed';
  }
  if (run.total_rows !== rows.length) await db.updateTable('import_runs').set({ total_rows: rows.length }).where('id', '=', runId).execute();

  let runner: KindRunner;
  if (run.kind === 'price_list') {
    // The run's own list, in this tenant's schema; a list deleted meanwhile took the run with it.
    const list = run.price_list_id === null ? undefined : await findPriceList(db, run.price_list_id);
    if (!list) return 'skipped';
    const lm = listIoMessages[env.locale];
    runner = {
      key: (row) => priceListRowKey(priceListCells(row, targets), env.locale),
      duplicate: (first) => lm.err_duplicate(t.rowRef(first)),
      apply: (trx, batch) => applyPriceListRows(trx, list, batch.map((row) => priceListCells(row, targets)), env.locale),
    };
  } else {
    const vctx = await loadValidationContext(db, env.locale);
    const mode = run.kind === 'products' ? 'upsert' : 'update';
    runner = {
      key: (row) => skuText(row.cells[skuCol]) || null,
      duplicate: (first) => upsertMessages[env.locale].duplicateSku(t.rowRef(first)),
      apply: (trx, batch) =>
        upsertProducts(
          trx,
          batch.map((row) => toInput(row, targets)),
          { source: 'import', importId: runId, userId: run.created_by, locale: env.locale },
          { mode, validation: vctx },
        ),
    };
  }
  const touchesStock = targets.includes('stock_qty');
  const firstSeen = new Map<string, number>();
  let done = run.processed_rows;

  for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
    const batch = rows.slice(start, start + IMPORT_BATCH);
    const inputs: SheetRow[] = [];
    const duplicates: { row: SheetRow; sku: string; first: number }[] = [];
    for (const row of batch) {
      const key = runner.key(row);
      const first = key ? firstSeen.get(key) : undefined;
      if (first !== undefined) duplicates.push({ row, sku: skuText(row.cells[skuCol]), first });
      else {
        if (key) firstSeen.set(key, row.line);
        inputs.push(row);
      }
    }
    const end = start + batch.length;
    if (end <= done) continue; // committed by an earlier attempt

    try {
      await db.transaction().execute(async (trx) => {
        const results: AppliedRow[] = await runner.apply(trx, inputs);
        const counts = { created: 0, updated: 0, unchanged: 0, rejected: duplicates.length };
        const errors: { import_id: number; row_number: number; sku: string; field: string; reason: string; raw: string }[] = [];
        results.forEach((r, i) => {
          counts[r.outcome]++;
          if (r.outcome !== 'rejected') return;
          const row = inputs[i]!;
          const seenFields = new Set<string>();
          for (const e of r.errors ?? []) {
            if (seenFields.has(e.field)) continue;
            seenFields.add(e.field);
            errors.push({ import_id: runId, row_number: row.line, sku: r.sku.slice(0, 200), field: e.field, reason: e.message, raw: JSON.stringify({ cells: row.cells }) });
          }
        });
        for (const d of duplicates) {
          errors.push({ import_id: runId, row_number: d.row.line, sku: d.sku.slice(0, 200), field: 'sku', reason: runner.duplicate(d.first), raw: JSON.stringify({ cells: d.row.cells }) });
        }
        for (let i = 0; i < errors.length; i += 1000) {
          await trx.insertInto('import_row_errors').values(errors.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
        }
        const res = await trx
          .updateTable('import_runs')
          .set({
            processed_rows: end,
            created_count: sql<number>`created_count + ${counts.created}`,
            updated_count: sql<number>`updated_count + ${counts.updated}`,
            unchanged_count: sql<number>`unchanged_count + ${counts.unchanged}`,
            rejected_count: sql<number>`rejected_count + ${counts.rejected}`,
          })
          .where('id', '=', runId)
          .where('processed_rows', '=', start)
          .where('status', '=', 'running')
          .executeTakeFirst();
        // Another worker got here first (a duplicate delivery): undo this batch.
        if (res.numUpdatedRows === 0n) throw new RaceError();
      });
    } catch (err) {
      if (err instanceof RaceError) return 'skipped';
      throw err;
    }
    done = end;
  }
  if (touchesStock && env.onStockChanged) await env.onStockChanged();

  await db.updateTable('import_runs').set({ status: 'done', finished_at: new Date(), error: null }).where('id', '=', runId).where('status', '=', 'running').execute();
  return 'done';
}
