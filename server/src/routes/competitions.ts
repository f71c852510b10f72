/** Competitions and their definitions. */
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import {
  createCompetition,
  getDefinition,
  listCompetitions,
  parseDefinition,
  readCompetition,
  saveDefinition,
} from '../services/competitions.ts';
import { previewDefinition } from '../services/definition-changes.ts';

const ORGANIZER = ['organizer'] as const;

export function competitionRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/competitions',
      summary: 'List competitions',
      tag: 'competitions',
      access: 'public',
      handler: async ({ actor }) => ({ competitions: await listCompetitions(ctx, actor) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions',
      summary: 'Create a competition with its definition',
      tag: 'competitions',
      access: ORGANIZER,
      bodyLimit: 2 * 1024 * 1024,
      status: 201,
      handler: ({ actor, body }) => createCompetition(ctx, actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId',
      summary: 'Read a competition and the state of its events',
      tag: 'competitions',
      access: 'public',
      handler: ({ actor, params }) => readCompetition(ctx, actor, params.competitionId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/definition',
      summary: 'Read the definition in force',
      tag: 'competitions',
      access: 'public',
      handler: ({ actor, params }) => getDefinition(ctx, actor, params.competitionId),
    }),
    defineRoute({
      method: 'put',
      path: '/api/competitions/:competitionId/definition',
      summary: 'Save a new definition version',
      tag: 'competitions',
      access: ORGANIZER,
      bodyLimit: 2 * 1024 * 1024,
      handler: ({ actor, params, body }) => saveDefinition(ctx, actor, params.competitionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/definition/preview',
      summary:
        'What saving a definition would reread of the stored marks, and who moves from which rank to which',
      tag: 'competitions',
      access: ORGANIZER,
      bodyLimit: 2 * 1024 * 1024,
      handler: ({ actor, params, body }) =>
        previewDefinition(ctx, actor, params.competitionId, parseDefinition(body.definition)),
    }),
  ];
}
