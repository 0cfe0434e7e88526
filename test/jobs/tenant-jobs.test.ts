import { spawn } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { TenantDb } from '../../src/db/types.ts';
import { MissingTenantError, enqueue } from '../../src/jobs/enqueue.ts';
import { HandlerRegistry, type PeriodicKind, type TenantJobContext } from '../../src/jobs/registry.ts';
import { fanOut, fanOutJobId, processJob, registerSchedulers, startWorkers } from '../../src/jobs/worker-runtime.ts';
import { closeTestDb, makeTenant, testRootDb } from '../support/db.ts';
import { makeJobHarness, settledJob, waitFor, type JobHarness } from './fixtures/harness.ts';
import { SHORT_TIMING, STALL_JOB, stallProbe } from './fixtures/stall-probe.ts';

const test = suite('PLT-2 jobs');

/** Each test gets its own queue prefix, so jobs left by one test are never taken by the next. */
async function withHarness(fn: (h: JobHarness) => Promise<void>): Promise<void> {
  const h = await makeJobHarness();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

async function setting(db: Kysely<TenantDb>, key: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

async function settingKeys(db: Kysely<TenantDb>, like: string): Promise<string[]> {
  const rows = await db.selectFrom('settings').select('key').where('key', 'like', like).orderBy('key').execute();
  return rows.map((r) => r.key);
}

/** Writes `probe` = {tenant, data} through the job's own db handle. */
function probeRegistry() {
  return new HandlerRegistry().on('mail', 'probe', async (ctx: TenantJobContext<{ marker?: string }>) => {
    await ctx.db
      .insertInto('settings')
      .values({ key: 'probe', value: JSON.stringify({ tenant: ctx.tenant.id, dataTenant: ctx.data.tenantId, marker: ctx.data.marker ?? null }) })
      .execute();
    return { tenant: ctx.tenant.id };
  });
}

test('a job enqueued for seller A runs in A’s schema only; B’s same key stays empty', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  await withHarness(async (h) => {
    const running = startWorkers(h.deps, probeRegistry(), h.connection(), { prefix: h.prefix, queues: ['mail'] });
    try {
      const id = await enqueue(h.deps.queues, a.tenant.id, 'mail', 'probe', { marker: 'from-a' });
      const job = await settledJob(h.deps.queues.get('mail'), id!);
      assert.is(await job.getState(), 'completed', job.failedReason);
      assert.equal(await setting(a.db, 'probe'), { tenant: a.tenant.id, dataTenant: a.tenant.id, marker: 'from-a' });
      assert.is(await setting(b.db, 'probe'), undefined, 'B must not see A’s job');

      const idB = await enqueue(h.deps.queues, b.tenant.id, 'mail', 'probe', { marker: 'from-b' });
      await settledJob(h.deps.queues.get('mail'), idB!);
      assert.equal(await setting(b.db, 'probe'), { tenant: b.tenant.id, dataTenant: b.tenant.id, marker: 'from-b' });
      assert.equal(await setting(a.db, 'probe'), { tenant: a.tenant.id, dataTenant: a.tenant.id, marker: 'from-a' }, 'A unchanged by B’s job');
    } finally {
      await running.close();
    }
  });
});

test('the tenant passed to enqueue wins over a tenantId smuggled into the payload', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  await withHarness(async (h) => {
    const running = startWorkers(h.deps, probeRegistry(), h.connection(), { prefix: h.prefix, queues: ['mail'] });
    try {
      const id = await enqueue(h.deps.queues, a.tenant.id, 'mail', 'probe', { tenantId: b.tenant.id, marker: 'smuggled' });
      const job = await settledJob(h.deps.queues.get('mail'), id!);
      assert.is(job.data.tenantId, a.tenant.id);
      assert.equal(await setting(a.db, 'probe'), { tenant: a.tenant.id, dataTenant: a.tenant.id, marker: 'smuggled' });
      assert.is(await setting(b.db, 'probe'), undefined);
    } finally {
      await running.close();
    }
  });
});

test('enqueue refuses a job without a tenant id, a tenant job on the platform queue, and a jobId with ":"', async () => {
  await withHarness(async (h) => {
    for (const bad of [0, -3, Number.NaN, 1.5, Number.MAX_SAFE_INTEGER + 1, undefined as unknown as number, '7' as unknown as number]) {
      try {
        await enqueue(h.deps.queues, bad, 'mail', 'probe');
        assert.unreachable(`tenant id ${String(bad)} must be refused`);
      } catch (err) {
        assert.instance(err, MissingTenantError, `tenant id ${String(bad)}`);
      }
    }
    try {
      await enqueue(h.deps.queues, 1, 'platform' as 'mail', 'probe');
      assert.unreachable('platform queue must be refused');
    } catch (err) {
      assert.match(String(err), /platform/);
    }
    try {
      await enqueue(h.deps.queues, 1, 'mail', 'probe', {}, { jobId: 'a:b' });
      assert.unreachable('":" in jobId must be refused');
    } catch (err) {
      assert.match(String(err), /':'/);
    }
    const counts = await h.deps.queues.get('mail').getJobCounts('waiting', 'delayed', 'prioritized');
    assert.equal(counts, { waiting: 0, delayed: 0, prioritized: 0 }, 'nothing reached the queue');
  });
});

test('a raw job without tenant id fails once as unrecoverable and is never retried', async () => {
  const a = await makeTenant();
  await withHarness(async (h) => {
    const ran: number[] = [];
    const registry = new HandlerRegistry().on('mail', 'probe', async (ctx) => {
      ran.push(ctx.tenant.id);
    });
    const running = startWorkers(h.deps, registry, h.connection(), { prefix: h.prefix, queues: ['mail'] });
    try {
      const queue = h.deps.queues.get('mail');
      // Bypasses enqueue (as a buggy caller or a hand-written redis-cli job would); queue defaults give 5 attempts.
      for (const data of [{}, { tenantId: 'abc' }, { tenantId: 0 }, { tenantId: -a.tenant.id }]) {
        const raw = await queue.add('probe', data);
        const job = await settledJob(queue, raw.id!);
        assert.is(await job.getState(), 'failed', JSON.stringify(data));
        assert.is(job.attemptsMade, 1, `no retries for ${JSON.stringify(data)}`);
        assert.match(job.failedReason, /tenant/);
      }
      assert.equal(ran, [], 'the handler never ran');
      assert.equal(await settingKeys(a.db, '%'), []);
    } finally {
      await running.close();
    }
  });
});

test('a job for a tenant that no longer exists fails once as unrecoverable', async () => {
  const db = await testRootDb();
  const gone = (await db.selectFrom('tenants').select(db.fn.max('id').as('max')).executeTakeFirstOrThrow()).max ?? 0;
  await withHarness(async (h) => {
    const running = startWorkers(h.deps, probeRegistry(), h.connection(), { prefix: h.prefix, queues: ['mail'] });
    try {
      const id = await enqueue(h.deps.queues, Number(gone) + 1_000_000, 'mail', 'probe');
      const job = await settledJob(h.deps.queues.get('mail'), id!);
      assert.is(await job.getState(), 'failed');
      assert.is(job.attemptsMade, 1);
      assert.match(job.failedReason, /not found/);
    } finally {
      await running.close();
    }
  });
});

test('fan-out enqueues one job per active tenant per window with a deterministic id; a second tick adds nothing', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  const suspended = await makeTenant();
  const db = await testRootDb();
  await db.updateTable('tenants').set({ status: 'suspended' }).where('id', '=', suspended.tenant.id).execute();
  await withHarness(async (h) => {
    const kind: PeriodicKind = { kind: 'probe-tick', everyMs: 60_000, queue: 'mail', jobName: 'probe' };
    new HandlerRegistry().every(kind);
    const queue = h.deps.queues.get('mail');
    const windowStart = Math.floor(Date.now() / kind.everyMs) * kind.everyMs;
    const window = windowStart / kind.everyMs;
    const mine = new Set([a.tenant.id, b.tenant.id, suspended.tenant.id]);
    const myJobs = async () =>
      (await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']))
        .filter((j) => mine.has(j.data.tenantId))
        .map((j) => `${j.id}|${j.name}|${j.data.tenantId}`)
        .sort();

    const n = await fanOut(h.deps, kind, windowStart + 5);
    assert.ok(n >= 2, 'at least my two active tenants');
    const expected = [a.tenant.id, b.tenant.id].map((t) => `${fanOutJobId(kind.kind, t, window)}|probe|${t}`).sort();
    assert.equal(await myJobs(), expected);
    assert.ok(!fanOutJobId(kind.kind, a.tenant.id, window).includes(':'));

    await fanOut(h.deps, kind, windowStart + kind.everyMs - 1);
    assert.equal(await myJobs(), expected, 'the same window does not add duplicates');

    await fanOut(h.deps, kind, windowStart + kind.everyMs);
    const next = [a.tenant.id, b.tenant.id].map((t) => `${fanOutJobId(kind.kind, t, window + 1)}|probe|${t}`);
    assert.equal(await myJobs(), [...expected, ...next].sort(), 'the next window gets its own job per tenant');
  });
});

test('a scheduler tick on the platform queue fans out, and each tenant’s job reads its own schema', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  await a.db.insertInto('settings').values({ key: 'whoami', value: JSON.stringify(a.tenant.id) }).execute();
  await b.db.insertInto('settings').values({ key: 'whoami', value: JSON.stringify(b.tenant.id) }).execute();
  await withHarness(async (h) => {
    const seen: Array<{ tenant: number; data: number; whoami: unknown }> = [];
    // Read-only: the fan-out reaches every active tenant of the test database, including other suites'.
    const registry = new HandlerRegistry()
      .on('mail', 'whoami', async (ctx) => {
        seen.push({ tenant: ctx.tenant.id, data: ctx.data.tenantId, whoami: await setting(ctx.db, 'whoami') });
      })
      .every({ kind: 'whoami-tick', everyMs: 24 * 3600_000, queue: 'mail', jobName: 'whoami' });
    const running = startWorkers(h.deps, registry, h.connection(), { prefix: h.prefix });
    try {
      await registerSchedulers(h.deps, registry);
      await waitFor('both tenants handled', async () => seen.some((s) => s.tenant === a.tenant.id) && seen.some((s) => s.tenant === b.tenant.id));
      await new Promise((r) => setTimeout(r, 300));
      const forMine = seen.filter((s) => s.tenant === a.tenant.id || s.tenant === b.tenant.id).sort((x, y) => x.tenant - y.tenant);
      assert.equal(forMine, [
        { tenant: a.tenant.id, data: a.tenant.id, whoami: a.tenant.id },
        { tenant: b.tenant.id, data: b.tenant.id, whoami: b.tenant.id },
      ]);
    } finally {
      await running.close();
    }
  });
});

test('registerSchedulers keeps exactly one scheduler per kind however often it runs, and updates its interval', async () => {
  await withHarness(async (h) => {
    const platform = h.deps.queues.get('platform');
    const kinds = (every: number) =>
      new HandlerRegistry()
        .every({ kind: 'probe-a', everyMs: every, queue: 'mail', jobName: 'probe' })
        .every({ kind: 'probe-b', everyMs: 300_000, queue: 'reminders', jobName: 'probe' });
    const summary = async () =>
      (await platform.getJobSchedulers())
        .map((s) => `${s.key}|${s.every}|${s.name}`)
        .sort();

    await registerSchedulers(h.deps, kinds(60_000));
    await registerSchedulers(h.deps, kinds(60_000));
    assert.equal(await summary(), ['probe-a|60000|probe-a', 'probe-b|300000|probe-b']);
    assert.is(await platform.getJobSchedulersCount(), 2);

    await registerSchedulers(h.deps, kinds(120_000));
    assert.equal(await summary(), ['probe-a|120000|probe-a', 'probe-b|300000|probe-b']);
    const pending = await platform.getJobs(['waiting', 'delayed', 'prioritized']);
    assert.is(pending.filter((j) => j.name === 'probe-a').length, 1, 'one next tick per scheduler, not one per call');
    assert.is(pending.filter((j) => j.name === 'probe-b').length, 1);
  });
});

test('a job whose worker process was killed mid-run is picked up again and its effect lands once', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  await withHarness(async (h) => {
    const queue = h.deps.queues.get('mail');
    const id = (await enqueue(h.deps.queues, a.tenant.id, 'mail', STALL_JOB))!;

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'stall-worker.ts')], {
      env: { ...process.env, STALL_PREFIX: h.prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let worker: Worker | undefined;
    try {
      await waitFor(`the child worker to start job ${id} (output so far: ${out})`, async () => out.includes(`started ${id}`), 30_000);
      assert.is(await (await queue.getJob(id))!.getState(), 'active');
      child.kill('SIGKILL');
      await exited;
      const childPid = child.pid!;

      const registry = new HandlerRegistry().on('mail', STALL_JOB, stallProbe({ hang: false }));
      worker = new Worker('mail', (job) => processJob(h.deps, registry, 'mail', job), { connection: h.connection(), prefix: h.prefix, ...SHORT_TIMING });
      const job = await settledJob(queue, id, 20_000);
      assert.is(await job.getState(), 'completed', job.failedReason);
      assert.equal(job.returnvalue, { pid: process.pid }, 'finished by the worker in this process');
      assert.ok(job.stalledCounter >= 1, 'recovered through stall detection');

      assert.equal(await settingKeys(a.db, `stall-run-${id}-%`), [`stall-run-${id}-${childPid}`, `stall-run-${id}-${process.pid}`].sort(), 'ran twice');
      assert.equal(await settingKeys(a.db, `stall-effect-%`), [`stall-effect-${id}`], 'one effect');
      assert.equal(await setting(a.db, `stall-effect-${id}`), { pid: childPid }, 'the first run’s effect was kept, not redone');
      assert.equal(await settingKeys(b.db, 'stall-%'), [], 'nothing in B');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await worker?.close();
    }
  });
});

test.after(async () => {
  await closeTestDb();
});
test.run();
