import type { CatalogMessages } from '../../src/catalog/messages.ts';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import type { ProductDetail } from '../../src/catalog/products.ts';
import { AvailabilityBadge, deliveryRange } from './results.tsx';

type Money = (minor: number, currency: string) => string;

function Availability(p: { t: CatalogMessages; d: ProductDetail['product'] }) {
  const { t, d } = p;
  const free = Math.max(0, d.stock_qty - d.reserved_qty);
  const days = d.lead_time_days + (d.availability === 'backorder' ? d.backorder_extra_days : 0);
  return (
    <div class="facts" data-testid="availability">
      <AvailabilityBadge t={t} availability={d.availability} />{' '}
      {d.availability === 'in_stock' ? t.available(free) : d.availability === 'backorder' ? t.backorderNote(d.backorder_extra_days) : t.blockedNote}
      <p>
        {t.leadTime}: {deliveryRange(t, days)}
      </p>
    </div>
  );
}

/** Product card (CAT-2): facts, availability, attributes table, variants; images and documents once files land (CAT-3). */
export function ProductPage(p: { t: CatalogMessages; detail: ProductDetail; money: Money }) {
  const { t, detail } = p;
  const d = detail.product;
  const gross = Math.round((d.list_price * (100 + d.vat_rate)) / 100);
  const facts: [string, string | number | null][] = [
    [t.colSku, d.sku],
    [t.barcode, d.barcode],
    [t.colBrand, d.brand || null],
    [t.unit, d.unit],
    [t.piecesPerPackage, d.pieces_per_package],
    [t.packagesPerPallet, d.packages_per_pallet],
    [t.minOrderQty, d.min_order_qty > 1 ? `${d.min_order_qty} ${d.unit}` : null],
    [t.orderType, t[`orderType_${d.order_type}`]],
  ];
  return (
    <article class="stack catalog-product" data-testid="product">
      {detail.breadcrumbs.length ? (
        <nav aria-label={t.categories}>
          <a href={`${CATALOG_PATH}/search`}>{t.allCategories}</a>
          {detail.breadcrumbs.map((c) => (
            <>
              {' › '}
              <a href={`${CATALOG_PATH}/search?category=${c.id}`}>{c.name}</a>
            </>
          ))}
        </nav>
      ) : null}
      <h1>{d.name}</h1>
      {d.short_description && d.short_description !== d.name ? <p class="lead">{d.short_description}</p> : null}
      <p>
        <strong class="num">{p.money(d.list_price, d.currency)}</strong> <span class="muted">{t.vat(d.vat_rate)}</span> ·{' '}
        <span class="num">{p.money(gross, d.currency)}</span> <span class="muted">{t.gross}</span>
      </p>
      <Availability t={t} d={d} />
      {detail.variants.length ? (
        <nav aria-label={t.variants}>
          <h2>{t.variants}</h2>
          <ul>
            {detail.variants.map((v) => (
              <li>
                {v.id === d.id ? (
                  <strong aria-current="page">{Object.values(v.variant_attributes).join(' · ') || v.name}</strong>
                ) : (
                  <a href={`${CATALOG_PATH}/products/${v.id}`}>{Object.values(v.variant_attributes).join(' · ') || v.name}</a>
                )}{' '}
                <span class="muted">{v.sku}</span>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <section>
        <h2>{t.details}</h2>
        <dl class="facts">
          {facts
            .filter(([, v]) => v !== null && v !== '')
            .map(([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </>
            ))}
        </dl>
      </section>
      {detail.attributes.length ? (
        <section>
          <h2>{t.attributes}</h2>
          <div class="table-wrap">
            <table class="table" data-testid="attributes">
              <tbody>
                {detail.attributes.map((a) => (
                  <tr>
                    <th scope="row">{a.name}</th>
                    <td>{a.unit ? `${a.value} ${a.unit}` : a.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {d.description ? <p>{d.description}</p> : null}
      {d.advantages ? (
        <section>
          <h2>{t.advantages}</h2>
          <p>{d.advantages}</p>
        </section>
      ) : null}
      {d.technical_details ? (
        <section>
          <h2>{t.technicalDetails}</h2>
          <pre class="mail-text">{d.technical_details}</pre>
        </section>
      ) : null}
      <p>
        <a href={`${CATALOG_PATH}/search`}>{t.backToSearch}</a>
      </p>
    </article>
  );
}
