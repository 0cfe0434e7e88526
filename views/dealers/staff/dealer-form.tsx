import type { ApplyValues } from '../../../src/dealers/application-form.ts';
import type { FieldErrors } from '../../../src/dealers/dealers.ts';
import { companyMessages, dealerAdminMessages, fieldErrors } from '../../../src/dealers/messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { FormField, SelectField } from '../../components/form-field.tsx';
import { CompanyAddresses } from '../applications/apply-form.tsx';

export type NewDealerValues = ApplyValues & { sales_rep_id: string; admin_name: string; admin_email: string };

export interface NewDealerProps {
  locale: Locale;
  values: NewDealerValues;
  errors: FieldErrors;
  salesReps: Array<{ id: number; name: string; email: string }>;
}

/** Staff "new dealer" form (IAM-13): same fields as an application, plus sales rep and an optional first admin. */
export function NewDealerForm(p: NewDealerProps) {
  const m = dealerAdminMessages[p.locale];
  const c = companyMessages[p.locale];
  const e = fieldErrors[p.locale];
  const err = (k: string) => (p.errors[k] ? e[p.errors[k]!] : undefined);
  const v = p.values;
  return (
    <section>
      <p>
        <a href="/staff/dealers">← {m.back}</a>
      </p>
      <h1>{m.newTitle}</h1>
      <p class="muted">{m.newIntro}</p>
      <form method="post" action="/staff/dealers" class="stack" novalidate>
        <fieldset class="panel">
          <legend>{m.company}</legend>
          <div class="form-grid">
            <FormField name="company_name" label={c.companyName} value={v.company_name} error={err('company_name')} required maxlength={200} />
            <FormField name="trade_name" label={c.tradeName} value={v.trade_name} error={err('trade_name')} maxlength={200} />
            <FormField name="tax_office" label={c.taxOffice} value={v.tax_office} error={err('tax_office')} maxlength={100} />
            <FormField name="tax_number" label={c.taxNumber} value={v.tax_number} error={err('tax_number')} required inputmode="numeric" hint={c.taxNumberHint} maxlength={14} />
            <FormField name="sector" label={c.sector} value={v.sector} error={err('sector')} maxlength={100} />
            <FormField name="employee_count" label={c.employeeCount} value={v.employee_count} error={err('employee_count')} inputmode="numeric" maxlength={9} />
            <FormField name="annual_turnover" label={c.annualTurnover} value={v.annual_turnover} error={err('annual_turnover')} inputmode="numeric" maxlength={20} />
            <FormField name="phone" label={c.phone} type="tel" value={v.phone} error={err('phone')} maxlength={40} />
            <FormField name="email" label={c.email} type="email" value={v.email} error={err('email')} maxlength={254} />
            <SelectField
              name="sales_rep_id"
              label={m.salesRep}
              value={v.sales_rep_id}
              error={err('sales_rep_id')}
              options={[{ value: '', label: m.noSalesRep }, ...p.salesReps.map((r) => ({ value: String(r.id), label: `${r.name} (${r.email})` }))]}
            />
          </div>
        </fieldset>
        <CompanyAddresses locale={p.locale} legend={m.addresses} values={v} errors={p.errors} />
        <fieldset class="panel">
          <legend>{m.sectionAdmin}</legend>
          <div class="form-grid">
            <FormField name="admin_name" label={m.adminName} value={v.admin_name} error={err('admin_name')} maxlength={200} hint={m.adminHint} />
            <FormField name="admin_email" label={m.adminEmail} type="email" value={v.admin_email} error={err('admin_email')} maxlength={254} />
          </div>
        </fieldset>
        <div>
          <Button>{m.create}</Button>
        </div>
      </form>
    </section>
  );
}
