import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';

/**
 * Outbox attachments (ORD-9). A notification row stores REFERENCES to what it attaches, never the
 * bytes: `notifications.attachments` is a JSON array of `AttachmentRef`. The send job resolves each
 * reference just before it hands the mail to SMTP. Why at send time:
 *   - the outbox stays small (no PDFs duplicated into every recipient's row, nothing in backups
 *     twice) and the row is still written in the business transaction, cheaply;
 *   - the document shows the order as it is when the mail leaves (a line edit or a price fix made
 *     between queueing and sending is in the PDF, not a stale copy);
 *   - rendering is deterministic from the database, so a retry renders the same thing again: the
 *     DB stays the truth and the send stays idempotent (claimed by a conditional update).
 * If a reference cannot be resolved (the order is gone, no font, …) the send FAILS with a clear
 * error and is retried with backoff up to MAX_ATTEMPTS — a mail is never sent without the
 * attachment it promises. After a successful send the row records each attachment's size and
 * SHA-256 (`sent`), so what went out can be checked later.
 *
 * The notifications module knows attachment kinds only through this registry: a domain registers a
 * resolver for its kind (orders: 'order_document', see src/orders/documents.ts), which keeps
 * src/notifications free of imports from the domains it mails for. `attachment-kinds.ts` is the one
 * place that wires the known kinds for both the worker and the web app.
 */
export interface OrderDocumentRef {
  kind: 'order_document';
  orderId: number;
  document: 'confirmation' | 'proforma' | 'waybill';
  /** Shown in the outbox before the mail is sent; the resolver normally returns the same name. */
  filename: string;
  /** Written on a successful send. */
  sent?: { bytes: number; sha256: string };
}

export type AttachmentRef = OrderDocumentRef;
export type AttachmentKind = AttachmentRef['kind'];

export interface ResolvedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface AttachmentContext {
  db: Kysely<TenantDb>;
  tenant: { id: number; name: string; timeZone: string };
  dataDir: string;
  /** The notification's language: documents are rendered in the recipient's language. */
  locale: Locale;
}

export type AttachmentResolver<R extends AttachmentRef = AttachmentRef> = (ctx: AttachmentContext, ref: R) => Promise<ResolvedAttachment | null>;

const resolvers = new Map<string, AttachmentResolver<any>>();

export function registerAttachmentResolver<K extends AttachmentKind>(kind: K, fn: AttachmentResolver<Extract<AttachmentRef, { kind: K }>>): void {
  resolvers.set(kind, fn);
}

export class AttachmentError extends Error {
  override name = 'AttachmentError';
}

/** Resolves one reference; throws AttachmentError when it cannot (unknown kind, missing target). */
export async function resolveAttachment(ctx: AttachmentContext, ref: AttachmentRef): Promise<ResolvedAttachment> {
  const fn = resolvers.get(ref.kind);
  if (!fn) throw new AttachmentError(`attachment ${ref.filename}: no resolver registered for kind "${ref.kind}"`);
  const got = await fn(ctx, ref);
  if (!got) throw new AttachmentError(`attachment ${ref.filename}: ${describe(ref)} not found`);
  return got;
}

export async function resolveAttachments(ctx: AttachmentContext, refs: AttachmentRef[]): Promise<ResolvedAttachment[]> {
  const out: ResolvedAttachment[] = [];
  for (const ref of refs) out.push(await resolveAttachment(ctx, ref));
  return out;
}

function describe(ref: AttachmentRef): string {
  switch (ref.kind) {
    case 'order_document':
      return `order ${ref.orderId} (${ref.document})`;
    default:
      return 'target';
  }
}

/** The stored array, defensively: rows written before 0016 or by hand might hold anything. */
export function attachmentsOf(value: unknown): AttachmentRef[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is AttachmentRef => typeof r === 'object' && r !== null && typeof (r as { kind?: unknown }).kind === 'string' && typeof (r as { filename?: unknown }).filename === 'string');
}
