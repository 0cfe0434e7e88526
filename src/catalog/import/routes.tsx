import { Hono } from 'hono';
import type { AppEnv } from '../../web/env.ts';

/** Spreadsheet import/export at /staff/imports (issue 4; being built). */
export const importRoutes = new Hono<AppEnv>();
