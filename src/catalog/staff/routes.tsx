import { Hono } from 'hono';
import type { AppEnv } from '../../web/env.ts';

/** Staff catalog management at /staff/catalog: categories, attributes, products, variants (issue 4; being built). */
export const catalogStaffRoutes = new Hono<AppEnv>();
