import type { Migration } from 'kysely';
import * as m0001 from './0001-tenants.ts';
import * as m0002 from './0002-extensions.ts';

/** Migrations of the `public` schema, in order. Additive only. */
export const platformMigrations: Record<string, Migration> = {
  '0001-tenants': m0001,
  '0002-extensions': m0002,
};
