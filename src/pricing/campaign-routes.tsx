import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';

/** Placeholder (issue 5 scaffolding): filled in by the pricing work. */
export const campaignRoutes = new Hono<AppEnv>();
campaignRoutes.use('*', requireStaff('prices.manage'));
