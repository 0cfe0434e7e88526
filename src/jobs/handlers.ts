import { registerDealerJobs } from '../dealers/jobs.ts';
import { registerNotificationJobs } from '../notifications/jobs.ts';
import { HandlerRegistry } from './registry.ts';
import { registerStockJobs } from '../stock/jobs.ts';
import { registerImportJobs } from '../catalog/import/jobs.ts';
import { registerRateFeedJobs } from '../pricing/rate-feed.ts';
import { registerApprovalJobs } from '../approvals/jobs.ts';

/** Every domain registers its job handlers and periodic kinds here. */
export function buildRegistry(): HandlerRegistry {
  const registry = new HandlerRegistry();
  registerNotificationJobs(registry);
  registerDealerJobs(registry);
  registerStockJobs(registry);
  registerImportJobs(registry);
  registerRateFeedJobs(registry);
  registerApprovalJobs(registry);
  return registry;
}
