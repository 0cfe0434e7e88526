import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Staff acting for a dealer (IAM-11). */
export const impersonationRoutes = new Hono<AppEnv>();
