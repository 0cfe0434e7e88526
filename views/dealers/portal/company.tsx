import type { AddressInput } from '../../../src/dealers/users.ts';
import type { Selectable } from 'kysely';
import type { AddressesTable } from '../../../src/db/types.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { portalMessages } from '../../../src/dealers/portal-messages.ts';
import type { Dealer } from '../../../src/dealers/users.ts';
import { Button, LinkButton, PostForm } from '../../components/button.tsx';
import { FormField } from '../../components/form-field.tsx';
import { EmptyState, StatusBadge } from '../../components/table.tsx';

export type Address = Selectable<AddressesTable>;

function AddressCard(p: { a: Address; locale: Locale; canEdit: boolean }) {
  const m = portalMessages[p.locale];
  const a = p.a;
  return (
    <li class="card address" id={`address-${a.id}`}>
      <p class="address__label">
        <strong>{a.label}</strong> {a.is_default ? <StatusBadge status="active" label={m.defaultBadge} /> : null}
      </p>
      <address>
        {a.line1}
        {a.line2 ? <br /> : null}
        {a.line2}
        <br />
        {[a.postal_code, a.district, a.city].filter(Boolean).join(' ')} / {a.country}
        {a.phone ? <br /> : null}
        {a.phone}
      </address>
      {p.canEdit && a.kind === 'shipping' ? <a href={`/portal/company/addresses/${a.id}/edit`}>{m.editAddress}</a> : null}
    </li>
  );
}

export function CompanyPage(p: { locale: Locale; dealer: Dealer; addresses: Address[]; canEdit: boolean }) {
  const m = portalMessages[p.locale];
  const d = p.dealer;
  const billing = p.addresses.filter((a) => a.kind === 'billing');
  const shipping = p.addresses.filter((a) => a.kind === 'shipping');
  return (
    <section>
      <h1>{m.companyTitle}</h1>
      <dl class="facts">
        <dt>{m.companyName}</dt>
        <dd>{d.company_name}</dd>
        {d.trade_name ? (
          <>
            <dt>{m.tradeName}</dt>
            <dd>{d.trade_name}</dd>
          </>
        ) : null}
        <dt>{m.dealerCode}</dt>
        <dd>
          <code>{d.code}</code>
        </dd>
        <dt>{m.taxOffice}</dt>
        <dd>{d.tax_office || '—'}</dd>
        <dt>{m.taxNumber}</dt>
        <dd>{d.tax_number || '—'}</dd>
        <dt>{m.sector}</dt>
        <dd>{d.sector || '—'}</dd>
        <dt>{m.phone}</dt>
        <dd>{d.phone || '—'}</dd>
        <dt>{m.email}</dt>
        <dd>{d.email || '—'}</dd>
      </dl>
      <p class="muted">{m.companyReadOnly}</p>
      <h2>{m.billingAddresses}</h2>
      {billing.length ? (
        <ul class="address-list">
          {billing.map((a) => (
            <AddressCard a={a} locale={p.locale} canEdit={false} />
          ))}
        </ul>
      ) : (
        <p class="muted">{m.noBilling}</p>
      )}
      <h2>{m.shippingAddresses}</h2>
      {shipping.length ? (
        <ul class="address-list" data-testid="shipping-addresses">
          {shipping.map((a) => (
            <AddressCard a={a} locale={p.locale} canEdit={p.canEdit} />
          ))}
        </ul>
      ) : (
        <EmptyState title={m.noShipping} text={p.canEdit ? m.noShippingText : m.noShippingTextReadOnly} />
      )}
      {p.canEdit ? <LinkButton href="/portal/company/addresses/new">{m.addAddress}</LinkButton> : null}
    </section>
  );
}

type AddressFormValues = AddressInput;

export function AddressForm(p: { locale: Locale; action: string; title: string; values: AddressFormValues; errors: Partial<Record<keyof AddressFormValues, string>> }) {
  const m = portalMessages[p.locale];
  const v = p.values;
  const e = p.errors;
  return (
    <section>
      <h1>{p.title}</h1>
      <PostForm action={p.action} class="panel">
        <FormField name="label" label={m.addrLabel} value={v.label} error={e.label} required maxlength={80} />
        <FormField name="line1" label={m.addrLine1} value={v.line1} error={e.line1} required maxlength={200} autocomplete="address-line1" />
        <FormField name="line2" label={m.addrLine2} value={v.line2} error={e.line2} maxlength={200} autocomplete="address-line2" />
        <div class="form-grid">
          <FormField name="district" label={m.addrDistrict} value={v.district} error={e.district} maxlength={80} autocomplete="address-level2" />
          <FormField name="city" label={m.addrCity} value={v.city} error={e.city} required maxlength={80} autocomplete="address-level1" />
          <FormField name="postal_code" label={m.addrPostal} value={v.postal_code} error={e.postal_code} maxlength={12} autocomplete="postal-code" />
          <FormField name="country" label={m.addrCountry} value={v.country} error={e.country} required maxlength={2} autocomplete="country" />
          <FormField name="phone" label={m.addrPhone} value={v.phone} error={e.phone} type="tel" maxlength={40} autocomplete="tel" />
        </div>
        <div class="check">
          <input type="checkbox" id="f-is_default" name="is_default" value="1" checked={v.is_default} />
          <label for="f-is_default">{m.addrDefault}</label>
        </div>
        <div class="row">
          <Button>{m.save}</Button>
          <LinkButton href="/portal/company" variant="secondary">
            {m.cancel}
          </LinkButton>
        </div>
      </PostForm>
    </section>
  );
}
