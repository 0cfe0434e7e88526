import type { Locale } from '../../../src/i18n/define.ts';
import { portalMessages } from '../../../src/dealers/portal-messages.ts';
import { phaseOf, type DelegationView } from '../../../src/dealers/delegations.ts';
import { Button, PostForm } from '../../components/button.tsx';
import { FormField, SelectField } from '../../components/form-field.tsx';
import { EmptyState, StatusBadge, Table } from '../../components/table.tsx';
import { formatDay, lastDayOf } from './format.ts';
import { permLabel } from './users.tsx';

export interface DelegationFormValues {
  from_user_id: string;
  to_user_id: string;
  from: string;
  until: string;
  permissions: readonly string[];
  note: string;
}
export type DelegationFormErrors = Partial<Record<'from_user_id' | 'to_user_id' | 'from' | 'until' | 'permissions' | 'form', string>>;

export interface DelegationFormProps {
  locale: Locale;
  /** People whose rights may be lent (only the signed-in user unless they manage users). */
  delegators: Array<{ id: number; name: string }>;
  delegates: Array<{ id: number; name: string }>;
  rights: readonly string[];
  values: DelegationFormValues;
  errors: DelegationFormErrors;
}

export function DelegationForm(p: DelegationFormProps) {
  const m = portalMessages[p.locale];
  const v = p.values;
  const e = p.errors;
  return (
    <PostForm action="/portal/delegations" class="panel" attrs={{ id: 'delegation-form' }}>
      <h2>{m.newDelegation}</h2>
      {e.form ? (
        <p class="notice notice--warn" role="alert">
          {e.form}
        </p>
      ) : null}
      <div class="form-grid">
        <SelectField
          name="from_user_id"
          label={m.delegator}
          value={v.from_user_id}
          error={e.from_user_id}
          required
          options={p.delegators.map((u) => ({ value: String(u.id), label: u.name }))}
        />
        <SelectField
          name="to_user_id"
          label={m.delegate}
          value={v.to_user_id}
          error={e.to_user_id}
          required
          options={[{ value: '', label: '—' }, ...p.delegates.map((u) => ({ value: String(u.id), label: u.name }))]}
        />
        <FormField name="from" label={m.from} type="date" value={v.from} error={e.from} required />
        <FormField name="until" label={m.until} type="date" value={v.until} error={e.until} required />
      </div>
      <fieldset class={`checks${e.permissions ? ' field--error' : ''}`} aria-describedby={e.permissions ? 'f-rights-error' : undefined}>
        <legend>{m.rights}</legend>
        {p.rights.map((r) => (
          <div class="check">
            <input type="checkbox" id={`f-right-${r}`} name="permissions" value={r} checked={v.permissions.includes(r)} />
            <label for={`f-right-${r}`}>{permLabel(m, r)}</label>
          </div>
        ))}
        {e.permissions ? (
          <p class="field__error" id="f-rights-error" role="alert">
            {e.permissions}
          </p>
        ) : null}
      </fieldset>
      <FormField name="note" label={m.note} value={v.note} maxlength={200} />
      <Button>{m.create}</Button>
    </PostForm>
  );
}

export interface DelegationsPageProps {
  locale: Locale;
  timeZone: string;
  now: Date;
  current: DelegationView[];
  past: DelegationView[];
  /** Ids of delegations the viewer may revoke. */
  revocable: Set<number>;
  form: DelegationFormProps | null;
  /** Why there is no form (acting staff, nothing to lend). */
  formNote: string | null;
}

function Window(p: { d: DelegationView; locale: Locale; timeZone: string }) {
  return (
    <>
      {formatDay(p.d.starts_at, p.locale, p.timeZone)} – {formatDay(lastDayOf(p.d.until), p.locale, p.timeZone)}
    </>
  );
}

export function DelegationsPage(p: DelegationsPageProps) {
  const m = portalMessages[p.locale];
  const rights = (d: DelegationView) => d.permissions.map((r) => permLabel(m, r)).join(', ');
  return (
    <section>
      <h1>{m.delegationsTitle}</h1>
      <p class="muted">{m.delegationsIntro}</p>
      {p.form ? <DelegationForm {...p.form} /> : null}
      {p.formNote ? (
        <p class="notice notice--info" role="note">
          {p.formNote}
        </p>
      ) : null}
      <h2>{m.current}</h2>
      <Table<DelegationView>
        caption={m.current}
        id="delegations-current"
        rows={p.current}
        rowId={(d) => `delegation-${d.id}`}
        empty={<EmptyState title={m.noCurrent} text={p.form ? m.noCurrentText : m.noCurrentTextReadOnly} />}
        columns={[
          { header: m.delegator, cell: (d) => d.from_name },
          { header: m.delegate, cell: (d) => d.to_name },
          { header: m.rights, cell: rights },
          { header: `${m.from} – ${m.untilShort}`, cell: (d) => <Window d={d} locale={p.locale} timeZone={p.timeZone} /> },
          {
            header: m.colStatus,
            cell: (d) => {
              const phase = phaseOf(d, p.now);
              return phase === 'active' ? <StatusBadge status="active" label={m.phase_active} /> : <StatusBadge status="pending" label={m.phase_upcoming} />;
            },
          },
          { header: m.noteShort, cell: (d) => d.note },
          {
            header: m.colActions,
            cell: (d) =>
              p.revocable.has(d.id) ? (
                <PostForm action={`/portal/delegations/${d.id}/revocation`} class="inline">
                  <Button variant="secondary" attrs={{ class: 'btn btn--secondary btn--small' }}>
                    {m.revoke}
                  </Button>
                </PostForm>
              ) : null,
          },
        ]}
      />
      <h2>{m.past}</h2>
      <Table<DelegationView>
        caption={m.past}
        id="delegations-past"
        rows={p.past}
        rowId={(d) => `delegation-${d.id}`}
        empty={<p class="muted">{m.noPast}</p>}
        columns={[
          { header: m.delegator, cell: (d) => d.from_name },
          { header: m.delegate, cell: (d) => d.to_name },
          { header: m.rights, cell: rights },
          { header: `${m.from} – ${m.untilShort}`, cell: (d) => <Window d={d} locale={p.locale} timeZone={p.timeZone} /> },
          {
            header: m.colStatus,
            cell: (d) => (d.status === 'revoked' ? <StatusBadge status="neutral" label={m.status_revoked} /> : <StatusBadge status="neutral" label={m.status_expired} />),
          },
        ]}
      />
    </section>
  );
}
