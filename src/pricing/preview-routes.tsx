import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 5 scaffolding): filled in by the pricing work. */
export const pricePreviewRoutes = new Hono<AppEnv>();
pricePreviewRoutes.use('*', requireStaff('prices.manage'));
