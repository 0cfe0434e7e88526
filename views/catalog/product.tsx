import type { Child } from 'hono/jsx';
import type { CatalogMessages } from '../../src/catalog/messages.ts';
import type { MediaMessages } from '../../src/catalog/media-messages.ts';
import { documentUrl } from '../../src/catalog/media-files.ts';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import type { DeliveryEstimate, PaymentRow, ProductPageData, ShownPrice, TierRow } from '../../src/catalog/product-page.ts';
import { conversionNote, dayText, discountLabel, instalmentAmount } from '../../src/pricing/display.ts';
import type { ProductDetail } from '../../src/catalog/products.ts';
import type { Recommendation } from '../../src/catalog/recommendations.ts';
import { AvailabilityBadge } from './results.tsx';
import { AddToCart } from '../carts/add-to-cart.tsx';
import { Gallery, Thumb } from './media/gallery.tsx';
import { formatSize } from './media/size.ts';

type Money = (minor: number, currency: string) => string;

export interface ProductPageProps {
  t: CatalogMessages;
  m: MediaMessages;
  locale: 'tr' | 'en';
  data: ProductPageData;
  money: Money;
  /** The back-in-stock control (CAT-7), rendered by its owner's component when the product is not in stock. */
  backInStock?: Child;
  /** ORD-1: dealer users with orders.place (and staff acting for a dealer) get "add to cart" by the price. */
  canOrder?: boolean;
}

type Product = ProductDetail['product'];

/**
 * The dealer's price (PRC-1…PRC-5): unit net and gross in the dealer's currency for the minimum
 * order quantity, the list price struck through with the discount, the campaign with its last day,
 * the rate and rate day when converted; the list price with "price on request" when a rate is
 * missing.
 */
function PriceBox(p: { t: CatalogMessages; m: MediaMessages; locale: 'tr' | 'en'; price: ShownPrice; campaignEnds: string | null; unit: string; money: Money }) {
  const { t, m, price, money } = p;
  const dealer = price.kind === 'dealer' ? price : null;
  const discount = dealer ? discountLabel(dealer.listNet, dealer.net, p.locale) : null;
  const campaign = dealer?.resolved.breakdown.campaign;
  const conversion = dealer ? conversionNote(dealer.resolved, money, p.locale) : null;
  return (
    <div class="price-box" data-testid="price">
      <span class="muted">
        {dealer ? t.yourPrice : m.listPrice}
        {dealer && dealer.qty > 1 ? <> · {t.priceForQty(dealer.qty, p.unit)}</> : null}
      </span>
      <div>
        <strong class="price-box__net num">{money(price.net, price.currency)}</strong> <span class="muted">{m.perUnit(p.unit)}</span> <span class="muted">{m.net}</span>
      </div>
      <div>
        <span class="num">{money(price.gross, price.currency)}</span> <span class="muted">{m.gross(price.vatRate)}</span>
      </div>
      {dealer && discount ? (
        <div class="price-box__was" data-testid="list-price">
          <span class="muted">{t.listPriceWas}</span> <s>{money(dealer.listNet, dealer.currency)}</s> <span class="badge badge--discount">{discount}</span>
        </div>
      ) : null}
      {campaign ? (
        <div class="price-box__campaign">
          <span class="badge badge--campaign" data-testid="campaign-badge">
            {t.campaign}: {campaign.name}
          </span>{' '}
          {p.campaignEnds ? <span class="muted">{t.campaignUntil(dayText(p.campaignEnds, p.locale))}</span> : null}
        </div>
      ) : null}
      {conversion ? (
        <p class="price-box__rate muted" data-testid="rate-note">
          {t.rateNote}: {conversion}
        </p>
      ) : null}
      {price.kind === 'list' && price.rateMissing ? (
        <p class="price-tag__note" data-testid="rate-missing">
          {t.rateMissing}
        </p>
      ) : null}
    </div>
  );
}

/** PRC-3: the unit price from each quantity on (only when it changes with the quantity). */
function TierTable(p: { t: CatalogMessages; tiers: TierRow[]; unit: string; money: Money }) {
  const { t } = p;
  if (!p.tiers.length) return null;
  return (
    <section aria-labelledby="tiers-title">
      <h2 class="h3" id="tiers-title">
        {t.tiersTitle}
      </h2>
      <div class="table-wrap">
        <table class="table price-table" data-testid="tiers">
          <thead>
            <tr>
              <th scope="col">{t.colQty}</th>
              <th scope="col" class="num">
                {t.colUnitNet}
              </th>
              <th scope="col" class="num">
                {t.colUnitGross}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.tiers.map((r) => (
              <tr>
                <th scope="row">{t.tierFrom(r.qty, p.unit)}</th>
                <td class="num">
                  <strong>{p.money(r.price.net, r.price.currency)}</strong>
                </td>
                <td class="num">{p.money(r.price.gross, r.price.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function methodName(t: CatalogMessages, r: PaymentRow): string {
  const o = r.option;
  return o.method === 'installments' ? t.method_installments(o.installments ?? 0) : t[`method_${o.method}`];
}

/** "−3 %" / "+4,5 %" for an exact percent string; nothing for zero. */
function adjustment(percent: string, locale: 'tr' | 'en'): string {
  const n = percent.trim().replace(/^\+/, '');
  if (/^-?0*(\.0*)?$/.test(n)) return '';
  const [int, frac = ''] = n.replace('-', '').split('.');
  const f = frac.replace(/0+$/, '');
  const num = f ? `${int}${locale === 'tr' ? ',' : '.'}${f}` : int!;
  const sign = n.startsWith('-') ? '−' : '+';
  return locale === 'tr' ? `${sign}%${num}` : `${sign}${num}%`;
}

/** PRC-4: the unit price per payment method offered, side by side; instalments as "6 × X (total Y)". */
function PaymentPrices(p: { t: CatalogMessages; locale: 'tr' | 'en'; rows: PaymentRow[]; money: Money }) {
  const { t } = p;
  if (!p.rows.length) return null;
  return (
    <section aria-labelledby="payment-title">
      <h2 class="h3" id="payment-title">
        {t.paymentTitle}
      </h2>
      <ul class="payment-prices" data-testid="payment-prices">
        {p.rows.map((r) => {
          const { price } = r;
          const n = r.option.installments;
          const adj = adjustment(r.option.percent, p.locale);
          return (
            <li class="payment-price">
              <span class="payment-price__method">
                {methodName(t, r)} {adj ? <span class="muted">{adj}</span> : null}
              </span>
              <strong class="num">{p.money(price.net, price.currency)}</strong>
              <span class="muted num">
                {p.money(price.gross, price.currency)} {t.gross}
              </span>
              {n ? <span class="payment-price__instalments">{t.instalments(n, p.money(instalmentAmount(price.gross, n), price.currency), p.money(price.gross, price.currency))}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function deliveryBasis(m: MediaMessages, d: Extract<DeliveryEstimate, { orderable: true }>): string {
  if (d.basis === 'stock') return m.deliveryFromStock;
  if (d.basis === 'backorder') return m.deliveryBackorder(d.extraDays);
  return m.deliveryLeadTime;
}

function AvailabilityBox(p: { t: CatalogMessages; m: MediaMessages; d: Product; delivery: DeliveryEstimate; lowStock: boolean; children?: Child }) {
  const { t, m, d, delivery } = p;
  const free = Math.max(0, d.stock_qty - d.reserved_qty);
  return (
    <div class="availability-box" data-testid="availability">
      <p>
        <AvailabilityBadge t={t} availability={d.availability} />{' '}
        {p.lowStock ? <span class="badge badge--waiting">{m.lowStock}</span> : null}{' '}
        {d.availability === 'in_stock' ? <span>{m.inStockQty(free, d.unit)}</span> : null}
      </p>
      <p data-testid="delivery">
        <strong>{m.delivery}:</strong>{' '}
        {delivery.orderable ? (
          <>
            {m.workingDays(delivery.from, delivery.to)} <span class="muted">({deliveryBasis(m, delivery)})</span>
          </>
        ) : (
          <span class="error-text">{m.notOrderable}</span>
        )}
      </p>
      {p.children}
    </div>
  );
}

function SalesUnits(p: { t: CatalogMessages; m: MediaMessages; d: Product }) {
  const { t, m, d } = p;
  const rows: [string, string][] = [[t.unit, d.unit]];
  if (d.pieces_per_package) rows.push([t.piecesPerPackage, m.piecesPerPackage(d.pieces_per_package)]);
  if (d.packages_per_pallet) rows.push([t.packagesPerPallet, m.perPallet(d.packages_per_pallet, d.pieces_per_package)]);
  rows.push([t.minOrderQty, m.minQty(d.min_order_qty, d.unit)]);
  if (d.order_multiple > 1) rows.push(['×', m.multiple(d.order_multiple, d.unit)]);
  return (
    <section aria-labelledby="sales-units">
      <h2 class="h3" id="sales-units">
        {m.salesUnits}
      </h2>
      <dl class="facts" data-testid="sales-units">
        {rows.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

/**
 * A chip label per variant: its variant attribute values ("Krom"); when two variants share
 * those values, the part of the name that tells them apart comes first ("Termostatik · Krom").
 */
export function variantLabels(variants: Pick<ProductDetail['variants'][number], 'id' | 'name' | 'variant_attributes'>[]): Map<number, string> {
  const words = variants.map((v) => v.name.split(/\s+/));
  let common = 0;
  while (words.every((w) => w.length > common + 1 && w[common] === words[0]![common])) common++;
  const byValues = variants.map((v) => Object.values(v.variant_attributes as Record<string, string>).join(' · '));
  return new Map(
    variants.map((v, k) => {
      const values = byValues[k]!;
      const own = words[k]!.slice(common).join(' ');
      if (!values) return [v.id, own || v.name];
      const clash = byValues.filter((x) => x === values).length > 1;
      return [v.id, clash && own && own !== values ? `${own} · ${values}` : values];
    }),
  );
}

function VariantPicker(p: { t: CatalogMessages; m: MediaMessages; data: ProductPageData }) {
  const { t, m, data } = p;
  const { detail } = data;
  if (!detail.variants.length) return null;
  const names = new Map(detail.attributes.map((a) => [a.code, a.name]));
  const labels = variantLabels(detail.variants);
  return (
    <nav class="variant-picker" aria-labelledby="variants-title" data-testid="variants">
      <h2 class="h3" id="variants-title">
        {t.variants}
      </h2>
      <ul>
        {detail.variants.map((v) => {
          const current = v.id === detail.product.id;
          const attrs = Object.entries(v.variant_attributes as Record<string, string>);
          const label = labels.get(v.id)!;
          const title = attrs.map(([code, value]) => `${names.get(code) ?? code}: ${value}`).join(', ') || v.name;
          const state = v.availability === 'out_of_stock' ? m.variantOutOfStock : v.availability === 'backorder' ? m.variantBackorder : null;
          return (
            <li>
              <a
                href={`${CATALOG_PATH}/products/${v.id}`}
                class={`variant-chip${current ? ' variant-chip--current' : ''}${v.availability !== 'in_stock' ? ' variant-chip--unavailable' : ''}`}
                aria-current={current ? 'page' : undefined}
                title={title}
              >
                <Thumb image={data.variantImages.get(v.id)} size={40} />
                <span>
                  {label}
                  <span class="variant-chip__sku">{v.sku}</span>
                  {state ? <span class="variant-chip__state">{state}</span> : null}
                  {current ? <span class="visually-hidden"> ({m.variantCurrent})</span> : null}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Documents(p: { t: CatalogMessages; m: MediaMessages; locale: 'tr' | 'en'; documents: ProductDetail['documents'] }) {
  const { m } = p;
  if (!p.documents.length) return null;
  return (
    <section aria-labelledby="documents-title">
      <h2 class="h3" id="documents-title">
        {p.t.documents}
      </h2>
      <ul class="doc-list" data-testid="documents">
        {p.documents.map((d) => (
          <li>
            <a href={documentUrl(d)} download={d.original_name}>
              {d.title}
            </a>{' '}
            <span class="muted">
              · {m[`kind_${d.kind as 'manual'}`]} · {m.pdfSize(formatSize(Number(d.size), p.locale))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RecommendationList(p: { id: string; title: string; m: MediaMessages; items: Recommendation[]; data: ProductPageData }) {
  if (!p.items.length) return null;
  return (
    <section aria-labelledby={p.id} class="recommendations" data-testid={p.id}>
      <h2 id={p.id}>{p.title}</h2>
      <ul class="rec-list">
        {p.items.map((r) => (
          <li>
            <a href={`${CATALOG_PATH}/products/${r.id}`}>
              <Thumb image={p.data.recommendationImages.get(r.id)} size={96} />
              <span class="rec-list__name">{r.name}</span>
            </a>
            <span class="muted">
              <code>{r.sku}</code> · {p.m.timesOrdered(r.orders)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Splits "a · b · c" or one advantage per line into a list. */
const listOf = (text: string) =>
  text
    .split(/\n|\s·\s/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Dealer product page (CAT-2 card, CAT-3 images and documents, CAT-4 variants, CAT-7 availability, CAT-10 recommendations). */
export function ProductPage(p: ProductPageProps) {
  const { t, m, data } = p;
  const { detail } = data;
  const d = detail.product;
  const facts: [string, string | number | null][] = [
    [t.colSku, d.sku],
    [t.barcode, d.barcode],
    [t.colBrand, d.brand || null],
    [t.country, d.country_of_origin],
    [t.orderType, t[`orderType_${d.order_type}`]],
  ];
  return (
    <article class="catalog-product product-page" data-testid="product">
      {detail.breadcrumbs.length ? (
        <nav aria-label={t.categories} class="breadcrumbs">
          <a href={`${CATALOG_PATH}/search`}>{t.allCategories}</a>
          {detail.breadcrumbs.map((c) => (
            <>
              {' › '}
              <a href={`${CATALOG_PATH}/search?category=${c.id}`}>{c.name}</a>
            </>
          ))}
        </nav>
      ) : null}
      <div class="product-top">
        <Gallery t={m} images={data.images} name={d.name} />
        <div class="product-summary stack">
          <div>
            <h1>{d.name}</h1>
            <p class="muted">
              {d.brand ? <>{d.brand} · </> : null}
              <code>{d.sku}</code>
            </p>
            {d.short_description && d.short_description !== d.name ? <p class="lead">{d.short_description}</p> : null}
          </div>
          <PriceBox t={t} m={m} locale={p.locale} price={data.price} campaignEnds={data.campaignEnds} unit={d.unit} money={p.money} />
          {p.canOrder ? (
            <div class="product-order" data-testid="product-add-to-cart">
              <AddToCart locale={p.locale} productId={d.id} min={d.min_order_qty} step={d.order_multiple} sku={d.sku} back={`${CATALOG_PATH}/products/${d.id}`} />
            </div>
          ) : null}
          <TierTable t={t} tiers={data.tiers} unit={d.unit} money={p.money} />
          <PaymentPrices t={t} locale={p.locale} rows={data.payments} money={p.money} />
          <AvailabilityBox t={t} m={m} d={d} delivery={data.delivery} lowStock={data.lowStock}>
            {p.backInStock}
          </AvailabilityBox>
          <VariantPicker t={t} m={m} data={data} />
          <SalesUnits t={t} m={m} d={d} />
          <Documents t={t} m={m} locale={p.locale} documents={detail.documents} />
        </div>
      </div>
      <RecommendationList id="bought-together" title={m.boughtTogether} m={m} items={data.together} data={data} />
      <div class="product-details">
        <section aria-labelledby="details-title">
          <h2 id="details-title">{t.details}</h2>
          {d.description ? <p>{d.description}</p> : null}
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
          <section aria-labelledby="attributes-title">
            <h2 id="attributes-title">{t.attributes}</h2>
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
        {d.advantages ? (
          <section aria-labelledby="advantages-title">
            <h2 id="advantages-title">{t.advantages}</h2>
            <ul class="ticks">
              {listOf(d.advantages).map((a) => (
                <li>{a}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {d.technical_details ? (
          <section aria-labelledby="technical-title">
            <h2 id="technical-title">{t.technicalDetails}</h2>
            <pre class="mail-text">{d.technical_details}</pre>
          </section>
        ) : null}
      </div>
      <RecommendationList id="bought-before" title={m.boughtBefore} m={m} items={data.before} data={data} />
      <p>
        <a href={`${CATALOG_PATH}/search`}>{t.backToSearch}</a>
      </p>
    </article>
  );
}
