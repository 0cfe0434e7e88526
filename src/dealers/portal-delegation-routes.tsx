import { Hono, type Context } from 'hono';
import { audit } from '../auth/audit.ts';
import { dealerCan } from '../auth/permissions.ts';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { idParam, parseId } from '../web/params.ts';
import { DelegationsPage, type DelegationFormErrors, type DelegationFormProps, type DelegationFormValues } from '../../views/dealers/portal/delegations.tsx';
import {
  DELEGABLE_PERMISSIONS,
  createDelegation,
  dayAfter,
  findDelegation,
  isDelegable,
  listDelegations,
  revokeDelegation,
  zonedDay,
  zonedDayStart,
  type DelegablePermission,
} from './delegations.ts';
import { canManageUsers, formList, formString, isActingStaff, portalDealer, portalPage } from './portal-context.ts';
import { portalMessages } from './portal-messages.ts';
import { listDealerUsers, type Dealer } from './users.ts';

/**
 * `/portal/delegations` (IAM-7): users lend their approval (and similar) rights for a period;
 * dealer admins may arrange it for anyone in the company. Staff acting for a dealer see the
 * list but cannot create one (a right-granting action belongs to the dealer itself).
 */
export const delegationRoutes = new Hono<AppEnv>();

function defaults(c: Context<AppEnv>, fromUserId: string): DelegationFormValues {
  const tz = c.var.tenant.timeZone;
  const now = new Date();
  return { from_user_id: fromUserId, to_user_id: '', from: zonedDay(now, tz), until: zonedDay(new Date(now.getTime() + 7 * 24 * 3600_000), tz), permissions: ['orders.approve'], note: '' };
}

/** The form for this viewer, or null with the reason it is not offered. */
async function formFor(c: Context<AppEnv>, dealer: Dealer, values: DelegationFormValues | null, errors: DelegationFormErrors): Promise<{ form: DelegationFormProps | null; note: string | null }> {
  const m = portalMessages[c.var.locale];
  if (isActingStaff(c)) return { form: null, note: m.actingReadOnly };
  const user = c.var.user!;
  const active = await listDealerUsers(c.var.db, dealer.id, { status: 'active' });
  const admin = dealerCan(user, 'users.manage');
  const lends = (perms: readonly string[]) => perms.some(isDelegable);
  const delegators = active.filter((u) => (admin || u.id === user.id) && lends(u.permissions));
  if (!delegators.length) return { form: null, note: m.nothingToDelegate };
  const rights = admin ? [...DELEGABLE_PERMISSIONS] : DELEGABLE_PERMISSIONS.filter((p) => user.permissions.includes(p));
  const mine = delegators.find((u) => u.id === user.id) ?? delegators[0]!;
  return {
    form: {
      locale: c.var.locale,
      delegators: delegators.map((u) => ({ id: u.id, name: u.name })),
      delegates: active.map((u) => ({ id: u.id, name: u.name })),
      rights,
      values: values ?? defaults(c, String(mine.id)),
      errors,
    },
    note: null,
  };
}

async function listPage(c: Context<AppEnv>, dealer: Dealer, values: DelegationFormValues | null = null, errors: DelegationFormErrors = {}, status: 200 | 403 | 422 = 200) {
  const user = c.var.user!;
  const admin = canManageUsers(c);
  const now = new Date();
  const { current, past } = await listDelegations(c.var.db, dealer.id, { involving: admin ? undefined : user.id, now });
  const revocable = new Set(current.filter((d) => admin || d.from_user_id === user.id || d.to_user_id === user.id).map((d) => d.id));
  const { form, note } = await formFor(c, dealer, values, errors);
  const m = portalMessages[c.var.locale];
  return c.html(
    portalPage(
      c,
      m.delegationsTitle,
      <DelegationsPage locale={c.var.locale} timeZone={c.var.tenant.timeZone} now={now} current={current} past={past} revocable={revocable} form={form} formNote={note} />,
      dealer,
    ),
    status,
  );
}

delegationRoutes.get('/', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  return listPage(c, dealer);
});

delegationRoutes.post('/', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  if (isActingStaff(c)) {
    await audit(c, { action: 'delegation.refused_while_acting', dealerId: dealer.id });
    return renderError(c, 403);
  }
  const user = c.var.user!;
  const m = portalMessages[c.var.locale];
  const tz = c.var.tenant.timeZone;
  const form = await c.req.parseBody({ all: true });
  const values: DelegationFormValues = {
    from_user_id: formString(form.from_user_id),
    to_user_id: formString(form.to_user_id),
    from: formString(form.from),
    until: formString(form.until),
    permissions: formList(form.permissions),
    note: formString(form.note).trim().slice(0, 200),
  };
  const errors: DelegationFormErrors = {};
  const fromId = parseId(values.from_user_id);
  const toId = parseId(values.to_user_id);
  const admin = dealerCan(user, 'users.manage');
  if (fromId === null || (!admin && fromId !== user.id)) errors.from_user_id = m.fromInvalid;
  if (toId === null || toId === fromId) errors.to_user_id = m.delegateInvalid;
  const startsAt = zonedDayStart(values.from, tz);
  const until = dayAfter(values.until, tz);
  if (!startsAt) errors.from = m.dateInvalid;
  if (!until) errors.until = m.dateInvalid;
  const rights = values.permissions.filter(isDelegable) as DelegablePermission[];
  if (!rights.length || rights.length !== values.permissions.length) errors.permissions = m.rightsInvalid;
  if (Object.keys(errors).length || !startsAt || !until || fromId === null || toId === null) return listPage(c, dealer, values, errors, 422);
  const res = await createDelegation(
    c.var.db,
    { brand: brandOf(c), timeZone: tz },
    { dealerId: dealer.id, fromUserId: fromId, toUserId: toId, startsAt, until, permissions: rights, note: values.note, createdBy: user.id },
  );
  if (!res.ok) {
    const map: Record<typeof res.error, DelegationFormErrors> = {
      delegate_invalid: { to_user_id: m.delegateInvalid },
      from_invalid: { from_user_id: m.fromInvalid },
      rights_invalid: { permissions: m.rightsInvalid },
      window_invalid: { until: m.windowInvalid },
    };
    return listPage(c, dealer, values, map[res.error], 422);
  }
  await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, [res.notificationId]).catch((err: Error) =>
    c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'),
  );
  const d = res.delegation;
  await audit(c, {
    action: 'delegation.created',
    dealerId: dealer.id,
    targetType: 'delegation',
    targetId: d.id,
    details: { from: d.from_user_id, to: d.to_user_id, permissions: d.permissions, startsAt: d.starts_at.toISOString(), until: d.until.toISOString() },
  });
  const delegate = (await findDelegation(c.var.db, dealer.id, d.id))?.to_name ?? '';
  await setFlash(c, { kind: 'success', message: m.created(delegate) });
  return c.redirect('/portal/delegations', 303);
});

delegationRoutes.post('/:id/revocation', async (c) => {
  const dealer = await portalDealer(c);
  const id = idParam(c);
  if (!dealer || id === null) return c.notFound();
  const d = await findDelegation(c.var.db, dealer.id, id);
  if (!d) return c.notFound();
  const user = c.var.user!;
  if (!canManageUsers(c) && d.from_user_id !== user.id && d.to_user_id !== user.id) return c.notFound();
  const m = portalMessages[c.var.locale];
  const ok = await revokeDelegation(c.var.db, dealer.id, id);
  if (ok) await audit(c, { action: 'delegation.revoked', dealerId: dealer.id, targetType: 'delegation', targetId: id, details: { from: d.from_user_id, to: d.to_user_id } });
  await setFlash(c, ok ? { kind: 'success', message: m.revoked } : { kind: 'error', message: m.notRevocable });
  return c.redirect('/portal/delegations', 303);
});
