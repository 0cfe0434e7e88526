import { API_SCOPES, type ApiKeyRow, type ApiScope } from '../../src/api/keys.ts';
import { apiKeyMessages } from '../../src/api/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { Button, LinkButton, PostForm } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';
import { EmptyState, StatusBadge, Table } from '../components/table.tsx';
import { Time } from '../components/time.tsx';

type M = (typeof apiKeyMessages)['en'];

export interface CreateKeyForm {
  values: { name: string; scopes: string[] };
  errors: Partial<Record<'name' | 'scopes' | 'code', string>>;
}

export interface ApiKeysProps {
  locale: Locale;
  timeZone: string;
  rows: ApiKeyRow[];
  form: CreateKeyForm;
  /** Requests per minute per key. */
  rateLimit: number;
}

const ENDPOINTS: [string, string][] = [
  ['GET /api/v1/products', 'products.read'],
  ['GET /api/v1/products/{sku}', 'products.read'],
  ['PUT /api/v1/products/{sku}', 'products.write'],
  ['POST /api/v1/products/batch', 'products.write'],
  ['PUT /api/v1/stock', 'stock.write'],
  ['PUT /api/v1/prices', 'prices.write'],
];

function Usage(p: { m: M; rateLimit: number }) {
  return (
    <section class="panel api-usage" aria-labelledby="api-usage-title">
      <h2 id="api-usage-title">{p.m.usageTitle}</h2>
      <p>{p.m.usageAuth}</p>
      <pre class="api-curl">
        <code>Authorization: Bearer kv_…</code>
      </pre>
      <p>{p.m.usageEndpoints}</p>
      <ul class="api-endpoints">
        {ENDPOINTS.map(([route, scope]) => (
          <li>
            <code>{route}</code> <span class="muted">({scope})</span>
          </li>
        ))}
      </ul>
      <p class="muted">{p.m.usageLimits(p.rateLimit)}</p>
      <p class="muted">{p.m.usageErrors}</p>
    </section>
  );
}

const scopeLabel = (m: M, s: ApiScope) => m[`scope_${s.replace('.', '_')}` as 'scope_products_read'];

function Scopes(p: { scopes: string[] }) {
  return (
    <ul class="api-scopes">
      {p.scopes.map((s) => (
        <li>
          <code>{s}</code>
        </li>
      ))}
    </ul>
  );
}

export function CreateKeyFormView(p: { locale: Locale; form: CreateKeyForm }) {
  const m = apiKeyMessages[p.locale];
  const scopeError = p.form.errors.scopes;
  return (
    <PostForm action="/staff/api-keys" class="panel api-key-form" attrs={{ id: 'create-key-form' }}>
      <h2>{m.createTitle}</h2>
      <FormField name="name" label={m.name} hint={m.nameHint} value={p.form.values.name} error={p.form.errors.name} required maxlength={100} autocomplete="off" />
      <fieldset class={`checks${scopeError ? ' field--error' : ''}`} id="f-scopes-field" aria-describedby={scopeError ? 'f-scopes-error' : 'f-scopes-hint'}>
        <legend>{m.scopes}</legend>
        <p class="field__hint" id="f-scopes-hint">
          {m.scopesHint}
        </p>
        {API_SCOPES.map((s) => (
          <div class="check">
            <input type="checkbox" id={`f-scope-${s}`} name="scopes" value={s} checked={p.form.values.scopes.includes(s)} />
            <label for={`f-scope-${s}`}>{scopeLabel(m, s)}</label>
          </div>
        ))}
        {scopeError ? (
          <p class="field__error" id="f-scopes-error" role="alert">
            {scopeError}
          </p>
        ) : null}
      </fieldset>
      <FormField
        name="code"
        label={m.code}
        hint={m.codeHint}
        error={p.form.errors.code}
        required
        autocomplete="one-time-code"
        inputmode="numeric"
        pattern="[0-9]{6}"
        maxlength={6}
      />
      <Button>{m.create}</Button>
    </PostForm>
  );
}

function Status(p: { m: M; row: ApiKeyRow; locale: Locale; timeZone: string }) {
  if (!p.row.revoked_at) return <StatusBadge status="active" label={p.m.active} />;
  return (
    <>
      <StatusBadge status="failed" label={p.m.revoked} />{' '}
      <span class="muted">
        <Time at={p.row.revoked_at} locale={p.locale} timeZone={p.timeZone} />
        {p.row.revokedBy ? <> · {p.m.revokedBy(p.row.revokedBy)}</> : null}
      </span>
    </>
  );
}

export function ApiKeysPage(p: ApiKeysProps) {
  const m = apiKeyMessages[p.locale];
  return (
    <div class="stack">
      <header>
        <h1>{m.title}</h1>
        <p class="lead">{m.lead}</p>
      </header>
      <Table<ApiKeyRow>
        caption={m.title}
        id="api-keys"
        rows={p.rows}
        rowId={(r) => `api-key-${r.id}`}
        empty={<EmptyState title={m.emptyTitle} text={m.emptyText} />}
        columns={[
          { header: m.colName, cell: (r) => (r.revoked_at ? <span class="muted">{r.name}</span> : <strong>{r.name}</strong>) },
          { header: m.colKey, cell: (r) => <code>{`kv_${r.prefix}_…`}</code> },
          { header: m.colScopes, cell: (r) => <Scopes scopes={r.scopes} /> },
          {
            header: m.colCreated,
            cell: (r) => (
              <>
                {r.createdBy ?? '—'}
                <br />
                <span class="muted">
                  <Time at={r.created_at} locale={p.locale} timeZone={p.timeZone} />
                </span>
              </>
            ),
          },
          { header: m.colLastUsed, cell: (r) => (r.last_used_at ? <Time at={r.last_used_at} locale={p.locale} timeZone={p.timeZone} /> : <span class="muted">{m.never}</span>) },
          { header: m.colStatus, cell: (r) => <Status m={m} row={r} locale={p.locale} timeZone={p.timeZone} /> },
          {
            header: m.colActions,
            cell: (r) =>
              r.revoked_at ? null : (
                <form method="post" action={`/staff/api-keys/${r.id}/revoke`} class="inline">
                  <button type="submit" class="btn btn--danger btn--small" aria-label={m.revokeLabel(r.name)}>
                    {m.revoke}
                  </button>
                </form>
              ),
          },
        ]}
      />
      <div class="api-keys-grid">
        <CreateKeyFormView locale={p.locale} form={p.form} />
        <Usage m={m} rateLimit={p.rateLimit} />
      </div>
    </div>
  );
}

/** The only page that ever shows the full key. */
export function KeyCreatedPage(p: { locale: Locale; name: string; secret: string; scopes: string[]; origin: string }) {
  const m = apiKeyMessages[p.locale];
  const curl = `curl -H "Authorization: Bearer ${p.secret}" ${p.origin}/api/v1/products?limit=10`;
  return (
    <div class="stack api-key-created">
      <header>
        <h1>{m.createdTitle}</h1>
        <p class="lead">{m.createdLead(p.name)}</p>
      </header>
      <p class="notice notice--warn" role="note">
        {m.createdOnce}
      </p>
      <div class="field field--wide api-key-secret">
        <label for="api-key-value">{m.keyLabel}</label>
        <input id="api-key-value" type="text" readonly value={p.secret} aria-describedby="api-key-hint" autocomplete="off" spellcheck={false} />
        <p class="field__hint" id="api-key-hint">
          {m.copyHint}
        </p>
      </div>
      <div>
        <h2 class="h3">{m.scopesGranted}</h2>
        <Scopes scopes={p.scopes} />
      </div>
      <div>
        <h2 class="h3">{m.tryIt}</h2>
        <pre class="api-curl">
          <code>{curl}</code>
        </pre>
      </div>
      <p>
        <LinkButton href="/staff/api-keys" variant="secondary">
          {m.back}
        </LinkButton>
      </p>
    </div>
  );
}
