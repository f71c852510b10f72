/** The server's contract with its clients: request/answer schemas and error codes. */
export * from './api.ts';
export * from './errors.ts';
export * from './canonical.ts';
export * from './live.ts';
export * from './rows.ts';
export * from './number-text.ts';
export * from './table-hash.ts';
export * from './patch.ts';
export * from './routes.ts';
