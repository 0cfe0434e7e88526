import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { setSessionCookie } from '../auth/cookies.ts';
import { requireDealer } from '../auth/middleware.ts';
import { DEALER_ROLES, DEALER_ROLE_DEFAULTS, isDealerRole, normaliseDealerPermissions } from '../auth/permissions.ts';
import { createSession } from '../auth/sessions.ts';
import { DuplicateUserError } from '../auth/users.ts';
import { clientIp } from '../auth/request-info.ts';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { idParam } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { InviteForm, PermissionsFieldset, UserEditPage, UsersPage, UsersTable, type InviteErrors, type InviteValues, type UserEditProps } from '../../views/dealers/portal/users.tsx';
import { formList, formString, isActingStaff, portalDealer, portalPage } from './portal-context.ts';
import { renderError } from '../web/errors.tsx';
import { portalMessages } from './portal-messages.ts';
import {
  LastAdminError,
  blockDealerUser,
  findDealerUserById,
  inviteDealerUser,
  listDealerUsers,
  resendInvite,
  unblockDealerUser,
  updateDealerUserAccess,
  type Dealer,
  type DealerUserRow,
} from './users.ts';

/** `/portal/users`: the dealer admin manages the company's users (IAM-6, IAM-8). */
export const userRoutes = new Hono<AppEnv>();
userRoutes.use('*', requireDealer('users.manage'));
/**
 * Staff acting for a dealer may look but not change who can sign in or with which rights: otherwise
 * a sales rep could invite an address they control as the dealer's admin (IAM-11).
 */
userRoutes.use('*', async (c, next) => {
  if (c.req.method === 'GET' || !isActingStaff(c)) return next();
  await audit(c, { action: 'dealer_user.refused_while_acting', dealerId: c.var.session?.acting_dealer_id ?? undefined });
  return renderError(c, 403);
});

const STATUS = z.enum(['invited', 'active', 'blocked']).optional().catch(undefined);
const EMPTY_INVITE: InviteValues = { name: '', email: '', role: 'buyer', permissions: DEALER_ROLE_DEFAULTS.buyer };

/** Who is doing it, as the invitation mail names them. */
const actorName = (c: Context<AppEnv>, dealer: Dealer) => (c.var.user?.kind === 'staff' ? c.var.tenant.name : `${c.var.user?.name} (${dealer.company_name})`);

async function listView(c: Context<AppEnv>, dealer: Dealer, invite: { values: InviteValues; errors: InviteErrors }, status: 200 | 422 = 200) {
  const filter = STATUS.parse(c.req.query('status') || undefined);
  const users = await listDealerUsers(c.var.db, dealer.id, { status: filter });
  const props = {
    locale: c.var.locale,
    users,
    currentUserId: c.var.user?.kind === 'dealer' ? c.var.user.id : null,
    status: filter,
    invite,
    readOnlyNote: isActingStaff(c) ? portalMessages[c.var.locale].actingUsersReadOnly : undefined,
  };
  c.header('Vary', 'HX-Request', { append: true });
  if (wantsFragment(c) && c.req.method === 'GET') return c.html(<UsersTable {...props} />);
  return c.html(portalPage(c, portalMessages[c.var.locale].usersTitle, <UsersPage {...props} />, dealer), status);
}

userRoutes.get('/', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  return listView(c, dealer, { values: EMPTY_INVITE, errors: {} });
});

/** The role select asks for its default permission boxes (htmx). */
userRoutes.get('/permission-defaults', (c) => {
  const role = c.req.query('role');
  const perms = isDealerRole(role) ? DEALER_ROLE_DEFAULTS[role] : [];
  return c.html(<PermissionsFieldset locale={c.var.locale} selected={perms} />);
});

const inviteSchema = z.object({
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().toLowerCase().email().max(254),
  role: z.enum(DEALER_ROLES),
});

userRoutes.post('/', async (c) => {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = portalMessages[c.var.locale];
  const form = await c.req.parseBody({ all: true });
  const values: InviteValues = { name: formString(form.name), email: formString(form.email), role: formString(form.role), permissions: formList(form.permissions) };
  const parsed = inviteSchema.safeParse(values);
  const fail = (errors: InviteErrors) =>
    wantsFragment(c) ? c.html(<InviteForm locale={c.var.locale} values={values} errors={errors} />, 422) : listView(c, dealer, { values, errors }, 422);
  if (!parsed.success) {
    const errors: InviteErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (key === 'name') errors.name ??= m.fieldRequired;
      if (key === 'email') errors.email ??= m.emailInvalid;
      if (key === 'role') errors.role ??= m.roleInvalid;
    }
    return fail(errors);
  }
  const permissions = normaliseDealerPermissions(parsed.data.role, values.permissions);
  let created;
  try {
    created = await inviteDealerUser(c.var.db, brandOf(c), {
      dealerId: dealer.id,
      name: parsed.data.name,
      email: parsed.data.email,
      role: parsed.data.role,
      permissions,
      locale: c.var.locale,
      inviter: actorName(c, dealer),
      dealerCode: dealer.code,
    });
  } catch (err) {
    if (err instanceof DuplicateUserError) return fail({ email: m.emailTaken });
    throw err;
  }
  await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, [created.notificationId]).catch((err: Error) =>
    c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'),
  );
  await audit(c, {
    action: 'dealer_user.invited',
    dealerId: dealer.id,
    targetType: 'user',
    targetId: created.user.id,
    details: { email: created.user.email, role: created.user.role, permissions },
  });
  await setFlash(c, { kind: 'success', message: m.invited(created.user.email) });
  if (wantsFragment(c)) {
    c.header('HX-Redirect', '/portal/users');
    return c.body(null, 204);
  }
  return c.redirect('/portal/users', 303);
});

/** The target user, scoped to the current dealer: another company's id is 404. */
async function target(c: Context<AppEnv>): Promise<{ dealer: Dealer; user: DealerUserRow } | null> {
  const dealer = await portalDealer(c);
  const id = idParam(c);
  if (!dealer || id === null) return null;
  const user = await findDealerUserById(c.var.db, dealer.id, id);
  return user ? { dealer, user } : null;
}

function editPage(c: Context<AppEnv>, dealer: Dealer, user: DealerUserRow, over: Partial<Pick<UserEditProps, 'access' | 'block'>> = {}, status: 200 | 409 | 422 = 200) {
  const props: UserEditProps = {
    locale: c.var.locale,
    user,
    isSelf: c.var.user?.kind === 'dealer' && c.var.user.id === user.id,
    access: over.access ?? { role: user.role, permissions: user.permissions },
    block: over.block ?? { reason: '' },
  };
  return c.html(portalPage(c, portalMessages[c.var.locale].editTitle(user.name), <UserEditPage {...props} />, dealer), status);
}

userRoutes.get('/:id', async (c) => {
  const t = await target(c);
  if (!t) return c.notFound();
  return editPage(c, t.dealer, t.user);
});

userRoutes.post('/:id/access', async (c) => {
  const t = await target(c);
  if (!t) return c.notFound();
  const m = portalMessages[c.var.locale];
  const form = await c.req.parseBody({ all: true });
  const role = formString(form.role);
  const requested = formList(form.permissions);
  if (!isDealerRole(role)) return editPage(c, t.dealer, t.user, { access: { role: t.user.role, permissions: requested, error: m.roleInvalid } }, 422);
  let change;
  try {
    change = await updateDealerUserAccess(c.var.db, t.dealer.id, t.user.id, role, requested);
  } catch (err) {
    if (err instanceof LastAdminError) return editPage(c, t.dealer, t.user, { access: { role, permissions: requested, error: m.lastAdmin } }, 409);
    throw err;
  }
  if (!change) return c.notFound();
  if (!change.changed) {
    await setFlash(c, { kind: 'info', message: m.accessUnchanged });
    return c.redirect(`/portal/users/${t.user.id}`, 303);
  }
  await audit(c, {
    action: 'dealer_user.access_changed',
    dealerId: t.dealer.id,
    targetType: 'user',
    targetId: t.user.id,
    details: { before: change.before, after: change.after, sessionsEnded: change.sessionsEnded },
  });
  // Changing one's own rights ended one's own sessions too: continue in a new session (new id).
  if (c.var.user?.kind === 'dealer' && c.var.user.id === t.user.id) {
    const fresh = await createSession(c.var.db, t.user.id, { twoFactorVerified: Boolean(c.var.session?.two_factor_verified), ip: clientIp(c), userAgent: c.req.header('user-agent') });
    await c.var.db.updateTable('sessions').set({ fresh_totp_at: null }).where('id', '=', fresh.session.id).execute();
    setSessionCookie(c, fresh.token);
    await setFlash(c, { kind: 'success', message: m.accessSaved });
    return c.redirect('/portal', 303);
  }
  await setFlash(c, { kind: 'success', message: m.accessSaved });
  return c.redirect(`/portal/users/${t.user.id}`, 303);
});

userRoutes.post('/:id/block', async (c) => {
  const t = await target(c);
  if (!t) return c.notFound();
  const m = portalMessages[c.var.locale];
  const form = await c.req.parseBody();
  const reason = formString(form.reason).trim().slice(0, 500);
  if (!reason) return editPage(c, t.dealer, t.user, { block: { reason: '', error: m.blockReasonRequired } }, 422);
  let res;
  try {
    res = await blockDealerUser(c.var.db, t.dealer.id, t.user.id, reason);
  } catch (err) {
    if (err instanceof LastAdminError) return editPage(c, t.dealer, t.user, { block: { reason, error: m.lastAdmin } }, 409);
    throw err;
  }
  if (res) {
    await audit(c, { action: 'dealer_user.blocked', dealerId: t.dealer.id, targetType: 'user', targetId: t.user.id, details: { reason, ...res } });
    await setFlash(c, { kind: 'success', message: m.blocked(t.user.name) });
  }
  const self = c.var.user?.kind === 'dealer' && c.var.user.id === t.user.id;
  return c.redirect(self ? '/login' : `/portal/users/${t.user.id}`, 303);
});

userRoutes.post('/:id/unblock', async (c) => {
  const t = await target(c);
  if (!t) return c.notFound();
  const status = await unblockDealerUser(c.var.db, t.dealer.id, t.user.id);
  if (status) {
    await audit(c, { action: 'dealer_user.unblocked', dealerId: t.dealer.id, targetType: 'user', targetId: t.user.id, details: { status } });
    await setFlash(c, { kind: 'success', message: portalMessages[c.var.locale].unblocked(t.user.name) });
  }
  return c.redirect(`/portal/users/${t.user.id}`, 303);
});

userRoutes.post('/:id/invitation', async (c) => {
  const t = await target(c);
  if (!t) return c.notFound();
  const id = await resendInvite(c.var.db, brandOf(c), t.dealer, t.user.id, actorName(c, t.dealer));
  if (id !== null) {
    await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, [id]).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job'));
    await audit(c, { action: 'dealer_user.invite_resent', dealerId: t.dealer.id, targetType: 'user', targetId: t.user.id });
    await setFlash(c, { kind: 'success', message: portalMessages[c.var.locale].inviteResent });
  }
  return c.redirect(`/portal/users/${t.user.id}`, 303);
});
