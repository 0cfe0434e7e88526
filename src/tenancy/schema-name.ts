/**
 * Rule: a tenant schema name is derived from the tenant's immutable numeric id and nothing else,
 * and every piece of DDL or raw SQL that names a schema passes `assertSchemaName` first.
 */
const SCHEMA_RE = /^t_[0-9]{1,12}$/;

export function schemaNameFor(tenantId: number): string {
  if (!Number.isSafeInteger(tenantId) || tenantId <= 0) throw new Error(`invalid tenant id ${tenantId}`);
  return `t_${tenantId}`;
}

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_RE.test(schema)) throw new Error(`refusing schema name ${JSON.stringify(schema)}`);
  return schema;
}

export function isSchemaName(schema: string): boolean {
  return SCHEMA_RE.test(schema);
}
