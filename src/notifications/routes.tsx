import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { OutboxDetail, OutboxPage, OutboxResults, TestMailForm } from '../../views/notifications/outbox.tsx';
import type { NotificationStatus } from '../db/types.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { render, wantsFragment } from '../web/render.ts';
import { parseId } from '../web/params.ts';
import { page } from '../web/page.tsx';
import { nudgeNotifications } from './jobs.ts';
import { outboxMessages } from './messages.ts';
import { countOutbox, findNotification, listOutbox, queueNotification, retryNotification, type OutboxCursor } from './queries.ts';
import { brandOf } from './brand.ts';
import { registerAttachmentKinds } from './attachment-kinds.ts';
import { AttachmentError, attachmentsOf, resolveAttachment } from './attachments.ts';

registerAttachmentKinds();
export const notificationRoutes = new Hono<AppEnv>();
const PAGE_SIZE = 50;

const filterSchema = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'failed']).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  after: z.string().regex(/^\d{1,19}$/).optional().catch(undefined),
});

function parseCursor(value: string | undefined): OutboxCursor | undefined {
  const id = parseId(value);
  return id === null ? undefined : { id };
}

function frame(c: Context<AppEnv>, title: string) {
  return (body: unknown) => page(c, title, body as never, { nav: 'staff' });
}

async function outboxView(c: Context<AppEnv>, test: { to: string; error?: string }) {
  const raw = filterSchema.parse(c.req.query());
  const filter = { status: raw.status as NotificationStatus | undefined, q: raw.q || undefined };
  const { rows, next } = await listOutbox(c.var.db, { ...filter, after: parseCursor(raw.after), limit: PAGE_SIZE });
  const base = new URLSearchParams();
  if (filter.status) base.set('status', filter.status);
  if (filter.q) base.set('q', filter.q);
  const href = (extra?: Record<string, string>) => {
    const qs = new URLSearchParams(base);
    for (const [k, v] of Object.entries(extra ?? {})) qs.set(k, v);
    const s = qs.toString();
    return `/staff/outbox${s ? `?${s}` : ''}`;
  };
  return {
    locale: c.var.locale,
    timeZone: c.var.tenant.timeZone,
    smtpConfigured: Boolean(c.var.deps.config.SMTP_URL),
    rows,
    counts: await countOutbox(c.var.db),
    filter,
    firstHref: raw.after ? href() : null,
    nextHref: next ? href({ after: String(next.id) }) : null,
    test,
  };
}

notificationRoutes.get('/', async (c) => {
  const props = await outboxView(c, { to: '' });
  const m = outboxMessages[c.var.locale];
  return render(c, <OutboxResults {...props} />, () => frame(c, m.title)(<OutboxPage {...props} />));
});

const testSchema = z.object({ to: z.string().trim().toLowerCase().email().max(254) });

notificationRoutes.post('/test', async (c) => {
  const form = await c.req.parseBody();
  const to = typeof form.to === 'string' ? form.to : '';
  const m = outboxMessages[c.var.locale];
  const parsed = testSchema.safeParse({ to });
  if (!parsed.success) {
    if (wantsFragment(c)) return c.html(<TestMailForm locale={c.var.locale} to={to} error={m.emailInvalid} />, 422);
    const props = await outboxView(c, { to, error: m.emailInvalid });
    return c.html(frame(c, m.title)(<OutboxPage {...props} />), 422);
  }
  const id = await queueNotification(c.var.db, brandOf(c), {
    template: 'test-message',
    locale: c.var.locale,
    to: parsed.data.to,
    payload: { requestedBy: parsed.data.to },
  });
  await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, [id]).catch((err: Error) =>
    c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'),
  );
  await setFlash(c, { kind: 'success', message: m.testQueued });
  if (wantsFragment(c)) {
    c.header('HX-Redirect', '/staff/outbox');
    return c.body(null, 204);
  }
  return c.redirect('/staff/outbox', 303);
});

notificationRoutes.get('/:id{[0-9]+}', async (c) => {
  const id = parseId(c.req.param('id'));
  const n = id === null ? undefined : await findNotification(c.var.db, id);
  if (!n) return c.notFound();
  const m = outboxMessages[c.var.locale];
  return c.html(frame(c, m.detailTitle)(<OutboxDetail locale={c.var.locale} timeZone={c.var.tenant.timeZone} n={n} />));
});

/** The mail's HTML as the recipient sees it, in a sandbox: no scripts, no same-origin access. */
notificationRoutes.get('/:id{[0-9]+}/html', async (c) => {
  const id = parseId(c.req.param('id'));
  const n = id === null ? undefined : await findNotification(c.var.db, id);
  if (!n) return c.notFound();
  c.header('Content-Security-Policy', "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  return c.html(n.body_html);
});

notificationRoutes.post('/:id{[0-9]+}/retry', async (c) => {
  const id = parseId(c.req.param('id'));
  if (id === null) return c.notFound();
  const m = outboxMessages[c.var.locale];
  const ok = await retryNotification(c.var.db, id);
  if (ok) {
    await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, [id]).catch(() => undefined);
  }
  await setFlash(c, ok ? { kind: 'success', message: m.retried } : { kind: 'error', message: m.notRetriable });
  return c.redirect(`/staff/outbox/${id}`, 303);
});

/**
 * An attachment of a mail, for staff (the outbox guard applies): rendered from its reference now,
 * so it shows the order as it is today — the detail page shows the size and SHA-256 of what was
 * actually sent. Another tenant's notification id is 404 (the lookup runs in this tenant's schema).
 */
notificationRoutes.get('/:id{[0-9]+}/attachments/:n{[0-9]+}', async (c) => {
  const id = parseId(c.req.param('id'));
  const n = id === null ? undefined : await findNotification(c.var.db, id);
  if (!n) return c.notFound();
  const ref = attachmentsOf(n.attachments)[Number(c.req.param('n')) - 1];
  if (!ref) return c.notFound();
  try {
    const file = await resolveAttachment({ db: c.var.db, tenant: c.var.tenant, dataDir: c.var.deps.config.DATA_DIR, locale: n.locale }, ref);
    const name = file.filename.replace(/[^A-Za-z0-9._-]+/g, '_');
    return c.body(new Uint8Array(file.content), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  } catch (err) {
    if (!(err instanceof AttachmentError)) throw err;
    c.var.log.warn({ notification: n.id, err: err.message }, 'outbox attachment could not be rendered');
    return c.text(outboxMessages[c.var.locale].attachmentMissing, 404);
  }
});
