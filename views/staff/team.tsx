import { STAFF_ROLES } from '../../src/auth/permissions.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { roleLabel, staffMessages } from '../../src/staff/messages.ts';
import type { StaffRow } from '../../src/staff/team.ts';
import { Button } from '../components/button.tsx';
import { FormField, SelectField } from '../components/form-field.tsx';
import { StatusBadge, Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';

export interface InviteForm {
  values: { name: string; email: string; role: string };
  errors: Partial<Record<'name' | 'email' | 'role', string>>;
}

export interface TeamProps {
  locale: Locale;
  timeZone: string;
  meId: number;
  meIsOwner: boolean;
  rows: StaffRow[];
  invite: InviteForm;
}

const STATUS_BADGE: Record<string, string> = { invited: 'pending', active: 'active', blocked: 'failed' };

function RoleForm(p: { locale: Locale; row: StaffRow; meIsOwner: boolean }) {
  const m = staffMessages[p.locale];
  const id = `role-${p.row.id}`;
  const roles = STAFF_ROLES.filter((r) => p.meIsOwner || r !== 'owner' || p.row.role === 'owner');
  return (
    <form method="post" action={`/staff/team/${p.row.id}/role`} class="inline row-form">
      <label for={id} class="visually-hidden">
        {m.changeRole}: {p.row.name}
      </label>
      <select id={id} name="role" disabled={p.row.role === 'owner' && !p.meIsOwner}>
        {roles.map((r) => (
          <option value={r} selected={r === p.row.role}>
            {roleLabel(m, r)}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn--secondary btn--small" disabled={p.row.role === 'owner' && !p.meIsOwner}>
        {m.save}
      </button>
    </form>
  );
}

function RowActions(p: { locale: Locale; row: StaffRow; meId: number; meIsOwner: boolean }) {
  const m = staffMessages[p.locale];
  const { row } = p;
  const ownerLocked = row.role === 'owner' && !p.meIsOwner;
  return (
    <div class="row-actions">
      {row.status === 'invited' && !ownerLocked ? (
        <form method="post" action={`/staff/team/${row.id}/invitation`} class="inline">
          <button type="submit" class="btn btn--link btn--small">
            {m.resendInvite}
          </button>
        </form>
      ) : null}
      {row.id !== p.meId && !ownerLocked ? (
        <form method="post" action={`/staff/team/${row.id}/${row.status === 'blocked' ? 'unblock' : 'block'}`} class="inline">
          <button type="submit" class={`btn btn--small ${row.status === 'blocked' ? 'btn--secondary' : 'btn--danger'}`}>
            {row.status === 'blocked' ? m.unblock : m.block}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function InviteStaffForm(p: { locale: Locale; meIsOwner: boolean; form: InviteForm }) {
  const m = staffMessages[p.locale];
  const roles = STAFF_ROLES.filter((r) => p.meIsOwner || r !== 'owner');
  return (
    <form method="post" action="/staff/team" id="invite-form" class="panel" hx-post="/staff/team" hx-target="this" hx-swap="outerHTML">
      <h2>{m.inviteTitle}</h2>
      <div class="form-grid">
        <FormField name="name" label={m.inviteName} value={p.form.values.name} error={p.form.errors.name} required maxlength={120} autocomplete="off" />
        <FormField name="email" type="email" label={m.inviteEmail} value={p.form.values.email} error={p.form.errors.email} required maxlength={254} autocomplete="off" />
        <SelectField
          name="role"
          label={m.inviteRole}
          value={p.form.values.role || 'sales_rep'}
          error={p.form.errors.role}
          options={roles.map((r) => ({ value: r, label: roleLabel(m, r) }))}
        />
      </div>
      <Button>{m.inviteSend}</Button>
    </form>
  );
}

export function TeamPage(p: TeamProps) {
  const m = staffMessages[p.locale];
  return (
    <div class="stack">
      <header>
        <h1>{m.teamTitle}</h1>
        <p class="muted">{m.teamLead}</p>
      </header>
      <Table<StaffRow>
        caption={m.teamTitle}
        id="team-table"
        rows={p.rows}
        rowId={(r) => `staff-${r.id}`}
        columns={[
          {
            header: m.colName,
            cell: (r) => (
              <>
                {r.name} {r.id === p.meId ? <span class="muted">{m.you}</span> : null}
              </>
            ),
          },
          { header: m.colEmail, cell: (r) => r.email },
          { header: m.colRole, cell: (r) => <RoleForm locale={p.locale} row={r} meIsOwner={p.meIsOwner} /> },
          { header: m.colStatus, cell: (r) => <StatusBadge status={STATUS_BADGE[r.status] ?? r.status} label={m[`status_${r.status}`]} /> },
          { header: m.col2fa, cell: (r) => (r.totp ? m.on : <span class="muted">{m.off}</span>) },
          { header: m.colLastLogin, cell: (r) => (r.lastLoginAt ? <Time at={r.lastLoginAt} locale={p.locale} timeZone={p.timeZone} /> : <span class="muted">{m.never}</span>) },
          { header: m.colActions, cell: (r) => <RowActions locale={p.locale} row={r} meId={p.meId} meIsOwner={p.meIsOwner} /> },
        ]}
      />
      <p class="muted">{m.roleHelp}</p>
      <InviteStaffForm locale={p.locale} meIsOwner={p.meIsOwner} form={p.invite} />
    </div>
  );
}
