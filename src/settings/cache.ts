import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { getSetting, type SettingKey, type SettingValue } from './settings.ts';

/**
 * Settings read on every page (contact details in the footer) are cached per process for a short
 * time, so a page costs no extra query. The process that saves a setting forgets it at once;
 * other web processes see the change within TTL_MS.
 */
const TTL_MS = 30_000;
const cache = new Map<string, { at: number; value: unknown }>();

export async function cachedSetting<K extends SettingKey>(db: Kysely<TenantDb>, tenantId: number, key: K, now = Date.now()): Promise<SettingValue<K>> {
  const id = `${tenantId}:${key}`;
  const hit = cache.get(id);
  if (hit && now - hit.at < TTL_MS) return hit.value as SettingValue<K>;
  const value = await getSetting(db, key);
  cache.set(id, { at: now, value });
  return value;
}

export function forgetSetting(tenantId: number, key: SettingKey): void {
  cache.delete(`${tenantId}:${key}`);
}
