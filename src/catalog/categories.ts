import type { Kysely, Selectable } from 'kysely';
import type { CategoriesTable, TenantDb } from '../db/types.ts';
import { inTransaction } from './tx.ts';

/** Category tree (CAT-1): a parent pointer per row, ordered by `position` within a parent. */
export type Category = Omit<Selectable<CategoriesTable>, 'search_text'>;

export interface CategoryNode extends Category {
  children: CategoryNode[];
  depth: number;
}

export class CategoryError extends Error {
  constructor(
    readonly code: 'not_found' | 'cycle' | 'slug_taken' | 'invalid_slug' | 'has_children' | 'has_products',
    message: string,
  ) {
    super(message);
  }
}

const COLUMNS = ['id', 'parent_id', 'position', 'slug', 'name', 'description', 'active', 'created_at', 'updated_at'] as const;

export async function listCategories(db: Kysely<TenantDb>, opts: { activeOnly?: boolean } = {}): Promise<Category[]> {
  let q = db.selectFrom('categories').select(COLUMNS).orderBy('parent_id').orderBy('position').orderBy('id');
  if (opts.activeOnly) q = q.where('active', '=', true);
  return q.execute();
}

/** Builds the tree from a flat list; orphans of an inactive parent are left out with it. */
export function buildCategoryTree(rows: Category[]): CategoryNode[] {
  const byParent = new Map<number | null, Category[]>();
  for (const r of rows) {
    const list = byParent.get(r.parent_id) ?? [];
    list.push(r);
    byParent.set(r.parent_id, list);
  }
  const grow = (parent: number | null, depth: number): CategoryNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map((c) => ({ ...c, depth, children: grow(c.id, depth + 1) }));
  return grow(null, 0);
}

/** The category itself and everything below it, from a flat list (no query). */
export function descendantIds(rows: Pick<Category, 'id' | 'parent_id'>[], rootId: number): number[] {
  const children = new Map<number, number[]>();
  for (const r of rows) {
    if (r.parent_id === null) continue;
    const list = children.get(r.parent_id) ?? [];
    list.push(r.id);
    children.set(r.parent_id, list);
  }
  const out: number[] = [];
  const seen = new Set<number>();
  const stack = rows.some((r) => r.id === rootId) ? [rootId] : [];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** Root-first chain of ancestors ending with the category itself (breadcrumbs). */
export function categoryPath(rows: Category[], id: number): Category[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path: Category[] = [];
  let cur = byId.get(id);
  while (cur && path.length <= rows.length) {
    path.unshift(cur);
    cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id);
  }
  return path;
}

/** Lower-case ASCII slug from a (Turkish) name: "Işık & Aydınlatma" → "isik-aydinlatma". */
export function slugify(name: string): string {
  return name
    .replace(/[İI]/g, 'i')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

function uniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

export async function createCategory(
  db: Kysely<TenantDb>,
  input: { name: string; parentId?: number | null; slug?: string; position?: number; description?: string; active?: boolean },
): Promise<Category> {
  const slug = input.slug ?? slugify(input.name);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new CategoryError('invalid_slug', `invalid slug ${JSON.stringify(slug)}`);
  const parentId = input.parentId ?? null;
  return inTransaction(db, async (trx) => {
    if (parentId !== null) {
      const parent = await trx.selectFrom('categories').select('id').where('id', '=', parentId).executeTakeFirst();
      if (!parent) throw new CategoryError('not_found', `parent category ${parentId} not found`);
    }
    const position =
      input.position ??
      (await trx
        .selectFrom('categories')
        .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(-1)).as('max'))
        .where('parent_id', parentId === null ? 'is' : '=', parentId)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.max) + 1));
    try {
      return await trx
        .insertInto('categories')
        .values({ name: input.name.trim(), slug, parent_id: parentId, position, description: input.description ?? '', active: input.active ?? true })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (uniqueViolation(err)) throw new CategoryError('slug_taken', `slug "${slug}" is already used under this parent`);
      throw err;
    }
  });
}

/**
 * Moves a category (with its subtree) under a new parent, or to the top with `null`.
 * Refuses to move a category under itself or one of its descendants. Every category row is
 * locked first, so two concurrent moves (A under B, B under A) cannot both pass the check.
 */
export async function moveCategory(
  db: Kysely<TenantDb>,
  id: number,
  newParentId: number | null,
  position?: number,
): Promise<Category> {
  return inTransaction(db, async (trx) => {
    const rows = await trx.selectFrom('categories').select(['id', 'parent_id', 'position']).orderBy('id').forUpdate().execute();
    const me = rows.find((r) => r.id === id);
    if (!me) throw new CategoryError('not_found', `category ${id} not found`);
    if (newParentId !== null) {
      if (!rows.some((r) => r.id === newParentId)) throw new CategoryError('not_found', `category ${newParentId} not found`);
      if (descendantIds(rows, id).includes(newParentId)) {
        throw new CategoryError('cycle', `category ${newParentId} is inside ${id}; moving ${id} there would make a cycle`);
      }
    }
    const siblings = rows.filter((r) => r.parent_id === newParentId && r.id !== id);
    const pos = position ?? siblings.reduce((m, r) => Math.max(m, r.position), -1) + 1;
    try {
      return await trx
        .updateTable('categories')
        .set({ parent_id: newParentId, position: pos, updated_at: new Date() })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (uniqueViolation(err)) throw new CategoryError('slug_taken', 'a category with the same slug already exists under the new parent');
      throw err;
    }
  });
}

export async function findCategory(db: Kysely<TenantDb>, id: number): Promise<Category | undefined> {
  return db.selectFrom('categories').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Name, slug, description and the active flag of one category (the parent changes through moveCategory). */
export async function updateCategory(
  db: Kysely<TenantDb>,
  id: number,
  input: { name: string; slug: string; description: string; active: boolean },
): Promise<Category> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.slug) || input.slug.length > 80) throw new CategoryError('invalid_slug', `invalid slug ${JSON.stringify(input.slug)}`);
  try {
    const row = await db
      .updateTable('categories')
      .set({ name: input.name.trim(), slug: input.slug, description: input.description, active: input.active, updated_at: new Date() })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw new CategoryError('not_found', `category ${id} not found`);
    return row;
  } catch (err) {
    if (uniqueViolation(err)) throw new CategoryError('slug_taken', `slug "${input.slug}" is already used under this parent`);
    throw err;
  }
}

/**
 * Moves a category one place up or down among its siblings. Siblings are renumbered 0…n-1 in
 * their current order first, so equal or sparse positions (imports, older rows) still swap cleanly.
 * Returns false when it is already first/last.
 */
export async function stepCategory(db: Kysely<TenantDb>, id: number, direction: 'up' | 'down'): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const me = await trx.selectFrom('categories').select(['id', 'parent_id']).where('id', '=', id).executeTakeFirst();
    if (!me) throw new CategoryError('not_found', `category ${id} not found`);
    const siblings = await trx
      .selectFrom('categories')
      .select(['id', 'position'])
      .where('parent_id', me.parent_id === null ? 'is' : '=', me.parent_id)
      .orderBy('position')
      .orderBy('id')
      .forUpdate()
      .execute();
    const order = siblings.map((s) => s.id);
    const i = order.indexOf(id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= order.length) return false;
    [order[i], order[j]] = [order[j]!, order[i]!];
    for (const [pos, sid] of order.entries()) {
      if (siblings.find((s) => s.id === sid)!.position !== pos) {
        await trx.updateTable('categories').set({ position: pos, updated_at: new Date() }).where('id', '=', sid).execute();
      }
    }
    return true;
  });
}

/** Deletes an empty category: no sub-categories and no products (variants included). */
export async function deleteCategory(db: Kysely<TenantDb>, id: number): Promise<Category> {
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('categories').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new CategoryError('not_found', `category ${id} not found`);
    const child = await trx.selectFrom('categories').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
    if (child) throw new CategoryError('has_children', `category ${id} has sub-categories`);
    const product = await trx.selectFrom('products').select('id').where('category_id', '=', id).limit(1).executeTakeFirst();
    if (product) throw new CategoryError('has_products', `category ${id} has products`);
    await trx.deleteFrom('categories').where('id', '=', id).execute();
    return row;
  });
}

/** Products directly in each category (variants not counted: they follow their parent's category). */
export async function categoryProductCounts(db: Kysely<TenantDb>): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('products')
    .select(['category_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('category_id', 'is not', null)
    .where('parent_id', 'is', null)
    .groupBy('category_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.category_id), Number(r.n)]));
}
