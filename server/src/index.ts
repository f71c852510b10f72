/** @skills/server: the API server. The contract for clients lives in ./contract. */
export { createServer, type Server, type ServerOptions } from './server.ts';
export { DEFAULT_CONFIG, type Config, type Ctx } from './context.ts';
export type { PublishedPatch } from './standings/publisher.ts';
