import { Queue, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Queue names. `platform` carries the scheduler ticks that fan out one job per tenant;
 * every other queue carries tenant jobs only. The `{kervan}` prefix is a Redis Cluster
 * hash tag: all of a queue's keys land in one slot.
 */
export const QUEUE_NAMES = ['platform', 'mail', 'reminders', 'shipments', 'surveys', 'imports', 'approvals'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
export type TenantQueueName = Exclude<QueueName, 'platform'>;
export const QUEUE_PREFIX = '{kervan}';

/** Shared by every queue and worker so that locks and stall detection behave the same everywhere. */
export const WORKER_TIMING = { lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 2 } as const;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  // BullMQ needs maxRetriesPerRequest: null on connections used by workers (blocking commands).
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...opts });
}

export class Queues {
  readonly #queues = new Map<QueueName, Queue>();

  constructor(
    readonly connection: Redis,
    readonly prefix = QUEUE_PREFIX,
  ) {}

  get(name: QueueName): Queue {
    let q = this.#queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      q.on('error', () => {
        // Connection errors surface on the shared ioredis client; readyz reports them.
      });
      this.#queues.set(name, q);
    }
    return q;
  }

  async counts(): Promise<Array<{ queue: QueueName; state: string; count: number }>> {
    const out: Array<{ queue: QueueName; state: string; count: number }> = [];
    for (const name of QUEUE_NAMES) {
      const counts = await this.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      for (const [state, count] of Object.entries(counts)) out.push({ queue: name, state, count });
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((q) => q.close()));
    this.#queues.clear();
  }
}

/** Redis for BullMQ must never evict keys: a lost job key is a lost job. */
export async function checkEvictionPolicy(redis: Redis): Promise<string> {
  try {
    const res = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return res[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
