import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Staff upload of product images and documents at /staff/media (issue 4; being built). */
export const mediaStaffRoutes = new Hono<AppEnv>();
