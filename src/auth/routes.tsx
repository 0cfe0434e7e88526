import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Sign-in, second factor, password reset and invitation pages (IAM-4, IAM-5). */
export const authRoutes = new Hono<AppEnv>();
