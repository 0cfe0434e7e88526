import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 6 scaffolding): ORD-6/7/9/11 seller order desk — /staff/orders. */
export const orderDeskRoutes = new Hono<AppEnv>();
orderDeskRoutes.use('*', requireStaff('orders.manage'));
