import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Staff: application review queue and dealers (IAM-3, IAM-13). */
export const dealerStaffRoutes = new Hono<AppEnv>();
