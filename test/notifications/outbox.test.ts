import { createServer } from 'node:net';
import type { Job } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { TenantDb } from '../../src/db/types.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { enqueue } from '../../src/jobs/enqueue.ts';
import { buildRegistry } from '../../src/jobs/handlers.ts';
import type { WorkerDeps } from '../../src/jobs/registry.ts';
import { processJob, startWorkers } from '../../src/jobs/worker-runtime.ts';
import { brandFor } from '../../src/notifications/brand.ts';
import { SEND_JOB, SWEEP_JOB, nudgeNotifications, sendJobId } from '../../src/notifications/jobs.ts';
import { createMailer, type Mailer } from '../../src/notifications/mailer.ts';
import { outboxMessages } from '../../src/notifications/messages.ts';
import { MAX_ATTEMPTS, findNotification, queueNotification } from '../../src/notifications/queries.ts';
import { renderTemplate, templates, type Brand, type TemplateName, type TemplatePayload } from '../../src/notifications/templates.ts';
import type { Tenant } from '../../src/tenancy/tenant.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { testConfig } from '../support/config.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { makeJobHarness, waitFor, type JobHarness } from '../jobs/fixtures/harness.ts';
import { startSmtpPeer, type SmtpPeer } from './fixtures/smtp-peer.ts';

const test = suite('NTF-1 outbox');
const registry = buildRegistry();
const config = testConfig();

let peer: SmtpPeer;
let mailer: Mailer;

test.before(async () => {
  peer = await startSmtpPeer();
  mailer = createMailer(peer.url)!;
});

/** Each test gets its own queue prefix, so a job one test leaves behind is never run by the next. */
async function withHarness(fn: (h: JobHarness, deps: WorkerDeps) => Promise<void>, opts: { mailer?: Mailer | null; app?: TestApp } = {}) {
  const h = await makeJobHarness(opts.app ? { queues: opts.app.deps.queues } : {});
  try {
    await fn(h, { ...h.deps, mailer: opts.mailer === undefined ? mailer : opts.mailer });
  } finally {
    await h.close();
  }
}

let seq = 0;
/** Runs a mail handler exactly as the worker would, without going through Redis. */
function runMailJob(deps: WorkerDeps, name: string, data: Record<string, unknown>) {
  return processJob(deps, registry, 'mail', { id: `direct-${++seq}`, name, data, attemptsMade: 0 } as unknown as Job) as Promise<Record<string, unknown>>;
}

function writeTestMail(db: Kysely<TenantDb>, tenant: Tenant, to: string, locale: Locale = 'en') {
  return queueNotification(db, brandFor(config, tenant), { template: 'test-message', locale, to, payload: { requestedBy: 'staff@seller.example' } });
}


async function row(db: Kysely<TenantDb>, id: number) {
  const n = await findNotification(db, id);
  if (!n) throw new Error(`notification ${id} missing`);
  return n;
}

async function statusOf(db: Kysely<TenantDb>, id: number) {
  return (await row(db, id)).status;
}

/** Headers of a signed-in admin of that tenant (sessions live in the tenant's own schema). */
async function staffHeaders(db: Kysely<TenantDb>, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return { cookie: await staffCookie(db), ...extra };
}

const mailsTo = (to: string) => peer.received.filter((m) => m.to.includes(to));

test('a mail written in a transaction that rolls back is never sent; the committed one is', async () => {
  const a = await makeTenant({ name: 'Rollback Ltd' });
  try {
    await a.db.transaction().execute(async (trx) => {
      await writeTestMail(trx, a.tenant, 'rolled-back@example.com');
      throw new Error('credit limit exceeded');
    });
    assert.unreachable('the transaction must fail');
  } catch (err) {
    assert.match(String(err), /credit limit exceeded/);
  }
  const kept = await writeTestMail(a.db, a.tenant, 'committed@example.com');
  await withHarness(async (h, deps) => {
    const running = startWorkers(deps, registry, h.connection(), { prefix: h.prefix, queues: ['mail'] });
    try {
      await enqueue(h.deps.queues, a.tenant.id, 'mail', SWEEP_JOB);
      await waitFor('the committed mail to be sent', async () => (await statusOf(a.db, kept)) === 'sent');
    } finally {
      await running.close();
    }
  });
  const rows = await a.db.selectFrom('notifications').select('recipient').execute();
  assert.equal(rows, [{ recipient: 'committed@example.com' }], 'no row of the rolled-back transaction');
  assert.is(mailsTo('committed@example.com').length, 1);
  assert.is(mailsTo('rolled-back@example.com').length, 0, 'nothing from the rolled-back transaction arrives');
});

test('the send job delivers over SMTP and marks the row sent with one attempt', async () => {
  const a = await makeTenant({ name: 'Işık Elektrik Ltd. Şti.' });
  const id = await writeTestMail(a.db, a.tenant, 'bayi@example.com.tr', 'tr');
  const before = await row(a.db, id);
  assert.is(before.status, 'pending');
  await withHarness(async (h, deps) => {
    const running = startWorkers(deps, registry, h.connection(), { prefix: h.prefix, queues: ['mail'] });
    try {
      await nudgeNotifications(h.deps.queues, a.tenant.id, [id]);
      await waitFor('the mail to be sent', async () => (await statusOf(a.db, id)) === 'sent');
    } finally {
      await running.close();
    }
  });
  const after = await row(a.db, id);
  assert.is(after.attempts, 1);
  assert.ok(after.sent_at instanceof Date, 'sent_at set');
  assert.is(after.last_error, null);
  const got = mailsTo('bayi@example.com.tr');
  assert.is(got.length, 1);
  assert.is(got[0]!.subject, before.subject);
  assert.is(got[0]!.subject, 'Işık Elektrik Ltd. Şti.: Deneme e-postası');
  assert.equal(got[0]!.to, ['bayi@example.com.tr']);
  assert.is(got[0]!.from, 'no-reply@kervan.localhost');
  assert.is(got[0]!.messageId, `<kervan-${a.tenant.id}-${id}@localhost>`);
});

test('sending the same notification twice (concurrently and again later) delivers one mail', async () => {
  const a = await makeTenant();
  const id = await writeTestMail(a.db, a.tenant, 'once@example.com');
  await withHarness(async (h, deps) => {
    const results = await Promise.all([
      runMailJob(deps, SEND_JOB, { tenantId: a.tenant.id, notificationId: id }),
      runMailJob(deps, SEND_JOB, { tenantId: a.tenant.id, notificationId: id }),
    ]);
    assert.equal(results.filter((r) => r.sent).length, 1, JSON.stringify(results));
    assert.equal(await runMailJob(deps, SEND_JOB, { tenantId: a.tenant.id, notificationId: id }), { skipped: 'not due or already handled' });

    // A second nudge for the same attempt is deduplicated by its job id.
    await nudgeNotifications(h.deps.queues, a.tenant.id, [id]);
    await nudgeNotifications(h.deps.queues, a.tenant.id, [id]);
    const jobs = await h.deps.queues.get('mail').getJobs(['waiting']);
    assert.equal(jobs.map((j) => j.id), [sendJobId(a.tenant.id, id, 0)]);
    const running = startWorkers(deps, registry, h.connection(), { prefix: h.prefix, queues: ['mail'] });
    try {
      // Send jobs are removed on completion (the row is the record), so "processed" = gone.
      await waitFor('the nudge to be processed', async () => (await h.deps.queues.get('mail').getJobState(sendJobId(a.tenant.id, id, 0))) === 'unknown');
    } finally {
      await running.close();
    }
  });
  assert.is(mailsTo('once@example.com').length, 1);
  const after = await row(a.db, id);
  assert.is(after.status, 'sent');
  assert.is(after.attempts, 1);
});

async function secondsUntilNextAttempt(db: Kysely<TenantDb>, id: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select(sql<number>`extract(epoch from (next_attempt_at - now()))::float8`.as('wait'))
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return r.wait;
}

test('a refusing SMTP server leaves the row pending with growing backoff, and failed after MAX_ATTEMPTS', async () => {
  const a = await makeTenant();
  const id = await writeTestMail(a.db, a.tenant, 'refused@example.com');
  peer.rejecting = true;
  try {
    await withHarness(async (h, deps) => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const last = attempt === MAX_ATTEMPTS;
        const result = await runMailJob(deps, SEND_JOB, { tenantId: a.tenant.id, notificationId: id });
        assert.equal(result, { failed: true, status: last ? 'failed' : 'pending' }, `attempt ${attempt}`);
        const n = await row(a.db, id);
        assert.is(n.status, last ? 'failed' : 'pending', `attempt ${attempt}`);
        assert.is(n.attempts, attempt);
        assert.match(n.last_error ?? '', /550|Mailbox unavailable/);
        assert.is(n.sent_at, null);
        const wait = await secondsUntilNextAttempt(a.db, id);
        const expected = 60 * 2 ** (attempt - 1);
        assert.ok(Math.abs(wait - expected) < 10, `attempt ${attempt}: next try in ${wait}s, expected ~${expected}s`);

        // Not due yet: neither the sweep nor a stray send job touches it.
        assert.equal(await runMailJob(deps, SWEEP_JOB, { tenantId: a.tenant.id }), { released: 0, enqueued: 0 });
        assert.equal(await runMailJob(deps, SEND_JOB, { tenantId: a.tenant.id, notificationId: id }), { skipped: 'not due or already handled' });
        assert.is((await row(a.db, id)).attempts, attempt);

        // Let the backoff elapse.
        await a.db.updateTable('notifications').set({ next_attempt_at: sql`now()` }).where('id', '=', id).execute();
      }
      assert.equal(await runMailJob(deps, SWEEP_JOB, { tenantId: a.tenant.id }), { released: 0, enqueued: 0 }, 'a failed row is not swept');
      assert.equal(await runMailJob(deps, SEND_JOB, { tenantId: a.tenant.id, notificationId: id }), { skipped: 'not due or already handled' });
      assert.is(await h.deps.queues.get('mail').count(), 0);
    });
  } finally {
    peer.rejecting = false;
  }
  const n = await row(a.db, id);
  assert.is(n.status, 'failed');
  assert.is(n.attempts, MAX_ATTEMPTS);
  assert.is(mailsTo('refused@example.com').length, 0);
});

test('an unreachable SMTP server (closed port) leaves the row pending with the connection error', async () => {
  const a = await makeTenant();
  const id = await writeTestMail(a.db, a.tenant, 'nobody-listens@example.com');
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const dead = createMailer(`smtp://127.0.0.1:${port}`)!;
  try {
    await withHarness(async (_h, deps) => {
      const result = await runMailJob(deps, SEND_JOB, { tenantId: a.tenant.id, notificationId: id });
      assert.equal(result, { failed: true, status: 'pending' });
    }, { mailer: dead });
  } finally {
    dead.close();
  }
  const n = await row(a.db, id);
  assert.is(n.status, 'pending');
  assert.is(n.attempts, 1);
  assert.match(n.last_error ?? '', /ECONNREFUSED/);
  const wait = await secondsUntilNextAttempt(a.db, id);
  assert.ok(wait > 50 && wait <= 61, `next try in ~1 minute, got ${wait}s`);
});

test('the sweep sends a due row whose job was lost and releases one a crashed worker left in sending', async () => {
  const a = await makeTenant();
  const lost = await writeTestMail(a.db, a.tenant, 'lost-job@example.com');
  const crashed = await writeTestMail(a.db, a.tenant, 'crashed@example.com');
  const inFlight = await writeTestMail(a.db, a.tenant, 'in-flight@example.com');
  // A worker died mid-send 11 minutes ago; another is sending right now.
  await a.db.updateTable('notifications').set({ status: 'sending', attempts: 1, next_attempt_at: sql`now() - interval '11 minutes'` }).where('id', '=', crashed).execute();
  await a.db.updateTable('notifications').set({ status: 'sending', attempts: 1, next_attempt_at: sql`now() - interval '1 minute'` }).where('id', '=', inFlight).execute();
  await withHarness(async (h, deps) => {
    const running = startWorkers(deps, registry, h.connection(), { prefix: h.prefix, queues: ['mail'] });
    try {
      const sweep = await enqueue(h.deps.queues, a.tenant.id, 'mail', SWEEP_JOB);
      await waitFor('both rows to be sent', async () => (await statusOf(a.db, lost)) === 'sent' && (await statusOf(a.db, crashed)) === 'sent');
      assert.equal((await h.deps.queues.get('mail').getJob(sweep!))!.returnvalue, { released: 1, enqueued: 2 });
    } finally {
      await running.close();
    }
  });
  assert.is((await row(a.db, lost)).attempts, 1);
  assert.is((await row(a.db, crashed)).attempts, 2);
  const busy = await row(a.db, inFlight);
  assert.is(busy.status, 'sending', 'a row being sent right now is left alone');
  assert.is(busy.attempts, 1);
  assert.is(mailsTo('lost-job@example.com').length, 1);
  assert.is(mailsTo('crashed@example.com').length, 1);
  assert.is(mailsTo('in-flight@example.com').length, 0);
});

test('without SMTP the rows stay pending and the outbox page lists them with a notice', async () => {
  const a = await makeTenant({ name: 'Quiet Seller Ltd' });
  const id = await writeTestMail(a.db, a.tenant, 'waiting@example.com');
  await withHarness(
    async (_h, deps) => {
      assert.equal(await runMailJob(deps, SEND_JOB, { tenantId: a.tenant.id, notificationId: id }), { skipped: 'no SMTP configured' });
      assert.equal(await runMailJob(deps, SWEEP_JOB, { tenantId: a.tenant.id }), { skipped: 'no SMTP configured' });
    },
    { mailer: null },
  );
  const n = await row(a.db, id);
  assert.is(n.status, 'pending');
  assert.is(n.attempts, 0);

  const app = await makeTestApp();
  try {
    assert.is(app.deps.config.SMTP_URL, undefined);
    const staff = await staffHeaders(a.db);
    const res = await app.req(a.host, '/staff/outbox', { headers: { ...staff, 'accept-language': 'en' } });
    assert.is(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes('Quiet Seller Ltd: Test e-mail'), 'the subject is listed');
    assert.ok(html.includes('waiting@example.com'));
    assert.ok(html.includes(`href="/staff/outbox/${id}"`));
    assert.ok(html.includes(outboxMessages.en.smtpOff), 'says SMTP is not configured');
    assert.not.ok(html.includes(outboxMessages.en.smtpOn));

    const tr = await (await app.req(a.host, '/staff/outbox', { headers: staff })).text();
    assert.ok(tr.includes(outboxMessages.tr.smtpOff), 'Turkish by default');

    const pendingOnly = await (await app.req(a.host, '/staff/outbox?status=sent', { headers: staff })).text();
    assert.not.ok(pendingOnly.includes('waiting@example.com'), 'the status filter applies');
  } finally {
    await app.close();
  }
});

test('the test-mail form refuses a bad address with 422 next to the field, and queues a good one with 303', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  const app = await makeTestApp();
  const count = async () => (await a.db.selectFrom('notifications').select('id').execute()).length;
  try {
    const en = await staffHeaders(a.db, { 'accept-language': 'en' });
    const bad = await app.req(a.host, '/staff/outbox/test', formPost(a.host, { to: 'not-an-email' }, { headers: en }));
    assert.is(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /<input[^>]*id="f-to"[^>]*value="not-an-email"[^>]*aria-invalid="true"[^>]*aria-describedby="f-to-error"/);
    assert.match(html, new RegExp(`<p class="field__error" id="f-to-error" role="alert">${outboxMessages.en.emailInvalid.replace(/[.()]/g, '\\$&')}</p>`));
    assert.ok(html.includes('<html'), 'a plain POST gets the whole page back');

    const badFragment = await app.req(a.host, '/staff/outbox/test', formPost(a.host, { to: 'x@' }, { headers: en, htmx: true }));
    assert.is(badFragment.status, 422);
    const fragment = await badFragment.text();
    assert.not.ok(fragment.includes('<html'), 'htmx gets the form fragment');
    assert.ok(fragment.includes('id="f-to-error"'));
    assert.is(await count(), 0, 'nothing written');

    // Another seller's portal is a different site too.
    for (const origin of ['http://evil.example', `http://${b.host}`, `http://${a.host}.evil.example`]) {
      const init = formPost(a.host, { to: 'buyer@example.com' }, { headers: en });
      (init.headers as Headers).set('origin', origin);
      const foreign = await app.req(a.host, '/staff/outbox/test', init);
      assert.is(foreign.status, 403, `POST from ${origin} is refused`);
    }
    assert.is(await count(), 0);

    const good = await app.req(a.host, '/staff/outbox/test', formPost(a.host, { to: '  Buyer@Example.COM ' }, { headers: en }));
    assert.is(good.status, 303);
    assert.is(good.headers.get('location'), '/staff/outbox');
    const rows = await a.db.selectFrom('notifications').selectAll().execute();
    assert.is(rows.length, 1);
    assert.is(rows[0]!.recipient, 'buyer@example.com');
    assert.is(rows[0]!.template, 'test-message');
    assert.is(rows[0]!.status, 'pending');
    const job = await app.deps.queues.get('mail').getJob(sendJobId(a.tenant.id, rows[0]!.id, 0));
    assert.ok(job, 'the send job was nudged');
    assert.equal(job!.data, { notificationId: rows[0]!.id, tenantId: a.tenant.id });
  } finally {
    await app.deps.queues.get('mail').obliterate({ force: true });
    await app.close();
  }
});

test('the outbox is for signed-in staff with outbox access only', async () => {
  const a = await makeTenant();
  await writeTestMail(a.db, a.tenant, 'private@example.com');
  const app = await makeTestApp();
  try {
    const anonymous = await app.req(a.host, '/staff/outbox');
    assert.is(anonymous.status, 303);
    assert.is(anonymous.headers.get('location'), '/staff/login?next=%2Fstaff%2Foutbox');
    const anonymousPost = await app.req(a.host, '/staff/outbox/test', formPost(a.host, { to: 'someone@example.com' }));
    assert.match(anonymousPost.headers.get('location') ?? '', /^\/staff\/login/);
    const warehouse = await app.req(a.host, '/staff/outbox', { headers: { cookie: await staffCookie(a.db, 'warehouse') } });
    assert.is(warehouse.status, 403);
    assert.not.ok((await warehouse.text()).includes('private@example.com'));
    const rows = await a.db.selectFrom('notifications').select('recipient').execute();
    assert.equal(rows, [{ recipient: 'private@example.com' }], 'the anonymous POST wrote nothing');
  } finally {
    await app.close();
  }
});

test('seller B’s outbox shows none of A’s mails, and A’s mail ids are 404 on B’s host', async () => {
  const a = await makeTenant();
  const b = await makeTenant();
  const aIds = [];
  for (const to of ['a-one@example.com', 'a-two@example.com', 'a-three@example.com']) aIds.push(await writeTestMail(a.db, a.tenant, to));
  const aId = aIds[2]!;
  await a.db.updateTable('notifications').set({ status: 'failed', attempts: MAX_ATTEMPTS }).where('id', '=', aId).execute();
  await writeTestMail(b.db, b.tenant, 'b-only@example.com');
  const app = await makeTestApp();
  try {
    const asA = { headers: await staffHeaders(a.db) };
    const asB = { headers: await staffHeaders(b.db) };
    const list = await (await app.req(b.host, '/staff/outbox', asB)).text();
    assert.ok(list.includes('b-only@example.com'));
    for (const to of ['a-one@example.com', 'a-two@example.com', 'a-three@example.com']) assert.not.ok(list.includes(to), `${to} leaked to B`);
    const search = await (await app.req(b.host, '/staff/outbox?q=a-three', asB)).text();
    assert.not.ok(search.includes('a-three@example.com'));

    assert.is((await app.req(a.host, `/staff/outbox/${aId}`, asA)).status, 200);
    assert.is((await app.req(b.host, `/staff/outbox/${aId}`, asB)).status, 404);
    assert.is((await app.req(b.host, `/staff/outbox/${aId}/html`, asB)).status, 404);

    const viaA = await app.req(b.host, '/staff/outbox', asA);
    assert.is(viaA.status, 303, 'A’s staff session means nothing on B’s host');
    assert.match(viaA.headers.get('location') ?? '', /^\/staff\/login/);

    const retry = await app.req(b.host, `/staff/outbox/${aId}/retry`, formPost(b.host, {}, asB));
    assert.is(retry.status, 303);
    const n = await row(a.db, aId);
    assert.is(n.status, 'failed', 'B cannot retry A’s mail');
    assert.is(n.attempts, MAX_ATTEMPTS);
    assert.is(await app.deps.queues.get('mail').count(), 0);
  } finally {
    await app.close();
  }
});

test('an id beyond bigint on the outbox detail route is 404, not a server error', async () => {
  const a = await makeTenant();
  const app = await makeTestApp();
  try {
    const staff = { headers: await staffHeaders(a.db) };
    assert.is((await app.req(a.host, '/staff/outbox/99999999999999999999', staff)).status, 404);
    assert.is((await app.req(a.host, '/staff/outbox/99999999999999999999/html', staff)).status, 404);
  } finally {
    await app.close();
  }
});

test('the outbox pages through mails written in one transaction without losing any', async () => {
  const a = await makeTenant();
  // Written together (one transaction, one now()), as a notice to every dealer would be.
  await a.db.transaction().execute(async (trx) => {
    for (let i = 0; i < 60; i++) await writeTestMail(trx, a.tenant, `bulk-${String(i).padStart(2, '0')}@example.com`);
  });
  const app = await makeTestApp();
  try {
    const staff = { headers: await staffHeaders(a.db) };
    const seen = new Set<string>();
    let path: string | null = '/staff/outbox';
    for (let page = 0; path && page < 5; page++) {
      const html: string = await (await app.req(a.host, path, staff)).text();
      for (const m of html.matchAll(/bulk-\d\d@example\.com/g)) seen.add(m[0]);
      const next: RegExpMatchArray | null = /href="([^"]+)" rel="next"/.exec(html);
      path = next ? next[1]!.replace(/&amp;/g, '&') : null;
    }
    assert.is(seen.size, 60, `listed ${seen.size} of 60 mails`);
  } finally {
    await app.close();
  }
});

test('a failed mail retried by staff is sent again once SMTP works', async () => {
  const a = await makeTenant();
  const id = await writeTestMail(a.db, a.tenant, 'retry-me@example.com');
  const app = await makeTestApp();
  peer.rejecting = true;
  try {
    await withHarness(
      async (h, deps) => {
        const queue = h.deps.queues.get('mail');
        const running = startWorkers(deps, registry, h.connection(), { prefix: h.prefix, queues: ['mail'] });
        try {
          // Every attempt fails, each sent by the job the nudge or the sweep enqueued.
          await nudgeNotifications(h.deps.queues, a.tenant.id, [id]);
          for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            await waitFor(`attempt ${attempt} to fail`, async () => {
              const n = await row(a.db, id);
              return n.attempts === attempt && n.status !== 'sending';
            });
            if (attempt < MAX_ATTEMPTS) {
              await a.db.updateTable('notifications').set({ next_attempt_at: sql`now()` }).where('id', '=', id).execute();
              await enqueue(h.deps.queues, a.tenant.id, 'mail', SWEEP_JOB);
            }
          }
          assert.is(await statusOf(a.db, id), 'failed');

          peer.rejecting = false;
          const res = await app.req(a.host, `/staff/outbox/${id}/retry`, formPost(a.host, {}, { headers: await staffHeaders(a.db) }));
          assert.is(res.status, 303);
          // Back in the queue: the running worker may already have claimed (or sent) it.
          const afterRetry = await statusOf(a.db, id);
          assert.ok(['pending', 'sending', 'sent'].includes(afterRetry), `after retry: ${afterRetry}`);
          // The retry's nudge, or failing that the sweep, must get it out.
          await new Promise((r) => setTimeout(r, 1000));
          await enqueue(h.deps.queues, a.tenant.id, 'mail', SWEEP_JOB);
          await waitFor('the retried mail to be sent', async () => (await statusOf(a.db, id)) === 'sent', 5_000).catch(() => undefined);
          const jobIds = (await queue.getJobs(['completed'])).filter((j) => j.name === SEND_JOB).map((j) => j.id);
          assert.is(await statusOf(a.db, id), 'sent', `still ${await statusOf(a.db, id)}; send jobs kept in Redis: ${jobIds.sort().join(', ')}`);
        } finally {
          await running.close();
        }
      },
      { app },
    );
  } finally {
    peer.rejecting = false;
    await app.close();
  }
  assert.is(mailsTo('retry-me@example.com').length, 1);
});

const hostile = '<script>alert("x")</script> & \'quotes\'';
const hostileUrl = 'https://x.localhost/set?t=1&u="2"';
/** One sample payload per template; a template without one fails the test below by name. */
const payloads: { [N in TemplateName]?: TemplatePayload<N> } = {
  'test-message': { requestedBy: hostile },
  'portal-ready': { ownerName: hostile },
  'user-invite': { name: hostile, inviter: `${hostile} (inviter)`, url: hostileUrl, dealerCode: `${hostile} (code)` },
  'password-reset': { name: hostile, url: hostileUrl },
  'password-changed': { name: hostile },
  'email-change-confirm': { name: hostile, newEmail: `${hostile} (new)`, url: hostileUrl, dealerCode: `${hostile} (code)` },
  'email-changed': { name: hostile, newEmail: `${hostile} (new)` },
  'dealer-application-received': { company: hostile, contactName: `${hostile} (contact)` },
  'dealer-application-notice': { company: hostile, taxNumber: '1234567890', url: hostileUrl },
  'dealer-application-approved': { company: hostile, contactName: `${hostile} (contact)`, dealerCode: 'ACM-1001' },
  'dealer-application-rejected': { company: hostile, contactName: `${hostile} (contact)`, reason: `${hostile} (reason)` },
  'dealer-application-documents': { company: hostile, contactName: `${hostile} (contact)`, documents: ['İmza sirküleri'], message: `${hostile} (message)`, url: hostileUrl },
  'delegation-granted': { name: hostile, fromName: `${hostile} (from)`, rights: ['orders.approve'], until: '2031-01-05T21:00:00Z', timeZone: 'Europe/Istanbul', url: hostileUrl, startsAt: '2031-01-01T21:00:00Z' },
  'delegation-ending': { name: hostile, fromName: `${hostile} (from)`, rights: ['orders.approve'], until: '2031-01-05T21:00:00Z', timeZone: 'Europe/Istanbul', url: hostileUrl, role: 'from', toName: `${hostile} (to)` },
  'delegation-expired': { name: hostile, fromName: `${hostile} (from)`, rights: ['orders.approve'], until: '2031-01-05T21:00:00Z', timeZone: 'Europe/Istanbul', url: hostileUrl, role: 'from', toName: `${hostile} (to)` },
  'stock.low': { items: [{ sku: `${hostile} (sku)`, name: `${hostile} (name)`, available: 2, minStock: 5 }], more: 3, url: hostileUrl },
  'stock.back_in_stock': { name: hostile, productName: `${hostile} (product)`, sku: 'VD-4X40', url: hostileUrl },
};
/** Fields that are not shown as written (dates are formatted, codes become labels, lists are joined). */
const FORMATTED = new Set(['rights', 'until', 'startsAt', 'timeZone', 'role', 'documents']);
/** The lender receiving an "ending"/"expired" mail is greeted by `name`; their own `fromName` is not repeated. */
const NOT_SHOWN: { [N in TemplateName]?: string[] } = { 'delegation-ending': ['fromName'], 'delegation-expired': ['fromName'] };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

test('every template renders in Turkish and English, escaping payload and brand in the HTML', () => {
  const brand: Brand = { sellerName: 'Çelik <b>Ltd</b>', primaryColor: 'red;background:url(javascript:alert(1))', portalUrl: 'http://celik.localhost:3000/?a=1&b="2"' };
  const names = Object.keys(templates) as TemplateName[];
  assert.ok(names.includes('test-message') && names.includes('portal-ready'));
  for (const name of names) {
    const payload = payloads[name];
    assert.ok(payload, `add a sample payload for template "${name}" to this test`);
    const fields = Object.entries(payload as Record<string, unknown>)
      .filter(([k, v]) => !FORMATTED.has(k) && !NOT_SHOWN[name]?.includes(k) && typeof v === 'string')
      .map(([, v]) => v as string);
    const subjects: Partial<Record<Locale, string>> = {};
    for (const locale of ['tr', 'en'] as const) {
      const r = renderTemplate(name, locale, payload as never, brand);
      const label = `${name}/${locale}`;
      assert.ok(r.subject.includes(brand.sellerName), `${label}: the subject names the seller`);
      assert.ok(r.html.startsWith('<!doctype html>'), label);
      assert.ok(r.html.includes(`lang="${locale}"`), label);
      for (const value of fields) {
        assert.ok(r.text.includes(value), `${label}: the text mail carries ${value} as written`);
        assert.ok(r.html.includes(escapeHtml(value)), `${label}: the HTML carries ${value} escaped`);
      }
      assert.not.ok(r.html.includes('<script'), `${label}: payload not escaped`);
      assert.not.ok(r.html.includes('<b>'), `${label}: seller name not escaped`);
      assert.ok(r.html.includes(escapeHtml(brand.sellerName)), label);
      assert.ok(r.html.includes(escapeHtml(brand.portalUrl)), `${label}: the portal link is in the footer, escaped`);
      assert.not.ok(r.html.includes('javascript:'), `${label}: an unsafe brand colour is replaced`);
      assert.ok(r.html.includes('#1f4e79'), label);
      subjects[locale] = r.subject;
    }
    assert.is.not(subjects.tr, subjects.en, `${name}: Turkish and English differ`);
  }
  const branded = renderTemplate('test-message', 'en', { requestedBy: 'x' }, { ...brand, primaryColor: '#AA3300' });
  assert.ok(branded.html.includes('#AA3300'), 'a valid brand colour is used');
});

test.after(async () => {
  mailer?.close();
  await peer?.close();
  await closeTestDb();
});
test.run();
