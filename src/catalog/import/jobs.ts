import { diskStorage } from '../../dealers/storage.ts';
import { enqueue } from '../../jobs/enqueue.ts';
import type { Queues } from '../../jobs/queues.ts';
import type { HandlerRegistry, TenantJobContext } from '../../jobs/registry.ts';
import { nudgeStockAlerts } from '../../stock/jobs.ts';
import { runImport } from './process.ts';

export const IMPORT_JOB = 'run-import';

/** After the run row is queued (committed): one job per run; the job id dedupes a double click. */
export async function enqueueImport(queues: Queues, tenantId: number, runId: number): Promise<void> {
  await enqueue(queues, tenantId, 'imports', IMPORT_JOB, { runId }, { jobId: `import-${tenantId}-${runId}` });
}

/** The job: resume/run the import; on its last attempt an infrastructure failure marks the run failed. */
export async function runImportJob(ctx: Pick<TenantJobContext<{ runId: number }>, 'db' | 'tenant' | 'deps' | 'data'> & { job?: TenantJobContext['job'] }) {
  const { db, tenant, deps, data } = ctx;
  const runId = Number(data.runId);
  try {
    const outcome = await runImport(db, runId, {
      storage: diskStorage(deps.config.DATA_DIR),
      tenantId: tenant.id,
      locale: tenant.defaultLocale,
      onStockChanged: () => nudgeStockAlerts(deps.queues, tenant.id),
    });
    return { runId, outcome };
  } catch (err) {
    const job = ctx.job;
    if (job && job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      await db
        .updateTable('import_runs')
        .set({ status: 'failed', error: `${(err as Error).message}`.slice(0, 1000), finished_at: new Date() })
        .where('id', '=', runId)
        .where('status', 'in', ['queued', 'running'])
        .execute();
    }
    throw err;
  }
}

/** Spreadsheet import job (CAT-8). */
export function registerImportJobs(registry: HandlerRegistry): void {
  registry.on('imports', IMPORT_JOB, (ctx) => runImportJob(ctx));
}
