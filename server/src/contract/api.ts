/**
 * Request and answer schemas of the HTTP API, shared by the server (validation at the edge) and the
 * web app (typed calls), one module per resource under api/. Plain zod: nothing here touches the
 * database.
 */
export * from './api/fields.ts';
export * from './api/auth.ts';
export * from './api/competitions.ts';
export * from './api/roster.ts';
export * from './api/judges.ts';
export * from './api/sheets.ts';
export * from './api/standings.ts';
export * from './api/params.ts';
export * from './api/imports.ts';
export * from './api/exports.ts';
export * from './api/nominations.ts';
