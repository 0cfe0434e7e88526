import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { TenantNotFoundError, listActiveTenantIds, withTenant } from '../tenancy/with-tenant.ts';
import { enqueue } from './enqueue.ts';
import { WORKER_TIMING, type QueueName } from './queues.ts';
import type { HandlerRegistry, PeriodicKind, WorkerDeps } from './registry.ts';

/** Deterministic per-window job id: two ticks of the same window dedupe to one job per tenant. */
export function fanOutJobId(kind: string, tenantId: number, windowStart: number): string {
  return `${kind}-${tenantId}-${windowStart}`;
}

export async function fanOut(deps: WorkerDeps, kind: PeriodicKind, now = Date.now()): Promise<number> {
  const window = Math.floor(now / kind.everyMs);
  const ids = await listActiveTenantIds(deps.rootDb);
  for (const tenantId of ids) {
    await enqueue(deps.queues, tenantId, kind.queue, kind.jobName, {}, { jobId: fanOutJobId(kind.kind, tenantId, window) });
  }
  return ids.length;
}

export async function processJob(deps: WorkerDeps, registry: HandlerRegistry, queue: QueueName, job: Job): Promise<unknown> {
  if (queue === 'platform') {
    const kind = registry.periodic.find((k) => k.kind === job.name);
    if (!kind) throw new UnrecoverableError(`unknown periodic kind ${job.name}`);
    return { tenants: await fanOut(deps, kind) };
  }
  const tenantId = (job.data as { tenantId?: unknown } | undefined)?.tenantId;
  if (typeof tenantId !== 'number' || !Number.isSafeInteger(tenantId) || tenantId <= 0) {
    throw new UnrecoverableError(`job ${queue}/${job.name} has no tenant id`);
  }
  const handler = registry.find(queue, job.name);
  if (!handler) throw new UnrecoverableError(`no handler for ${queue}/${job.name}`);
  try {
    return await withTenant(deps.rootDb, tenantId, (db, tenant) =>
      handler({ db, tenant, data: job.data, job, deps: { ...deps, logger: deps.logger.child({ tenant: tenant.slug, job: job.id }) } }),
    );
  } catch (err) {
    // A deleted tenant's job can never succeed; do not retry it.
    if (err instanceof TenantNotFoundError) throw new UnrecoverableError(err.message);
    throw err;
  }
}

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

export function startWorkers(
  deps: WorkerDeps,
  registry: HandlerRegistry,
  connection: Redis,
  opts: { queues?: QueueName[]; concurrency?: number; prefix?: string } = {},
): RunningWorkers {
  const names: QueueName[] = opts.queues ?? ['platform', ...registry.queuesInUse()];
  const workers = names.map((queue) => {
    const w = new Worker(queue, (job) => processJob(deps, registry, queue, job), {
      connection,
      prefix: opts.prefix ?? deps.queues.prefix,
      concurrency: opts.concurrency ?? 4,
      ...WORKER_TIMING,
    });
    w.on('failed', (job, err) =>
      deps.logger.warn({ queue, job: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    w.on('error', (err) => deps.logger.error({ queue, err: err.message }, 'worker error'));
    return w;
  });
  return {
    workers,
    async close() {
      // close() waits for in-flight jobs to finish before resolving.
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/** One scheduler per periodic kind (not per tenant); upsert makes it safe to call at every start. */
export async function registerSchedulers(deps: WorkerDeps, registry: HandlerRegistry): Promise<void> {
  const platform = deps.queues.get('platform');
  for (const kind of registry.periodic) {
    await platform.upsertJobScheduler(kind.kind, { every: kind.everyMs }, { name: kind.kind, data: {} });
  }
}
