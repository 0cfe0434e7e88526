import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Public dealer application on the tenant host (IAM-1, IAM-2). */
export const applicationRoutes = new Hono<AppEnv>();
