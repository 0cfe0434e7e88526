import { Hono, type Context } from 'hono';
import { CategoryEditPage, CategoryTreePage } from '../../../views/catalog/staff/categories.tsx';
import { audit } from '../../auth/audit.ts';
import type { AppEnv } from '../../web/env.ts';
import { setFlash } from '../../web/flash.ts';
import { page } from '../../web/page.tsx';
import { idParam, parseId } from '../../web/params.ts';
import {
  buildCategoryTree,
  categoryProductCounts,
  CategoryError,
  createCategory,
  deleteCategory,
  descendantIds,
  findCategory,
  listCategories,
  moveCategory,
  slugify,
  stepCategory,
  updateCategory,
} from '../categories.ts';
import { catalogStaffMessages, catalogFieldErrors } from '../staff-messages.ts';
import { valuesFromBody } from './product-form.ts';

/** CAT-1 category tree for staff: create, rename, order among siblings, move a subtree, delete when empty. Mounted at /staff/catalog/categories. */
export const categoryRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;
const BASE = '/staff/catalog/categories';
const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

async function treePage(c: C, form: { values: Record<string, string>; errors: Record<string, string | undefined> } = { values: {}, errors: {} }, status: 200 | 422 = 200) {
  const [rows, counts] = await Promise.all([listCategories(c.var.db), categoryProductCounts(c.var.db)]);
  const m = catalogStaffMessages[c.var.locale];
  return c.html(page(c, m.categoriesTitle, <CategoryTreePage locale={c.var.locale} tree={buildCategoryTree(rows)} counts={counts} form={form} />, { nav: 'staff' }), status);
}

categoryRoutes.get('/', (c) => treePage(c));

categoryRoutes.post('/', async (c) => {
  const m = catalogStaffMessages[c.var.locale];
  const fe = catalogFieldErrors[c.var.locale];
  const values = valuesFromBody(await c.req.parseBody());
  const name = (values.name ?? '').trim();
  const slug = (values.slug ?? '').trim() || slugify(name);
  const description = (values.description ?? '').trim();
  const errors: Record<string, string> = {};
  if (!name) errors.name = fe.required;
  else if (name.length > 200) errors.name = fe.tooLong;
  if (name && !SLUG_RE.test(slug)) errors.slug = m.errSlug;
  if (description.length > 2000) errors.description = fe.tooLong;
  const parentId = values.parent_id ? parseId(values.parent_id) : null;
  if (values.parent_id && parentId === null) errors.parent_id = m.errUnknownParent;
  if (Object.keys(errors).length) return treePage(c, { values, errors }, 422);
  try {
    const cat = await createCategory(c.var.db, { name, slug, parentId, description });
    await audit(c, { action: 'category.created', targetType: 'category', targetId: cat.id, details: { name, slug, parentId } });
    await setFlash(c, { kind: 'success', message: m.categoryCreated(cat.name) });
    return c.redirect(`${BASE}#category-${cat.id}`, 303);
  } catch (err) {
    if (!(err instanceof CategoryError)) throw err;
    const key = err.code === 'not_found' ? 'parent_id' : 'slug';
    const msg = err.code === 'not_found' ? m.errUnknownParent : err.code === 'slug_taken' ? m.errSlugTaken : m.errSlug;
    return treePage(c, { values, errors: { [key]: msg } }, 422);
  }
});

interface EditState {
  edit?: { values: Record<string, string>; errors: Record<string, string | undefined> };
  moveError?: string;
  /** The parent chosen in a refused move, shown again. */
  moveTo?: string;
  deleteError?: string;
}

async function editPage(c: C, id: number, state: EditState = {}, status: 200 | 422 = 200) {
  const db = c.var.db;
  const [rows, counts] = await Promise.all([listCategories(db), categoryProductCounts(db)]);
  const category = rows.find((r) => r.id === id);
  if (!category) return c.notFound();
  const m = catalogStaffMessages[c.var.locale];
  const edit = state.edit ?? {
    values: { name: category.name, slug: category.slug, description: category.description, active: category.active ? '1' : '' },
    errors: {},
  };
  return c.html(
    page(
      c,
      m.editCategory(category.name),
      <CategoryEditPage
        locale={c.var.locale}
        category={category}
        tree={buildCategoryTree(rows)}
        inside={new Set(descendantIds(rows, id))}
        productCount={counts.get(id) ?? 0}
        edit={edit}
        moveError={state.moveError}
        moveTo={state.moveTo}
        deleteError={state.deleteError}
      />,
      { nav: 'staff' },
    ),
    status,
  );
}

categoryRoutes.get('/:id{[0-9]+}', (c) => {
  const id = idParam(c);
  return id === null ? c.notFound() : editPage(c, id);
});

categoryRoutes.post('/:id{[0-9]+}', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const before = await findCategory(c.var.db, id);
  if (!before) return c.notFound();
  const m = catalogStaffMessages[c.var.locale];
  const fe = catalogFieldErrors[c.var.locale];
  const values = valuesFromBody(await c.req.parseBody());
  const name = (values.name ?? '').trim();
  const slug = (values.slug ?? '').trim();
  const description = (values.description ?? '').trim();
  const errors: Record<string, string> = {};
  if (!name) errors.name = fe.required;
  else if (name.length > 200) errors.name = fe.tooLong;
  if (!slug) errors.slug = fe.required;
  else if (!SLUG_RE.test(slug) || slug.length > 80) errors.slug = m.errSlug;
  if (description.length > 2000) errors.description = fe.tooLong;
  if (Object.keys(errors).length) return editPage(c, id, { edit: { values, errors } }, 422);
  try {
    const after = await updateCategory(c.var.db, id, { name, slug, description, active: values.active === '1' });
    await audit(c, {
      action: 'category.updated',
      targetType: 'category',
      targetId: id,
      details: { from: { name: before.name, slug: before.slug, active: before.active }, to: { name: after.name, slug: after.slug, active: after.active } },
    });
  } catch (err) {
    if (err instanceof CategoryError && err.code === 'slug_taken') return editPage(c, id, { edit: { values, errors: { slug: m.errSlugTaken } } }, 422);
    if (err instanceof CategoryError && err.code === 'not_found') return c.notFound();
    throw err;
  }
  await setFlash(c, { kind: 'success', message: m.categorySaved });
  return c.redirect(`${BASE}/${id}`, 303);
});

categoryRoutes.post('/:id{[0-9]+}/move', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const before = await findCategory(c.var.db, id);
  if (!before) return c.notFound();
  const m = catalogStaffMessages[c.var.locale];
  const raw = String((await c.req.parseBody()).parent_id ?? '');
  const parentId = raw ? parseId(raw) : null;
  if (raw && parentId === null) return editPage(c, id, { moveError: m.errUnknownParent, moveTo: raw }, 422);
  try {
    await moveCategory(c.var.db, id, parentId);
  } catch (err) {
    if (!(err instanceof CategoryError)) throw err;
    const msg = err.code === 'cycle' ? m.errCycle : err.code === 'slug_taken' ? m.errSlugTaken : m.errUnknownParent;
    return editPage(c, id, { moveError: msg, moveTo: raw }, 422);
  }
  await audit(c, { action: 'category.moved', targetType: 'category', targetId: id, details: { from: before.parent_id, to: parentId } });
  await setFlash(c, { kind: 'success', message: m.categoryMoved });
  return c.redirect(`${BASE}#category-${id}`, 303);
});

categoryRoutes.post('/:id{[0-9]+}/order', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const direction = String((await c.req.parseBody()).direction ?? '');
  if (direction !== 'up' && direction !== 'down') return c.text('direction must be up or down', 400);
  try {
    if (await stepCategory(c.var.db, id, direction)) {
      await audit(c, { action: 'category.reordered', targetType: 'category', targetId: id, details: { direction } });
    }
  } catch (err) {
    if (err instanceof CategoryError && err.code === 'not_found') return c.notFound();
    throw err;
  }
  return c.redirect(`${BASE}#category-${id}`, 303);
});

categoryRoutes.post('/:id{[0-9]+}/delete', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const m = catalogStaffMessages[c.var.locale];
  try {
    const gone = await deleteCategory(c.var.db, id);
    await audit(c, { action: 'category.deleted', targetType: 'category', targetId: id, details: { name: gone.name, slug: gone.slug, parentId: gone.parent_id } });
    await setFlash(c, { kind: 'success', message: m.categoryDeleted(gone.name) });
    return c.redirect(BASE, 303);
  } catch (err) {
    if (!(err instanceof CategoryError)) throw err;
    if (err.code === 'not_found') return c.notFound();
    if (err.code === 'has_children') return editPage(c, id, { deleteError: m.errHasChildren }, 422);
    const n = await c.var.db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('category_id', '=', id)
      .executeTakeFirstOrThrow();
    return editPage(c, id, { deleteError: m.errHasProducts(Number(n.n)) }, 422);
  }
});
