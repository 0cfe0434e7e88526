import { registerOrderDocumentAttachments } from '../orders/documents.ts';

/**
 * The composition point for outbox attachment kinds: each domain that attaches files registers its
 * resolver here. Called by the worker (registerNotificationJobs) and the web app (the outbox
 * download route), so both processes know every kind; calling it twice is harmless.
 */
let registered = false;
export function registerAttachmentKinds(): void {
  if (registered) return;
  registered = true;
  registerOrderDocumentAttachments();
}
