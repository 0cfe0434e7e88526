import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { DealerDetail } from '../../views/dealers/staff/dealer-detail.tsx';
import { NewDealerForm, type NewDealerValues } from '../../views/dealers/staff/dealer-form.tsx';
import { DealerListPage, DealerResults } from '../../views/dealers/staff/dealer-list.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { staffCan } from '../auth/permissions.ts';
import { clientIp } from '../auth/request-info.ts';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { parseId } from '../web/params.ts';
import { render } from '../web/render.ts';
import { ADDRESS_PARTS, draftFields, valuesFromBody } from './application-form.ts';
import { assignSalesRep, blockDealer, createDealer, findDealer, listDealerAddresses, listDealers, listSalesReps, unblockDealer, type FieldErrors } from './dealers.ts';
import { listDealerUsers } from './users.ts';
import { dealerAdminMessages, fieldErrors } from './messages.ts';

/** Staff: dealer list, detail, "new dealer", sales rep and blocking (IAM-3, IAM-8, IAM-10, IAM-13). Mounted at /staff/dealers. */
export const dealerAdminRoutes = new Hono<AppEnv>();
dealerAdminRoutes.use('*', requireStaff('dealers.read', 'dealers.read_own', 'dealers.manage'));
const manage = requireStaff('dealers.manage');

type C = Context<AppEnv>;
const PAGE_SIZE = 50;
const frame = (c: C, title: string) => (body: unknown) => page(c, title, body as never, { nav: 'staff' });

/** A sales rep without dealers.read sees only the dealers assigned to them; enforced in every query. */
function visibility(c: C): { salesRepId?: number } {
  const u = c.var.user!;
  return staffCan(u, 'dealers.read') || staffCan(u, 'dealers.manage') ? {} : { salesRepId: u.id };
}

const filterSchema = z.object({
  status: z.enum(['active', 'blocked']).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  after: z.string().regex(/^\d{1,19}$/).optional().catch(undefined),
});

dealerAdminRoutes.get('/', async (c) => {
  const raw = filterSchema.parse(c.req.query());
  const filter = { status: raw.status, q: raw.q || undefined };
  const scope = visibility(c);
  const { rows, next } = await listDealers(c.var.db, { ...filter, ...scope, after: parseId(raw.after) ?? undefined, limit: PAGE_SIZE });
  const href = (after?: number) => {
    const qs = new URLSearchParams();
    if (filter.status) qs.set('status', filter.status);
    if (filter.q) qs.set('q', filter.q);
    if (after) qs.set('after', String(after));
    const s = qs.toString();
    return `/staff/dealers${s ? `?${s}` : ''}`;
  };
  const props = {
    locale: c.var.locale,
    rows,
    filter,
    ownOnly: scope.salesRepId !== undefined,
    canManage: staffCan(c.var.user!, 'dealers.manage'),
    firstHref: raw.after ? href() : null,
    nextHref: next ? href(next) : null,
  };
  return render(c, <DealerResults {...props} />, () => frame(c, dealerAdminMessages[c.var.locale].title)(<DealerListPage {...props} />));
});

function newDealerValues(body: Record<string, unknown>): NewDealerValues {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 300) : '');
  return { ...valuesFromBody(body), sales_rep_id: s('sales_rep_id'), admin_name: s('admin_name'), admin_email: s('admin_email') };
}

async function showNewForm(c: C, values: NewDealerValues, errors: FieldErrors, status: 200 | 422 = 200) {
  const salesReps = await listSalesReps(c.var.db);
  return c.html(frame(c, dealerAdminMessages[c.var.locale].newTitle)(<NewDealerForm locale={c.var.locale} values={values} errors={errors} salesReps={salesReps} />), status);
}

dealerAdminRoutes.get('/new', manage, (c) => showNewForm(c, { ...newDealerValues({}), shipping_same: true }, {}));

/** createDealer's input keys → the form's field names, so errors show next to the right input. */
function formErrorKey(key: string): string {
  const direct: Record<string, string> = {
    companyName: 'company_name',
    tradeName: 'trade_name',
    taxOffice: 'tax_office',
    taxNumber: 'tax_number',
    employeeCount: 'employee_count',
    annualTurnover: 'annual_turnover',
    salesRepId: 'sales_rep_id',
    'firstAdmin.name': 'admin_name',
    'firstAdmin.email': 'admin_email',
  };
  if (direct[key]) return direct[key]!;
  const addr = /^(billing|shipping)Address\.(.+)$/.exec(key);
  return addr ? `${addr[1]}_${addr[2]}` : key;
}

dealerAdminRoutes.post('/', manage, async (c) => {
  const values = newDealerValues(await c.req.parseBody());
  const f = draftFields(values);
  const hasAddress = (kind: 'billing' | 'shipping') => ADDRESS_PARTS.some((p) => values[`${kind}_${p}`].trim() !== '');
  const num = (raw: string, parsed: number | null) => (raw.trim() === '' ? null : (parsed ?? Number.NaN));
  const wantsAdmin = values.admin_name.trim() !== '' || values.admin_email.trim() !== '';
  const user = c.var.user!;
  const res = await createDealer(
    c.var.db,
    { schema: c.var.tenant.schema, brand: brandOf(c) },
    {
      companyName: f.company_name,
      tradeName: f.trade_name,
      taxOffice: f.tax_office,
      taxNumber: values.tax_number,
      sector: f.sector,
      employeeCount: num(values.employee_count, f.employee_count),
      annualTurnover: num(values.annual_turnover, f.annual_turnover),
      phone: f.phone,
      email: values.email,
      salesRepId: values.sales_rep_id ? (parseId(values.sales_rep_id) ?? -1) : null,
      billingAddress: hasAddress('billing') ? (f.billing_address as never) : null,
      shippingAddress: values.shipping_same ? null : hasAddress('shipping') ? (f.shipping_address as never) : null,
      firstAdmin: wantsAdmin ? { name: values.admin_name, email: values.admin_email, locale: c.var.locale } : null,
    },
    { userId: user.id, name: user.name, email: user.email, ip: clientIp(c), source: 'staff' },
  );
  if (!res.ok) {
    const errors: FieldErrors = {};
    for (const [k, code] of Object.entries(res.errors)) errors[formErrorKey(k)] = code;
    return showNewForm(c, values, errors, 422);
  }
  await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, res.notificationIds).catch(() => undefined);
  await setFlash(c, { kind: 'success', message: dealerAdminMessages[c.var.locale].created(res.dealer.code) });
  return c.redirect(`/staff/dealers/${res.dealer.id}`, 303);
});

async function showDetail(c: C, id: number | null, opts: { blockError?: string; status?: 200 | 422 } = {}) {
  const dealer = id === null ? undefined : await findDealer(c.var.db, id, visibility(c));
  if (!dealer) return c.notFound();
  const [addresses, users, salesReps] = await Promise.all([listDealerAddresses(c.var.db, dealer.id), listDealerUsers(c.var.db, dealer.id), listSalesReps(c.var.db)]);
  return c.html(
    frame(c, `${dealer.code} · ${dealer.company_name}`)(
      <DealerDetail
        locale={c.var.locale}
        timeZone={c.var.tenant.timeZone}
        dealer={dealer}
        addresses={addresses}
        users={users}
        salesReps={salesReps}
        canManage={staffCan(c.var.user!, 'dealers.manage')}
        blockError={opts.blockError}
      />,
    ),
    opts.status ?? 200,
  );
}

dealerAdminRoutes.get('/:id{[0-9]+}', (c) => showDetail(c, parseId(c.req.param('id'))));

dealerAdminRoutes.post('/:id{[0-9]+}/sales-rep', manage, async (c) => {
  const id = parseId(c.req.param('id'));
  if (id === null) return c.notFound();
  const form = await c.req.parseBody();
  const raw = typeof form.sales_rep_id === 'string' ? form.sales_rep_id : '';
  const repId = raw === '' ? null : (parseId(raw) ?? -1);
  const res = await assignSalesRep(c.var.db, id, repId);
  if (res === 'not_found') return c.notFound();
  if (res === 'invalid') {
    await setFlash(c, { kind: 'error', message: fieldErrors[c.var.locale].salesRep });
  } else {
    await audit(c, { action: 'dealer.sales_rep_changed', dealerId: id, targetType: 'dealer', targetId: id, details: { salesRepId: repId } });
    await setFlash(c, { kind: 'success', message: dealerAdminMessages[c.var.locale].salesRepSaved });
  }
  return c.redirect(`/staff/dealers/${id}`, 303);
});

dealerAdminRoutes.post('/:id{[0-9]+}/block', manage, async (c) => {
  const id = parseId(c.req.param('id'));
  if (id === null || !(await findDealer(c.var.db, id))) return c.notFound();
  const form = await c.req.parseBody();
  const reason = (typeof form.reason === 'string' ? form.reason : '').trim().slice(0, 1000);
  if (!reason) return showDetail(c, id, { blockError: fieldErrors[c.var.locale].required, status: 422 });
  if (await blockDealer(c.var.db, id, reason)) {
    await audit(c, { action: 'dealer.blocked', dealerId: id, targetType: 'dealer', targetId: id, details: { reason } });
    await setFlash(c, { kind: 'success', message: dealerAdminMessages[c.var.locale].blocked });
  }
  return c.redirect(`/staff/dealers/${id}`, 303);
});

dealerAdminRoutes.post('/:id{[0-9]+}/unblock', manage, async (c) => {
  const id = parseId(c.req.param('id'));
  if (id === null || !(await findDealer(c.var.db, id))) return c.notFound();
  if (await unblockDealer(c.var.db, id)) {
    await audit(c, { action: 'dealer.unblocked', dealerId: id, targetType: 'dealer', targetId: id });
    await setFlash(c, { kind: 'success', message: dealerAdminMessages[c.var.locale].unblocked });
  }
  return c.redirect(`/staff/dealers/${id}`, 303);
});
