import { Hono, type Context } from 'hono';
import { VariantFormPage } from '../../../views/catalog/staff/variant-form.tsx';
import type { AppEnv } from '../../web/env.ts';
import { renderError } from '../../web/errors.tsx';
import { setFlash } from '../../web/flash.ts';
import { page } from '../../web/page.tsx';
import { idParam } from '../../web/params.ts';
import { findProductCard, listAttributeDefinitions, productAttributeValues, type ProductCard } from '../products.ts';
import { catalogStaffMessages } from '../staff-messages.ts';
import { afterStockChange, saveContext } from './context.ts';
import { parseVariantForm, stockBeforeOf, valuesFromBody, valuesFromProduct, type FieldErrors, type FormValues } from './product-form.ts';
import { saveVariant } from './product-service.ts';

/**
 * CAT-4 variants: product rows with parent_id. Added from the parent's page
 * (/staff/catalog/products/:id/variants/new); a variant is edited at its own product URL, which
 * dispatches here. A variant cannot have variants of its own.
 */
export const variantRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;
const BASE = '/staff/catalog/products';

const axesOf = async (c: C) => (await listAttributeDefinitions(c.var.db)).filter((d) => d.variant_axis);

async function variantPage(c: C, parent: ProductCard, variant: ProductCard | undefined, values: FormValues, errors: FieldErrors, status: 200 | 422 = 200) {
  const m = catalogStaffMessages[c.var.locale];
  const axes = await axesOf(c);
  return c.html(
    page(c, variant ? m.editVariantTitle(variant.sku) : m.newVariantTitle(parent.sku), <VariantFormPage locale={c.var.locale} parent={parent} variant={variant} axes={axes} values={values} errors={errors} />, { nav: 'staff' }),
    status,
  );
}

/** The parent for a new variant: a top-level product of this tenant; a variant's id is refused. */
async function parentFor(c: C): Promise<ProductCard | Response> {
  const id = idParam(c);
  const parent = id === null ? undefined : await findProductCard(c.var.db, id);
  if (!parent) return c.notFound();
  if (parent.parent_id !== null) {
    await setFlash(c, { kind: 'error', message: catalogStaffMessages[c.var.locale].errVariantOfVariant });
    return c.redirect(`${BASE}/${parent.parent_id}#variants`, 303);
  }
  if (!(await axesOf(c)).length) return renderError(c, 400);
  return parent;
}

variantRoutes.get('/:id{[0-9]+}/variants/new', async (c) => {
  const parent = await parentFor(c);
  if (parent instanceof Response) return parent;
  return variantPage(c, parent, undefined, { name: parent.name, active: '1', stock_qty: '0', min_stock: '0', list_price: valuesFromProduct(parent, {}, c.var.locale).list_price! }, {});
});

variantRoutes.post('/:id{[0-9]+}/variants', async (c) => {
  const parent = await parentFor(c);
  if (parent instanceof Response) return parent;
  const values = valuesFromBody(await c.req.parseBody());
  const parsed = parseVariantForm(values, { locale: c.var.locale, axes: await axesOf(c), currency: parent.currency });
  if (!parsed.ok) return variantPage(c, parent, undefined, values, parsed.errors, 422);
  const res = await saveVariant(c.var.db, parent, null, parsed.data, null, saveContext(c, 'product.created'));
  if (!res.ok) return variantPage(c, parent, undefined, values, res.errors, 422);
  await afterStockChange(c, res.stockChanged);
  await setFlash(c, { kind: 'success', message: catalogStaffMessages[c.var.locale].variantCreated(res.product.sku) });
  return c.redirect(`${BASE}/${parent.id}#variants`, 303);
});

export async function variantEditPage(c: C, variant: ProductCard) {
  const parent = await findProductCard(c.var.db, variant.parent_id!);
  if (!parent) return c.notFound();
  return variantPage(c, parent, variant, valuesFromProduct(variant, await productAttributeValues(c.var.db, variant.id), c.var.locale), {});
}

export async function variantUpdate(c: C, variant: ProductCard) {
  const parent = await findProductCard(c.var.db, variant.parent_id!);
  if (!parent) return c.notFound();
  const values = valuesFromBody(await c.req.parseBody());
  const parsed = parseVariantForm(values, { locale: c.var.locale, axes: await axesOf(c), currency: variant.currency });
  if (!parsed.ok) return variantPage(c, parent, variant, values, parsed.errors, 422);
  const res = await saveVariant(c.var.db, parent, variant.id, parsed.data, stockBeforeOf(values), saveContext(c, 'product.updated'));
  if (!res.ok) return variantPage(c, parent, variant, values, res.errors, 422);
  await afterStockChange(c, res.stockChanged);
  await setFlash(c, { kind: 'success', message: catalogStaffMessages[c.var.locale].variantSaved(res.product.sku) });
  return c.redirect(`${BASE}/${variant.id}`, 303);
}
