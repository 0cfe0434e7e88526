import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { InviteStaffForm, TeamPage, type InviteForm } from '../../views/staff/team.tsx';
import { requireStaff } from '../auth/middleware.ts';
import { isStaffRole } from '../auth/permissions.ts';
import { clientIp } from '../auth/request-info.ts';
import { loadBrand } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { staffMessages, type StaffMessages } from './messages.ts';
import { changeStaffRole, inviteStaff, listStaff, resendStaffInvite, setStaffBlocked, TeamError, type Actor, type TeamProblem } from './team.ts';

/** /staff/team: staff accounts and roles (IAM-10). */
export const teamRoutes = new Hono<AppEnv>();
teamRoutes.use('*', requireStaff('staff.manage'));

function actorOf(c: Context<AppEnv>): Actor {
  const u = c.var.user!;
  return { id: u.id, role: u.role, label: `${u.name} <${u.email}>`, ip: clientIp(c) };
}

function problemText(m: StaffMessages, p: TeamProblem): string {
  const map: Record<TeamProblem, string> = {
    only_owner_assigns_owner: m.errOnlyOwnerAssignsOwner,
    owner_protected: m.errOwnerProtected,
    last_owner: m.errLastOwner,
    self: m.errSelf,
    not_found: m.errNotInvited,
    not_invited: m.errNotInvited,
    email_taken: m.errEmailTaken,
    role_invalid: m.errRoleInvalid,
  };
  return map[p];
}

async function teamPage(c: Context<AppEnv>, invite: InviteForm, status: 200 | 422 = 200) {
  const m = staffMessages[c.var.locale];
  const me = c.var.user!;
  const rows = await listStaff(c.var.db);
  return c.html(
    page(c, m.teamTitle, <TeamPage locale={c.var.locale} timeZone={c.var.tenant.timeZone} meId={me.id} meIsOwner={me.role === 'owner'} rows={rows} invite={invite} />, { nav: 'staff' }),
    status,
  );
}

const emptyInvite: InviteForm = { values: { name: '', email: '', role: '' }, errors: {} };

teamRoutes.get('/', (c) => teamPage(c, emptyInvite));

const inviteSchema = z.object({ name: z.string().trim().min(2).max(120), email: z.string().trim().toLowerCase().email().max(254) });

teamRoutes.post('/', async (c) => {
  const m = staffMessages[c.var.locale];
  const body = await c.req.parseBody();
  const values = { name: String(body.name ?? '').slice(0, 200), email: String(body.email ?? '').slice(0, 300), role: String(body.role ?? '') };
  const errors: InviteForm['errors'] = {};
  const parsed = inviteSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const f = issue.path[0] as 'name' | 'email';
      errors[f] ??= f === 'name' ? m.errNameInvalid : m.errEmailInvalid;
    }
  }
  if (!isStaffRole(values.role)) errors.role = m.errRoleInvalid;
  else if (values.role === 'owner' && c.var.user!.role !== 'owner') errors.role = m.errOnlyOwnerAssignsOwner;
  const fail = (form: InviteForm) => {
    if (wantsFragment(c)) return c.html(<InviteStaffForm locale={c.var.locale} meIsOwner={c.var.user!.role === 'owner'} form={form} />, 422);
    return teamPage(c, form, 422);
  };
  if (Object.keys(errors).length || !parsed.success || !isStaffRole(values.role)) return fail({ values, errors });
  try {
    const { user, notificationId } = await inviteStaff(c.var.db, await loadBrand(c), actorOf(c), {
      name: parsed.data.name,
      email: parsed.data.email,
      role: values.role,
      locale: c.var.tenant.defaultLocale,
    });
    await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, [notificationId]).catch((err: Error) =>
      c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'),
    );
    await setFlash(c, { kind: 'success', message: m.invited(user.email) });
  } catch (err) {
    if (err instanceof TeamError) {
      const field = err.problem === 'email_taken' ? 'email' : 'role';
      return fail({ values, errors: { [field]: problemText(m, err.problem) } });
    }
    throw err;
  }
  if (wantsFragment(c)) {
    c.header('HX-Redirect', '/staff/team');
    return c.body(null, 204);
  }
  return c.redirect('/staff/team', 303);
});

/** Row actions answer with a redirect and a flash; a refused action says why. */
async function rowAction(c: Context<AppEnv>, run: (id: number) => Promise<string>) {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const m = staffMessages[c.var.locale];
  try {
    await setFlash(c, { kind: 'success', message: await run(id) });
  } catch (err) {
    if (!(err instanceof TeamError)) throw err;
    if (err.problem === 'not_found') return c.notFound();
    await setFlash(c, { kind: 'error', message: problemText(m, err.problem) });
    return c.redirect('/staff/team', 303);
  }
  return c.redirect('/staff/team', 303);
}

teamRoutes.post('/:id{[0-9]+}/role', (c) =>
  rowAction(c, async (id) => {
    const body = await c.req.parseBody();
    const { name } = await changeStaffRole(c.var.db, actorOf(c), id, String(body.role ?? ''));
    return staffMessages[c.var.locale].roleChanged(name);
  }),
);

teamRoutes.post('/:id{[0-9]+}/block', (c) =>
  rowAction(c, async (id) => staffMessages[c.var.locale].blocked((await setStaffBlocked(c.var.db, actorOf(c), id, true)).name)),
);

teamRoutes.post('/:id{[0-9]+}/unblock', (c) =>
  rowAction(c, async (id) => staffMessages[c.var.locale].unblocked((await setStaffBlocked(c.var.db, actorOf(c), id, false)).name)),
);

teamRoutes.post('/:id{[0-9]+}/invitation', (c) =>
  rowAction(c, async (id) => {
    const { email, notificationId } = await resendStaffInvite(c.var.db, await loadBrand(c), actorOf(c), id);
    await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, [notificationId]).catch(() => undefined);
    return staffMessages[c.var.locale].inviteResent(email);
  }),
);
