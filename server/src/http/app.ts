/**
 * Builds the Hono app from the route records: resolve who is asking, check access, validate
 * params, query and body with the route's zod schemas, call the handler, answer JSON. One error
 * mapper: a ServiceError becomes {code, message, details}; a database that cannot be reached 503
 * `unavailable` with retry-after (unavailable.ts); anything else is a bug (500, logged). JSON
 * answers above 1 KiB go gzipped to clients that take it (compress.ts).
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { PUBLIC, type Actor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { compressJson, jsonAnswer } from './compress.ts';
import { buildOpenApi } from './openapi.ts';
import type { AnyRoute } from './route.ts';
import { ServiceError, detail, forbidden, unauthenticated } from '../errors/service-error.ts';
import { unavailable, unavailableCode } from '../errors/unavailable.ts';
import { parse, refuseNul } from '../errors/validate.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';

const DEFAULT_BODY_LIMIT = 256 * 1024;

async function readBody(c: Context, limit: number): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ServiceError('unsupported_media_type', 'send the body as application/json', {
      details: [detail('headers.content-type', 'unsupported', `got "${type || 'nothing'}"`)],
    });
  }
  const declared = Number(c.req.header('content-length') ?? '0');
  const tooLarge = (): ServiceError =>
    new ServiceError('payload_too_large', `the body is larger than ${limit} bytes`, {
      details: [detail('body', 'too_big', `at most ${limit} bytes`)],
    });
  if (declared > limit) throw tooLarge();
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > limit) throw tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new ServiceError('invalid_json', 'the body is not valid UTF-8', {
      details: [detail('body', 'invalid_utf8', 'send the body as UTF-8')],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    throw new ServiceError('invalid_json', 'the body is not valid JSON', {
      details: [detail('body', 'invalid_json', e instanceof Error ? e.message : 'parse error')],
    });
  }
  refuseNul(value, 'body');
  return value;
}

async function resolveActor(ctx: Ctx, c: Context): Promise<Actor> {
  const auth = c.req.header('authorization');
  if (auth !== undefined) {
    const m = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i.exec(auth);
    if (!m?.[1]) {
      throw unauthenticated('the Authorization header must be "Bearer <token>"', 'invalid_format');
    }
    const s = await ctx.sessions.resolve(m[1]);
    if (!s) throw unauthenticated('the token is unknown or expired', 'unknown_token');
    return { kind: 'user', user: s.user, via: 'bearer' };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie !== undefined && /^[A-Za-z0-9_-]{20,100}$/.test(cookie)) {
    const s = await ctx.sessions.resolve(cookie);
    if (s) return { kind: 'user', user: s.user, via: 'cookie' };
  }
  return PUBLIC;
}

function checkAccess(route: AnyRoute, actor: Actor): void {
  if (route.access === 'public') return;
  if (actor.kind !== 'user') throw unauthenticated('sign in first', 'required');
  if (route.access === 'signedIn') return;
  if (!route.access.includes(actor.user.role)) {
    throw forbidden(
      `a ${actor.user.role} may not ${route.summary.toLowerCase()}`,
      undefined,
      'role',
    );
  }
}

function firstValues(c: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.req.queries())) if (v[0] !== undefined) out[k] = v[0];
  return out;
}

/** Path params and query values, checked for NUL; a route without a query takes none. */
function paramsAndQuery(c: Context, route: AnyRoute): { params: unknown; query: unknown } {
  const rawParams = c.req.param();
  const rawQuery = firstValues(c);
  refuseNul(rawParams, 'params');
  refuseNul(rawQuery, 'query');
  if (!route.query && Object.keys(rawQuery).length > 0) {
    throw new ServiceError('invalid_input', 'this request takes no query parameters', {
      details: Object.keys(rawQuery).map((k) =>
        detail(`query.${k}`, 'unrecognized_keys', `"${k}" is not a known parameter`),
      ),
    });
  }
  return {
    params: route.params ? parse(route.params, rawParams, 'params') : undefined,
    query: route.query ? parse(route.query, rawQuery, 'query') : undefined,
  };
}

export function createApp(ctx: Ctx, routes: readonly AnyRoute[]): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    // An answer that says how it may be cached (the live snapshot) keeps its own policy.
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('cache-control')) {
      c.header('cache-control', 'no-store');
    }
  });
  if (ctx.config.compressAnswers) app.use('/api/*', compressJson());
  const openapi = buildOpenApi(routes);
  app.get('/api/openapi.json', (c) => jsonAnswer(c, openapi, 200));
  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      const actor = await resolveActor(ctx, c);
      checkAccess(route, actor);
      const { params, query } = paramsAndQuery(c, route);
      const body = route.body
        ? parse(route.body, await readBody(c, route.bodyLimit ?? DEFAULT_BODY_LIMIT), 'body')
        : undefined;
      const result = await route.handler({ params, query, body, actor, c });
      if (result instanceof Response) return result;
      return jsonAnswer(c, result, route.status ?? 200);
    });
  }
  app.notFound((c) =>
    jsonAnswer(
      c,
      {
        code: 'not_found',
        message: `no route ${c.req.method} ${c.req.path}`,
        details: [detail('path', 'no_route', `no route ${c.req.method} ${c.req.path}`)],
      },
      404,
    ),
  );
  app.onError((error, c) => {
    const down = error instanceof ServiceError ? null : unavailableCode(error);
    if (down !== null)
      console.warn(`database unavailable (${down}): ${c.req.method} ${c.req.path}`);
    const known = error instanceof ServiceError ? error : down !== null ? unavailable(down) : null;
    if (known) {
      for (const [k, v] of Object.entries(known.headers)) c.header(k, v);
      return jsonAnswer(c, known.toBody(), known.status);
    }
    console.error(error);
    return jsonAnswer(c, { code: 'internal', message: 'internal error', details: [] }, 500);
  });
  return app;
}
