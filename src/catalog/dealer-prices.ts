import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { currentDealerId } from '../auth/middleware.ts';
import type { TenantDb } from '../db/types.ts';
import { dealerPricing, priceForDealer, type DealerPricing } from '../pricing/context.ts';
import { dealerPricesBySql } from '../pricing/dealer-price-sql.ts';
import { PricingError, type ResolvedPrice } from '../pricing/resolve.ts';
import type { AppEnv } from '../web/env.ts';

/**
 * The prices dealer-facing catalog pages show (PRC-1…PRC-5 on the catalog): the dealer's own unit
 * price from resolvePrices (through priceForDealer), for each product's minimum order quantity,
 * net and gross in the dealer's currency, with the list price and the breakdown (campaign, rate).
 * One bounded resolvePrices call per page for all its products — never one per product.
 *
 * A missing exchange rate (PricingError 'missing_rate') must not break a page, but resolvePrices
 * fails the whole call for it. So, only then: the SQL mirror (dealer-price-sql.ts, one query) tells
 * which of the page's products can be priced, those are resolved again in one call, and the rest
 * show their list price in the product's own currency with a "price on request — rate missing"
 * note; a warning is logged. If the second call still fails, every product falls back.
 */
export interface DealerShownPrice {
  kind: 'dealer';
  qty: number;
  net: number;
  gross: number;
  currency: string;
  vatRate: number;
  /** The list price converted to `currency`, for the struck-through base price. */
  listNet: number;
  resolved: ResolvedPrice;
}

export interface ListShownPrice {
  kind: 'list';
  net: number;
  gross: number;
  currency: string;
  vatRate: number;
  /** Set when the dealer's price could not be computed for want of an exchange rate. */
  rateMissing?: true;
}

export type CatalogPrice = DealerShownPrice | ListShownPrice;

export interface PricedProduct {
  id: number;
  list_price: number;
  currency: string;
  vat_rate: number;
  min_order_qty?: number | null;
}

/** The list price, net and gross (gross half-up to minor units). */
export function listShownPrice(p: Pick<PricedProduct, 'list_price' | 'currency' | 'vat_rate'>): ListShownPrice {
  return { kind: 'list', net: p.list_price, gross: Math.round((p.list_price * (100 + p.vat_rate)) / 100), currency: p.currency.trim(), vatRate: p.vat_rate };
}

export function toShown(r: ResolvedPrice): DealerShownPrice {
  return { kind: 'dealer', qty: r.qty, net: r.unitNet, gross: r.unitGross, currency: r.currency, vatRate: r.vatRate, listNet: r.listUnitNet, resolved: r };
}

export const pricingQty = (p: PricedProduct) => Math.max(1, p.min_order_qty ?? 1);

const isMissingRate = (e: unknown) => e instanceof PricingError && e.code === 'missing_rate';

/** The pricing context of the dealer this request acts for (a dealer user, or staff acting for one), or null. */
export async function requestPricing(c: Context<AppEnv>): Promise<DealerPricing | null> {
  const dealerId = currentDealerId(c);
  if (!dealerId) return null;
  return dealerPricing(c.var.db, { tenantId: c.var.tenant.id, dealerId, timeZone: c.var.tenant.timeZone });
}

/** Prices for a page of products (see the module comment); products not in the map never are. */
export async function catalogPrices(
  db: Kysely<TenantDb>,
  schema: string,
  ctx: DealerPricing | null,
  products: PricedProduct[],
  log?: Pick<Logger, 'warn'>,
): Promise<Map<number, CatalogPrice>> {
  const out = new Map<number, CatalogPrice>();
  const unique = [...new Map(products.map((p) => [p.id, p])).values()];
  if (!ctx || !unique.length) {
    for (const p of unique) out.set(p.id, listShownPrice(p));
    return out;
  }
  const items = unique.map((p) => ({ productId: p.id, qty: pricingQty(p) }));
  try {
    for (const [id, r] of await priceForDealer(db, ctx, items)) out.set(id, toShown(r));
    return out;
  } catch (e) {
    if (!isMissingRate(e)) throw e;
    log?.warn({ err: (e as Error).message, dealerId: ctx.dealerId, currency: ctx.currency, date: ctx.date }, 'dealer prices: exchange rate missing, showing list prices where needed');
  }
  const bySql = await dealerPricesBySql(db, schema, ctx, items);
  const priceable = items.filter((i) => bySql.get(i.productId) != null);
  try {
    if (priceable.length) for (const [id, r] of await priceForDealer(db, ctx, priceable)) out.set(id, toShown(r));
  } catch (e) {
    if (!isMissingRate(e)) throw e;
    out.clear();
  }
  for (const p of unique) if (!out.has(p.id)) out.set(p.id, { ...listShownPrice(p), rateMissing: true });
  return out;
}
