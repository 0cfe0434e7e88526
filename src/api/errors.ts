import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every API error has one shape:
 * `{ "error": { "code": "...", "message": "...", "fields": { "<field>": "<message>" } } }`.
 * `fields` is present only when input was refused; the API speaks English.
 */
export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, fields?: Record<string, string>) {
  const body: ApiErrorBody = { error: { code, message, ...(fields && Object.keys(fields).length ? { fields } : {}) } };
  c.header('Cache-Control', 'no-store');
  return c.json(body, status);
}

/** 422 naming the offending fields. */
export const validationError = (c: Context, fields: Record<string, string>, message = 'The request has invalid fields.') =>
  apiError(c, 422, 'validation_failed', message, fields);
