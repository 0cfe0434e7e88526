import type { Migration } from 'kysely';
import * as m0001 from './0001-base.ts';

/** Migrations run in every tenant schema, in order. Additive and backward compatible only. */
export const tenantMigrations: Record<string, Migration> = {
  '0001-base': m0001,
};
