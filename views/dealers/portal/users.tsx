import { DEALER_PERMISSIONS, DEALER_ROLES } from '../../../src/auth/permissions.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { portalMessages, type PortalMessages } from '../../../src/dealers/portal-messages.ts';
import type { DealerUserRow } from '../../../src/dealers/users.ts';
import { Button, LinkButton, PostForm } from '../../components/button.tsx';
import { FormField } from '../../components/form-field.tsx';
import { EmptyState, StatusBadge, Table } from '../../components/table.tsx';

export const roleLabel = (m: PortalMessages, role: string) => ((m as Record<string, unknown>)[`role_${role}`] as string | undefined) ?? role;
export const permLabel = (m: PortalMessages, perm: string) => ((m as Record<string, unknown>)[`perm_${perm}`] as string | undefined) ?? perm;

const STATUS_BADGE: Record<DealerUserRow['status'], string> = { invited: 'pending', active: 'active', blocked: 'failed' };

export function UserStatusBadge(p: { m: PortalMessages; status: DealerUserRow['status'] }) {
  return <StatusBadge status={STATUS_BADGE[p.status]} label={p.m[`status_${p.status}`]} />;
}

/**
 * The role select re-renders the permission boxes with the role's defaults (htmx); without
 * JavaScript the boxes are simply what gets saved.
 */
export function RoleSelect(p: { locale: Locale; value: string; error?: string | undefined }) {
  const m = portalMessages[p.locale];
  return (
    <div class={`field${p.error ? ' field--error' : ''}`}>
      <label for="f-role">{m.role}</label>
      <select
        id="f-role"
        name="role"
        required
        hx-get="/portal/users/permission-defaults"
        hx-trigger="change"
        hx-target="#f-permissions-field"
        hx-swap="outerHTML"
        aria-describedby={p.error ? 'f-role-error' : undefined}
      >
        {DEALER_ROLES.map((r) => (
          <option value={r} selected={r === p.value}>
            {roleLabel(m, r)}
          </option>
        ))}
      </select>
      {p.error ? (
        <p class="field__error" id="f-role-error" role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

export function PermissionsFieldset(p: { locale: Locale; selected: readonly string[]; lockManage?: boolean }) {
  const m = portalMessages[p.locale];
  return (
    <fieldset class="checks" id="f-permissions-field">
      <legend>{m.permissions}</legend>
      <p class="field__hint">{m.permissionsHint}</p>
      {DEALER_PERMISSIONS.map((perm) => (
        <div class="check">
          <input type="checkbox" id={`f-perm-${perm}`} name="permissions" value={perm} checked={p.selected.includes(perm)} />
          <label for={`f-perm-${perm}`}>{permLabel(m, perm)}</label>
        </div>
      ))}
    </fieldset>
  );
}

export interface InviteValues {
  name: string;
  email: string;
  role: string;
  permissions: readonly string[];
}
export type InviteErrors = Partial<Record<'name' | 'email' | 'role', string>>;

export function InviteForm(p: { locale: Locale; values: InviteValues; errors: InviteErrors }) {
  const m = portalMessages[p.locale];
  return (
    <PostForm action="/portal/users" class="panel" attrs={{ id: 'invite-form', 'hx-post': '/portal/users', 'hx-target': 'this', 'hx-swap': 'outerHTML' }}>
      <h2>{m.inviteTitle}</h2>
      <p class="muted">{m.inviteIntro}</p>
      <div class="form-grid">
        <FormField name="name" label={m.name} value={p.values.name} error={p.errors.name} required maxlength={100} autocomplete="off" />
        <FormField name="email" label={m.email} type="email" value={p.values.email} error={p.errors.email} required maxlength={254} autocomplete="off" />
      </div>
      <RoleSelect locale={p.locale} value={p.values.role} error={p.errors.role} />
      <PermissionsFieldset locale={p.locale} selected={p.values.permissions} />
      <Button>{m.invite}</Button>
    </PostForm>
  );
}

export interface UsersPageProps {
  locale: Locale;
  users: DealerUserRow[];
  currentUserId: number | null;
  status: DealerUserRow['status'] | undefined;
  invite: { values: InviteValues; errors: InviteErrors };
  /** Staff acting for the dealer see the users but cannot change them (IAM-11). */
  readOnlyNote?: string;
}

export function UsersTable(p: Pick<UsersPageProps, 'locale' | 'users' | 'currentUserId' | 'status'>) {
  const m = portalMessages[p.locale];
  return (
    <div id="users-results">
      <Table<DealerUserRow>
        caption={m.usersTitle}
        id="users-table"
        rows={p.users}
        rowId={(u) => `user-${u.id}`}
        empty={p.status ? <EmptyState title={m.noUsersFiltered} text={m.noUsersFilteredText} /> : <EmptyState title={m.noUsers} text={m.noUsersText} />}
        columns={[
          {
            header: m.colName,
            cell: (u) => (
              <>
                {u.name}
                {u.id === p.currentUserId ? <span class="muted"> ({m.you})</span> : null}
              </>
            ),
          },
          { header: m.colEmail, cell: (u) => u.email },
          { header: m.colRole, cell: (u) => roleLabel(m, u.role) },
          { header: m.colStatus, cell: (u) => <UserStatusBadge m={m} status={u.status} /> },
          { header: m.col2fa, cell: (u) => (u.totp_enabled ? m.on : m.off) },
          {
            header: m.colActions,
            cell: (u) => (
              <a href={`/portal/users/${u.id}`} aria-label={`${m.edit}: ${u.name}`}>
                {m.edit}
              </a>
            ),
          },
        ]}
      />
    </div>
  );
}

export function UsersPage(p: UsersPageProps) {
  const m = portalMessages[p.locale];
  return (
    <section>
      <h1>{m.usersTitle}</h1>
      <p class="muted">{m.usersIntro}</p>
      <form method="get" action="/portal/users" class="filters" role="search" hx-get="/portal/users" hx-target="#users-results" hx-swap="outerHTML" hx-trigger="change" hx-push-url="true">
        <div class="field">
          <label for="f-status">{m.filterStatus}</label>
          <select id="f-status" name="status">
            <option value="">{m.filterAll}</option>
            {(['active', 'invited', 'blocked'] as const).map((s) => (
              <option value={s} selected={p.status === s}>
                {m[`status_${s}`]}
              </option>
            ))}
          </select>
        </div>
        <noscript>
          <Button variant="secondary">{m.filter}</Button>
        </noscript>
      </form>
      <UsersTable {...p} />
      {p.readOnlyNote ? (
        <p class="notice notice--info" data-testid="acting-read-only">
          {p.readOnlyNote}
        </p>
      ) : (
        <InviteForm locale={p.locale} values={p.invite.values} errors={p.invite.errors} />
      )}
    </section>
  );
}

export interface UserEditProps {
  locale: Locale;
  user: DealerUserRow;
  isSelf: boolean;
  access: { role: string; permissions: readonly string[]; error?: string | undefined };
  block: { reason: string; error?: string | undefined };
}

export function UserEditPage(p: UserEditProps) {
  const m = portalMessages[p.locale];
  const u = p.user;
  return (
    <section>
      <p>
        <a href="/portal/users">← {m.backToUsers}</a>
      </p>
      <h1>{m.editTitle(u.name)}</h1>
      <dl class="facts">
        <dt>{m.colEmail}</dt>
        <dd>{u.email}</dd>
        <dt>{m.colStatus}</dt>
        <dd>
          <UserStatusBadge m={m} status={u.status} />
        </dd>
        <dt>{m.col2fa}</dt>
        <dd>{u.totp_enabled ? m.on : m.off}</dd>
        {u.status === 'blocked' ? (
          <>
            <dt>{m.blockedReason}</dt>
            <dd data-testid="blocked-reason">{u.blocked_reason}</dd>
          </>
        ) : null}
      </dl>
      <PostForm action={`/portal/users/${u.id}/access`} class="panel" attrs={{ id: 'access-form' }}>
        {p.access.error ? (
          <p class="notice notice--warn" role="alert">
            {p.access.error}
          </p>
        ) : null}
        <RoleSelect locale={p.locale} value={p.access.role} />
        <PermissionsFieldset locale={p.locale} selected={p.access.permissions} />
        <Button>{m.save}</Button>
      </PostForm>
      {u.status === 'invited' ? (
        <PostForm action={`/portal/users/${u.id}/invitation`} class="panel">
          <Button variant="secondary">{m.resendInvite}</Button>
        </PostForm>
      ) : null}
      {u.status === 'blocked' ? (
        <PostForm action={`/portal/users/${u.id}/unblock`} class="panel">
          <Button variant="secondary">{m.unblock}</Button>
        </PostForm>
      ) : (
        <PostForm action={`/portal/users/${u.id}/block`} class="panel" attrs={{ id: 'block-form' }}>
          <h2>{m.blockTitle}</h2>
          <p class="muted">{m.blockIntro}</p>
          <FormField name="reason" label={m.blockReason} value={p.block.reason} error={p.block.error} required maxlength={500} />
          <Button variant="danger">{m.block}</Button>
        </PostForm>
      )}
      <LinkButton href="/portal/users" variant="secondary">
        {m.backToUsers}
      </LinkButton>
    </section>
  );
}
