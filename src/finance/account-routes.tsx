import { Hono, type Context } from 'hono';
import { AccountPage, AccountsList, type AccountForm } from '../../views/finance/accounts.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { inTransaction } from '../catalog/tx.ts';
import { minorToText } from '../orders/shipping-methods.ts';
import { pricingSettings } from '../pricing/context.ts';
import { pricingDay } from '../pricing/resolve.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { accountMessages } from './account-messages.ts';
import { cardGateway, listAccounts, openOrders, saveAccount, validateAccount, type AccountValues } from './accounts.ts';
import { CreditError, exposure } from './credit.ts';

/**
 * /staff/accounts (FIN-1/FIN-2/FIN-4), finance.manage only: dealers with exposure/limit bars and
 * a "near limit" filter; per dealer the settlement terms form (422 with errors next to the fields,
 * typed values kept, nothing saved), current exposure and remaining limit, open orders. Audited.
 */
export const dealerAccountRoutes = new Hono<AppEnv>();
dealerAccountRoutes.use('*', requireStaff('finance.manage'));

type C = Context<AppEnv>;

dealerAccountRoutes.get('/', async (c) => {
  const m = accountMessages[c.var.locale];
  const settings = await pricingSettings(c.var.db, c.var.tenant.id);
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const near = c.req.query('near') === '1';
  const rows = await listAccounts(c.var.db, { baseCurrency: settings.baseCurrency, day: pricingDay(new Date(), c.var.tenant.timeZone), q, near });
  return c.html(page(c, m.title, <AccountsList locale={c.var.locale} rows={rows} q={q} near={near} />, { nav: 'staff' }));
});

async function show(c: C, dealerId: number, form?: AccountForm, status: 200 | 422 = 200) {
  const m = accountMessages[c.var.locale];
  const [dealer, account, settings] = await Promise.all([
    c.var.db.selectFrom('dealers').select(['id', 'company_name', 'code', 'invoice_currency']).where('id', '=', dealerId).executeTakeFirst(),
    c.var.db.selectFrom('dealer_accounts').selectAll().where('dealer_id', '=', dealerId).executeTakeFirst(),
    pricingSettings(c.var.db, c.var.tenant.id),
  ]);
  if (!dealer) return c.notFound();
  const currency = account?.currency ?? dealer.invoice_currency ?? settings.baseCurrency;
  const day = pricingDay(new Date(), c.var.tenant.timeZone);
  let exp: number | null;
  try {
    exp = await exposure(c.var.db, { dealer_id: dealerId, currency }, day, settings.baseCurrency);
  } catch (err) {
    if (!(err instanceof CreditError)) throw err;
    exp = null;
  }
  const l = c.var.locale;
  const f: AccountForm = form ?? {
    values: {
      settlement: account?.settlement ?? 'open_account',
      credit_limit: minorToText(account?.credit_limit ?? 0, l),
      currency,
      payment_term_days: String(account?.payment_term_days ?? 30),
      payment_methods: account?.payment_methods ?? ['open_account'],
      over_limit: account?.over_limit ?? 'block',
    },
    errors: {},
  };
  const orders = await openOrders(c.var.db, dealerId);
  return c.html(
    page(
      c,
      m.accountTitle(dealer.company_name),
      <AccountPage locale={l} dealer={dealer} kept={Boolean(account)} exposure={exp} limit={account?.credit_limit ?? 0} currency={currency} form={f} orders={orders} cardConfigured={cardGateway() !== null} />,
      { nav: 'staff' },
    ),
    status,
  );
}

dealerAccountRoutes.get('/:id', (c) => {
  const id = idParam(c);
  return id ? show(c, id) : c.notFound();
});

dealerAccountRoutes.post('/:id', async (c) => {
  const m = accountMessages[c.var.locale];
  const id = idParam(c);
  if (!id) return c.notFound();
  const dealer = await c.var.db.selectFrom('dealers').select(['id', 'company_name']).where('id', '=', id).executeTakeFirst();
  if (!dealer) return c.notFound();
  const b = await c.req.parseBody({ all: true });
  const one = (k: string, max: number) => String((Array.isArray(b[k]) ? b[k][0] : b[k]) ?? '').slice(0, max);
  const methodsRaw = b.payment_methods;
  const values: AccountValues = {
    settlement: one('settlement', 20),
    credit_limit: one('credit_limit', 40),
    currency: one('currency', 10).trim().toUpperCase(),
    payment_term_days: one('payment_term_days', 10),
    payment_methods: (Array.isArray(methodsRaw) ? methodsRaw : methodsRaw == null ? [] : [methodsRaw]).map((x) => String(x).slice(0, 20)).slice(0, 10),
    over_limit: one('over_limit', 20),
  };
  const v = validateAccount(values, c.var.locale);
  if (!v.ok) return show(c, id, { values, errors: v.errors }, 422);
  await inTransaction(c.var.db, async (trx) => {
    const prev = await saveAccount(trx, id, v.value);
    await audit(
      c,
      {
        action: 'dealer_account.saved',
        dealerId: id,
        targetType: 'dealer_account',
        targetId: id,
        details: { ...v.value, previous: prev ? { settlement: prev.settlement, credit_limit: prev.credit_limit, currency: prev.currency, payment_term_days: prev.payment_term_days, payment_methods: prev.payment_methods, over_limit: prev.over_limit } : null },
      },
      trx,
    );
  });
  await setFlash(c, { kind: 'success', message: m.saved(dealer.company_name) });
  return c.redirect(`/staff/accounts/${id}`, 303);
});
