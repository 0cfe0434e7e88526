import { Hono } from 'hono';
import { requireDealer } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 6 scaffolding): ORD-4/5/8/10 dealer side — /portal/orders (my orders, order page, change/withdraw) and checkout. */
export const orderPortalRoutes = new Hono<AppEnv>();
orderPortalRoutes.use('*', requireDealer());
