import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { ProductPage } from '../../views/catalog/product.tsx';
import { catalogMessages } from './messages.ts';
import { getProductDetail } from './products.ts';
import { moneyFormat } from './money.ts';

/** Dealer product page (CAT-2 card, CAT-4 variants, CAT-7 availability). Mounted at /portal/catalog/products. */
export const productRoutes = new Hono<AppEnv>();

productRoutes.get('/:id', async (c) => {
  const id = idParam(c);
  if (!id) return renderError(c, 404);
  const detail = await getProductDetail(c.var.db, id);
  if (!detail) return renderError(c, 404);
  const t = catalogMessages[c.var.locale];
  return c.html(page(c, detail.product.name, <ProductPage t={t} detail={detail} money={moneyFormat(c)} />));
});
