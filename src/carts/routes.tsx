import { Hono } from 'hono';
import { requireDealer } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 6 scaffolding): ORD-1/2/3 — /portal/carts (named carts, shared carts, saved lists, quick order, shopping-list import). */
export const cartRoutes = new Hono<AppEnv>();
cartRoutes.use('*', requireDealer());
