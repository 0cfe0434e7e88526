/** Mails of the seller's staff and settings area; filled in by that work. */
export const staffTemplates = {};
