import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { AppEnv } from '../web/env.ts';
import { clientIp } from './request-info.ts';

/** Security- and money-relevant actions (IAM-12). Names are dotted: `login.ok`, `totp.enabled`, `dealer.approved`. */
export interface AuditEntry {
  action: string;
  actorUserId?: number | null;
  actorLabel?: string;
  impersonatorUserId?: number | null;
  dealerId?: number | null;
  targetType?: string;
  targetId?: string | number;
  ip?: string;
  details?: Record<string, unknown>;
}

export async function writeAudit(db: Kysely<TenantDb>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      action: e.action,
      actor_user_id: e.actorUserId ?? null,
      actor_label: e.actorLabel ?? '',
      impersonator_user_id: e.impersonatorUserId ?? null,
      dealer_id: e.dealerId ?? null,
      target_type: e.targetType ?? null,
      target_id: e.targetId == null ? null : String(e.targetId),
      ip: e.ip ?? '',
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

/**
 * Audit from a request: the signed-in user is the actor; a staff member acting for a dealer is
 * recorded with both identities (the dealer and the staff user as impersonator).
 */
export async function audit(c: Context<AppEnv>, e: Omit<AuditEntry, 'ip'>, db: Kysely<TenantDb> = c.var.db): Promise<void> {
  const user = c.var.user;
  const acting = c.var.session?.acting_dealer_id ?? null;
  await writeAudit(db, {
    actorUserId: user?.id ?? null,
    actorLabel: user ? `${user.name} <${user.email}>` : '',
    impersonatorUserId: acting && user?.kind === 'staff' ? user.id : null,
    dealerId: e.dealerId ?? acting ?? user?.dealer_id ?? null,
    ...e,
    ip: clientIp(c),
  });
}
