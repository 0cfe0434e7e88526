import type { HandlerRegistry } from '../../jobs/registry.ts';

/** Spreadsheet import job (CAT-8). */
export function registerImportJobs(_registry: HandlerRegistry): void {}
