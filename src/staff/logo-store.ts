import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/**
 * Seller logos live at DATA_DIR/<tenantId>/branding/<random>.<ext>, never under static/.
 * The type comes from the bytes, not the name or the browser's claim; SVG is refused because
 * it can carry script.
 */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
const ALLOWED = new Map([
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['image/webp', 'webp'],
]);

export type LogoProblem = 'missing' | 'type' | 'size';

export class LogoError extends Error {
  constructor(readonly problem: LogoProblem) {
    super(problem);
  }
}

const dirOf = (dataDir: string, tenantId: number) => path.join(dataDir, String(tenantId), 'branding');
const FILE_RE = /^[A-Za-z0-9_-]{16,64}\.(png|jpg|webp)$/;

export async function storeLogo(dataDir: string, tenantId: number, bytes: Uint8Array): Promise<{ file: string; mime: string }> {
  if (bytes.byteLength === 0) throw new LogoError('missing');
  if (bytes.byteLength > LOGO_MAX_BYTES) throw new LogoError('size');
  const type = await fileTypeFromBuffer(bytes);
  const ext = type && ALLOWED.get(type.mime);
  if (!type || !ext) throw new LogoError('type');
  const dir = dirOf(dataDir, tenantId);
  await mkdir(dir, { recursive: true });
  const file = `${randomBytes(16).toString('base64url')}.${ext}`;
  await writeFile(path.join(dir, file), bytes, { flag: 'wx' });
  return { file, mime: type.mime };
}

export async function readLogo(dataDir: string, tenantId: number, file: string): Promise<Buffer | null> {
  if (!FILE_RE.test(file)) return null;
  try {
    return await readFile(path.join(dirOf(dataDir, tenantId), file));
  } catch {
    return null;
  }
}

export async function removeLogo(dataDir: string, tenantId: number, file: string | null): Promise<void> {
  if (!file || !FILE_RE.test(file)) return;
  await rm(path.join(dirOf(dataDir, tenantId), file), { force: true });
}
