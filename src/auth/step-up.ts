import type { Context } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { audit } from './audit.ts';
import { checkGate, recordFailure, recordSuccess } from './rate-limit.ts';
import { clientIp } from './request-info.ts';
import { markFreshTotp } from './sessions.ts';
import { acceptTotp } from './totp.ts';

export type StepUpResult = { ok: true; step: number } | { ok: false; error: 'not_enrolled' | 'invalid' | 'replayed' | 'wait'; retryAfterSeconds?: number };

/**
 * Step-up for sensitive actions (approvals, payment changes): the form carries a TOTP code that
 * must be valid now and never used before. Success marks the session fresh and is audited with
 * the code's time step; failures count towards the brute-force limit.
 */
export async function requireFreshTotp(c: Context<AppEnv>, code: string, action: string): Promise<StepUpResult> {
  const user = c.var.user;
  const session = c.var.session;
  if (!user || !session) return { ok: false, error: 'invalid' };
  const subject = { tenantId: c.var.tenant.id, scope: 'totp', account: `user:${user.id}`, ip: clientIp(c) };
  const gate = await checkGate(c.var.deps.redis, subject);
  if (!gate.allowed) return { ok: false, error: 'wait', retryAfterSeconds: gate.retryAfterSeconds };
  const res = await acceptTotp(c.var.db, user.id, code, c.var.deps.config.SESSION_SECRET);
  if (!res.ok) {
    await recordFailure(c.var.deps.redis, subject);
    await audit(c, { action: res.reason === 'replayed' ? 'totp.replay_rejected' : 'totp.step_up_failed', targetType: 'user', targetId: user.id, details: { for: action } });
    return { ok: false, error: res.reason };
  }
  await recordSuccess(c.var.deps.redis, subject);
  await markFreshTotp(c.var.db, session.id);
  await audit(c, { action: 'totp.step_up', targetType: 'user', targetId: user.id, details: { for: action, step: res.step } });
  return { ok: true, step: res.step };
}
