/** Mails of dealer onboarding (IAM-1…IAM-3); filled in by the onboarding work. */
export const dealerTemplates = {};
