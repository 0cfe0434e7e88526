import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ProductEditPage } from '../../../views/catalog/staff/product-form.tsx';
import { ProductListPage, ProductResults, type ProductListProps } from '../../../views/catalog/staff/product-list.tsx';
import type { AppEnv } from '../../web/env.ts';
import { setFlash } from '../../web/flash.ts';
import { cachedSetting } from '../../settings/cache.ts';
import { page } from '../../web/page.tsx';
import { idParam, parseId } from '../../web/params.ts';
import { render } from '../../web/render.ts';
import { buildCategoryTree, listCategories } from '../categories.ts';
import { moneyFormat } from '../money.ts';
import { findProductCard, productAttributeValues, type ProductCard } from '../products.ts';
import { catalogStaffMessages } from '../staff-messages.ts';
import { newProductValues, parseProductForm, stockBeforeOf, valuesFromBody, valuesFromProduct, type FieldErrors, type FormValues } from './product-form.ts';
import { saveProduct } from './product-service.ts';
import { afterStockChange, formContext, saveContext } from './context.ts';
import { listStaffProducts, listVariants } from './queries.ts';
import { variantEditPage, variantUpdate } from './variant-routes.tsx';

/** Staff product list and the product card form (CAT-2, CAT-7 settings). Mounted at /staff/catalog/products. */
export const productStaffRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;
const BASE = '/staff/catalog/products';

const filterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  category: z.string().optional().catch(undefined),
  status: z.enum(['active', 'inactive', 'hidden']).optional().catch(undefined),
  availability: z.enum(['in_stock', 'backorder', 'out_of_stock']).optional().catch(undefined),
  after: z.string().max(64).optional().catch(undefined),
});

productStaffRoutes.get('/', async (c) => {
  const raw = filterSchema.parse(c.req.query());
  const filter = { q: raw.q || undefined, categoryId: parseId(raw.category) ?? undefined, status: raw.status, availability: raw.availability };
  const [{ rows, next }, categories] = await Promise.all([listStaffProducts(c.var.db, { ...filter, after: raw.after || undefined }), listCategories(c.var.db)]);
  const href = (after?: string) => {
    const qs = new URLSearchParams();
    if (filter.q) qs.set('q', filter.q);
    if (filter.categoryId) qs.set('category', String(filter.categoryId));
    if (filter.status) qs.set('status', filter.status);
    if (filter.availability) qs.set('availability', filter.availability);
    if (after) qs.set('after', after);
    const s = qs.toString();
    return `${BASE}${s ? `?${s}` : ''}`;
  };
  const props: ProductListProps = {
    locale: c.var.locale,
    rows,
    filter,
    tree: buildCategoryTree(categories),
    money: moneyFormat(c),
    firstHref: raw.after ? href() : null,
    nextHref: next ? href(next) : null,
  };
  const m = catalogStaffMessages[c.var.locale];
  return render(c, <ProductResults {...props} />, () => page(c, m.productsTitle, <ProductListPage {...props} />, { nav: 'staff' }));
});

async function formPage(c: C, product: ProductCard | undefined, values: FormValues, errors: FieldErrors, status: 200 | 422 = 200) {
  const ctx = await formContext(c);
  const variants = product ? await listVariants(c.var.db, product.id) : [];
  const { vatRates } = await cachedSetting(c.var.db, c.var.tenant.id, 'pricing');
  const m = catalogStaffMessages[c.var.locale];
  return c.html(
    page(
      c,
      product ? m.editProductTitle(product.sku) : m.newProductTitle,
      <ProductEditPage
        locale={c.var.locale}
        product={product}
        values={values}
        errors={errors}
        {...ctx}
        variants={variants}
        money={moneyFormat(c)}
        canAddVariants={ctx.defs.some((d) => d.variant_axis)}
        vatRates={vatRates}
      />,
      { nav: 'staff' },
    ),
    status,
  );
}

/**
 * PRC-5: in this form a product's VAT rate must be one the seller offers (setting pricing.vatRates),
 * or the rate the product already has (a rate removed from the list stays until changed). Imports
 * and the API still accept any whole 0–100.
 */
async function vatNotOffered(c: C, values: FormValues, current: number | null): Promise<boolean> {
  const raw = (values.vat_rate ?? '').trim();
  if (!/^[0-9]{1,3}$/.test(raw)) return false;
  const { vatRates } = await cachedSetting(c.var.db, c.var.tenant.id, 'pricing');
  const n = Number(raw);
  return !vatRates.includes(n) && n !== current;
}

/** The seller's usual currency and unit (the most common among its products, else by language); VAT from the pricing setting. */
async function productDefaults(c: C) {
  const { defaultVatRate } = await cachedSetting(c.var.db, c.var.tenant.id, 'pricing');
  const row = await c.var.db
    .selectFrom('products')
    .select(['currency', 'vat_rate', 'unit', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['currency', 'vat_rate', 'unit'])
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row) return { currency: row.currency, vatRate: defaultVatRate, unit: row.unit };
  return c.var.tenant.defaultLocale === 'tr' ? { currency: 'TRY', vatRate: defaultVatRate, unit: 'adet' } : { currency: 'EUR', vatRate: defaultVatRate, unit: 'piece' };
}

productStaffRoutes.get('/new', async (c) => formPage(c, undefined, newProductValues(await productDefaults(c)), {}));

productStaffRoutes.post('/', async (c) => {
  const values = valuesFromBody(await c.req.parseBody());
  const ctx = await formContext(c);
  const parsed = parseProductForm(values, { locale: c.var.locale, defs: ctx.defs, customFields: ctx.customFields });
  const vatErrors = (await vatNotOffered(c, values, null)) ? ({ vat_rate: 'option' } as const) : null;
  if (!parsed.ok || vatErrors) return formPage(c, undefined, values, { ...vatErrors, ...(parsed.ok ? {} : parsed.errors) }, 422);
  const res = await saveProduct(c.var.db, null, parsed.data, null, saveContext(c, 'product.created'));
  if (!res.ok) return formPage(c, undefined, values, res.errors, 422);
  await afterStockChange(c, res.stockChanged);
  await setFlash(c, { kind: 'success', message: catalogStaffMessages[c.var.locale].productCreated(res.product.sku) });
  return c.redirect(`${BASE}/${res.product.id}`, 303);
});

productStaffRoutes.get('/:id{[0-9]+}', async (c) => {
  const id = idParam(c);
  const product = id === null ? undefined : await findProductCard(c.var.db, id);
  if (!product) return c.notFound();
  if (product.parent_id !== null) return variantEditPage(c, product);
  return formPage(c, product, valuesFromProduct(product, await productAttributeValues(c.var.db, product.id), c.var.locale), {});
});

productStaffRoutes.post('/:id{[0-9]+}', async (c) => {
  const id = idParam(c);
  const product = id === null ? undefined : await findProductCard(c.var.db, id);
  if (!product) return c.notFound();
  if (product.parent_id !== null) return variantUpdate(c, product);
  const values = valuesFromBody(await c.req.parseBody());
  const ctx = await formContext(c);
  const parsed = parseProductForm(values, { locale: c.var.locale, defs: ctx.defs, customFields: ctx.customFields });
  const vatErrors = (await vatNotOffered(c, values, product.vat_rate)) ? ({ vat_rate: 'option' } as const) : null;
  if (!parsed.ok || vatErrors) return formPage(c, product, values, { ...vatErrors, ...(parsed.ok ? {} : parsed.errors) }, 422);
  const res = await saveProduct(c.var.db, product.id, parsed.data, stockBeforeOf(values), saveContext(c, 'product.updated'));
  if (!res.ok) return formPage(c, product, values, res.errors, 422);
  await afterStockChange(c, res.stockChanged);
  await setFlash(c, { kind: 'success', message: catalogStaffMessages[c.var.locale].productSaved(res.product.sku) });
  return c.redirect(`${BASE}/${product.id}`, 303);
});
