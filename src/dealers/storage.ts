import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/**
 * Uploaded documents live under `DATA_DIR/<tenantId>/<area>/<random name>`, never under static/,
 * and are read back only through an authorised route. The key stored in the database is relative
 * (`<area>/<name>`) so an S3 adapter can implement the same interface with the same keys.
 */
export interface DocumentStorage {
  put(tenantId: number, area: string, bytes: Uint8Array): Promise<string>;
  get(tenantId: number, key: string): Promise<Uint8Array | null>;
  remove(tenantId: number, key: string): Promise<void>;
}

const KEY_RE = /^[a-z-]+\/[A-Za-z0-9_-]{20,64}$/;

export function diskStorage(dataDir: string): DocumentStorage {
  const fullPath = (tenantId: number, key: string) => {
    if (!Number.isSafeInteger(tenantId) || tenantId <= 0 || !KEY_RE.test(key)) throw new Error('invalid storage key');
    return path.join(dataDir, String(tenantId), key);
  };
  return {
    async put(tenantId, area, bytes) {
      const key = `${area}/${randomBytes(24).toString('base64url')}`;
      const file = fullPath(tenantId, key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
      return key;
    },
    async get(tenantId, key) {
      try {
        return await readFile(fullPath(tenantId, key));
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return null;
        throw err;
      }
    },
    async remove(tenantId, key) {
      await rm(fullPath(tenantId, key), { force: true });
    },
  };
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_MIMES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMime = (typeof DOCUMENT_MIMES)[number];

export type UploadCheck = { ok: true; bytes: Uint8Array; mime: DocumentMime } | { ok: false; error: 'fileTooLarge' | 'fileType' };

/** Size first (cheap), then the type from the content's magic bytes; the file name and declared type are ignored. */
export async function checkUpload(file: File): Promise<UploadCheck> {
  if (file.size > MAX_DOCUMENT_BYTES) return { ok: false, error: 'fileTooLarge' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) return { ok: false, error: 'fileTooLarge' };
  const detected = await fileTypeFromBuffer(bytes);
  const mime = detected?.mime as DocumentMime | undefined;
  if (!mime || !(DOCUMENT_MIMES as readonly string[]).includes(mime)) return { ok: false, error: 'fileType' };
  return { ok: true, bytes, mime };
}

/** A safe display name: no path, no control characters, bounded length. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 120);
  return cleaned || 'document';
}
