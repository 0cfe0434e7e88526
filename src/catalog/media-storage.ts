import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Product images and documents (CAT-3) live under `DATA_DIR/<tenantId>/catalog/…`, never under
 * static/, under random names, and are read back only through /media (src/catalog/media-routes.tsx),
 * which checks who may see the product. Keys stored in the database are relative:
 *   image    `catalog/images/<random>`     — a folder holding one WebP per width: `<width>.webp`
 *   document `catalog/documents/<random>`  — the PDF as uploaded
 * An S3 adapter implements the same interface with the same keys (a folder becomes a prefix).
 */
export interface MediaStore {
  putImage(tenantId: number, renditions: ReadonlyMap<number, Uint8Array>): Promise<string>;
  getImage(tenantId: number, key: string, width: number): Promise<Uint8Array | null>;
  putDocument(tenantId: number, bytes: Uint8Array): Promise<string>;
  getDocument(tenantId: number, key: string): Promise<Uint8Array | null>;
  /** Removes an image folder or a document; a missing file is not an error. */
  remove(tenantId: number, key: string): Promise<void>;
}

const KEY_RE = /^catalog\/(images|documents)\/[A-Za-z0-9_-]{32}$/;

const newKey = (area: 'images' | 'documents') => `catalog/${area}/${randomBytes(24).toString('base64url')}`;

export function diskMediaStore(dataDir: string): MediaStore {
  const fullPath = (tenantId: number, key: string, area: 'images' | 'documents') => {
    if (!Number.isSafeInteger(tenantId) || tenantId <= 0 || !KEY_RE.test(key) || !key.startsWith(`catalog/${area}/`)) throw new Error('invalid media key');
    return path.join(dataDir, String(tenantId), key);
  };
  const read = async (file: string) => {
    try {
      return await readFile(file);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return null;
      throw err;
    }
  };
  return {
    async putImage(tenantId, renditions) {
      const key = newKey('images');
      const dir = fullPath(tenantId, key, 'images');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      for (const [width, bytes] of renditions) {
        if (!Number.isSafeInteger(width) || width <= 0) throw new Error('invalid image width');
        await writeFile(path.join(dir, `${width}.webp`), bytes, { mode: 0o600, flag: 'wx' });
      }
      return key;
    },
    async getImage(tenantId, key, width) {
      if (!Number.isSafeInteger(width) || width <= 0) return null;
      return read(path.join(fullPath(tenantId, key, 'images'), `${width}.webp`));
    },
    async putDocument(tenantId, bytes) {
      const key = newKey('documents');
      const file = fullPath(tenantId, key, 'documents');
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
      return key;
    },
    async getDocument(tenantId, key) {
      return read(fullPath(tenantId, key, 'documents'));
    },
    async remove(tenantId, key) {
      const area = key.startsWith('catalog/images/') ? 'images' : 'documents';
      await rm(fullPath(tenantId, key, area), { recursive: true, force: true });
    },
  };
}
