/** The OpenAPI 3.1 document, generated from the route records' zod schemas. */
import { z } from 'zod';
import { ErrorBody } from '../contract/errors.ts';
import type { AnyRoute } from './route.ts';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json;
  delete out['$schema'];
  return out;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const props = (json['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
  }));
}

function describeAccess(route: AnyRoute): string {
  if (route.access === 'public') return 'Anyone (no login).';
  if (route.access === 'signedIn') return 'Any signed-in user.';
  return `Roles: ${route.access.join(', ')}.`;
}

/** A file's bytes, as OpenAPI 3.1 describes them. */
function binary(type: string): Json {
  return { type: 'string', contentMediaType: type };
}

/** What a route answers with: JSON by its schema, or files (see RouteSpec.produces). */
function answerContent(route: AnyRoute): Json {
  const json = { 'application/json': { schema: schemaOf(route.response, 'output') } };
  if (!route.produces) return json;
  return Object.fromEntries(
    route.produces.map((type) => [
      type,
      type === 'application/json' ? json['application/json'] : { schema: binary(type) },
    ]),
  );
}

export function buildOpenApi(routes: readonly AnyRoute[]): Json {
  const paths: Record<string, Json> = {};
  const error = { content: { 'application/json': { schema: schemaOf(ErrorBody, 'output') } } };
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const op: Json = {
      summary: route.summary,
      description: describeAccess(route),
      tags: [route.tag],
      operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+/g, '_')}`,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses: {
        [String(route.status ?? 200)]: { description: 'OK', content: answerContent(route) },
        default: { description: 'Error: {code, message, details[]}', ...error },
      },
    };
    if (route.access !== 'public') op['security'] = [{ cookie: [] }, { bearer: [] }];
    if (route.body) {
      op['requestBody'] = {
        required: true,
        content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
      };
    } else if (route.consumes) {
      op['requestBody'] = {
        required: true,
        content: Object.fromEntries(route.consumes.map((type) => [type, { schema: binary(type) }])),
      };
    }
    paths[path] = { ...(paths[path] ?? {}), [route.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Skills competition scoring API',
      version: '1',
      description:
        'Marks ledger, sheets workflow and standings. Errors are {code, message, details[]}.',
    },
    components: {
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: 'skills_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}
