import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 6 scaffolding): FIN-1/FIN-2/FIN-4 dealer settlement terms, credit limits and payment methods — /staff/accounts. */
export const dealerAccountRoutes = new Hono<AppEnv>();
dealerAccountRoutes.use('*', requireStaff('finance.manage'));
