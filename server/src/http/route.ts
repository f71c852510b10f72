/**
 * A route is one record: method, path, who may call it, the zod schemas of its params, query,
 * body and answer, and the handler. The same records mount the Hono app, generate the OpenAPI
 * document and drive the role × route test matrix, so none of the three can drift.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Role } from '@skills/db';
import type { Actor } from '../auth/actor.ts';

export type Method = 'get' | 'post' | 'put' | 'delete';
/** public: anyone; signedIn: any login; or the roles allowed. */
export type Access = 'public' | 'signedIn' | readonly Role[];

export interface HandlerInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly actor: Actor;
  readonly c: Context;
}

export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly response: R;
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
    input: HandlerInput<z.infer<P>, z.infer<Q>, z.infer<B>>,
  ) => Promise<z.input<R> | Response> | z.input<R>;
}

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

/** Keeps a route's types for its handler and erases them for the registry. */
export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<P, Q, B, R>): AnyRoute {
  return spec as unknown as AnyRoute;
}
