import type { Context } from 'hono';
import { audit } from '../../auth/audit.ts';
import { getSetting } from '../../settings/settings.ts';
import { nudgeStockAlerts } from '../../stock/jobs.ts';
import type { AppEnv } from '../../web/env.ts';
import { buildCategoryTree, listCategories } from '../categories.ts';
import { listAttributeDefinitions } from '../products.ts';
import { changedFields, type SaveContext } from './product-service.ts';

/** Request helpers shared by the product and variant routes. */
type C = Context<AppEnv>;

export async function formContext(c: C) {
  const [defs, custom, categories] = await Promise.all([listAttributeDefinitions(c.var.db), getSetting(c.var.db, 'productCustomFields'), listCategories(c.var.db)]);
  return { defs, customFields: custom.fields, tree: buildCategoryTree(categories) };
}

export function saveContext(c: C, action: string): SaveContext {
  return {
    userId: c.var.user!.id,
    audit: (trx, before, after) =>
      audit(
        c,
        {
          action,
          targetType: 'product',
          targetId: after.id,
          details: before ? { sku: after.sku, changes: changedFields(before, after) } : { sku: after.sku, name: after.name, parentId: after.parent_id, stock: after.stock_qty },
        },
        trx,
      ),
  };
}

export async function afterStockChange(c: C, changed: boolean) {
  if (changed) await nudgeStockAlerts(c.var.deps.queues, c.var.tenant.id).catch((err) => c.var.log.warn({ err }, 'stock alert nudge failed'));
}

