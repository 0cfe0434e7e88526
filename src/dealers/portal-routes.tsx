import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Dealer portal: home, company users, delegations (IAM-6, IAM-7, IAM-8). */
export const portalRoutes = new Hono<AppEnv>();
