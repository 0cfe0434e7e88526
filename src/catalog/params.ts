import type { Availability } from '../db/types.ts';
import { parseId } from '../web/params.ts';
import { AVAILABILITIES, DELIVERY_BUCKETS, type DeliveryBucket, type SearchFilters } from './search.ts';

/** Where the dealer catalog is mounted (src/app.ts); views build links from it. */
export const CATALOG_PATH = '/portal/catalog';
export const PAGE_SIZE = 24;
const MAX_VALUES = 20;

/**
 * Search state ⇄ URL query, so every filtered view can be bookmarked:
 * `q`, `category`, `brand`*, `country`*, `availability`*, `delivery`*, `min`/`max` (major
 * currency units), `a.<attribute code>`*, `page`. Unknown values are dropped, not errors.
 */
export interface SearchParams {
  q: string;
  categoryId: number | null;
  filters: SearchFilters;
  page: number;
}

export function parseSearchParams(url: URL): SearchParams {
  const sp = url.searchParams;
  const list = (key: string) => [...new Set(sp.getAll(key).map((v) => v.trim()).filter((v) => v && v.length <= 200))].slice(0, MAX_VALUES);
  const attributes: Record<string, string[]> = {};
  for (const key of new Set(sp.keys())) {
    const m = /^a\.([a-z0-9_]{1,60})$/.exec(key);
    if (m) attributes[m[1]!] = list(key);
  }
  const money = (key: string) => {
    const v = Number((sp.get(key) ?? '').replace(',', '.'));
    return sp.get(key) && Number.isFinite(v) && v >= 0 && v < 1e12 ? Math.round(v * 100) : undefined;
  };
  const filters: SearchFilters = {
    brands: list('brand'),
    countries: list('country').filter((c) => /^[A-Z]{2}$/.test(c)),
    availability: list('availability').filter((a): a is Availability => AVAILABILITIES.includes(a as Availability)),
    delivery: list('delivery').filter((d): d is DeliveryBucket => (DELIVERY_BUCKETS as readonly string[]).includes(d)),
    attributes,
    priceMin: money('min'),
    priceMax: money('max'),
  };
  const page = Math.min(1000, Math.max(1, Number.parseInt(sp.get('page') ?? '1', 10) || 1));
  return { q: (sp.get('q') ?? '').slice(0, 200), categoryId: parseId(sp.get('category')), filters, page };
}

export function hasFilters(f: SearchFilters): boolean {
  return Boolean(
    f.brands?.length || f.countries?.length || f.availability?.length || f.delivery?.length || Object.values(f.attributes ?? {}).some((v) => v.length) || f.priceMin !== undefined || f.priceMax !== undefined,
  );
}

export function searchHref(p: SearchParams, change: Partial<SearchParams> = {}): string {
  const s = { ...p, ...change };
  const out = new URLSearchParams();
  if (s.q) out.set('q', s.q);
  if (s.categoryId) out.set('category', String(s.categoryId));
  for (const b of s.filters.brands ?? []) out.append('brand', b);
  for (const c of s.filters.countries ?? []) out.append('country', c);
  for (const a of s.filters.availability ?? []) out.append('availability', a);
  for (const d of s.filters.delivery ?? []) out.append('delivery', d);
  for (const [code, values] of Object.entries(s.filters.attributes ?? {})) for (const v of values) out.append(`a.${code}`, v);
  if (s.filters.priceMin !== undefined) out.set('min', String(s.filters.priceMin / 100));
  if (s.filters.priceMax !== undefined) out.set('max', String(s.filters.priceMax / 100));
  if (s.page > 1) out.set('page', String(s.page));
  const qs = out.toString();
  return `${CATALOG_PATH}/search${qs ? `?${qs}` : ''}`;
}
