import { Hono } from 'hono';
import { dealerPricingRoutes } from '../pricing/dealer-pricing-routes.tsx';
import type { AppEnv } from '../web/env.ts';
import { dealerAdminRoutes } from './dealer-admin-routes.tsx';
import { applicationReviewRoutes } from './review-routes.tsx';

/**
 * Staff: application review queue and dealers (IAM-3, IAM-13). Mounted at /staff beside other
 * staff routes, so every guard is scoped to its own sub-path (never a blanket `/staff/*`).
 * The dealer page's pricing panel (PRC-1/PRC-2, /staff/dealers/:id/pricing) is mounted first: its
 * GET is open to whoever may see the dealer, its POST needs prices.manage.
 */
export const dealerStaffRoutes = new Hono<AppEnv>();
dealerStaffRoutes.route('/applications', applicationReviewRoutes);
dealerStaffRoutes.route('/dealers', dealerPricingRoutes);
dealerStaffRoutes.route('/dealers', dealerAdminRoutes);
