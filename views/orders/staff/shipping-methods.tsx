import type { Selectable } from 'kysely';
import type { ShippingMethodsTable } from '../../../src/db/types.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import type { MethodError, MethodField, MethodValues } from '../../../src/orders/shipping-methods.ts';
import { shippingMessages } from '../../../src/orders/staff-messages.ts';
import { Button, PostForm } from '../../components/button.tsx';
import { CheckField, FormField } from '../../components/form-field.tsx';
import { EmptyState, StatusBadge, Table } from '../../components/table.tsx';
import { numberFormat } from '../../../src/i18n/intl-cache.ts';

type Method = Selectable<ShippingMethodsTable>;

export interface MethodForm {
  id: number | null;
  values: MethodValues;
  errors: Partial<Record<MethodField, MethodError>>;
}

const fmt = (locale: Locale, minor: number, currency: string) => numberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { style: 'currency', currency }).format(minor / 100);

export function ShippingMethodsPage(p: { locale: Locale; methods: Method[]; form: MethodForm }) {
  const m = shippingMessages[p.locale];
  const err = (f: MethodField) => (p.form.errors[f] ? m[`err_${p.form.errors[f]}`] : undefined);
  const editing = p.form.id !== null;
  const action = editing ? `/staff/shipping-methods/${p.form.id}` : '/staff/shipping-methods';
  return (
    <div class="stack">
      <header>
        <h1>{m.title}</h1>
        <p class="lead">{m.lead}</p>
      </header>
      <Table<Method>
        caption={m.title}
        id="shipping-methods"
        rows={p.methods}
        rowId={(r) => `method-${r.id}`}
        empty={<EmptyState title={m.emptyTitle} text={m.emptyText} />}
        columns={[
          { header: m.colSort, numeric: true, cell: (r) => r.sort },
          { header: m.colCode, cell: (r) => <code>{r.code}</code> },
          { header: m.colName, cell: (r) => <strong>{r.name}</strong> },
          { header: m.colPrice, numeric: true, cell: (r) => fmt(p.locale, r.price, r.currency) },
          { header: m.colFree, numeric: true, cell: (r) => (r.free_from == null ? '—' : fmt(p.locale, r.free_from, r.currency)) },
          { header: m.colVat, numeric: true, cell: (r) => `%${r.vat_rate}` },
          { header: m.colActive, cell: (r) => <StatusBadge status={r.active ? 'active' : 'suspended'} label={r.active ? m.active : m.inactive} /> },
          {
            header: '',
            cell: (r) => (
              <div class="list-actions">
                <a class="btn btn--secondary btn--small" href={`/staff/shipping-methods/${r.id}/edit#method-form`}>
                  {m.edit}
                </a>
                <PostForm action={`/staff/shipping-methods/${r.id}/delete`} class="inline">
                  <Button variant="danger" attrs={{ class: 'btn btn--danger btn--small' }}>
                    {m.delete}
                  </Button>
                </PostForm>
              </div>
            ),
          },
        ]}
      />
      <PostForm action={action} class="panel" attrs={{ id: 'method-form' }}>
        <h2>{editing ? m.editTitle(p.form.values.name) : m.addTitle}</h2>
        <div class="form-grid">
          <FormField name="code" label={m.code} hint={m.codeHint} value={p.form.values.code} error={err('code')} required maxlength={40} autocomplete="off" />
          <FormField name="name" label={m.name} value={p.form.values.name} error={err('name')} required maxlength={100} />
          <FormField name="price" label={m.price} hint={m.priceHint} value={p.form.values.price} error={err('price')} required inputmode="decimal" maxlength={30} />
          <FormField name="currency" label={m.currency} value={p.form.values.currency} error={err('currency')} required maxlength={3} />
          <FormField name="free_from" label={m.freeFrom} hint={m.freeFromHint} value={p.form.values.free_from} error={err('free_from')} inputmode="decimal" maxlength={30} />
          <FormField name="vat_rate" label={m.vatRate} value={p.form.values.vat_rate} error={err('vat_rate')} required inputmode="numeric" maxlength={3} />
          <FormField name="sort" label={m.sort} value={p.form.values.sort} error={err('sort')} inputmode="numeric" maxlength={5} />
          <CheckField name="active" label={m.activeLabel} checked={p.form.values.active} />
        </div>
        <div class="form-actions">
          <Button>{m.save}</Button>
          {editing ? (
            <a class="btn btn--secondary" href="/staff/shipping-methods">
              {m.cancelEdit}
            </a>
          ) : null}
        </div>
      </PostForm>
    </div>
  );
}
