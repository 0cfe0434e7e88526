import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';
import { inviteRoutes } from './invite-routes.tsx';
import { loginRoutes } from './login-routes.tsx';
import { passwordRoutes } from './password-routes.tsx';

/** Sign-in, second factor, password reset and invitation pages (IAM-4, IAM-5). */
export const authRoutes = new Hono<AppEnv>();
authRoutes.route('/', loginRoutes);
authRoutes.route('/', passwordRoutes);
authRoutes.route('/', inviteRoutes);
