import { Hono, type Context } from 'hono';
import { ApiKeysPage, KeyCreatedPage, type CreateKeyForm } from '../../views/api/keys.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { requireFreshTotp } from '../auth/step-up.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { createApiKey, isApiScope, listApiKeys, revokeApiKey, type ApiScope } from './keys.ts';
import { apiKeyMessages } from './messages.ts';

/**
 * /staff/api-keys (API-1): owners and admins (settings.manage) list, create and revoke keys.
 * Creating a key hands out standing access to the catalog, so it needs a fresh TOTP code; the
 * key is rendered once in the POST answer (never stored in plain text, never redirected through
 * a cookie) with `no-store`. Revoking needs no code: it only takes access away and must be quick
 * when a key leaks.
 */
export const apiKeyRoutes = new Hono<AppEnv>();
apiKeyRoutes.use('*', requireStaff('settings.manage'));

const emptyForm: CreateKeyForm = { values: { name: '', scopes: ['products.read'] }, errors: {} };

async function listPage(c: Context<AppEnv>, form: CreateKeyForm, status: 200 | 422 | 429 = 200) {
  const m = apiKeyMessages[c.var.locale];
  const rows = await listApiKeys(c.var.db);
  return c.html(page(c, m.title, <ApiKeysPage locale={c.var.locale} timeZone={c.var.tenant.timeZone} rows={rows} form={form} rateLimit={c.var.deps.config.API_RATE_LIMIT} />, { nav: 'staff' }), status);
}

apiKeyRoutes.get('/', (c) => listPage(c, emptyForm));

apiKeyRoutes.post('/', async (c) => {
  const m = apiKeyMessages[c.var.locale];
  const body = await c.req.parseBody({ all: true });
  const name = String(body.name ?? '').trim().slice(0, 200);
  const rawScopes = ([] as unknown[]).concat(body.scopes ?? []);
  const scopes = [...new Set(rawScopes.filter(isApiScope))] as ApiScope[];
  const code = String(body.code ?? '').trim();
  const form: CreateKeyForm = { values: { name, scopes }, errors: {} };
  if (name.length < 1 || name.length > 100) form.errors.name = m.errName;
  if (!scopes.length) form.errors.scopes = m.errScopes;
  if (Object.keys(form.errors).length) return listPage(c, form, 422);
  const step = await requireFreshTotp(c, code, 'api_key.create');
  if (!step.ok) {
    form.errors.code = step.error === 'wait' ? m.errCodeWait(step.retryAfterSeconds ?? 60) : step.error === 'not_enrolled' ? m.errCodeNotEnrolled : m.errCodeInvalid;
    return listPage(c, form, step.error === 'wait' ? 429 : 422);
  }
  const { key, row } = await createApiKey(c.var.db, { name, scopes, createdBy: c.var.user!.id });
  await audit(c, { action: 'api_key.created', targetType: 'api_key', targetId: row.id, details: { name, prefix: row.prefix, scopes } });
  c.header('Cache-Control', 'no-store');
  const origin = new URL(c.req.url).origin;
  return c.html(page(c, m.createdTitle, <KeyCreatedPage locale={c.var.locale} name={name} secret={key} scopes={scopes} origin={origin} />, { nav: 'staff' }), 201);
});

apiKeyRoutes.post('/:id{[0-9]+}/revoke', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const m = apiKeyMessages[c.var.locale];
  const key = await revokeApiKey(c.var.db, id, c.var.user!.id);
  if (!key) return c.notFound();
  if (key.changed) {
    await audit(c, { action: 'api_key.revoked', targetType: 'api_key', targetId: key.id, details: { name: key.name, prefix: key.prefix } });
    await setFlash(c, { kind: 'success', message: m.revokedFlash(key.name) });
  } else {
    await setFlash(c, { kind: 'info', message: m.alreadyRevoked(key.name) });
  }
  return c.redirect('/staff/api-keys', 303);
});
