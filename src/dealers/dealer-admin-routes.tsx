import { Hono } from "hono"; import type { AppEnv } from "../web/env.ts"; export const dealerAdminRoutes = new Hono<AppEnv>();
