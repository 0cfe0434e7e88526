import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PriceListImportPage } from '../../views/pricing/list-io.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { importMessages } from '../catalog/import/messages.ts';
import { listRuns } from '../catalog/import/runs.ts';
import { acceptUpload, MAX_IMPORT_BYTES } from '../catalog/import/upload.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { findPriceList, priceListFileName, priceListXlsxStream } from './list-io.ts';
import { listIoMessages } from './list-io-messages.ts';

/**
 * PRC-1 price-list XLSX import/export, mounted at /staff/price-lists before the list pages
 * (so only these paths are registered here):
 *   GET  /:id/export.xlsx  the list's entries, streamed, in the layout the import reads
 *   GET  /:id/import       upload form, export link, this list's recent imports
 *   POST /:id/import       upload (CAT-8 limits) → an import run of kind 'price_list' for this
 *                          list → its preview/mapping page at /staff/imports/:run (the same
 *                          pipeline: progress, result, error files)
 * prices.manage; list ids are looked up in this seller's schema (another seller's id is a 404).
 */
export const priceListIoRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;

const guard = requireStaff('prices.manage');
priceListIoRoutes.use('/:id/export.xlsx', guard);
priceListIoRoutes.use('/:id/import', guard);

async function loadList(c: C) {
  const id = idParam(c);
  return id === null ? undefined : findPriceList(c.var.db, id);
}

async function showImport(c: C, list: NonNullable<Awaited<ReturnType<typeof loadList>>>, errors: { file?: string } = {}, status: 200 | 413 | 422 = 200) {
  const { rows } = await listRuns(c.var.db, { priceListId: list.id, limit: 10 });
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(
      c,
      listIoMessages[c.var.locale].importTitle(list.name),
      <PriceListImportPage t={importMessages[c.var.locale]} locale={c.var.locale} timeZone={c.var.tenant.timeZone} list={list} runs={rows} errors={errors} />,
      { nav: 'staff' },
    ),
    status,
  );
}

priceListIoRoutes.get('/:id/import', async (c) => {
  const list = await loadList(c);
  if (!list) return renderError(c, 404);
  return showImport(c, list);
});

priceListIoRoutes.post(
  '/:id/import',
  bodyLimit({
    maxSize: MAX_IMPORT_BYTES + 64 * 1024,
    onError: async (ctx) => {
      const c = ctx as unknown as C;
      const list = await loadList(c);
      return list ? showImport(c, list, { file: importMessages[c.var.locale].err_tooLarge }, 413) : renderError(c, 404);
    },
  }),
  async (c) => {
    const list = await loadList(c);
    if (!list) return renderError(c, 404);
    const body = await c.req.parseBody();
    const file = body.file instanceof File ? body.file : null;
    const up = await acceptUpload(c, file, { kind: 'price_list', priceListId: list.id });
    if (!up.ok) return showImport(c, list, { file: up.error }, up.status);
    await audit(c, {
      action: 'price_list.import_uploaded',
      targetType: 'price_list',
      targetId: list.id,
      details: { run: up.run.id, format: up.run.format, name: up.run.original_name, bytes: up.bytes },
    });
    return c.redirect(`/staff/imports/${up.run.id}`, 303);
  },
);

priceListIoRoutes.get('/:id/export.xlsx', async (c) => {
  const list = await loadList(c);
  if (!list) return renderError(c, 404);
  await audit(c, { action: 'price_list.exported', targetType: 'price_list', targetId: list.id, details: { entries: list.entries } });
  const stream = priceListXlsxStream(c.var.db, list, c.var.locale, (err) => c.var.log.error({ err }, 'price list export failed'));
  const name = priceListFileName(list.name);
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
