import type { HandlerRegistry } from '../jobs/registry.ts';

/** Stock jobs (STK-2 low-stock alerts, CAT-7 back-in-stock notices). */
export function registerStockJobs(_registry: HandlerRegistry): void {}
