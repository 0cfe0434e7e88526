import type { AttributeDefinition } from '../../../src/catalog/products.ts';
import { catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { CheckField, FormField, SelectField } from '../../components/form-field.tsx';
import { EmptyState, Table } from '../../components/table.tsx';
import { BackLink, CatalogTabs, DeleteForm, PageHead, STAFF_CATALOG, TextArea } from './parts.tsx';

type Errors = Record<string, string | undefined>;
const BASE = `${STAFF_CATALOG}/attributes`;

export interface AttributeFormState {
  values: Record<string, string>;
  errors: Errors;
}

function AttributeFields(p: { locale: Locale; state: AttributeFormState; codeFixed?: string }) {
  const m = catalogStaffMessages[p.locale];
  const v = p.state.values;
  const e = p.state.errors;
  return (
    <>
      <div class="form-grid">
        {p.codeFixed ? (
          <div class="field">
            <span class="field__label">{m.attrCode}</span>
            <span class="mono" data-testid="attr-code">
              {p.codeFixed}
            </span>
            <p class="field__hint">{m.attrCodeHint}</p>
          </div>
        ) : (
          <FormField name="code" label={m.attrCode} value={v.code} error={e.code} required maxlength={60} hint={m.attrCodeHint} pattern="[a-z0-9_]{1,60}" />
        )}
        <FormField name="name" label={m.attrName} value={v.name} error={e.name} required maxlength={100} />
        <SelectField
          name="type"
          label={m.attrType}
          value={v.type ?? 'text'}
          error={e.type}
          options={[
            { value: 'text', label: m.type_text },
            { value: 'number', label: m.type_number },
            { value: 'choice', label: m.type_choice },
          ]}
        />
        <FormField name="unit" label={m.attrUnit} value={v.unit} error={e.unit} maxlength={20} hint={m.attrUnitHint} />
        <FormField name="position" label={m.attrPosition} value={v.position ?? '0'} error={e.position} inputmode="numeric" maxlength={6} />
      </div>
      <TextArea name="choices" label={m.attrChoices} value={v.choices ?? ''} error={e.choices} rows={4} hint={m.attrChoicesHint} />
      <CheckField name="filterable" label={m.attrFilterable} checked={v.filterable === '1'} />
      <CheckField name="variant_axis" label={m.attrVariantAxis} checked={v.variant_axis === '1'} />
    </>
  );
}

export function AttributeListPage(p: { locale: Locale; defs: AttributeDefinition[]; usage: Map<number, number>; form: AttributeFormState }) {
  const m = catalogStaffMessages[p.locale];
  const typeLabel = { text: m.type_text, number: m.type_number, choice: m.type_choice };
  return (
    <section class="cat-admin">
      <CatalogTabs locale={p.locale} current="attributes" />
      <PageHead title={m.attributesTitle} />
      <p class="muted">{m.attributesIntro}</p>
      <Table<AttributeDefinition>
        caption={m.attributesTitle}
        id="attribute-table"
        rows={p.defs}
        rowId={(d) => `attribute-${d.id}`}
        empty={<EmptyState title={m.emptyAttributes} text={m.emptyAttributesText} />}
        columns={[
          { header: m.attrCode, cell: (d) => <a href={`${BASE}/${d.id}`} class="mono">{d.code}</a> },
          { header: m.attrName, cell: (d) => d.name },
          { header: m.attrType, cell: (d) => typeLabel[d.type] },
          { header: m.attrUnit, cell: (d) => d.unit || m.none },
          { header: m.attrChoices, cell: (d) => (d.choices.length ? <span class="cat-choices">{d.choices.join(', ')}</span> : m.none) },
          { header: m.colFilterable, cell: (d) => (d.filterable ? m.yes : m.no) },
          { header: m.colVariantAxis, cell: (d) => (d.variant_axis ? m.yes : m.no) },
          { header: m.attrPosition, numeric: true, cell: (d) => d.position },
          { header: m.attrUsage, numeric: true, cell: (d) => m.attrUsedBy(p.usage.get(d.id) ?? 0) },
          { header: '', cell: (d) => <a class="btn btn--secondary btn--small" href={`${BASE}/${d.id}`}>{m.edit}</a> },
        ]}
      />
      <form method="post" action={BASE} class="panel" id="new-attribute" novalidate>
        <h2>{m.newAttribute}</h2>
        <AttributeFields locale={p.locale} state={p.form} />
        <Button>{m.createAttribute}</Button>
      </form>
    </section>
  );
}

export function AttributeEditPage(p: { locale: Locale; def: AttributeDefinition; usage: number; form: AttributeFormState; deleteError?: string }) {
  const m = catalogStaffMessages[p.locale];
  return (
    <section class="cat-admin">
      <CatalogTabs locale={p.locale} current="attributes" />
      <BackLink href={BASE} label={m.attributesTitle} />
      <PageHead title={m.editAttribute(p.def.name)} />
      <p class="muted">{m.attrUsedBy(p.usage)}</p>
      <div class="cat-split">
        <form method="post" action={`${BASE}/${p.def.id}`} class="panel" id="attribute-form" novalidate>
          {p.form.errors.form ? (
            <p class="notice notice--warn" role="alert" id="attribute-form-error">
              {p.form.errors.form}
            </p>
          ) : null}
          <AttributeFields locale={p.locale} state={p.form} codeFixed={p.def.code} />
          <Button>{m.save}</Button>
        </form>
        <DeleteForm locale={p.locale} action={`${BASE}/${p.def.id}/delete`} id="attribute-delete" title={m.deleteAttribute} hint={m.deleteAttributeHint} error={p.deleteError} />
      </div>
    </section>
  );
}
