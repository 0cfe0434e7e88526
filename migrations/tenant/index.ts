import type { Migration } from 'kysely';
import * as m0001 from './0001-base.ts';
import * as m0002 from './0002-identity.ts';
import * as m0003 from './0003-onboarding.ts';
import * as m0004 from './0004-seller.ts';
import * as m0005 from './0005-dealer-users.ts';
import * as m0007 from './0007-catalog.ts';
import * as m0008 from './0008-catalog-ops.ts';
import * as m0009 from './0009-search-lexicon.ts';
import * as m0010 from './0010-pricing.ts';
import * as m0011 from './0011-pricing-ops.ts';
import * as m0012 from './0012-dealer-price-browse.ts';
import * as m0013 from './0013-orders.ts';
import * as m0014 from './0014-approvals.ts';
import * as m0015 from './0015-shipments.ts';
import * as m0016 from './0016-notification-attachments.ts';

/** Migrations run in every tenant schema, in order. Additive and backward compatible only. */
export const tenantMigrations: Record<string, Migration> = {
  '0001-base': m0001,
  '0002-identity': m0002,
  '0003-onboarding': m0003,
  '0004-seller': m0004,
  '0005-dealer-users': m0005,
  '0007-catalog': m0007,
  '0008-catalog-ops': m0008,
  '0009-search-lexicon': m0009,
  '0010-pricing': m0010,
  '0011-pricing-ops': m0011,
  '0012-dealer-price-browse': m0012,
  '0013-orders': m0013,
  '0014-approvals': m0014,
  '0015-shipments': m0015,
  '0016-notification-attachments': m0016,
};
