import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { requireDealer } from '../auth/middleware.ts';
import { audit } from '../auth/audit.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { renderError } from '../web/errors.tsx';
import { idParam } from '../web/params.ts';
import { AddressForm, CompanyPage } from '../../views/dealers/portal/company.tsx';
import { PortalHome } from '../../views/dealers/portal/home.tsx';
import { roleLabel } from '../../views/dealers/portal/users.tsx';
import { delegationsToUser } from './delegations.ts';
import { canManageUsers, formString, isActingStaff, portalDealer, portalPage } from './portal-context.ts';
import { delegationRoutes } from './portal-delegation-routes.tsx';
import { portalMessages } from './portal-messages.ts';
import { userRoutes } from './portal-user-routes.tsx';
import { findAddress, saveShippingAddress, type AddressInput, type Dealer } from './users.ts';
import { listDealerAddresses } from './dealers.ts';

/** Dealer portal: home, company and delivery addresses; users and delegations in their own files (IAM-6, IAM-7, IAM-8). */
export const portalRoutes = new Hono<AppEnv>();

portalRoutes.use('*', requireDealer());
portalRoutes.route('/users', userRoutes);
portalRoutes.route('/delegations', delegationRoutes);

portalRoutes.get('/', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const user = c.var.user!;
  const m = portalMessages[c.var.locale];
  const acting = isActingStaff(c);
  return c.html(
    portalPage(
      c,
      m.homeTitle,
      <PortalHome
        locale={c.var.locale}
        timeZone={c.var.tenant.timeZone}
        userName={user.name}
        roleLabel={acting ? m.staffActing : roleLabel(m, user.role)}
        company={{ name: dealer.company_name, code: dealer.code }}
        links={{ users: canManageUsers(c), account: !acting }}
        delegatedToMe={acting ? [] : await delegationsToUser(c.var.db, dealer.id, user.id)}
      />,
      dealer,
    ),
  );
});

portalRoutes.get('/company', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = portalMessages[c.var.locale];
  const addresses = await listDealerAddresses(c.var.db, dealer.id);
  return c.html(portalPage(c, m.companyTitle, <CompanyPage locale={c.var.locale} dealer={dealer} addresses={addresses} canEdit={canManageUsers(c)} />, dealer));
});

const text = (max: number, required: boolean) => {
  const base = z.string().trim().max(max, 'tooLong');
  return required ? base.min(1, 'required') : base;
};
const addressSchema = z.object({
  label: text(80, true),
  line1: text(200, true),
  line2: text(200, false),
  district: text(80, false),
  city: text(80, true),
  postal_code: text(12, false),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'country'),
  phone: text(40, false),
});

const EMPTY_ADDRESS: AddressInput = { label: '', line1: '', line2: '', district: '', city: '', postal_code: '', country: 'TR', phone: '', is_default: false };

async function addressForm(c: Context<AppEnv>, dealer: Dealer, id: number | undefined, values: AddressInput, errors: Partial<Record<keyof AddressInput, string>>, status: 200 | 422) {
  const m = portalMessages[c.var.locale];
  const title = id === undefined ? m.newAddressTitle : m.editAddressTitle;
  const action = id === undefined ? '/portal/company/addresses' : `/portal/company/addresses/${id}`;
  return c.html(portalPage(c, title, <AddressForm locale={c.var.locale} action={action} title={title} values={values} errors={errors} />, dealer), status);
}

/** Adds (no id) or updates a delivery address of the current dealer; another dealer's id is 404. */
async function saveAddress(c: Context<AppEnv>, id: number | undefined) {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  if (!canManageUsers(c)) return renderError(c, 403);
  if (id !== undefined && (await findAddress(c.var.db, dealer.id, id))?.kind !== 'shipping') return c.notFound();
  const form = await c.req.parseBody();
  const raw = {
    label: formString(form.label),
    line1: formString(form.line1),
    line2: formString(form.line2),
    district: formString(form.district),
    city: formString(form.city),
    postal_code: formString(form.postal_code),
    country: formString(form.country),
    phone: formString(form.phone),
  };
  const isDefault = form.is_default === '1';
  const parsed = addressSchema.safeParse(raw);
  if (!parsed.success) {
    const m = portalMessages[c.var.locale];
    const errors: Partial<Record<keyof AddressInput, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof AddressInput;
      errors[key] ??= issue.message === 'tooLong' ? m.fieldTooLong : issue.message === 'country' ? m.countryInvalid : m.fieldRequired;
    }
    return addressForm(c, dealer, id, { ...raw, is_default: isDefault }, errors, 422);
  }
  const saved = await saveShippingAddress(c.var.db, dealer.id, { ...parsed.data, is_default: isDefault }, id);
  if (saved === null) return c.notFound();
  await audit(c, { action: id === undefined ? 'dealer_address.created' : 'dealer_address.updated', dealerId: dealer.id, targetType: 'address', targetId: saved, details: { label: parsed.data.label } });
  await setFlash(c, { kind: 'success', message: portalMessages[c.var.locale].addressSaved });
  return c.redirect('/portal/company', 303);
}

portalRoutes.get('/company/addresses/new', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  if (!canManageUsers(c)) return renderError(c, 403);
  return addressForm(c, dealer, undefined, EMPTY_ADDRESS, {}, 200);
});

portalRoutes.post('/company/addresses', (c) => saveAddress(c, undefined));

portalRoutes.get('/company/addresses/:id/edit', async (c) => {
  const dealer = await portalDealer(c);
  const id = idParam(c);
  if (!dealer || id === null) return c.notFound();
  if (!canManageUsers(c)) return renderError(c, 403);
  const a = await findAddress(c.var.db, dealer.id, id);
  if (!a || a.kind !== 'shipping') return c.notFound();
  const { label, line1, line2, district, city, postal_code, country, phone, is_default } = a;
  return addressForm(c, dealer, id, { label, line1, line2, district, city, postal_code, country, phone, is_default }, {}, 200);
});

portalRoutes.post('/company/addresses/:id', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  return saveAddress(c, id);
});
