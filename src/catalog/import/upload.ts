import type { Context } from 'hono';
import { cleanFileName, diskStorage } from '../../dealers/storage.ts';
import type { ImportKind } from '../../db/types.ts';
import type { AppEnv } from '../../web/env.ts';
import { guessMapping } from './columns.ts';
import { importMessages } from './messages.ts';
import { detectFormat, previewSheet, SheetError } from './read.ts';
import { createRun, targetsToMapping, type ImportRun } from './runs.ts';

/** Upload limit of every import (CAT-8 catalog files and PRC-1 price lists). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type UploadOutcome = { ok: true; run: ImportRun; bytes: number } | { ok: false; error: string; status: 413 | 422 };

/**
 * The one way an uploaded spreadsheet becomes an import run: size, format by content (XLSX or
 * CSV), a readable header and at least one row; the file is stored under the tenant's directory
 * and the run created in 'uploaded' with the guessed mapping. Errors are worded for the file field.
 */
export async function acceptUpload(
  c: Context<AppEnv>,
  file: File | null,
  opts: { kind: ImportKind; priceListId?: number | null; attributes?: readonly { code: string; name: string }[] },
): Promise<UploadOutcome> {
  const t = importMessages[c.var.locale];
  if (!file || file.size === 0) return { ok: false, error: t.err_missing, status: 422 };
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, error: t.err_tooLarge, status: 413 };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = await detectFormat(bytes);
  if (!format) return { ok: false, error: t.err_fileType, status: 422 };
  let preview: Awaited<ReturnType<typeof previewSheet>>;
  try {
    preview = await previewSheet(bytes, format, 10);
  } catch (err) {
    if (!(err instanceof SheetError)) throw err;
    return { ok: false, error: t.sheetError(err.code), status: 422 };
  }
  const storageKey = await diskStorage(c.var.deps.config.DATA_DIR).put(c.var.tenant.id, 'imports', bytes);
  const run = await createRun(c.var.db, {
    kind: opts.kind,
    priceListId: opts.priceListId ?? null,
    storageKey,
    originalName: cleanFileName(file.name),
    format,
    encoding: preview.encoding,
    mapping: targetsToMapping(guessMapping(preview.headers, opts.kind, opts.attributes ?? [])),
    userId: c.var.user?.id ?? null,
  });
  return { ok: true, run, bytes: bytes.byteLength };
}
