import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Warehouse at /staff/stock: levels, movements, replenishment, pick/pack scanning (issue 4; being built). */
export const stockStaffRoutes = new Hono<AppEnv>();
