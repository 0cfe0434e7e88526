import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from './env.ts';

export interface Flash {
  kind: 'success' | 'error' | 'info';
  message: string;
}

const COOKIE = 'kv_flash';

/** A one-shot message for the page after a redirect (Post/Redirect/Get). Signed so it cannot be forged. */
export async function setFlash(c: Context<AppEnv>, flash: Flash): Promise<void> {
  await setSignedCookie(c, COOKIE, JSON.stringify(flash), c.var.deps.config.SESSION_SECRET, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 60,
    secure: c.var.deps.config.PUBLIC_SCHEME === 'https',
  });
}

export async function takeFlash(c: Context<AppEnv>): Promise<Flash | null> {
  const raw = await getSignedCookie(c, c.var.deps.config.SESSION_SECRET, COOKIE);
  if (raw === undefined) return null;
  deleteCookie(c, COOKIE, { path: '/' });
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Flash;
    if (typeof parsed.message === 'string' && ['success', 'error', 'info'].includes(parsed.kind)) return parsed;
  } catch {
    // A tampered or stale cookie is simply dropped.
  }
  return null;
}
