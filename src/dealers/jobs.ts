import type { HandlerRegistry } from '../jobs/registry.ts';

/** Dealer-side jobs (delegation expiry, IAM-7) register here. */
export function registerDealerJobs(registry: HandlerRegistry): void {
  void registry;
}
