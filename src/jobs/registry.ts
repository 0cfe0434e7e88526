import type { Job } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { RootDb } from '../db/pool.ts';
import type { TenantDb } from '../db/types.ts';
import type { Mailer } from '../notifications/mailer.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import type { Queues, TenantQueueName } from './queues.ts';

export interface WorkerDeps {
  config: Config;
  rootDb: RootDb;
  queues: Queues;
  logger: Logger;
  mailer: Mailer | null;
}

export interface TenantJobContext<D = Record<string, unknown>> {
  db: Kysely<TenantDb>;
  tenant: Tenant;
  data: D & { tenantId: number };
  job: Job;
  deps: WorkerDeps;
}

export type TenantJobHandler = (ctx: TenantJobContext<any>) => Promise<unknown>;

/** A periodic kind: one BullMQ job scheduler, fanned out as one job per active tenant. */
export interface PeriodicKind {
  kind: string;
  everyMs: number;
  queue: TenantQueueName;
  jobName: string;
}

export class HandlerRegistry {
  readonly #handlers = new Map<string, TenantJobHandler>();
  readonly periodic: PeriodicKind[] = [];

  on(queue: TenantQueueName, name: string, handler: TenantJobHandler): this {
    this.#handlers.set(`${queue}/${name}`, handler);
    return this;
  }

  every(kind: PeriodicKind): this {
    if (kind.kind.includes(':')) throw new Error('periodic kind must not contain ":"');
    this.periodic.push(kind);
    return this;
  }

  find(queue: string, name: string): TenantJobHandler | undefined {
    return this.#handlers.get(`${queue}/${name}`);
  }

  queuesInUse(): TenantQueueName[] {
    const names = new Set<TenantQueueName>();
    for (const key of this.#handlers.keys()) names.add(key.split('/')[0] as TenantQueueName);
    return [...names];
  }
}
