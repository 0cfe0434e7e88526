import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Dealer back-in-stock subscriptions at /portal/stock (issue 4; being built). */
export const stockPortalRoutes = new Hono<AppEnv>();
