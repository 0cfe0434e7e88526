import type { Kysely } from 'kysely';
import { createApiKey, type ApiScope } from '../../src/api/keys.ts';
import type { TenantDb } from '../../src/db/types.ts';
import type { TestApp } from '../support/app.ts';

/** A key made directly in the tenant schema (the staff pages have their own tests). */
export async function apiKey(db: Kysely<TenantDb>, scopes: ApiScope[] = ['products.read', 'products.write', 'stock.write', 'prices.write'], name = 'ERP') {
  const { key, row } = await createApiKey(db, { name, scopes, createdBy: null });
  return { key, id: row.id };
}

/** A JSON API call with a bearer key. */
export async function call(t: TestApp, host: string, key: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await t.req(host, `/api/v1${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, headers: res.headers, json };
}
