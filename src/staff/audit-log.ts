import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditLogTable, TenantDb } from '../db/types.ts';

/** Reading the audit log (IAM-12): filters from the URL, newest first, keyset on id (ids follow insertion order). */

export interface AuditFilter {
  actor?: number;
  action?: string;
  /** Calendar days (YYYY-MM-DD) in the tenant's time zone, both inclusive. */
  from?: string;
  to?: string;
  q?: string;
}

export type AuditRow = Selectable<AuditLogTable> & { impersonator_name: string | null; dealer_name: string | null };

export async function listAudit(
  db: Kysely<TenantDb>,
  opts: AuditFilter & { timeZone: string; before?: number; limit: number },
): Promise<{ rows: AuditRow[]; next: number | null }> {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as imp', 'imp.id', 'a.impersonator_user_id')
    .leftJoin('dealers as d', 'd.id', 'a.dealer_id')
    .selectAll('a')
    .select(['imp.name as impersonator_name', 'd.company_name as dealer_name']);
  if (opts.actor) q = q.where((eb) => eb.or([eb('a.actor_user_id', '=', opts.actor!), eb('a.impersonator_user_id', '=', opts.actor!)]));
  if (opts.action) q = q.where('a.action', '=', opts.action);
  if (opts.from) q = q.where('a.at', '>=', sql<Date>`(${opts.from}::date)::timestamp at time zone ${opts.timeZone}`);
  if (opts.to) q = q.where('a.at', '<', sql<Date>`((${opts.to}::date + 1)::timestamp at time zone ${opts.timeZone})`);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('a.actor_label', 'ilike', like),
        eb('a.action', 'ilike', like),
        eb('a.target_id', 'ilike', like),
        eb('a.ip', 'ilike', like),
        eb(sql`a.details::text`, 'ilike', like),
        eb('d.company_name', 'ilike', like),
      ]),
    );
  }
  if (opts.before) q = q.where('a.id', '<', opts.before);
  const rows = await q.orderBy('a.id', 'desc').limit(opts.limit + 1).execute();
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return { rows: page, next: more ? page.at(-1)!.id : null };
}

/** Choices for the filter form: every action seen, every user who acted. */
export async function auditFilterChoices(db: Kysely<TenantDb>): Promise<{ actions: string[]; actors: Array<{ id: number; label: string }> }> {
  const [actions, actors] = await Promise.all([
    db.selectFrom('audit_log').select('action').distinct().orderBy('action').limit(500).execute(),
    db.selectFrom('users').select(['id', 'name', 'email', 'kind']).where('kind', '=', 'staff').orderBy('name').limit(500).execute(),
  ]);
  return { actions: actions.map((a) => a.action), actors: actors.map((u) => ({ id: u.id, label: `${u.name} <${u.email}>` })) };
}
