import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { dealerAdminRoutes } from './dealer-admin-routes.tsx';
import { applicationReviewRoutes } from './review-routes.tsx';

/**
 * Staff: application review queue and dealers (IAM-3, IAM-13). Mounted at /staff beside other
 * staff routes, so every guard is scoped to its own sub-path (never a blanket `/staff/*`).
 */
export const dealerStaffRoutes = new Hono<AppEnv>();
dealerStaffRoutes.route('/applications', applicationReviewRoutes);
dealerStaffRoutes.route('/dealers', dealerAdminRoutes);
