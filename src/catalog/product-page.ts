import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { TenantDb } from '../db/types.ts';
import { priceForDealer, type DealerPricing } from '../pricing/context.ts';
import { paymentOptions, tierQuantities, type PaymentOption } from '../pricing/dealer-price-sql.ts';
import { PricingError } from '../pricing/resolve.ts';
import { catalogPrices, listShownPrice, toShown, type CatalogPrice, type DealerShownPrice, type ListShownPrice } from './dealer-prices.ts';
import { firstImages, listProductImages, type ProductImage } from './media.ts';
import { getProductDetail, type ProductCard, type ProductDetail } from './products.ts';
import { productRecommendations, type Recommendation } from './recommendations.ts';

/**
 * What the dealer product page shows beyond the product card (CAT-3 gallery, CAT-4 variant
 * thumbnails, CAT-7 delivery estimate, CAT-10 recommendations) and the rules behind it.
 */

export type DeliveryEstimate =
  | { orderable: false }
  | { orderable: true; basis: 'stock' | 'backorder' | 'lead_time'; from: number; to: number; extraDays: number };

/** Shipping from stock, in working days. */
export const FROM_STOCK = { from: 1, to: 2 } as const;

/** A lead time as a range: at least 2 working days wide, a fifth of the time for long ones. */
function leadRange(days: number): { from: number; to: number } {
  const from = Math.max(1, days);
  return { from, to: from + Math.max(2, Math.ceil(from / 5)) };
}

/**
 * Delivery estimate in working days (CAT-7):
 * - out of stock and set to block (or hide) → not orderable;
 * - made/engineered to order → the lead time (stock does not matter: each order is produced);
 * - in stock → 1–2 days;
 * - backorder → lead time + the product's extra backorder days.
 */
export function deliveryEstimate(p: Pick<ProductCard, 'availability' | 'order_type' | 'lead_time_days' | 'backorder_extra_days'>): DeliveryEstimate {
  if (p.availability === 'out_of_stock') return { orderable: false };
  if (p.order_type === 'mto' || p.order_type === 'eto') return { orderable: true, basis: 'lead_time', extraDays: 0, ...leadRange(p.lead_time_days) };
  if (p.availability === 'in_stock') return { orderable: true, basis: 'stock', extraDays: 0, ...FROM_STOCK };
  return { orderable: true, basis: 'backorder', extraDays: p.backorder_extra_days, ...leadRange(p.lead_time_days + p.backorder_extra_days) };
}

/** Free stock at or under the minimum level (and above zero): "low stock" on the page. */
export function isLowStock(p: Pick<ProductCard, 'stock_qty' | 'reserved_qty' | 'min_stock'>): boolean {
  const free = p.stock_qty - p.reserved_qty;
  return free > 0 && p.min_stock > 0 && free <= p.min_stock;
}

export type ShownPrice = CatalogPrice;

/** The list price, net and gross (gross = net × (1 + VAT), half-up): what a product shows without a dealer price. */
export function shownPrice(p: Pick<ProductCard, 'list_price' | 'currency' | 'vat_rate'>): ListShownPrice {
  return listShownPrice(p);
}

/** One row of the tier table: from `qty` units on, this unit price. */
export interface TierRow {
  qty: number;
  price: DealerShownPrice;
}

/** One payment method with the unit price it gives (PRC-4). */
export interface PaymentRow {
  option: PaymentOption;
  price: DealerShownPrice;
}

/** Tier and payment prices resolved at once: bounded by the number of tiers and methods, a few at a time. */
const PARALLEL_RESOLVES = 4;

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * The product page's extra price information for a dealer (PRC-3, PRC-4): the unit price at each
 * quantity where it may change (rows that do not change the price are dropped), the unit price per
 * payment method offered with the price list used, and the campaign's last day. Every figure
 * comes from resolvePrices; resolvePrices takes one quantity per product per call, so each tier
 * and method is its own call (a handful, run a few at a time). A tier or method that cannot be
 * priced (e.g. its list's rate is missing) is left out.
 */
async function dealerPriceDetails(
  db: Kysely<TenantDb>,
  ctx: DealerPricing,
  product: Pick<ProductCard, 'id' | 'parent_id'>,
  base: DealerShownPrice,
): Promise<{ tiers: TierRow[]; payments: PaymentRow[]; campaignEnds: string | null }> {
  const campaignId = base.resolved.breakdown.campaign?.id;
  const [quantities, options, campaign] = await Promise.all([
    tierQuantities(db, ctx, { id: product.id, parentId: product.parent_id }, base.qty),
    paymentOptions(db, base.resolved.breakdown.priceListId ?? null),
    campaignId ? db.selectFrom('campaigns').select((eb) => eb.cast<string>('ends_at', 'text').as('ends')).where('id', '=', campaignId).executeTakeFirst() : undefined,
  ]);
  const attempt = async (run: () => Promise<DealerShownPrice>): Promise<DealerShownPrice | null> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof PricingError) return null;
      throw e;
    }
  };
  const jobs: (() => Promise<DealerShownPrice | null>)[] = [
    ...quantities.map((qty) => () => attempt(async () => toShown((await priceForDealer(db, ctx, [{ productId: product.id, qty }])).get(product.id)!))),
    ...options.map(
      (o) => () =>
        attempt(async () =>
          toShown((await priceForDealer(db, ctx, [{ productId: product.id, qty: base.qty }], { paymentMethod: o.method, installments: o.installments ?? undefined })).get(product.id)!),
        ),
    ),
  ];
  const results = await mapLimit(jobs, PARALLEL_RESOLVES, (job) => job());
  const tiers: TierRow[] = [{ qty: base.qty, price: base }];
  quantities.forEach((qty, i) => {
    const price = results[i];
    if (price && price.net !== tiers.at(-1)!.price.net) tiers.push({ qty, price });
  });
  const payments: PaymentRow[] = [];
  options.forEach((option, i) => {
    const price = results[quantities.length + i];
    if (price) payments.push({ option, price });
  });
  return { tiers: tiers.length > 1 ? tiers : [], payments, campaignEnds: campaign?.ends ?? null };
}

export interface ProductPageData {
  detail: ProductDetail;
  images: ProductImage[];
  variantImages: Map<number, ProductImage>;
  delivery: DeliveryEstimate;
  lowStock: boolean;
  price: ShownPrice;
  /** Unit prices by quantity (empty when one price fits all quantities). */
  tiers: TierRow[];
  /** Unit prices by payment method (empty when the seller set no payment adjustments). */
  payments: PaymentRow[];
  /** The last day ('YYYY-MM-DD') of the campaign in the price, if any. */
  campaignEnds: string | null;
  together: Recommendation[];
  before: Recommendation[];
  recommendationImages: Map<number, ProductImage>;
}

/** Everything for the page in a bounded number of queries; null when the dealer may not see it. */
export async function loadProductPage(
  db: Kysely<TenantDb>,
  schema: string,
  productId: number,
  dealerId: number | null,
  pricing: DealerPricing | null = null,
  log?: Pick<Logger, 'warn'>,
): Promise<ProductPageData | null> {
  const detail = await getProductDetail(db, productId);
  if (!detail) return null;
  const variantIds = detail.variants.map((v) => v.id);
  const product = detail.product;
  const [images, variantImages, recs, price] = await Promise.all([
    listProductImages(db, productId),
    firstImages(db, variantIds),
    productRecommendations(db, schema, { productId, dealerId }),
    catalogPrices(db, schema, pricing, [product], log).then((m) => m.get(product.id)!),
  ]);
  const extra = pricing && price.kind === 'dealer' ? await dealerPriceDetails(db, pricing, product, price) : { tiers: [], payments: [], campaignEnds: null };
  const recIds = [...recs.together, ...recs.before].map((r) => r.id);
  return {
    detail,
    images,
    variantImages,
    delivery: deliveryEstimate(detail.product),
    lowStock: isLowStock(detail.product),
    price,
    ...extra,
    together: recs.together,
    before: recs.before,
    recommendationImages: await firstImages(db, recIds),
  };
}
