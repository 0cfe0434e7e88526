import type { CategoryNode } from '../../src/catalog/categories.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { approvalMessages, type ApprovalMessages } from '../../src/approvals/messages.ts';
import { formatTotal } from '../../src/approvals/notify.ts';
import type { CompanyUser, Rule, RuleError, RuleField, RuleValues } from '../../src/approvals/rule-admin.ts';
import { DEALER_ROLES } from '../../src/auth/permissions.ts';
import { Button, PostForm } from '../components/button.tsx';
import { FieldError, FieldHint, FormField } from '../components/form-field.tsx';
import { EmptyState, StatusBadge, Table } from '../components/table.tsx';

const roleLabel = (m: ApprovalMessages, r: string) => {
  const v = m[`role_${r}` as keyof ApprovalMessages];
  return typeof v === 'string' ? v : r;
};
const err = (m: ApprovalMessages, code: RuleError | undefined) => (code ? (m[`err_${code}`] as string) : undefined);

export interface RulesListProps {
  locale: Locale;
  rules: Rule[];
  users: CompanyUser[];
  categoryNames: Map<number, string>;
}

function condition(m: ApprovalMessages, p: RulesListProps, r: Rule): string {
  const name = (id: number) => p.users.find((u) => u.id === id)?.name ?? `#${id}`;
  switch (r.kind) {
    case 'amount_over':
      return m.condAmount(formatTotal(r.amount ?? 0, r.currency ?? 'TRY', p.locale));
    case 'users':
      return m.condUsers(r.user_ids.map(name).join(', '));
    case 'roles':
      return m.condRoles(r.roles.map((x) => roleLabel(m, x)).join(', '));
    case 'categories':
      return m.condCategories(r.category_ids.map((id) => p.categoryNames.get(id) ?? `#${id}`).join(', '));
  }
}

export function RulesList(p: RulesListProps) {
  const m = approvalMessages[p.locale];
  const name = (id: number) => p.users.find((u) => u.id === id)?.name ?? `#${id}`;
  return (
    <Table<Rule>
      caption={m.rulesTitle}
      id="approval-rules"
      rows={p.rules}
      rowId={(r) => `rule-${r.id}`}
      empty={<EmptyState title={m.noRulesTitle} text={m.noRulesText} />}
      columns={[
        { header: m.colRuleName, cell: (r) => <strong>{r.name}</strong> },
        { header: m.colCondition, cell: (r) => condition(m, p, r) },
        { header: m.colLevels, cell: (r) => m.levelsCount(r.levels) },
        { header: m.colApprovers, cell: (r) => (r.approver_ids.length ? r.approver_ids.map(name).join(', ') : <span class="muted">{m.allApprovers}</span>) },
        { header: m.colActive, cell: (r) => (r.active ? <StatusBadge status="active" label={m.active} /> : <StatusBadge status="neutral" label={m.inactive} />) },
        {
          header: m.colActions,
          cell: (r) => (
            <span class="row-actions">
              <a class="btn btn--secondary btn--small" href={`/portal/approvals/rules/${r.id}/edit`}>
                {m.edit}
              </a>
              <PostForm action={`/portal/approvals/rules/${r.id}/${r.active ? 'deactivation' : 'activation'}`} class="inline">
                <Button variant="secondary" attrs={{ class: 'btn btn--secondary btn--small' }}>
                  {r.active ? m.deactivate : m.activate}
                </Button>
              </PostForm>
            </span>
          ),
        },
      ]}
    />
  );
}

function CategoryChecks(p: { nodes: CategoryNode[]; picked: Set<string>; name: string }) {
  return (
    <ul class="cat-checks">
      {p.nodes.map((n) => (
        <li>
          <label class="check">
            <input type="checkbox" name={p.name} value={String(n.id)} checked={p.picked.has(String(n.id))} /> {n.name}
          </label>
          {n.children.length ? <CategoryChecks nodes={n.children} picked={p.picked} name={p.name} /> : null}
        </li>
      ))}
    </ul>
  );
}

function CheckGroup(p: { name: string; legend: string; options: Array<{ value: string; label: string }>; picked: readonly string[]; error?: string | undefined; hint?: string; klass?: string }) {
  const id = `f-${p.name}`;
  return (
    <fieldset class={`checks${p.klass ? ` ${p.klass}` : ''}${p.error ? ' field--error' : ''}`} id={`${id}-field`} aria-describedby={p.error ? `${id}-error` : undefined}>
      <legend>{p.legend}</legend>
      <FieldHint id={id} hint={p.hint} />
      <div class="checks__options">
        {p.options.map((o) => (
          <label class="check" for={`${id}-${o.value}`}>
            <input type="checkbox" id={`${id}-${o.value}`} name={p.name} value={o.value} checked={p.picked.includes(o.value)} /> {o.label}
          </label>
        ))}
      </div>
      <FieldError id={id} error={p.error} />
    </fieldset>
  );
}

export interface RuleFormProps {
  locale: Locale;
  ruleId: number | null;
  values: RuleValues;
  errors: Partial<Record<RuleField, RuleError>>;
  users: CompanyUser[];
  tree: CategoryNode[];
}

export function RuleForm(p: RuleFormProps) {
  const m = approvalMessages[p.locale];
  const v = p.values;
  const e = p.errors;
  const approvers = p.users.filter((u) => u.approves && u.status === 'active');
  const kinds = ['amount_over', 'users', 'roles', 'categories'] as const;
  return (
    <PostForm action={p.ruleId ? `/portal/approvals/rules/${p.ruleId}` : '/portal/approvals/rules'} class="panel rule-form" attrs={{ id: 'rule-form' }}>
      <h2>{p.ruleId ? m.editRule(v.name) : m.newRule}</h2>
      {Object.keys(e).length ? (
        <p class="notice notice--warn" role="alert">
          {m.formFailed}
        </p>
      ) : null}
      <FormField name="name" label={m.name} value={v.name} error={err(m, e.name)} hint={m.nameHint} required maxlength={100} />
      <fieldset class={`checks rule-form__kinds${e.kind ? ' field--error' : ''}`} id="f-kind-field">
        <legend>{m.kind}</legend>
        {kinds.map((k) => (
          <label class="check" for={`f-kind-${k}`}>
            <input type="radio" id={`f-kind-${k}`} name="kind" value={k} checked={v.kind === k} /> {m[`kind_${k}`]}
          </label>
        ))}
        <FieldError id="f-kind" error={err(m, e.kind)} />
      </fieldset>
      <div class="when-kind-amount_over form-grid">
        <FormField name="amount" label={m.amount} value={v.amount} error={err(m, e.amount)} hint={m.amountHint} inputmode="decimal" />
        <FormField name="currency" label={m.currency} value={v.currency} error={err(m, e.currency)} hint={m.currencyHint} maxlength={3} />
      </div>
      <div class="when-kind-users">
        <CheckGroup name="user_ids" legend={m.users} options={p.users.map((u) => ({ value: String(u.id), label: `${u.name} (${roleLabel(m, u.role)})` }))} picked={v.user_ids} error={err(m, e.user_ids)} />
      </div>
      <div class="when-kind-roles">
        <CheckGroup name="roles" legend={m.roles} options={DEALER_ROLES.map((r) => ({ value: r, label: roleLabel(m, r) }))} picked={v.roles} error={err(m, e.roles)} />
      </div>
      <div class={`when-kind-categories field field--wide${e.category_ids ? ' field--error' : ''}`} id="f-category_ids-field">
        <p class="field__label">{m.categories}</p>
        <p class="field__hint">{m.categoriesHint}</p>
        {p.tree.length ? <CategoryChecks nodes={p.tree} picked={new Set(v.category_ids)} name="category_ids" /> : <p class="muted">{m.noCategories}</p>}
        <FieldError id="f-category_ids" error={err(m, e.category_ids)} />
      </div>
      <fieldset class={`checks${e.levels ? ' field--error' : ''}`} id="f-levels-field">
        <legend>{m.levels}</legend>
        {(['1', '2'] as const).map((l) => (
          <label class="check" for={`f-levels-${l}`}>
            <input type="radio" id={`f-levels-${l}`} name="levels" value={l} checked={v.levels === l} /> {l === '1' ? m.levels1 : m.levels2}
          </label>
        ))}
        <FieldError id="f-levels" error={err(m, e.levels)} />
      </fieldset>
      {approvers.length ? (
        <CheckGroup
          name="approver_ids"
          legend={m.approvers}
          hint={m.approversHint}
          options={approvers.map((u) => ({ value: String(u.id), label: u.name }))}
          picked={v.approver_ids}
          error={err(m, e.approver_ids)}
        />
      ) : (
        <p class="notice notice--warn" role="note">
          {m.noApprovers}
        </p>
      )}
      <div class="form-actions">
        <Button>{m.save}</Button>
        {p.ruleId ? (
          <a class="btn btn--link" href="/portal/approvals/rules">
            {m.cancel}
          </a>
        ) : null}
      </div>
    </PostForm>
  );
}

export interface PreviewValues {
  user_id: string;
  total: string;
  category_ids: string[];
  /** A saved cart instead of amount + categories (APR-4). */
  cart_id: string;
}

export interface PreviewResult {
  error: string | null;
  levels: number;
  rules: Array<{ id: number; name: string }>;
  approvers: string[];
  ordererName: string;
  ordererIsApprover: boolean;
  /** Set when a cart was previewed: its total as checkout would price it. */
  cartTotal?: string | null;
}

export function PreviewResultView(p: { locale: Locale; result: PreviewResult | null }) {
  const m = approvalMessages[p.locale];
  const r = p.result;
  return (
    <div id="preview-result" class="apr-preview__result" aria-live="polite">
      {!r ? null : r.error ? (
        <p class="notice notice--warn" role="alert">
          {r.error}
        </p>
      ) : r.levels === 0 ? (
        <>
          {r.cartTotal ? <p class="muted">{m.previewCartTotal(r.cartTotal)}</p> : null}
          <p class="notice notice--info">{m.previewNone}</p>
        </>
      ) : (
        <>
          {r.cartTotal ? <p class="muted">{m.previewCartTotal(r.cartTotal)}</p> : null}
          <p>
            <strong>{m.previewMatched(r.rules.length)}</strong>{' '}
            <span class="tag-list">
              {r.rules.map((x) => (
                <span class="tag">{x.name}</span>
              ))}
            </span>
          </p>
          <ol class="approval-steps">
            {Array.from({ length: r.levels }, (_, i) => (
              <li class="approval-steps__item approval-steps__item--pending">
                <strong>{m.previewLevel(i + 1)}</strong> — {m.previewApprovers}: {r.approvers.length ? r.approvers.join(', ') : '—'}
              </li>
            ))}
          </ol>
          {r.approvers.length === 0 || (r.levels === 2 && r.approvers.length < 2) ? (
            <p class="notice notice--warn" role="alert">
              {m.previewNobody}
            </p>
          ) : null}
          {r.ordererIsApprover ? <p class="muted">{m.previewSelfNote(r.ordererName)}</p> : null}
        </>
      )}
    </div>
  );
}

export function PreviewForm(p: { locale: Locale; users: CompanyUser[]; carts: Array<{ id: number; label: string }>; tree: CategoryNode[]; values: PreviewValues; currency: string; result: PreviewResult | null }) {
  const m = approvalMessages[p.locale];
  return (
    <form method="get" action="/portal/approvals/rules/preview" class="panel apr-preview" id="preview-form" hx-get="/portal/approvals/rules/preview" hx-target="#preview-result" hx-swap="outerHTML">
      <h2>{m.previewTitle}</h2>
      <p class="muted">{m.previewLead}</p>
      <div class="form-grid">
        <div class="field" id="f-user_id-field">
          <label for="f-user_id">{m.previewUser}</label>
          <select id="f-user_id" name="user_id">
            <option value="">—</option>
            {p.users.map((u) => (
              <option value={String(u.id)} selected={p.values.user_id === String(u.id)}>
                {u.name} ({roleLabel(m, u.role)})
              </option>
            ))}
          </select>
        </div>
        <FormField name="total" label={`${m.previewAmount} (${p.currency})`} value={p.values.total} inputmode="decimal" />
      </div>
      {p.carts.length ? (
        <div class="field" id="f-cart_id-field">
          <label for="f-cart_id">{m.previewCart}</label>
          <select id="f-cart_id" name="cart_id" aria-describedby="f-cart_id-hint">
            <option value="">—</option>
            {p.carts.map((x) => (
              <option value={String(x.id)} selected={p.values.cart_id === String(x.id)}>
                {x.label}
              </option>
            ))}
          </select>
          <p class="field__hint" id="f-cart_id-hint">
            {m.previewCartHint}
          </p>
        </div>
      ) : null}
      {p.tree.length ? (
        <details class="apr-preview__cats" open={p.values.category_ids.length > 0}>
          <summary>{m.previewCategories}</summary>
          <CategoryChecks nodes={p.tree} picked={new Set(p.values.category_ids)} name="category_ids" />
        </details>
      ) : null}
      <Button variant="secondary">{m.previewRun}</Button>
      <PreviewResultView locale={p.locale} result={p.result} />
    </form>
  );
}

export interface RulesPageProps {
  locale: Locale;
  list: RulesListProps;
  form: RuleFormProps;
  preview: { users: CompanyUser[]; carts: Array<{ id: number; label: string }>; values: PreviewValues; currency: string; result: PreviewResult | null };
  tree: CategoryNode[];
  /** Editing: the form only. */
  editing: boolean;
}

export function RulesPage(p: RulesPageProps) {
  const m = approvalMessages[p.locale];
  return (
    <section class="approval-rules">
      <div class="page-head">
        <h1>{p.editing ? m.editRule(p.form.values.name) : m.rulesTitle}</h1>
        <a class="btn btn--secondary" href="/portal/approvals">
          {m.queueTitle}
        </a>
      </div>
      {p.editing ? (
        <RuleForm {...p.form} />
      ) : (
        <>
          <p class="muted">{m.rulesLead}</p>
          <RulesList {...p.list} />
          <div class="approval-rules__grid">
            <RuleForm {...p.form} />
            <PreviewForm locale={p.locale} users={p.preview.users} carts={p.preview.carts} tree={p.tree} values={p.preview.values} currency={p.preview.currency} result={p.preview.result} />
          </div>
        </>
      )}
    </section>
  );
}
