import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Staff API key management at /staff/api-keys (issue 4; being built). */
export const apiKeyRoutes = new Hono<AppEnv>();
