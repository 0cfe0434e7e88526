import type { AttributeDefinition, ProductCard } from '../../../src/catalog/products.ts';
import type { FieldErrors, FormValues } from '../../../src/catalog/staff/product-form.ts';
import { catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { FormField } from '../../components/form-field.tsx';
import { AvailabilityBadge } from './product-list.tsx';
import { AttributeInput, FormErrors, IdentityFields, ProductLinks, StockFieldset, formFields } from './product-form.tsx';
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
  const v = p.values;
  const fields = formFields(p.locale, v, p.errors);
  const { err, f } = fields;
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
        <FormErrors locale={p.locale} errors={p.errors} />
        <div class="cat-form-grid">
          <fieldset class="panel" id="fs-identity">
            <legend>{m.sectionIdentity}</legend>
            <IdentityFields locale={p.locale} f={f} />
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
          <StockFieldset locale={p.locale} fields={fields} values={v} editing={Boolean(p.variant)} />
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
