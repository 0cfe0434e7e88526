import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 5 scaffolding): filled in by the pricing work. */
export const paymentMethodRoutes = new Hono<AppEnv>();
paymentMethodRoutes.use('*', requireStaff('prices.manage'));
