import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../web/env.ts';
import { ABSOLUTE_TIMEOUT_MS } from './sessions.ts';

/** `__Host-` prefix and Secure over https; HttpOnly and SameSite=Lax always; no Domain, so never shared across tenant hosts. */
export function sessionCookieName(c: Context<AppEnv>): string {
  return c.var.deps.config.PUBLIC_SCHEME === 'https' ? '__Host-kv_session' : 'kv_session';
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, sessionCookieName(c));
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const https = c.var.deps.config.PUBLIC_SCHEME === 'https';
  setCookie(c, sessionCookieName(c), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: https,
    maxAge: Math.floor(ABSOLUTE_TIMEOUT_MS / 1000),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: c.var.deps.config.PUBLIC_SCHEME === 'https' });
}
