/**
 * A route is one record: method, path, who may call it, the zod schemas of its params, query,
 * body and answer (from the contract's route map), and the handler. The same records mount the
 * Hono app, generate the OpenAPI document and drive the role × route test matrix, so none of the
 * three can drift; and the web's typed client reads the same route map.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Role } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import {
  ROUTES,
  type Method,
  type ParsedPart,
  type PathOf,
  type RouteContract,
  type RouteKey,
  type Routes,
} from '../contract/routes.ts';

export type { Method };
/** public: anyone; signedIn: any login; or the roles allowed. */
export type Access = 'public' | 'signedIn' | readonly Role[];

export interface HandlerInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly actor: Actor;
  readonly c: Context;
}

/**
 * A route record: its method and path name its entry in the contract's route map (ROUTES), which
 * gives the schemas of its params, query, body and answer; the record adds who may call it and
 * the handler, typed from that entry.
 */
export interface RouteSpec<M extends Method, P extends PathOf<M>> {
  readonly method: M;
  readonly path: P;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  /** 200 unless it creates something. */
  readonly status?: 200 | 201;
  /** Largest body accepted, in bytes (default 256 KiB). */
  readonly bodyLimit?: number;
  /**
   * A route without `body` that reads the raw request body itself (an uploaded file): the media
   * types it takes, for the OpenAPI document.
   */
  readonly consumes?: readonly string[];
  /**
   * A route that answers with a file (its handler returns a Response): the media types it may
   * answer with. `response` then describes the JSON answer when one of them is
   * application/json, and nothing otherwise.
   */
  readonly produces?: readonly string[];
  readonly handler: (
    input: HandlerInput<
      ParsedPart<KeyOf<M, P>, 'params'>,
      ParsedPart<KeyOf<M, P>, 'query'>,
      ParsedPart<KeyOf<M, P>, 'body'>
    >,
  ) =>
    | Promise<z.input<Routes[KeyOf<M, P>]['response']> | Response>
    | z.input<Routes[KeyOf<M, P>]['response']>;
}

type KeyOf<M extends Method, P extends string> = `${M} ${P}` & RouteKey;

/** A route with its types erased, as the registry holds it. */
export interface AnyRoute {
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response: z.ZodType;
  readonly status?: 200 | 201;
  readonly bodyLimit?: number;
  readonly consumes?: readonly string[];
  readonly produces?: readonly string[];
  readonly handler: (input: HandlerInput<unknown, unknown, unknown>) => unknown;
}

/**
 * Joins a route record to its contract entry (looked up by method and path): the handler is typed
 * from the entry, and the registry gets the entry's schemas, so the two cannot drift.
 */
export function defineRoute<M extends Method, P extends PathOf<M>>(
  spec: RouteSpec<M, P>,
): AnyRoute {
  const key = `${spec.method} ${spec.path}`;
  const entries: Readonly<Record<string, RouteContract>> = ROUTES;
  const entry = entries[key];
  // The types allow only the map's keys; this catches a path built at run time.
  if (entry === undefined) throw new Error(`no contract entry for route "${key}"`);
  return {
    ...(spec as unknown as Omit<AnyRoute, keyof RouteContract>),
    ...(entry.params ? { params: entry.params } : {}),
    ...(entry.query ? { query: entry.query } : {}),
    ...(entry.body ? { body: entry.body } : {}),
    response: entry.response,
  };
}
