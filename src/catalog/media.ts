import type { Kysely, Selectable } from 'kysely';
import type { ProductDocumentsTable, ProductImagesTable, TenantDb } from '../db/types.ts';
import { renderRenditions, type DocumentKind, type Renditions } from './media-files.ts';
import type { MediaStore } from './media-storage.ts';
import { dealerCanSee } from './products.ts';
import { inTransaction } from './tx.ts';

/**
 * Product images and documents (CAT-3): rows in product_images / product_documents, files in a
 * MediaStore. Files are written before the row and removed after it, so a row never points at a
 * missing file; a crash between the two leaves at worst an unreferenced file.
 */
export type ProductImage = Pick<Selectable<ProductImagesTable>, 'id' | 'product_id' | 'storage_key' | 'alt' | 'width' | 'height' | 'position'>;
export type ProductDocument = Pick<
  Selectable<ProductDocumentsTable>,
  'id' | 'product_id' | 'kind' | 'title' | 'storage_key' | 'original_name' | 'mime' | 'size' | 'position' | 'created_at'
>;

export const MAX_ALT_LENGTH = 300;
export const MAX_TITLE_LENGTH = 200;
/** Images per product: enough for a gallery, bounded so a page stays light. */
export const MAX_IMAGES_PER_PRODUCT = 30;
export const MAX_DOCUMENTS_PER_PRODUCT = 30;

const IMAGE_COLUMNS = ['id', 'product_id', 'storage_key', 'alt', 'width', 'height', 'position'] as const;
const DOCUMENT_COLUMNS = ['id', 'product_id', 'kind', 'title', 'storage_key', 'original_name', 'mime', 'size', 'position', 'created_at'] as const;

export async function listProductImages(db: Kysely<TenantDb>, productId: number): Promise<ProductImage[]> {
  return db.selectFrom('product_images').select(IMAGE_COLUMNS).where('product_id', '=', productId).orderBy('position').orderBy('id').execute();
}

export async function listProductDocuments(db: Kysely<TenantDb>, productId: number): Promise<ProductDocument[]> {
  const rows = await db.selectFrom('product_documents').select(DOCUMENT_COLUMNS).where('product_id', '=', productId).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export async function findProductForMedia(db: Kysely<TenantDb>, productId: number) {
  return db.selectFrom('products').select(['id', 'sku', 'name', 'parent_id', 'active', 'hidden']).where('id', '=', productId).executeTakeFirst();
}

/** Stores already-rendered renditions and adds the image at the end of the product's gallery. */
export async function insertProductImage(
  db: Kysely<TenantDb>,
  store: MediaStore,
  tenantId: number,
  productId: number,
  input: { renditions: Renditions; alt: string },
): Promise<ProductImage> {
  const key = await store.putImage(tenantId, input.renditions.files);
  try {
    return await db
      .insertInto('product_images')
      .values((eb) => ({
        product_id: productId,
        storage_key: key,
        alt: input.alt.slice(0, MAX_ALT_LENGTH),
        width: input.renditions.width,
        height: input.renditions.height,
        position: eb.selectFrom('product_images').select((s) => s(s.fn.coalesce(s.fn.max<number>('position'), s.lit(-1)), '+', s.lit(1)).as('p')).where('product_id', '=', productId),
      }))
      .returning(IMAGE_COLUMNS)
      .executeTakeFirstOrThrow();
  } catch (err) {
    await store.remove(tenantId, key);
    throw err;
  }
}

/** Decodes, renders every width and stores one uploaded image (already type- and size-checked). */
export async function addProductImage(
  db: Kysely<TenantDb>,
  store: MediaStore,
  tenantId: number,
  productId: number,
  input: { bytes: Uint8Array; alt: string },
): Promise<ProductImage> {
  const renditions = await renderRenditions(input.bytes);
  return insertProductImage(db, store, tenantId, productId, { renditions, alt: input.alt });
}

export async function countProductMedia(db: Kysely<TenantDb>, productId: number): Promise<{ images: number; documents: number }> {
  const [images, documents] = await Promise.all([
    db.selectFrom('product_images').select((eb) => eb.fn.countAll<string>().as('n')).where('product_id', '=', productId).executeTakeFirstOrThrow(),
    db.selectFrom('product_documents').select((eb) => eb.fn.countAll<string>().as('n')).where('product_id', '=', productId).executeTakeFirstOrThrow(),
  ]);
  return { images: Number(images.n), documents: Number(documents.n) };
}

export async function updateImageAlt(db: Kysely<TenantDb>, productId: number, imageId: number, alt: string): Promise<boolean> {
  const res = await db
    .updateTable('product_images')
    .set({ alt: alt.slice(0, MAX_ALT_LENGTH) })
    .where('id', '=', imageId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * Moves an image one place up or down. Positions are renumbered 0…n-1 in the current order
 * first (rows from imports may share a position), under a lock on the product's rows.
 */
export async function moveProductImage(db: Kysely<TenantDb>, productId: number, imageId: number, direction: 'up' | 'down'): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const rows = await trx.selectFrom('product_images').select(['id']).where('product_id', '=', productId).orderBy('position').orderBy('id').forUpdate().execute();
    const ids = rows.map((r) => Number(r.id));
    const at = ids.indexOf(imageId);
    if (at < 0) return false;
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to >= 0 && to < ids.length) [ids[at], ids[to]] = [ids[to]!, ids[at]!];
    for (const [position, id] of ids.entries()) {
      await trx.updateTable('product_images').set({ position }).where('id', '=', id).execute();
    }
    return true;
  });
}

export async function deleteProductImage(db: Kysely<TenantDb>, store: MediaStore, tenantId: number, productId: number, imageId: number): Promise<ProductImage | undefined> {
  const row = await db.deleteFrom('product_images').where('id', '=', imageId).where('product_id', '=', productId).returning(IMAGE_COLUMNS).executeTakeFirst();
  if (row) await store.remove(tenantId, row.storage_key);
  return row;
}

export async function addProductDocument(
  db: Kysely<TenantDb>,
  store: MediaStore,
  tenantId: number,
  productId: number,
  input: { bytes: Uint8Array; kind: DocumentKind; title: string; originalName: string },
): Promise<ProductDocument> {
  const key = await store.putDocument(tenantId, input.bytes);
  try {
    const row = await db
      .insertInto('product_documents')
      .values((eb) => ({
        product_id: productId,
        kind: input.kind,
        title: input.title.slice(0, MAX_TITLE_LENGTH),
        storage_key: key,
        original_name: input.originalName,
        mime: 'application/pdf',
        size: input.bytes.byteLength,
        position: eb.selectFrom('product_documents').select((s) => s(s.fn.coalesce(s.fn.max<number>('position'), s.lit(-1)), '+', s.lit(1)).as('p')).where('product_id', '=', productId),
      }))
      .returning(DOCUMENT_COLUMNS)
      .executeTakeFirstOrThrow();
    return { ...row, size: Number(row.size) };
  } catch (err) {
    await store.remove(tenantId, key);
    throw err;
  }
}

export async function deleteProductDocument(db: Kysely<TenantDb>, store: MediaStore, tenantId: number, productId: number, documentId: number) {
  const row = await db.deleteFrom('product_documents').where('id', '=', documentId).where('product_id', '=', productId).returning(DOCUMENT_COLUMNS).executeTakeFirst();
  if (row) await store.remove(tenantId, row.storage_key);
  return row;
}

type Viewer = 'staff' | 'dealer';

const productVisibility = ['p.active', 'p.hidden', 'p.availability', 'p.out_of_stock_behaviour'] as const;

/** An image if this viewer may see its product: staff see every product, dealers only visible ones. */
export async function findImageForViewer(db: Kysely<TenantDb>, imageId: number, viewer: Viewer) {
  const row = await db
    .selectFrom('product_images as i')
    .innerJoin('products as p', 'p.id', 'i.product_id')
    .select(['i.id', 'i.storage_key', 'i.width', ...productVisibility])
    .where('i.id', '=', imageId)
    .executeTakeFirst();
  if (!row || (viewer === 'dealer' && !dealerCanSee(row))) return undefined;
  return row;
}

export async function findDocumentForViewer(db: Kysely<TenantDb>, documentId: number, viewer: Viewer) {
  const row = await db
    .selectFrom('product_documents as d')
    .innerJoin('products as p', 'p.id', 'd.product_id')
    .select(['d.id', 'd.storage_key', 'd.original_name', 'd.mime', 'd.size', ...productVisibility])
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  if (!row || (viewer === 'dealer' && !dealerCanSee(row))) return undefined;
  return row;
}

/** The first gallery image of each product (variant chips, recommendations), by product id. */
export async function firstImages(db: Kysely<TenantDb>, productIds: number[]): Promise<Map<number, ProductImage>> {
  if (!productIds.length) return new Map();
  const rows = await db
    .selectFrom('product_images')
    .select(IMAGE_COLUMNS)
    .distinctOn('product_id')
    .where('product_id', 'in', productIds)
    .orderBy('product_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [Number(r.product_id), r]));
}
