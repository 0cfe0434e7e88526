import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiAuth, requireScope, type ApiEnv } from './auth.ts';
import { apiError, validationError } from './errors.ts';
import { apiWriteRoutes } from './write-routes.ts';
import { DEFAULT_PAGE, MAX_PAGE, findApiProductsBySku, listApiProducts, resolveCategoryFilter } from './products.ts';

/**
 * JSON API at /api/v1 for ERP systems (API-1, products part). Mounted right after tenant
 * resolution: no session, CSRF or locale; every request carries an API key (auth.ts). Errors
 * always have the shape of errors.ts. Writes go through the shared catalog services, the same
 * ones the spreadsheet import uses.
 */
export const apiRoutes = new Hono<ApiEnv>();

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

apiRoutes.use('*', apiAuth);
apiRoutes.use(
  '*',
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => apiError(c, 413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; send smaller batches.`),
  }),
);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

apiRoutes.get('/products', requireScope('products.read'), async (c) => {
  const fields: Record<string, string> = {};
  const q = c.req.query();
  let limit = DEFAULT_PAGE;
  if (q.limit !== undefined) {
    limit = Number(q.limit);
    if (!/^[0-9]{1,4}$/.test(q.limit) || limit < 1 || limit > MAX_PAGE) fields.limit = `must be a whole number from 1 to ${MAX_PAGE}`;
  }
  let after: number | undefined;
  if (q.cursor !== undefined && q.cursor !== '') {
    after = Number(q.cursor);
    if (!/^[0-9]{1,15}$/.test(q.cursor)) fields.cursor = 'must be the next_cursor value of the previous page';
  }
  let updatedSince: Date | undefined;
  if (q.updated_since !== undefined) {
    updatedSince = new Date(q.updated_since);
    if (!ISO_DATE.test(q.updated_since) || Number.isNaN(updatedSince.getTime())) fields.updated_since = 'must be an ISO 8601 date or timestamp, e.g. 2026-11-23T10:00:00Z';
  }
  const skus = (c.req.queries('sku') ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (skus.length > MAX_PAGE) fields.sku = `at most ${MAX_PAGE} SKUs per request`;
  let categoryIds: number[] | undefined;
  if (q.category !== undefined) {
    categoryIds = (await resolveCategoryFilter(c.var.db, q.category.trim())) ?? undefined;
    if (!categoryIds) fields.category = 'no such category (give its id or its slug path, e.g. hirdavat/vidalar)';
  }
  if (Object.keys(fields).length) return validationError(c, fields, 'The query has invalid parameters.');
  const { items, next } = await listApiProducts(c.var.db, { after, limit, skus: skus.length ? skus : undefined, updatedSince, categoryIds });
  return c.json({ data: items, next_cursor: next === null ? null : String(next) });
});

apiRoutes.get('/products/:sku', requireScope('products.read'), async (c) => {
  const sku = c.req.param('sku');
  const found = (await findApiProductsBySku(c.var.db, [sku])).get(sku);
  if (!found) return apiError(c, 404, 'not_found', `No product with SKU "${sku}".`);
  return c.json({ data: found });
});

apiRoutes.route('/', apiWriteRoutes);

apiRoutes.all('*', (c) => apiError(c, 404, 'not_found', `No API endpoint ${c.req.method} ${new URL(c.req.url).pathname}.`));

apiRoutes.onError((err, c) => {
  const status = (err as { status?: number }).status;
  if (status === 413) return apiError(c, 413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
  c.var.log?.error({ err: { message: err.message, stack: err.stack } }, 'api error');
  return apiError(c, 500, 'internal_error', `Something went wrong on our side; the request id is ${c.var.requestId}.`);
});
