import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Staff back office: dashboard, staff users, branding and settings, audit log (IAM-10, IAM-12, PLT-4). */
export const staffRoutes = new Hono<AppEnv>();
