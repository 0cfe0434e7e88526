import type { AttributeDefinition, ProductCard } from '../../../src/catalog/products.ts';
import type { FieldErrors, FormValues } from '../../../src/catalog/staff/product-form.ts';
import { catalogFieldErrors, catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { CheckField, FormField } from '../../components/form-field.tsx';
import { AvailabilityBadge } from './product-list.tsx';
import { AttributeInput, ProductLinks } from './product-form.tsx';
import { CatalogTabs, PageHead, STAFF_CATALOG } from './parts.tsx';

const BASE = `${STAFF_CATALOG}/products`;

export interface VariantFormProps {
  locale: Locale;
  parent: ProductCard;
  /** Absent when adding a variant. */
  variant?: ProductCard;
  axes: AttributeDefinition[];
  values: FormValues;
  errors: FieldErrors;
}

/** CAT-4: a variant's own SKU, barcode, price and stock, and its values on the variant axes. */
export function VariantFormPage(p: VariantFormProps) {
  const m = catalogStaffMessages[p.locale];
  const fe = catalogFieldErrors[p.locale];
  const v = p.values;
  const err = (k: string) => (p.errors[k] ? fe[p.errors[k]!] : undefined);
  const f = (name: string) => ({ name, value: v[name] ?? '', error: err(name) });
  const action = p.variant ? `${BASE}/${p.variant.id}` : `${BASE}/${p.parent.id}/variants`;
  return (
    <section class="cat-admin">
      <CatalogTabs locale={p.locale} current="products" />
      <p>
        <a href={`${BASE}/${p.parent.id}#variants`}>
          ← {m.variantOf}: {p.parent.sku} · {p.parent.name}
        </a>
      </p>
      {p.variant ? (
        <>
          <PageHead title={m.editVariantTitle(p.variant.sku)}>
            <ProductLinks locale={p.locale} id={p.variant.id} />
          </PageHead>
          <p class="cat-subtitle">
            {p.variant.name} <AvailabilityBadge locale={p.locale} availability={p.variant.availability} />
          </p>
        </>
      ) : (
        <PageHead title={m.newVariantTitle(p.parent.sku)} />
      )}
      <p class="muted">{m.variantCategoryNote}</p>
      <form method="post" action={action} class="product-form" id="variant-form" novalidate>
        {Object.keys(p.errors).length ? (
          <p class="flash flash--error" role="alert" id="form-errors">
            {m.fixErrors}
          </p>
        ) : null}
        <div class="cat-form-grid">
          <fieldset class="panel" id="fs-identity">
            <legend>{m.sectionIdentity}</legend>
            <div class="form-grid">
              <FormField {...f('sku')} label={m.sku} required maxlength={64} autocomplete="off" />
              <FormField {...f('barcode')} label={m.barcode} hint={m.barcodeHint} inputmode="numeric" maxlength={20} autocomplete="off" />
            </div>
            <FormField {...f('name')} label={m.name} required maxlength={200} />
          </fieldset>
          <fieldset class="panel" id="fs-axes">
            <legend>{m.colAxes}</legend>
            <div class="form-grid">
              {p.axes.map((d) => (
                <AttributeInput locale={p.locale} def={d} value={v[`attr.${d.code}`] ?? ''} error={err(`attr.${d.code}`)} />
              ))}
            </div>
          </fieldset>
          <fieldset class="panel" id="fs-price">
            <legend>{m.sectionPriceOnly}</legend>
            <div class="form-grid">
              <FormField {...f('list_price')} label={`${m.listPrice} · ${(p.variant ?? p.parent).currency}`} hint={m.listPriceHint} required inputmode="decimal" maxlength={24} />
            </div>
          </fieldset>
          <fieldset class="panel" id="fs-stock">
            <legend>{m.sectionStock}</legend>
            <div class="form-grid">
              <FormField {...f('stock_qty')} label={m.stockQty} hint={m.stockHint} inputmode="numeric" maxlength={10} />
              <FormField {...f('min_stock')} label={m.minStock} inputmode="numeric" maxlength={10} />
            </div>
            {p.variant ? <input type="hidden" name="stock_before" value={v.stock_before ?? ''} /> : null}
            <CheckField name="active" label={m.active} checked={v.active === '1'} />
            <CheckField name="hidden" label={m.hidden} checked={v.hidden === '1'} />
          </fieldset>
        </div>
        <div class="form-actions">
          <Button>{p.variant ? m.save : m.addVariant}</Button>
          <a class="btn btn--secondary" href={`${BASE}/${p.parent.id}`}>
            {m.cancel}
          </a>
        </div>
      </form>
    </section>
  );
}
