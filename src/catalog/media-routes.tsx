import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Product images and documents served to signed-in users at /media (issue 4; being built). */
export const mediaRoutes = new Hono<AppEnv>();
