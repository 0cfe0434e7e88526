import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 6 scaffolding): ORD-4 seller shipping methods — /staff/shipping-methods. */
export const shippingMethodRoutes = new Hono<AppEnv>();
shippingMethodRoutes.use('*', requireStaff('orders.manage', 'settings.manage'));
