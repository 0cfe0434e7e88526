import { Hono } from 'hono';
import { requireDealer } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 6 scaffolding): APR-1…APR-4 dealer side — /portal/approvals (approver queue, TOTP decisions) and /portal/approvals/rules (dealer admin policy + preview). */
export const approvalRoutes = new Hono<AppEnv>();
approvalRoutes.use('*', requireDealer());
