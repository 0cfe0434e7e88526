import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { audit } from '../../auth/audit.ts';
import { requireStaff } from '../../auth/middleware.ts';
import { staffCan } from '../../auth/permissions.ts';
import { diskStorage } from '../../dealers/storage.ts';
import type { ImportKind } from '../../db/types.ts';
import type { AppEnv } from '../../web/env.ts';
import { renderError } from '../../web/errors.tsx';
import { setFlash } from '../../web/flash.ts';
import { page } from '../../web/page.tsx';
import { idParam, parseId } from '../../web/params.ts';
import { wantsFragment } from '../../web/render.ts';
import { IMPORTS, ImportIndexPage, ImportPreviewPage, ImportProgress, ImportProgressPage, ImportResultPage, type PriceListContext } from '../../../views/catalog/import/pages.tsx';
import { findPriceList } from '../../pricing/list-io.ts';
import { catalogXlsxStream, exportFileName } from '../export.ts';
import { listAttributeDefinitions } from '../products.ts';
import { FIELD_LABELS, KIND_FIELDS, headerCurrency, type Target } from './columns.ts';
import { errorFile } from './error-file.ts';
import { enqueueImport } from './jobs.ts';
import { importMessages } from './messages.ts';
import { openSheet, previewSheet, SheetError } from './read.ts';
import { findRun, listRowErrors, listRuns, mappingToTargets, queueRun, targetsToMapping, type ImportRun } from './runs.ts';
import { acceptUpload, MAX_IMPORT_BYTES } from './upload.ts';

/**
 * Spreadsheet import and catalog export (CAT-8) at /staff/imports, for catalog managers:
 *   GET  /                    upload form, export link, history (keyset ?before=)
 *   POST /                    upload (≤ 20 MB, XLSX or CSV by content) → the run's page
 *   GET  /export.xlsx         the whole catalog, streamed, in the layout the importer reads
 *   GET  /:id                 preview + mapping (uploaded), progress (queued/running), result (done/failed)
 *   POST /:id/start           saves the mapping, queues the run, enqueues the job
 *   GET  /:id/progress        the polling fragment (htmx); refreshes the page once finished
 *   GET  /:id/errors.xlsx|csv the rejected rows with a reason column
 * Run ids are looked up in this seller's schema: another seller's id is a 404.
 *
 * Price-list runs (PRC-1) are uploaded at /staff/price-lists/:id/import and then use these same
 * run pages. Permissions follow the run's kind: catalog kinds need catalog.manage, a price-list
 * run needs prices.manage (catalog.manage alone is not enough); the upload page, history and
 * catalog export are catalog.manage.
 */
export const importRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;

importRoutes.use('*', requireStaff('catalog.manage', 'prices.manage'));
const catalogOnly = requireStaff('catalog.manage');

export { MAX_IMPORT_BYTES };
const KINDS: ImportKind[] = ['products', 'stock', 'prices'];

/** The permission a run of this kind needs. */
export const kindPermission = (kind: ImportKind) => (kind === 'price_list' ? 'prices.manage' : 'catalog.manage');
const mayUse = (c: C, kind: ImportKind) => Boolean(c.var.user && staffCan(c.var.user, kindPermission(kind)));

const storageOf = (c: C) => diskStorage(c.var.deps.config.DATA_DIR);
const base = (c: C) => ({ t: importMessages[c.var.locale], locale: c.var.locale, timeZone: c.var.tenant.timeZone });

async function showIndex(c: C, values: { kind?: string } = {}, errors: { kind?: string; file?: string } = {}, status: 200 | 413 | 422 = 200) {
  const before = parseId(c.req.query('before'));
  const { rows, next } = await listRuns(c.var.db, { before, kinds: (['products', 'stock', 'prices', 'price_list'] as const).filter((k) => mayUse(c, k)) });
  const b = base(c);
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(
      c,
      b.t.title,
      <ImportIndexPage {...b} runs={rows} nextHref={next ? `${IMPORTS}?before=${next}` : null} firstHref={before ? IMPORTS : null} values={values} errors={errors} />,
      { nav: 'staff' },
    ),
    status,
  );
}

importRoutes.get('/', catalogOnly, (c) => showIndex(c));

importRoutes.post(
  '/',
  catalogOnly,
  bodyLimit({
    maxSize: MAX_IMPORT_BYTES + 64 * 1024,
    onError: (ctx) => showIndex(ctx as unknown as C, {}, { file: importMessages[(ctx as unknown as C).var.locale].err_tooLarge }, 413),
  }),
  async (c) => {
    const t = importMessages[c.var.locale];
    const body = await c.req.parseBody();
    const kind = typeof body.kind === 'string' && (KINDS as string[]).includes(body.kind) ? (body.kind as ImportKind) : null;
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    if (!kind) return showIndex(c, { kind: '' }, { kind: t.err_kind, ...(file ? {} : { file: t.err_missing }) }, 422);
    const up = await acceptUpload(c, file, { kind, attributes: await listAttributeDefinitions(c.var.db) });
    if (!up.ok) return showIndex(c, { kind }, { file: up.error }, up.status);
    const run = up.run;
    await audit(c, { action: 'catalog.import_uploaded', targetType: 'import_run', targetId: run.id, details: { kind, format: run.format, name: run.original_name, bytes: up.bytes } });
    return c.redirect(`${IMPORTS}/${run.id}`, 303);
  },
);

importRoutes.get('/export.xlsx', catalogOnly, async (c) => {
  await audit(c, { action: 'catalog.exported', targetType: 'catalog' });
  const stream = catalogXlsxStream(c.var.db, c.var.locale, (err) => c.var.log.error({ err }, 'catalog export failed'));
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${exportFileName(c.var.tenant.slug)}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});

/** The run named in the URL, in this seller's schema: a Response (404, or 403 for a kind the user may not import) or the run. */
async function loadRun(c: C): Promise<ImportRun | Response> {
  const id = idParam(c);
  const run = id === null ? undefined : await findRun(c.var.db, id);
  if (!run) return renderError(c, 404);
  if (!mayUse(c, run.kind)) return renderError(c, 403);
  return run;
}

async function priceListOf(c: C, run: ImportRun): Promise<PriceListContext | null> {
  if (run.kind !== 'price_list' || run.price_list_id === null) return null;
  const list = await findPriceList(c.var.db, run.price_list_id);
  return list ? { id: list.id, name: list.name, currency: list.currency } : null;
}

async function showPreview(c: C, run: ImportRun, targets?: Target[], errors: Record<string, string> = {}, status: 200 | 422 = 200) {
  const b = base(c);
  const bytes = await storageOf(c).get(c.var.tenant.id, run.storage_key);
  if (!bytes) return renderError(c, 404);
  const preview = await previewSheet(bytes, run.format, 10);
  const attributes = run.kind === 'products' ? await listAttributeDefinitions(c.var.db) : [];
  const priceList = await priceListOf(c, run);
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(
      c,
      b.t.previewTitle(run.original_name),
      <ImportPreviewPage
        {...b}
        run={run}
        headers={preview.headers}
        rows={preview.rows}
        targets={targets ?? mappingToTargets(run.mapping, preview.headers.length)}
        attributes={attributes}
        errors={errors}
        priceList={priceList}
      />,
      { nav: 'staff' },
    ),
    status,
  );
}

const fieldLabel = (c: C) => (field: string) => {
  const labels = FIELD_LABELS[c.var.locale] as Record<string, string>;
  return labels[field] ?? field.replace(/^attributes\./, '');
};

importRoutes.get('/:id', async (c) => {
  const run = await loadRun(c);
  if (run instanceof Response) return run;
  const b = base(c);
  if (run.status === 'uploaded') return showPreview(c, run);
  c.header('Cache-Control', 'no-store');
  const priceList = await priceListOf(c, run);
  if (run.status === 'queued' || run.status === 'running') {
    return c.html(page(c, b.t.progressTitle(run.original_name), <ImportProgressPage {...b} run={run} priceList={priceList} />, { nav: 'staff' }));
  }
  const after = parseId(c.req.query('after'));
  const { rows, next } = await listRowErrors(c.var.db, run.id, { after });
  return c.html(
    page(
      c,
      b.t.resultTitle(run.original_name),
      <ImportResultPage
        {...b}
        run={run}
        errors={rows}
        nextHref={next ? `${IMPORTS}/${run.id}?after=${next}#rejected` : null}
        firstHref={after ? `${IMPORTS}/${run.id}#rejected` : null}
        fieldLabel={fieldLabel(c)}
        priceList={priceList}
      />,
      { nav: 'staff' },
    ),
  );
});

importRoutes.post('/:id/start', async (c) => {
  const run = await loadRun(c);
  if (run instanceof Response) return run;
  const t = importMessages[c.var.locale];
  if (run.status !== 'uploaded') {
    await setFlash(c, { kind: 'info', message: t.err_started });
    return c.redirect(`${IMPORTS}/${run.id}`, 303);
  }
  const body = await c.req.parseBody();
  const bytes = await storageOf(c).get(c.var.tenant.id, run.storage_key);
  if (!bytes) return renderError(c, 404);
  const { headers } = await openSheet(bytes, run.format);
  const allowed = new Set<string>(KIND_FIELDS[run.kind]);
  const codes = new Set(run.kind === 'products' ? (await listAttributeDefinitions(c.var.db)).map((a) => a.code) : []);
  const targets = headers.map((_, i) => {
    const v = body[`col_${i}`];
    if (typeof v !== 'string' || !v) return '';
    if (allowed.has(v)) return v as Target;
    if (run.kind === 'products' && v.startsWith('attr:') && codes.has(v.slice(5))) return v as Target;
    return '';
  });
  const errors: Record<string, string> = {};
  const firstAt = new Map<string, number>();
  targets.forEach((tg, i) => {
    if (!tg) return;
    if (firstAt.has(tg)) errors[`col_${i}`] = t.err_twice;
    else firstAt.set(tg, i);
  });
  if (!firstAt.has('sku')) errors.mapping = t.err_noSku;
  const priceList = await priceListOf(c, run);
  if (run.kind === 'price_list') {
    if (!priceList) return renderError(c, 404);
    if (!firstAt.has('price') && !firstAt.has('percent_off')) errors.mapping = [errors.mapping, t.err_noPriceColumn].filter(Boolean).join(' · ');
    // "Fiyat (EUR)" fed into a USD list would silently change every price's currency.
    const priceCol = firstAt.get('price');
    const named = priceCol === undefined ? null : headerCurrency(headers[priceCol] ?? '');
    if (priceCol !== undefined && named && named !== priceList.currency) errors[`col_${priceCol}`] = t.err_currency(headers[priceCol]!, priceList.currency);
  }
  if (Object.keys(errors).length) return showPreview(c, run, targets, errors, 422);
  if (!(await queueRun(c.var.db, run.id, targetsToMapping(targets)))) return c.redirect(`${IMPORTS}/${run.id}`, 303);
  await enqueueImport(c.var.deps.queues, c.var.tenant.id, run.id);
  if (priceList) {
    await audit(c, { action: 'price_list.import_started', targetType: 'price_list', targetId: priceList.id, details: { run: run.id, name: run.original_name, mapping: targetsToMapping(targets) } });
  } else {
    await audit(c, { action: 'catalog.import_started', targetType: 'import_run', targetId: run.id, details: { kind: run.kind, mapping: targetsToMapping(targets) } });
  }
  await setFlash(c, { kind: 'success', message: t.started });
  return c.redirect(`${IMPORTS}/${run.id}`, 303);
});

importRoutes.get('/:id/progress', async (c) => {
  const run = await loadRun(c);
  if (run instanceof Response) return run;
  if (!wantsFragment(c)) return c.redirect(`${IMPORTS}/${run.id}`, 303);
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'HX-Request', { append: true });
  // The run row is the truth: a queued run whose job was lost (Redis restart) is nudged again; the job id dedupes.
  if (run.status === 'queued') await enqueueImport(c.var.deps.queues, c.var.tenant.id, run.id);
  if (run.status === 'done' || run.status === 'failed') c.header('HX-Refresh', 'true');
  return c.html(<ImportProgress t={importMessages[c.var.locale]} id={run.id} status={run.status} done={run.processed_rows} total={run.total_rows} />);
});

async function sendErrorFile(c: C, format: 'xlsx' | 'csv') {
  const run = await loadRun(c);
  if (run instanceof Response) return run;
  if (run.status === 'uploaded') return renderError(c, 404);
  const bytes = await storageOf(c).get(c.var.tenant.id, run.storage_key);
  let headers: string[] = [];
  if (bytes) {
    try {
      headers = (await openSheet(bytes, run.format)).headers;
    } catch (err) {
      if (!(err instanceof SheetError)) throw err;
    }
  }
  const file = await errorFile(c.var.db, run.id, headers, c.var.locale, format);
  const name = `${run.original_name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^\p{L}\p{N}._ -]+/gu, '_')}-errors.${format}`;
  return c.body(file as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="import-${run.id}-errors.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

importRoutes.get('/:id/errors.xlsx', (c) => sendErrorFile(c, 'xlsx'));
importRoutes.get('/:id/errors.csv', (c) => sendErrorFile(c, 'csv'));
