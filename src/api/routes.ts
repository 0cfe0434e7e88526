import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** JSON API at /api/v1, authenticated by API key (no session, no CSRF) (issue 4; being built). */
export const apiRoutes = new Hono<AppEnv>();
