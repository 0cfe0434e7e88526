import type { CustomFieldDef } from '../../../src/catalog/staff/product-form.ts';
import { catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { FormField, SelectField } from '../../components/form-field.tsx';
import { EmptyState, Table } from '../../components/table.tsx';
import { CatalogTabs, PageHead, STAFF_CATALOG } from './parts.tsx';

const BASE = `${STAFF_CATALOG}/custom-fields`;

export function CustomFieldsPage(p: { locale: Locale; fields: CustomFieldDef[]; form: { values: Record<string, string>; errors: Record<string, string | undefined> } }) {
  const m = catalogStaffMessages[p.locale];
  const typeLabel = { text: m.cf_text, number: m.cf_number, yesno: m.cf_yesno };
  const v = p.form.values;
  const e = p.form.errors;
  return (
    <section class="cat-admin">
      <CatalogTabs locale={p.locale} current="custom-fields" />
      <PageHead title={m.customFieldsTitle} />
      <p class="muted">{m.customFieldsIntro}</p>
      <Table<CustomFieldDef>
        caption={m.customFieldsTitle}
        id="custom-field-table"
        rows={p.fields}
        rowId={(f) => `custom-field-${f.key}`}
        empty={<EmptyState title={m.emptyCustomFields} text={m.emptyCustomFieldsText} />}
        columns={[
          { header: m.cfKey, cell: (f) => <span class="mono">{f.key}</span> },
          { header: m.cfLabel, cell: (f) => f.label },
          { header: m.cfType, cell: (f) => typeLabel[f.type] },
          {
            header: '',
            cell: (f) => (
              <form method="post" action={`${BASE}/${f.key}/delete`} class="inline">
                <button type="submit" class="btn btn--secondary btn--small" aria-label={`${m.delete}: ${f.label}`}>
                  {m.delete}
                </button>
              </form>
            ),
          },
        ]}
      />
      <form method="post" action={BASE} class="panel" id="new-custom-field" novalidate>
        <h2>{m.addCustomField}</h2>
        {e.form ? (
          <p class="field__error" role="alert">
            {e.form}
          </p>
        ) : null}
        <div class="form-grid">
          <FormField name="key" label={m.cfKey} value={v.key} error={e.key} required maxlength={40} hint={m.cfKeyHint} />
          <FormField name="label" label={m.cfLabel} value={v.label} error={e.label} required maxlength={100} />
          <SelectField
            name="type"
            label={m.cfType}
            value={v.type ?? 'text'}
            error={e.type}
            options={[
              { value: 'text', label: m.cf_text },
              { value: 'number', label: m.cf_number },
              { value: 'yesno', label: m.cf_yesno },
            ]}
          />
        </div>
        <Button>{m.addCustomField}</Button>
      </form>
    </section>
  );
}
