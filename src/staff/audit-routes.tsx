import { Hono } from 'hono';
import { z } from 'zod';
import { AuditPage, AuditResults, type AuditProps } from '../../views/staff/audit.tsx';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';
import { page } from '../web/page.tsx';
import { parseId } from '../web/params.ts';
import { render } from '../web/render.ts';
import { auditFilterChoices, listAudit, type AuditFilter } from './audit-log.ts';
import { staffMessages } from './messages.ts';

/** /staff/audit: the audit log with filters in the URL (IAM-12). */
export const auditRoutes = new Hono<AppEnv>();
auditRoutes.use('*', requireStaff('audit.read'));

const PAGE_SIZE = 50;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(s))).optional().catch(undefined);
const querySchema = z.object({
  actor: z.string().optional().catch(undefined),
  action: z.string().trim().max(80).optional().catch(undefined),
  from: day,
  to: day,
  q: z.string().trim().max(100).optional().catch(undefined),
  before: z.string().optional().catch(undefined),
});

auditRoutes.get('/', async (c) => {
  const raw = querySchema.parse(c.req.query());
  const filter: AuditFilter = {
    actor: parseId(raw.actor) ?? undefined,
    action: raw.action || undefined,
    from: raw.from || undefined,
    to: raw.to || undefined,
    q: raw.q || undefined,
  };
  const before = parseId(raw.before) ?? undefined;
  const [{ rows, next }, choices] = await Promise.all([
    listAudit(c.var.db, { ...filter, timeZone: c.var.tenant.timeZone, before, limit: PAGE_SIZE }),
    auditFilterChoices(c.var.db),
  ]);
  const base = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined) base.set(k, String(v));
  const href = (extra?: Record<string, string>) => {
    const qs = new URLSearchParams(base);
    for (const [k, v] of Object.entries(extra ?? {})) qs.set(k, v);
    const s = qs.toString();
    return `/staff/audit${s ? `?${s}` : ''}`;
  };
  const props: AuditProps = {
    locale: c.var.locale,
    timeZone: c.var.tenant.timeZone,
    rows,
    filter,
    actions: choices.actions,
    actors: choices.actors,
    firstHref: before ? href() : null,
    nextHref: next ? href({ before: String(next) }) : null,
  };
  return render(c, <AuditResults {...props} />, () => page(c, staffMessages[c.var.locale].auditTitle, <AuditPage {...props} />, { nav: 'staff' }));
});
