/**
 * Per-process cache of a tenant's catalog structure — the category tree and the attribute
 * definitions — which every catalog search, facet and suggestion needs and which changes
 * rarely. Instead of two table reads per request, a request reads one row: the `structure`
 * counter of `catalog_versions`, which statement-level triggers on categories and
 * attribute_definitions bump in the writer's own transaction (migrations/tenant/0009). So no
 * writer has to call anything here, whichever module, import or API changed the rows.
 *
 * The counter is read before the rows: a writer committing in between makes the cached copy
 * look older than it is (re-read on the next request), never newer. Reads inside a transaction
 * are not cached (they may see that transaction's own uncommitted changes).
 */
import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { listCategories, type Category } from './categories.ts';

export interface AttributeDefinitionInfo {
  id: number;
  code: string;
  name: string;
  unit: string;
  type: 'text' | 'number' | 'choice';
  filterable: boolean;
  position: number;
}

export interface CatalogStructure {
  version: string;
  /** Every category (inactive ones too), ordered like listCategories. */
  allCategories: Category[];
  /** Active categories only (what dealers see). */
  categories: Category[];
  /** Every attribute definition by position. */
  definitions: AttributeDefinitionInfo[];
  /** Filterable definitions by code (facets and attribute filters). */
  filterableByCode: Map<string, AttributeDefinitionInfo>;
}

/** Tenants kept per process; the least recently loaded one goes first. */
const MAX_TENANTS = 500;
const cache = new Map<string, CatalogStructure>();
const loading = new Map<string, Promise<CatalogStructure>>();
let stats = { hits: 0, loads: 0 };

async function load(db: Kysely<TenantDb>, version: string): Promise<CatalogStructure> {
  const [allCategories, definitions] = await Promise.all([
    listCategories(db),
    db
      .selectFrom('attribute_definitions')
      .select(['id', 'code', 'name', 'unit', 'type', 'filterable', 'position'])
      .orderBy('position')
      .orderBy('id')
      .execute(),
  ]);
  return {
    version,
    allCategories,
    categories: allCategories.filter((c) => c.active),
    definitions,
    filterableByCode: new Map(definitions.filter((d) => d.filterable).map((d) => [d.code, d])),
  };
}

/**
 * The tenant's categories and attribute definitions, from this process's cache when the
 * tenant's structure counter has not moved. `schema` keys the cache: pass the tenant's schema
 * (c.var.tenant.schema), the same one `db` is scoped to.
 */
export async function catalogStructure(db: Kysely<TenantDb>, schema: string): Promise<CatalogStructure> {
  const row = await db.selectFrom('catalog_versions').select('structure').executeTakeFirst();
  const version = String(row?.structure ?? '0');
  // Inside a transaction the rows may include its own uncommitted changes: never cache those.
  if (db.isTransaction) return load(db, version);
  const cached = cache.get(schema);
  if (cached && cached.version === version) {
    stats.hits++;
    return cached;
  }
  const key = `${schema}:${version}`;
  let pending = loading.get(key);
  if (!pending) {
    stats.loads++;
    pending = load(db, version).finally(() => loading.delete(key));
    loading.set(key, pending);
  }
  const fresh = await pending;
  // A slower, older load must not replace a newer one.
  const now = cache.get(schema);
  if (!now || BigInt(fresh.version) >= BigInt(now.version)) {
    cache.delete(schema);
    cache.set(schema, fresh);
    if (cache.size > MAX_TENANTS) cache.delete(cache.keys().next().value!);
  }
  return fresh;
}

/**
 * The cached structure if it is still at `version` (a counter the caller read in one of its own
 * queries), without a query of its own; null when it has to be loaded (use catalogStructure).
 */
export function cachedCatalogStructure(schema: string, version: string | undefined): CatalogStructure | null {
  const cached = version === undefined ? undefined : cache.get(schema);
  if (!cached || cached.version !== version) return null;
  stats.hits++;
  return cached;
}

/**
 * The cached structure as it is, unchecked (null when none): for a caller that reads the counter
 * inside its own query afterwards (searchFacets returns it) and starts over when it moved.
 */
export function peekCatalogStructure(schema: string): CatalogStructure | null {
  return cache.get(schema) ?? null;
}

/** For tests and the bench: how often the cache answered vs. loaded. */
export function catalogCacheStats(): { hits: number; loads: number } {
  return { ...stats };
}

/** For tests: forget everything. */
export function clearCatalogCache(): void {
  cache.clear();
  stats = { hits: 0, loads: 0 };
}
