import type { JobsOptions } from 'bullmq';
import type { Queues, TenantQueueName } from './queues.ts';

export class MissingTenantError extends Error {}

export interface TenantJobData {
  tenantId: number;
  [key: string]: unknown;
}

/**
 * The only way tenant work enters a queue: the payload always carries the tenant id,
 * and job ids (used for deduplication) must not contain ':' (BullMQ key separator).
 */
export async function enqueue(
  queues: Queues,
  tenantId: number,
  queue: TenantQueueName,
  name: string,
  data: Record<string, unknown> = {},
  opts: JobsOptions = {},
): Promise<string | undefined> {
  if (!Number.isSafeInteger(tenantId) || tenantId <= 0) {
    throw new MissingTenantError(`refusing job ${queue}/${name} without a tenant id`);
  }
  if ((queue as string) === 'platform') throw new Error('tenant jobs cannot go to the platform queue');
  if (opts.jobId && opts.jobId.includes(':')) throw new Error(`jobId must not contain ':' (${opts.jobId})`);
  const job = await queues.get(queue).add(name, { ...data, tenantId } satisfies TenantJobData, opts);
  return job.id;
}
