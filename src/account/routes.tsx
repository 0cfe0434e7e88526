import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** The account page of any signed-in user (IAM-9): profile, password, 2FA, sessions, addresses. */
export const accountRoutes = new Hono<AppEnv>();
