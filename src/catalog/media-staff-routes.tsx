import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { StaffMediaPage, type StaffMediaErrors, type StaffMediaProps } from '../../views/catalog/media/staff-media.tsx';
import {
  MAX_ALT_LENGTH,
  MAX_DOCUMENTS_PER_PRODUCT,
  MAX_IMAGES_PER_PRODUCT,
  MAX_TITLE_LENGTH,
  addProductDocument,
  addProductImage,
  countProductMedia,
  deleteProductDocument,
  deleteProductImage,
  findProductForMedia,
  listProductDocuments,
  listProductImages,
  moveProductImage,
  updateImageAlt,
} from './media.ts';
import { DOCUMENT_KINDS, ImageDecodeError, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, checkDocumentUpload, checkImageUpload, cleanDocumentName, type DocumentKind, type MediaProblem } from './media-files.ts';
import { mediaMessages, type MediaMessages } from './media-messages.ts';
import { diskMediaStore } from './media-storage.ts';

/**
 * Staff upload and upkeep of a product's images and documents (CAT-3), at /staff/media:
 *   GET  /products/:id                                  the page
 *   POST /products/:id/images                           several images at once (+ alternative text)
 *   POST /products/:id/images/:imageId/alt | /position | /delete
 *   POST /products/:id/documents                        one PDF with kind and title
 *   POST /products/:id/documents/:documentId/delete
 * Plain forms with Post/Redirect/Get; a refused file is reported next to the field (422) and the
 * files that passed are kept. Ids are looked up in this seller's schema: another seller's id is 404.
 */
export const mediaStaffRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;

mediaStaffRoutes.use('*', requireStaff('catalog.manage'));

/** At most ten full-size images per request, plus the form fields. */
const MAX_IMAGE_BODY = 10 * MAX_IMAGE_BYTES + 64 * 1024;
const MAX_DOCUMENT_BODY = MAX_DOCUMENT_BYTES + 64 * 1024;

const storeOf = (c: C) => diskMediaStore(c.var.deps.config.DATA_DIR);
const pageUrl = (id: number, anchor = '') => `/staff/media/products/${id}${anchor}`;

type Product = NonNullable<Awaited<ReturnType<typeof findProductForMedia>>>;

async function loadProduct(c: C): Promise<Product | undefined> {
  const id = idParam(c);
  return id === null ? undefined : findProductForMedia(c.var.db, id);
}

async function showPage(c: C, product: Product, errors: StaffMediaErrors = {}, values: StaffMediaProps['values'] = {}, status: 200 | 413 | 422 = 200) {
  const t = mediaMessages[c.var.locale];
  const [images, documents] = await Promise.all([listProductImages(c.var.db, product.id), listProductDocuments(c.var.db, product.id)]);
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(c, t.staffTitle(product.name), <StaffMediaPage t={t} locale={c.var.locale} product={product} images={images} documents={documents} errors={errors} values={values} />, {
      nav: 'staff',
    }),
    status,
  );
}

function problemText(t: MediaMessages, problem: MediaProblem, area: 'image' | 'document'): string {
  if (problem === 'fileTooLarge') return area === 'image' ? t.err_imageTooLarge : t.err_documentTooLarge;
  return t[`err_${problem}`];
}

const tooLarge = (field: 'images' | 'document_file') =>
  bodyLimit({
    maxSize: field === 'images' ? MAX_IMAGE_BODY : MAX_DOCUMENT_BODY,
    onError: async (ctx) => {
      const c = ctx as unknown as C;
      const product = await loadProduct(c);
      if (!product) return renderError(c, 404);
      const t = mediaMessages[c.var.locale];
      return showPage(c, product, field === 'images' ? { images: [t.err_bodyTooLarge] } : { document_file: t.err_bodyTooLarge }, {}, 413);
    },
  });

const filesOf = (v: unknown): File[] => (Array.isArray(v) ? v : [v]).filter((x): x is File => x instanceof File && x.size > 0);
const textOf = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

mediaStaffRoutes.get('/products/:id', async (c) => {
  const product = await loadProduct(c);
  if (!product) return renderError(c, 404);
  return showPage(c, product);
});

mediaStaffRoutes.post('/products/:id/images', tooLarge('images'), async (c) => {
  const product = await loadProduct(c);
  if (!product) return renderError(c, 404);
  const t = mediaMessages[c.var.locale];
  const body = await c.req.parseBody({ all: true });
  const files = filesOf(body.images);
  const alt = textOf(body.alt);
  if (alt.length > MAX_ALT_LENGTH) return showPage(c, product, { alt: t.err_altTooLong }, { alt }, 422);
  if (!files.length) return showPage(c, product, { images: [t.err_missing] }, { alt }, 422);
  const { images: existing } = await countProductMedia(c.var.db, product.id);
  if (existing + files.length > MAX_IMAGES_PER_PRODUCT) return showPage(c, product, { images: [t.err_tooMany(MAX_IMAGES_PER_PRODUCT)] }, { alt }, 422);
  const refused: string[] = [];
  const added: number[] = [];
  for (const file of files) {
    const checked = await checkImageUpload(file);
    if (!checked.ok) {
      refused.push(t.fileError(file.name, problemText(t, checked.error, 'image')));
      continue;
    }
    try {
      added.push((await addProductImage(c.var.db, storeOf(c), c.var.tenant.id, product.id, { bytes: checked.bytes, alt })).id);
    } catch (err) {
      if (!(err instanceof ImageDecodeError)) throw err;
      refused.push(t.fileError(file.name, problemText(t, err.problem, 'image')));
    }
  }
  if (added.length) await audit(c, { action: 'product.images_added', targetType: 'product', targetId: product.id, details: { images: added } });
  // The images that passed are already in the list above the form; the refused ones are named at the field.
  if (refused.length) return showPage(c, product, { images: refused }, { alt }, 422);
  await setFlash(c, { kind: 'success', message: t.imagesAdded(added.length) });
  return c.redirect(pageUrl(product.id, '#media-images'), 303);
});

mediaStaffRoutes.post('/products/:id/images/:imageId/alt', async (c) => {
  const product = await loadProduct(c);
  const imageId = parseId(c.req.param('imageId'));
  if (!product || imageId === null) return renderError(c, 404);
  const t = mediaMessages[c.var.locale];
  const alt = textOf((await c.req.parseBody())[`alt_${imageId}`]);
  if (alt.length > MAX_ALT_LENGTH) return showPage(c, product, { imageAlt: { id: imageId, message: t.err_altTooLong } }, { imageAlt: { id: imageId, value: alt } }, 422);
  if (!(await updateImageAlt(c.var.db, product.id, imageId, alt))) return renderError(c, 404);
  await setFlash(c, { kind: 'success', message: t.altSaved });
  return c.redirect(pageUrl(product.id, `#image-${imageId}`), 303);
});

mediaStaffRoutes.post('/products/:id/images/:imageId/position', async (c) => {
  const product = await loadProduct(c);
  const imageId = parseId(c.req.param('imageId'));
  if (!product || imageId === null) return renderError(c, 404);
  const direction = (await c.req.parseBody()).direction;
  if (direction !== 'up' && direction !== 'down') return renderError(c, 400);
  if (!(await moveProductImage(c.var.db, product.id, imageId, direction))) return renderError(c, 404);
  return c.redirect(pageUrl(product.id, `#image-${imageId}`), 303);
});

mediaStaffRoutes.post('/products/:id/images/:imageId/delete', async (c) => {
  const product = await loadProduct(c);
  const imageId = parseId(c.req.param('imageId'));
  if (!product || imageId === null) return renderError(c, 404);
  const removed = await deleteProductImage(c.var.db, storeOf(c), c.var.tenant.id, product.id, imageId);
  if (!removed) return renderError(c, 404);
  await audit(c, { action: 'product.image_deleted', targetType: 'product', targetId: product.id, details: { image: imageId } });
  await setFlash(c, { kind: 'success', message: mediaMessages[c.var.locale].imageRemoved });
  return c.redirect(pageUrl(product.id, '#media-images'), 303);
});

mediaStaffRoutes.post('/products/:id/documents', tooLarge('document_file'), async (c) => {
  const product = await loadProduct(c);
  if (!product) return renderError(c, 404);
  const t = mediaMessages[c.var.locale];
  const body = await c.req.parseBody({ all: true });
  const file = filesOf(body.document_file)[0];
  const title = textOf(body.document_title);
  const kind = textOf(body.document_kind);
  const values = { document_title: title, document_kind: kind };
  const errors: StaffMediaErrors = {};
  if (title.length > MAX_TITLE_LENGTH) errors.document_title = t.err_titleTooLong;
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) errors.document_kind = t.err_kind;
  if (!file) errors.document_file = t.err_missing;
  else if ((await countProductMedia(c.var.db, product.id)).documents >= MAX_DOCUMENTS_PER_PRODUCT) errors.document_file = t.err_tooMany(MAX_DOCUMENTS_PER_PRODUCT);
  const checked = file && !errors.document_file ? await checkDocumentUpload(file) : null;
  if (checked && !checked.ok) errors.document_file = problemText(t, checked.error, 'document');
  if (Object.keys(errors).length || !checked?.ok || !file) return showPage(c, product, errors, values, 422);
  const originalName = cleanDocumentName(file.name);
  const doc = await addProductDocument(c.var.db, storeOf(c), c.var.tenant.id, product.id, {
    bytes: checked.bytes,
    kind: kind as DocumentKind,
    title: title || originalName.replace(/\.pdf$/i, ''),
    originalName,
  });
  await audit(c, { action: 'product.document_added', targetType: 'product', targetId: product.id, details: { document: doc.id, kind: doc.kind } });
  await setFlash(c, { kind: 'success', message: t.documentAdded });
  return c.redirect(pageUrl(product.id, '#media-documents'), 303);
});

mediaStaffRoutes.post('/products/:id/documents/:documentId/delete', async (c) => {
  const product = await loadProduct(c);
  const documentId = parseId(c.req.param('documentId'));
  if (!product || documentId === null) return renderError(c, 404);
  const removed = await deleteProductDocument(c.var.db, storeOf(c), c.var.tenant.id, product.id, documentId);
  if (!removed) return renderError(c, 404);
  await audit(c, { action: 'product.document_deleted', targetType: 'product', targetId: product.id, details: { document: documentId } });
  await setFlash(c, { kind: 'success', message: mediaMessages[c.var.locale].documentRemoved });
  return c.redirect(pageUrl(product.id, '#media-documents'), 303);
});
