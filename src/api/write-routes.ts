import { Hono, type Context } from 'hono';
import { loadValidationContext, setListPrices, setStockBySku, upsertProducts, type UpsertContext } from '../catalog/upsert.ts';
import { nudgeStockAlerts } from '../stock/jobs.ts';
import { requireScope, type ApiEnv } from './auth.ts';
import { apiError, validationError } from './errors.ts';
import { existingBySku, fieldMap, mapPriceItem, mapProduct, mapStockItem, runItems, withServiceErrors, type ItemResult, type Mapped } from './input.ts';
import { findApiProductsBySku } from './products.ts';

/**
 * Writes of the products API (API-1): one product by SKU, product batches, stock levels and list
 * prices. Values are checked and written only by src/catalog/upsert.ts (the spreadsheet import
 * uses the same functions); a bad item never blocks the good ones. Stock changes nudge the
 * stock-alert job after commit.
 */
export const apiWriteRoutes = new Hono<ApiEnv>();

export const MAX_ITEMS = 1000;

type Json = { ok: true; value: unknown } | { ok: false; res: Response };

async function readJson(c: Context<ApiEnv>): Promise<Json> {
  const text = await c.req.text();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, res: apiError(c, 400, 'invalid_json', 'The request body is not valid JSON.') };
  }
}

/** A bare array, or an object holding the array under `key`. */
async function readList(c: Context<ApiEnv>, key: string): Promise<{ ok: true; items: unknown[] } | { ok: false; res: Response }> {
  const body = await readJson(c);
  if (!body.ok) return body;
  const v = body.value;
  const items = Array.isArray(v) ? v : v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(items)) return { ok: false, res: validationError(c, { [key]: `send a JSON array of items, or {"${key}": [...]}` }) };
  if (items.length === 0) return { ok: false, res: validationError(c, { [key]: 'must hold at least one item' }) };
  if (items.length > MAX_ITEMS) return { ok: false, res: validationError(c, { [key]: `at most ${MAX_ITEMS} items per request (got ${items.length})` }) };
  return { ok: true, items };
}

const serviceContext = (c: Context<ApiEnv>): UpsertContext => ({ source: 'api', apiKeyId: c.var.apiKey.id, locale: 'en' });

/** Alerts are nudges: a lost one only waits for the periodic run. */
async function nudgeAfterStock(c: Context<ApiEnv>, results: ItemResult[]) {
  if (!results.some((r) => r.status === 'updated' || r.status === 'created')) return;
  await nudgeStockAlerts(c.var.deps.queues, c.var.tenant.id).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not nudge stock alerts'));
}

async function mapProducts(c: Context<ApiEnv>, items: unknown[]): Promise<Mapped[]> {
  const existing = await existingBySku(c.var.db, items);
  const mapped = items.map((raw) => mapProduct(raw, c.var.apiKey.scopes, existing));
  if (mapped.every((m) => m.ok)) return mapped;
  const vctx = await loadValidationContext(c.var.db, 'en');
  return mapped.map((m) => withServiceErrors(m, vctx));
}

apiWriteRoutes.put('/products/:sku', requireScope('products.write'), async (c) => {
  const sku = c.req.param('sku');
  const body = await readJson(c);
  if (!body.ok) return body.res;
  if (!body.value || typeof body.value !== 'object' || Array.isArray(body.value)) return validationError(c, { product: 'must be a JSON object' });
  const given = (body.value as { sku?: unknown }).sku;
  if (given !== undefined && String(given).trim() !== sku) return validationError(c, { sku: `must match the SKU in the URL ("${sku}") or be left out` });
  const mapped = (await mapProducts(c, [{ ...(body.value as object), sku }]))[0]!;
  if (!mapped.ok) return validationError(c, mapped.errors);
  const [result] = await upsertProducts(c.var.db, [mapped.input], serviceContext(c));
  if (!result || result.outcome === 'rejected') return validationError(c, fieldMap(result?.errors));
  if (mapped.input.stock_qty !== undefined) await nudgeAfterStock(c, [{ index: 0, sku, status: result.outcome }]);
  const product = (await findApiProductsBySku(c.var.db, [sku])).get(sku);
  if (result.outcome === 'created') {
    c.header('Location', `/api/v1/products/${encodeURIComponent(sku)}`);
    return c.json({ status: result.outcome, data: product }, 201);
  }
  return c.json({ status: result.outcome, data: product });
});

apiWriteRoutes.post('/products/batch', requireScope('products.write'), async (c) => {
  const list = await readList(c, 'products');
  if (!list.ok) return list.res;
  const mapped = (await mapProducts(c, list.items)).map((m) => (m.ok ? { ok: true as const, value: m.input } : m));
  const out = await runItems(mapped, (inputs) => upsertProducts(c.var.db, inputs, serviceContext(c)));
  if (mapped.some((m) => m.ok && m.value.stock_qty !== undefined)) await nudgeAfterStock(c, out.results);
  return c.json(out);
});

apiWriteRoutes.put('/stock', requireScope('stock.write'), async (c) => {
  const list = await readList(c, 'items');
  if (!list.ok) return list.res;
  const mapped = list.items.map((raw) => {
    const m = mapStockItem(raw);
    return m.ok ? { ok: true as const, value: m.item } : m;
  });
  const out = await runItems(mapped, (items) => setStockBySku(c.var.db, items, serviceContext(c)));
  await nudgeAfterStock(c, out.results);
  return c.json(out);
});

apiWriteRoutes.put('/prices', requireScope('prices.write'), async (c) => {
  const list = await readList(c, 'items');
  if (!list.ok) return list.res;
  const existing = await existingBySku(c.var.db, list.items);
  const mapped = list.items.map((raw) => {
    const m = mapPriceItem(raw, existing);
    return m.ok ? { ok: true as const, value: m.item } : m;
  });
  return c.json(await runItems(mapped, (items) => setListPrices(c.var.db, items, serviceContext(c))));
});
