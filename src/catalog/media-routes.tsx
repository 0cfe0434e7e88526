import { Hono, type Context } from 'hono';
import { requiresTwoFactor } from '../auth/permissions.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { parseId } from '../web/params.ts';
import { findDocumentForViewer, findImageForViewer } from './media.ts';
import { imageSlots, isImageSlot, mediaVersion } from './media-files.ts';
import { diskMediaStore } from './media-storage.ts';

/**
 * Product images and documents for signed-in users (CAT-3), at /media:
 *   GET /media/images/:id/:width.webp?v=…   one rendition (widths 160/320/640/1280 only)
 *   GET /media/documents/:id/:filename      the PDF, always as an attachment
 * Staff of this seller see every product's files; dealer users only those of products they may
 * see (active, not hidden, not an out-of-stock item set to "hide"). Everything else — signed out,
 * second factor pending, another seller's id, a hidden product's id — is a plain 404, so ids
 * cannot be probed. Ids are looked up in this tenant's schema only (c.var.db).
 */
export const mediaRoutes = new Hono<AppEnv>();

/** Who is asking, with the same second-factor rule as the page guards, or null. */
function viewerOf(c: Context<AppEnv>): 'staff' | 'dealer' | null {
  const user = c.var.user;
  const session = c.var.session;
  if (!user || !session) return null;
  if (user.totp_enabled_at && !session.two_factor_verified) return null;
  if (!user.totp_enabled_at && requiresTwoFactor(user)) return null;
  return user.kind === 'staff' ? 'staff' : user.kind === 'dealer' ? 'dealer' : null;
}

const storeOf = (c: Context<AppEnv>) => diskMediaStore(c.var.deps.config.DATA_DIR);

mediaRoutes.get('/images/:id/:file', async (c) => {
  const id = parseId(c.req.param('id'));
  const width = Number(/^([1-9][0-9]{2,3})\.webp$/.exec(c.req.param('file'))?.[1]);
  const viewer = viewerOf(c);
  if (id === null || !isImageSlot(width) || !viewer) return renderError(c, 404);
  const image = await findImageForViewer(c.var.db, id, viewer);
  if (!image || !imageSlots(image.width).some((s) => s.slot === width)) return renderError(c, 404);
  const version = c.req.query('v');
  const current = mediaVersion(image.storage_key);
  // A URL naming an older file must not be cached forever under the new content.
  if (version !== undefined && version !== current) return renderError(c, 404);
  const bytes = await storeOf(c).getImage(c.var.tenant.id, image.storage_key, width);
  if (!bytes) return renderError(c, 404);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'image/webp',
    'Content-Length': String(bytes.byteLength),
    // private: the file is access-controlled, so shared caches must not keep it.
    'Cache-Control': version ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    ETag: `"${current}-${width}"`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
  });
});

mediaRoutes.get('/documents/:id/:name', async (c) => {
  const id = parseId(c.req.param('id'));
  const viewer = viewerOf(c);
  if (id === null || !viewer) return renderError(c, 404);
  const doc = await findDocumentForViewer(c.var.db, id, viewer);
  if (!doc) return renderError(c, 404);
  const bytes = await storeOf(c).getDocument(c.var.tenant.id, doc.storage_key);
  if (!bytes) return renderError(c, 404);
  const ascii = doc.original_name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': doc.mime,
    'Content-Length': String(bytes.byteLength),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.original_name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, max-age=300',
  });
});
