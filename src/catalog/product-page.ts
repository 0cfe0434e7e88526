import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
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

export interface ShownPrice {
  /** 'list' now; the pricing issue swaps in the dealer's own price here (and only here). */
  kind: 'list';
  net: number;
  gross: number;
  currency: string;
  vatRate: number;
}

/** The price the page shows. Gross = net × (1 + VAT), rounded half-up to minor units. */
export function shownPrice(p: Pick<ProductCard, 'list_price' | 'currency' | 'vat_rate'>): ShownPrice {
  return { kind: 'list', net: p.list_price, gross: Math.round((p.list_price * (100 + p.vat_rate)) / 100), currency: p.currency, vatRate: p.vat_rate };
}

export interface ProductPageData {
  detail: ProductDetail;
  images: ProductImage[];
  variantImages: Map<number, ProductImage>;
  delivery: DeliveryEstimate;
  lowStock: boolean;
  price: ShownPrice;
  together: Recommendation[];
  before: Recommendation[];
  recommendationImages: Map<number, ProductImage>;
}

/** Everything for the page in a bounded number of queries; null when the dealer may not see it. */
export async function loadProductPage(db: Kysely<TenantDb>, schema: string, productId: number, dealerId: number | null): Promise<ProductPageData | null> {
  const detail = await getProductDetail(db, productId);
  if (!detail) return null;
  const variantIds = detail.variants.map((v) => v.id);
  const [images, variantImages, recs] = await Promise.all([
    listProductImages(db, productId),
    firstImages(db, variantIds),
    productRecommendations(db, schema, { productId, dealerId }),
  ]);
  const recIds = [...recs.together, ...recs.before].map((r) => r.id);
  return {
    detail,
    images,
    variantImages,
    delivery: deliveryEstimate(detail.product),
    lowStock: isLowStock(detail.product),
    price: shownPrice(detail.product),
    together: recs.together,
    before: recs.before,
    recommendationImages: await firstImages(db, recIds),
  };
}
