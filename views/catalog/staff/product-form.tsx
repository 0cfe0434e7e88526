import type { Child } from 'hono/jsx';
import type { CategoryNode } from '../../../src/catalog/categories.ts';
import type { AttributeDefinition, ProductCard } from '../../../src/catalog/products.ts';
import { OOS_BEHAVIOURS, ORDER_TYPES, type CustomFieldDef, type FieldErrors, type FormValues } from '../../../src/catalog/staff/product-form.ts';
import type { VariantRow } from '../../../src/catalog/staff/queries.ts';
import { catalogFieldErrors, catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button, LinkButton } from '../../components/button.tsx';
import { CheckField, FormField, SelectField } from '../../components/form-field.tsx';
import { Table } from '../../components/table.tsx';
import { AvailabilityBadge, ProductStatus } from './product-list.tsx';
import { BackLink, CatalogTabs, PageHead, STAFF_CATALOG, TextArea, categoryOptions } from './parts.tsx';

const BASE = `${STAFF_CATALOG}/products`;
const UNITS = { tr: ['adet', 'kutu', 'paket', 'koli', 'litre', 'metre', 'kg', 'takım', 'rulo'], en: ['piece', 'box', 'pack', 'carton', 'litre', 'metre', 'kg', 'set', 'roll'] };

export interface ProductFormProps {
  locale: Locale;
  /** Absent on the "new product" page. */
  product?: ProductCard;
  values: FormValues;
  errors: FieldErrors;
  tree: CategoryNode[];
  defs: AttributeDefinition[];
  customFields: CustomFieldDef[];
  variants: VariantRow[];
  money: (minor: number, currency: string) => string;
  /** PRC-5: the seller's VAT rates (setting pricing.vatRates); the VAT input becomes a select of them. */
  vatRates?: number[];
}

/** PRC-5: the seller's VAT rates as options; a stored rate no longer offered stays selectable. */
export function vatOptions(locale: Locale, rates: number[], current: string | undefined) {
  const label = (r: number | string) => (locale === 'tr' ? `%${r}` : `${r} %`);
  const options = rates.map((r) => ({ value: String(r), label: label(r) }));
  if (current && /^[0-9]{1,3}$/.test(current) && !rates.includes(Number(current))) options.push({ value: current, label: label(current) });
  return options;
}

/** Attribute inputs by definition: a choice is a select, a number a decimal input with its unit. */
export function AttributeInput(p: { locale: Locale; def: AttributeDefinition; value: string; error?: string | undefined }) {
  const m = catalogStaffMessages[p.locale];
  const name = `attr.${p.def.code}`;
  const label = p.def.unit ? `${p.def.name} (${p.def.unit})` : p.def.name;
  if (p.def.type === 'choice') {
    const options = [{ value: '', label: m.choose }, ...p.def.choices.map((ch) => ({ value: ch, label: ch }))];
    // A stored value no longer in the list stays visible (and selected) until changed.
    if (p.value && !p.def.choices.includes(p.value)) options.push({ value: p.value, label: p.value });
    return <SelectField name={name} label={label} value={p.value} error={p.error} options={options} />;
  }
  return <FormField name={name} label={label} value={p.value} error={p.error} maxlength={500} inputmode={p.def.type === 'number' ? 'decimal' : undefined} />;
}

/** Field props (name, value, translated error) for the product and variant forms. */
export function formFields(locale: Locale, values: FormValues, errors: FieldErrors) {
  const fe = catalogFieldErrors[locale];
  const err = (k: string) => (errors[k] ? fe[errors[k]!] : undefined);
  const f = (name: string) => ({ name, value: values[name] ?? '', error: err(name) });
  return { err, f };
}

type Fields = ReturnType<typeof formFields>;

/** "Fix the marked fields" above a refused product or variant form. */
export function FormErrors(p: { locale: Locale; errors: FieldErrors }) {
  return Object.keys(p.errors).length ? (
    <p class="flash flash--error" role="alert" id="form-errors">
      {catalogStaffMessages[p.locale].fixErrors}
    </p>
  ) : null;
}

/** SKU, barcode and name: the start of the identity section of both forms. */
export function IdentityFields(p: { locale: Locale; f: Fields['f'] }) {
  const m = catalogStaffMessages[p.locale];
  const f = p.f;
  return (
    <>
      <div class="form-grid">
        <FormField {...f('sku')} label={m.sku} required maxlength={64} autocomplete="off" />
        <FormField {...f('barcode')} label={m.barcode} hint={m.barcodeHint} inputmode="numeric" maxlength={20} autocomplete="off" />
      </div>
      <FormField {...f('name')} label={m.name} required maxlength={200} />
    </>
  );
}

/** The stock section of both forms; `children` are extra inputs after quantity and minimum. */
export function StockFieldset(p: { locale: Locale; fields: Fields; values: FormValues; editing: boolean; children?: Child }) {
  const m = catalogStaffMessages[p.locale];
  const { f } = p.fields;
  const v = p.values;
  return (
    <fieldset class="panel" id="fs-stock">
      <legend>{m.sectionStock}</legend>
      <div class="form-grid">
        <FormField {...f('stock_qty')} label={m.stockQty} hint={m.stockHint} inputmode="numeric" maxlength={10} />
        <FormField {...f('min_stock')} label={m.minStock} inputmode="numeric" maxlength={10} />
        {p.children ?? null}
      </div>
      {p.editing ? <input type="hidden" name="stock_before" value={v.stock_before ?? ''} /> : null}
      <CheckField name="active" label={m.active} checked={v.active === '1'} />
      <CheckField name="hidden" label={m.hidden} checked={v.hidden === '1'} />
    </fieldset>
  );
}

export function ProductForm(p: ProductFormProps) {
  const m = catalogStaffMessages[p.locale];
  const v = p.values;
  const fields = formFields(p.locale, v, p.errors);
  const { err, f } = fields;
  const action = p.product ? `${BASE}/${p.product.id}` : BASE;
  return (
    <form method="post" action={action} class="product-form" id="product-form" novalidate>
      <FormErrors locale={p.locale} errors={p.errors} />
      <div class="cat-form-grid">
        <fieldset class="panel" id="fs-identity">
          <legend>{m.sectionIdentity}</legend>
          <IdentityFields locale={p.locale} f={f} />
          <SelectField name="category_id" label={m.category} value={v.category_id ?? ''} error={err('category_id')} options={[{ value: '', label: m.noCategory }, ...categoryOptions(p.tree)]} />
          <div class="form-grid">
            <FormField {...f('brand')} label={m.brand} maxlength={100} />
            <FormField {...f('manufacturer')} label={m.manufacturer} maxlength={200} />
            <FormField {...f('country_of_origin')} label={m.country} hint={m.countryHint} maxlength={2} autocomplete="off" />
          </div>
        </fieldset>
        <fieldset class="panel" id="fs-price">
          <legend>{m.sectionPrice}</legend>
          <div class="form-grid">
            <FormField {...f('list_price')} label={m.listPrice} hint={m.listPriceHint} required inputmode="decimal" maxlength={24} />
            <FormField {...f('currency')} label={m.currency} required maxlength={3} autocomplete="off" />
            {p.vatRates ? (
              <SelectField name="vat_rate" label={m.vatRate} value={v.vat_rate ?? ''} error={err('vat_rate')} options={vatOptions(p.locale, p.vatRates, v.vat_rate)} required />
            ) : (
              <FormField {...f('vat_rate')} label={m.vatRate} required inputmode="numeric" maxlength={3} />
            )}
          </div>
        </fieldset>
        <fieldset class="panel" id="fs-units">
          <legend>{m.sectionUnits}</legend>
          <div class="form-grid">
            <FormField {...f('unit')} label={m.unit} hint={m.unitHint} required maxlength={20} attrs={{ list: 'unit-options' }} />
            <FormField {...f('pieces_per_package')} label={m.piecesPerPackage} inputmode="numeric" maxlength={9} />
            <FormField {...f('packages_per_pallet')} label={m.packagesPerPallet} inputmode="numeric" maxlength={9} />
            <FormField {...f('min_order_qty')} label={m.minOrderQty} inputmode="numeric" maxlength={9} />
            <FormField {...f('order_multiple')} label={m.orderMultiple} inputmode="numeric" maxlength={9} />
            <SelectField name="order_type" label={m.orderType} value={v.order_type ?? 'stock'} error={err('order_type')} options={ORDER_TYPES.map((t) => ({ value: t, label: m[`orderType_${t}`] }))} />
            <FormField {...f('lead_time_days')} label={m.leadTime} inputmode="numeric" maxlength={4} />
            <FormField {...f('weight_kg')} label={m.weight} inputmode="decimal" maxlength={16} />
          </div>
          <datalist id="unit-options">
            {UNITS[p.locale].map((u) => (
              <option value={u} />
            ))}
          </datalist>
        </fieldset>
        <StockFieldset locale={p.locale} fields={fields} values={v} editing={Boolean(p.product)}>
          <SelectField name="out_of_stock_behaviour" label={m.oos} value={v.out_of_stock_behaviour ?? 'backorder'} error={err('out_of_stock_behaviour')} options={OOS_BEHAVIOURS.map((b) => ({ value: b, label: m[`oos_${b}`] }))} />
          <FormField {...f('backorder_extra_days')} label={m.backorderDays} hint={m.backorderDaysHint} inputmode="numeric" maxlength={4} />
        </StockFieldset>
        <fieldset class="panel cat-form-grid__wide" id="fs-descriptions">
          <legend>{m.sectionDescriptions}</legend>
          <TextArea {...f('short_description')} label={m.shortDescription} rows={2} maxlength={500} />
          <TextArea {...f('description')} label={m.description} rows={6} maxlength={20000} />
          <div class="cat-two">
            <TextArea {...f('advantages')} label={m.advantages} rows={5} maxlength={10000} />
            <TextArea {...f('technical_details')} label={m.technicalDetails} rows={5} maxlength={10000} />
          </div>
        </fieldset>
        <fieldset class="panel" id="fs-attributes">
          <legend>{m.sectionAttributes}</legend>
          {p.defs.length ? (
            <div class="form-grid">
              {p.defs.map((d) => (
                <AttributeInput locale={p.locale} def={d} value={v[`attr.${d.code}`] ?? ''} error={err(`attr.${d.code}`)} />
              ))}
            </div>
          ) : (
            <p class="muted">
              <a href={`${STAFF_CATALOG}/attributes`}>{m.noAttributes}</a>
            </p>
          )}
        </fieldset>
        <fieldset class="panel" id="fs-custom">
          <legend>{m.sectionCustom}</legend>
          {p.customFields.length ? (
            <div class="form-grid">
              {p.customFields.map((cf) =>
                cf.type === 'yesno' ? (
                  <CheckField name={`custom.${cf.key}`} label={cf.label} checked={v[`custom.${cf.key}`] === '1'} />
                ) : (
                  <FormField {...f(`custom.${cf.key}`)} label={cf.label} maxlength={2000} inputmode={cf.type === 'number' ? 'decimal' : undefined} />
                ),
              )}
            </div>
          ) : (
            <p class="muted">
              <a href={`${STAFF_CATALOG}/custom-fields`}>{m.emptyCustomFieldsText}</a>
            </p>
          )}
        </fieldset>
      </div>
      <div class="form-actions">
        <Button>{p.product ? m.save : m.createProduct}</Button>
        <a class="btn btn--secondary" href={BASE}>
          {m.cancel}
        </a>
      </div>
    </form>
  );
}

function VariantList(p: { locale: Locale; product: ProductCard; variants: VariantRow[]; canAdd: boolean; money: ProductFormProps['money'] }) {
  const m = catalogStaffMessages[p.locale];
  return (
    <section class="panel" id="variants" aria-labelledby="variants-h">
      <div class="page-head">
        <h2 id="variants-h">{m.variantsTitle}</h2>
        {p.canAdd ? <LinkButton href={`${BASE}/${p.product.id}/variants/new`} variant="secondary">{m.addVariant}</LinkButton> : null}
      </div>
      <p class="muted">{p.canAdd ? m.variantsIntro : m.noAxes}</p>
      {p.variants.length ? (
        <Table<VariantRow>
          caption={m.variantsTitle}
          id="variant-table"
          rows={p.variants}
          rowId={(r) => `variant-${r.id}`}
          columns={[
            { header: m.colSku, cell: (r) => <a class="mono" href={`${BASE}/${r.id}`}>{r.sku}</a> },
            { header: m.colAxes, cell: (r) => Object.values(r.variant_attributes).join(' · ') || m.none },
            { header: m.colName, cell: (r) => (<>{r.name} <ProductStatus locale={p.locale} active={r.active} hidden={r.hidden} /></>) },
            { header: m.barcode, cell: (r) => <span class="mono">{r.barcode ?? m.none}</span> },
            { header: m.colPrice, numeric: true, cell: (r) => p.money(Number(r.list_price), r.currency) },
            { header: m.colStock, numeric: true, cell: (r) => r.stock_qty },
            { header: m.colAvailability, cell: (r) => <AvailabilityBadge locale={p.locale} availability={r.availability} /> },
          ]}
        />
      ) : (
        <p class="muted">{m.noVariants}</p>
      )}
    </section>
  );
}

export function ProductLinks(p: { locale: Locale; id: number }) {
  const m = catalogStaffMessages[p.locale];
  return (
    <nav class="cat-links" aria-label={m.sectionIdentity}>
      <a class="btn btn--secondary btn--small" href={`/staff/media/products/${p.id}`}>
        {m.linkMedia}
      </a>
      <a class="btn btn--secondary btn--small" href={`/staff/stock/products/${p.id}`}>
        {m.linkStock}
      </a>
      <a class="btn btn--secondary btn--small" href={`/portal/catalog/products/${p.id}`}>
        {m.linkDealerView}
      </a>
    </nav>
  );
}

export function ProductEditPage(p: ProductFormProps & { canAddVariants: boolean }) {
  const m = catalogStaffMessages[p.locale];
  return (
    <section class="cat-admin">
      <CatalogTabs locale={p.locale} current="products" />
      <BackLink href={BASE} label={m.productsTitle} />
      {p.product ? (
        <>
          <PageHead title={m.editProductTitle(p.product.sku)}>
            <ProductLinks locale={p.locale} id={p.product.id} />
          </PageHead>
          <p class="cat-subtitle">
            {p.product.name} <AvailabilityBadge locale={p.locale} availability={p.product.availability} /> <ProductStatus locale={p.locale} active={p.product.active} hidden={p.product.hidden} />
          </p>
        </>
      ) : (
        <PageHead title={m.newProductTitle} />
      )}
      <ProductForm {...p} />
      {p.product ? <VariantList locale={p.locale} product={p.product} variants={p.variants} canAdd={p.canAddVariants} money={p.money} /> : null}
    </section>
  );
}
