import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Seller sign-up on the base domain (PLT-1). */
export const signupRoutes = new Hono<AppEnv>();
