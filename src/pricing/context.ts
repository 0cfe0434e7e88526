import type { Kysely } from 'kysely';
import type { PaymentMethod, TenantDb } from '../db/types.ts';
import { cachedSetting } from '../settings/cache.ts';
import { pricingDay, resolvePrices, type PriceItem, type ResolvedPrice } from './resolve.ts';

/**
 * Who is being priced, in which currency, on which day (PRC-2/PRC-6). Every dealer-facing caller
 * (catalog, product page, cart, quotes, orders) builds this once per request and then prices many
 * products with `priceForDealer` — one bounded batch of queries per page, never one per product.
 *
 * Currency rule: a dealer is shown and invoiced in its invoice currency (dealers.invoice_currency),
 * else in the seller's base currency (setting pricing.baseCurrency). A price list in another
 * currency is converted with the rate of the latest rate day ≤ the pricing day, and the breakdown
 * names that rate and day.
 */
export interface DealerPricing {
  dealerId: number;
  segmentId: number | null;
  /** The currency the dealer sees and is invoiced in. */
  currency: string;
  /** The seller's base currency (the one exchange rates are expressed in). */
  baseCurrency: string;
  /** The pricing day 'YYYY-MM-DD' in the seller's time zone. */
  date: string;
}

export async function pricingSettings(db: Kysely<TenantDb>, tenantId: number) {
  return cachedSetting(db, tenantId, 'pricing');
}

/** The pricing context of a dealer of this tenant, or null when the id is not a dealer here. */
export async function dealerPricing(
  db: Kysely<TenantDb>,
  opts: { tenantId: number; dealerId: number; timeZone: string; at?: Date },
): Promise<DealerPricing | null> {
  const [dealer, settings] = await Promise.all([
    db.selectFrom('dealers').select(['id', 'segment_id', 'invoice_currency']).where('id', '=', opts.dealerId).executeTakeFirst(),
    pricingSettings(db, opts.tenantId),
  ]);
  if (!dealer) return null;
  return dealerPricingOf(dealer, settings, opts.timeZone, opts.at);
}

/** The same context from a dealer row the caller has already read (with the pricing setting). */
export function dealerPricingOf(
  dealer: { id: number; segment_id: number | null; invoice_currency: string | null },
  settings: { baseCurrency: string },
  timeZone: string,
  at?: Date,
): DealerPricing {
  return {
    dealerId: dealer.id,
    segmentId: dealer.segment_id,
    currency: dealer.invoice_currency ?? settings.baseCurrency,
    baseCurrency: settings.baseCurrency,
    date: pricingDay(at ?? new Date(), timeZone),
  };
}

/** Prices many products for one dealer in its currency (bounded queries; see resolve.ts). */
export function priceForDealer(
  db: Kysely<TenantDb>,
  ctx: DealerPricing,
  items: PriceItem[],
  opts: { paymentMethod?: PaymentMethod; installments?: number } = {},
): Promise<Map<number, ResolvedPrice>> {
  return resolvePrices(db, {
    dealerId: ctx.dealerId,
    items,
    date: ctx.date,
    currency: ctx.currency,
    baseCurrency: ctx.baseCurrency,
    paymentMethod: opts.paymentMethod,
    installments: opts.installments,
  });
}
