import { Hono, type Context } from 'hono';
import { InvitePage } from '../../views/auth/set-password.tsx';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { audit } from './audit.ts';
import { homeFor, startSession } from './flow.ts';
import { newPasswordForm, parseForm, profileForm, readForm, translateErrors, type FormErrors } from './forms.ts';
import { authMessages } from './messages.ts';
import { hashPassword } from './passwords.ts';
import { linkInvalid, secretUrlPage, tokenUser } from './password-routes.tsx';
import { requiresTwoFactor } from './permissions.ts';
import { consumeToken, peekToken } from './tokens.ts';

/** Accepting an invitation made by staff or a dealer admin (IAM-6, IAM-10): name, password, then sign-in. */
export const inviteRoutes = new Hono<AppEnv>();

async function inviteFor(c: Context<AppEnv>) {
  const token = await peekToken(c.var.db, c.req.param('token') ?? '', 'invite');
  const user = token && (await tokenUser(c, token.user_id));
  return user && user.status === 'invited' ? user : null;
}

function showInvite(c: Context<AppEnv>, status: 200 | 422, user: NonNullable<Awaited<ReturnType<typeof inviteFor>>>, name: string, errors: FormErrors = {}) {
  secretUrlPage(c);
  const body = (
    <InvitePage
      locale={c.var.locale}
      action={`/invite/${c.req.param('token')}`}
      sellerName={c.var.tenant.name}
      email={user.email}
      dealerCode={user.dealer_code}
      name={name}
      errors={errors}
    />
  );
  return c.html(page(c, authMessages[c.var.locale].inviteTitle, body, { nav: 'none' }), status);
}

inviteRoutes.get('/invite/:token', async (c) => {
  const user = await inviteFor(c);
  return user ? showInvite(c, 200, user, user.name) : linkInvalid(c, true);
});

/** Accepting an invitation sets the password and signs in; 2FA enrolment follows where it is mandatory. */
inviteRoutes.post('/invite/:token', async (c) => {
  const m = authMessages[c.var.locale];
  const { db } = c.var;
  const user = await inviteFor(c);
  if (!user) return linkInvalid(c, true);
  const input = await readForm(c);
  const name = parseForm(profileForm.pick({ name: true }), input);
  const pw = parseForm(newPasswordForm({ email: user.email }), input);
  if (!name.ok || !pw.ok) {
    const errors = translateErrors({ ...(name.ok ? {} : name.errors), ...(pw.ok ? {} : pw.errors) }, m);
    return showInvite(c, 422, user, input.name ?? '', errors);
  }
  const passwordHash = await hashPassword(pw.data.password);
  const activated = await db.transaction().execute(async (trx) => {
    if (!(await consumeToken(trx, c.req.param('token'), 'invite'))) return null;
    return trx
      .updateTable('users')
      .set({ name: name.data.name, password_hash: passwordHash, status: 'active', updated_at: new Date() })
      .where('id', '=', user.id)
      .where('status', '=', 'invited')
      .returningAll()
      .executeTakeFirst();
  });
  if (!activated) return linkInvalid(c, true);
  await startSession(c, activated.id, false);
  await audit(c, {
    action: 'invite.accepted',
    actorUserId: activated.id,
    actorLabel: `${activated.name} <${activated.email}>`,
    dealerId: activated.dealer_id,
    targetType: 'user',
    targetId: activated.id,
  });
  await setFlash(c, { kind: 'success', message: m.inviteDone });
  return c.redirect(requiresTwoFactor(activated) ? `/account/2fa/setup?next=${encodeURIComponent(homeFor(activated))}` : homeFor(activated), 303);
});
