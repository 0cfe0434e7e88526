import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../web/env.ts';
import { checkPassword, MAX_PASSWORD_LENGTH } from './passwords.ts';

/**
 * One schema per sign-in/account form. Issue messages are message-catalog keys, so the routes
 * translate them; the first problem per field wins.
 */
export type FormErrors<K extends string = string> = Partial<Record<K, string>>;

export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function parseForm<S extends z.ZodType>(schema: S, input: Record<string, string>): { ok: true; data: z.infer<S> } | { ok: false; errors: FormErrors } {
  const res = schema.safeParse(input);
  if (res.success) return { ok: true, data: res.data };
  const errors: FormErrors = {};
  for (const issue of res.error.issues) {
    const key = String(issue.path[0] ?? '_');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

const required = (max: number) => z.string({ error: 'required' }).trim().min(1, 'required').max(max, 'required');
const password = z.string({ error: 'required' }).min(1, 'required').max(MAX_PASSWORD_LENGTH, 'passwordTooLong');
const email = z.string({ error: 'required' }).trim().min(1, 'required').max(254, 'emailInvalid').pipe(z.email('emailInvalid'));

export const dealerLoginForm = z.object({ code: required(40), email: required(254), password });
export const staffLoginForm = z.object({ email: required(254), password });
export const codeForm = z.object({ code: required(40) });
export const forgotForm = z.object({ email });
export const profileForm = z.object({
  name: z.string().trim().min(1, 'nameRequired').max(120, 'nameTooLong'),
  locale: z.enum(['tr', 'en']).catch('tr'),
});

/** A new password typed twice; the rule itself is `checkPassword`. */
export function newPasswordForm(identity: { email?: string }) {
  return z
    .object({ password: z.string().default(''), confirm: z.string().default('') })
    .superRefine((v, ctx) => {
      if (!v.password) return ctx.addIssue({ code: 'custom', path: ['password'], message: 'required' });
      const problem = checkPassword(v.password, identity);
      if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_PROBLEM_KEY[problem] });
      else if (v.password !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'passwordMismatch' });
    });
}

export const PASSWORD_PROBLEM_KEY = {
  too_short: 'passwordTooShort',
  too_long: 'passwordTooLong',
  common: 'passwordCommon',
  contains_identity: 'passwordIdentity',
} as const;

/** Translates error keys with a catalog; unknown keys fall back to the catalog's "required". */
export function translateErrors(errors: FormErrors, catalog: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, key] of Object.entries(errors)) {
    const msg = key ? catalog[key] : undefined;
    out[field] = typeof msg === 'string' ? msg : String(catalog.required ?? key);
  }
  return out;
}
