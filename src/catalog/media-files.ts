import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type OutputInfo } from 'sharp';

/**
 * Upload checks and image renditions for product media (CAT-3). Types come from the bytes
 * (magic numbers), never from the file name or the browser's claim.
 *
 * Images: PNG, JPEG or WebP up to 10 MB, re-encoded to WebP at the standard widths below; an
 * image is never upscaled: the widths below its own width are made, plus one at its own width
 * (stored under the next standard width's slot). Metadata (EXIF, GPS) is dropped by the re-encode.
 * Documents: PDF up to 20 MB, stored as uploaded and only ever sent as an attachment.
 */
export const IMAGE_WIDTHS = [160, 320, 640, 1280] as const;
export type ImageSlot = (typeof IMAGE_WIDTHS)[number];
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** Refuses decompression bombs: a small file that decodes to a huge bitmap. */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const DOCUMENT_KINDS = ['manual', 'spec_sheet', 'certificate', 'offer', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type MediaProblem = 'missing' | 'fileTooLarge' | 'imageType' | 'documentType' | 'imageUnreadable' | 'imageTooManyPixels';

export type Checked<M> = { ok: true; bytes: Uint8Array; mime: M } | { ok: false; error: MediaProblem };

async function readChecked(file: File | Uint8Array, max: number): Promise<Uint8Array | MediaProblem> {
  const size = file instanceof Uint8Array ? file.byteLength : file.size;
  if (size === 0) return 'missing';
  if (size > max) return 'fileTooLarge';
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
  return bytes.byteLength > max ? 'fileTooLarge' : bytes;
}

export async function checkImageUpload(file: File | Uint8Array): Promise<Checked<(typeof IMAGE_MIMES)[number]>> {
  const bytes = await readChecked(file, MAX_IMAGE_BYTES);
  if (typeof bytes === 'string') return { ok: false, error: bytes };
  const mime = (await fileTypeFromBuffer(bytes))?.mime;
  if (!mime || !(IMAGE_MIMES as readonly string[]).includes(mime)) return { ok: false, error: 'imageType' };
  return { ok: true, bytes, mime: mime as (typeof IMAGE_MIMES)[number] };
}

export async function checkDocumentUpload(file: File | Uint8Array): Promise<Checked<'application/pdf'>> {
  const bytes = await readChecked(file, MAX_DOCUMENT_BYTES);
  if (typeof bytes === 'string') return { ok: false, error: bytes };
  const mime = (await fileTypeFromBuffer(bytes))?.mime;
  if (mime !== 'application/pdf') return { ok: false, error: 'documentType' };
  return { ok: true, bytes, mime };
}

/**
 * The renditions an image of `width` pixels has: each slot with the width it was made at.
 * Unknown width (rows made without a file, e.g. by a bench) → every slot at its own width.
 */
export function imageSlots(width: number | null): { slot: ImageSlot; width: number }[] {
  if (!width) return IMAGE_WIDTHS.map((slot) => ({ slot, width: slot }));
  const out: { slot: ImageSlot; width: number }[] = [];
  for (const slot of IMAGE_WIDTHS) {
    out.push({ slot, width: Math.min(slot, width) });
    if (slot >= width) break;
  }
  return out;
}

export function isImageSlot(n: number): n is ImageSlot {
  return (IMAGE_WIDTHS as readonly number[]).includes(n);
}

export interface Renditions {
  width: number;
  height: number;
  files: Map<number, Uint8Array>;
}

export class ImageDecodeError extends Error {
  constructor(readonly problem: 'imageUnreadable' | 'imageTooManyPixels') {
    super(problem);
  }
}

/**
 * Decodes once (EXIF orientation applied) and encodes one WebP per slot. `opaque` drops the
 * alpha channel (generated tiles): an alpha plane costs about a quarter more encoding time.
 */
export async function renderRenditions(bytes: Uint8Array, opts: { effort?: number; opaque?: boolean } = {}): Promise<Renditions> {
  let raw: { data: Buffer; info: OutputInfo };
  try {
    const decoded = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate();
    raw = await (opts.opaque ? decoded.removeAlpha() : decoded).raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    throw new ImageDecodeError(/pixel limit/i.test(message) ? 'imageTooManyPixels' : 'imageUnreadable');
  }
  const { width, height, channels } = raw.info;
  const base = sharp(raw.data, { raw: { width, height, channels } });
  const files = new Map<number, Uint8Array>();
  await Promise.all(
    imageSlots(width).map(async ({ slot, width: w }) => {
      const out = await base
        .clone()
        .resize({ width: w, withoutEnlargement: true })
        .webp({ quality: 80, alphaQuality: 90, effort: opts.effort ?? 4 })
        .toBuffer();
      files.set(slot, out);
    }),
  );
  return { width, height, files };
}

/** Changes whenever the stored file changes (a new key), so URLs can be cached as immutable. */
export function mediaVersion(storageKey: string): string {
  return createHash('sha256').update(storageKey).digest('base64url').slice(0, 10);
}

export interface ImageRef {
  id: number;
  storage_key: string;
  width: number | null;
}

export const imageUrl = (img: ImageRef, slot: ImageSlot) => `/media/images/${img.id}/${slot}.webp?v=${mediaVersion(img.storage_key)}`;

/** `srcset` value listing every rendition with its real width. */
export function imageSrcset(img: ImageRef): string {
  return imageSlots(img.width)
    .map(({ slot, width }) => `${imageUrl(img, slot)} ${width}w`)
    .join(', ');
}

/** The smallest rendition at least `wanted` pixels wide (or the largest there is). */
export function slotFor(img: ImageRef, wanted: number): ImageSlot {
  const slots = imageSlots(img.width);
  return (slots.find((s) => s.width >= wanted) ?? slots.at(-1)!).slot;
}

export const documentUrl = (doc: { id: number; original_name: string }) => `/media/documents/${doc.id}/${encodeURIComponent(doc.original_name)}`;

/** A safe display name for a stored document: no path, no control characters, ends in .pdf. */
export function cleanDocumentName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 120);
  const named = base || 'document.pdf';
  return /\.pdf$/i.test(named) ? named : `${named}.pdf`;
}
