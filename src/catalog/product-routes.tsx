import { Hono } from 'hono';
import { currentDealerId } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { ProductPage } from '../../views/catalog/product.tsx';
import { BackInStockButton } from '../../views/stock/back-in-stock.tsx';
import { isSubscribed } from '../stock/subscriptions.ts';
import { catalogMessages } from './messages.ts';
import { mediaMessages } from './media-messages.ts';
import { moneyFormat } from './money.ts';
import { loadProductPage } from './product-page.ts';
import { requestPricing } from './dealer-prices.ts';
import { cartViewer } from '../carts/view-model.ts';

/**
 * Dealer product page (CAT-2 card, CAT-3 gallery and documents, CAT-4 variants, CAT-7
 * availability and delivery range, CAT-10 recommendations). Mounted at /portal/catalog/products
 * behind requireDealer (the catalog's guard); a product the dealer may not see is a 404.
 */
export const productRoutes = new Hono<AppEnv>();

productRoutes.get('/:id', async (c) => {
  const id = idParam(c);
  if (!id) return renderError(c, 404);
  const data = await loadProductPage(c.var.db, c.var.tenant.schema, id, currentDealerId(c), await requestPricing(c), c.var.log);
  if (!data) return renderError(c, 404);
  const product = data.detail.product;
  const user = c.var.user!;
  const backInStock =
    product.availability === 'in_stock' ? null : (
      <BackInStockButton
        productId={product.id}
        availability={product.availability}
        locale={c.var.locale}
        subscribed={user.kind === 'dealer' && (await isSubscribed(c.var.db, product.id, user.id))}
        actingStaff={user.kind === 'staff'}
      />
    );
  return c.html(
    page(
      c,
      product.name,
      <ProductPage t={catalogMessages[c.var.locale]} m={mediaMessages[c.var.locale]} locale={c.var.locale} data={data} money={moneyFormat(c)} backInStock={backInStock} canOrder={cartViewer(c)?.canPlace ?? false} />,
    ),
  );
});
