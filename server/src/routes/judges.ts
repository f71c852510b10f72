/** Judges and chief judges: accounts, login links, unlocking a locked account. */
import type { Ctx } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import {
  createChief,
  createJudge,
  createLoginLink,
  listJudges,
  unlockJudge,
} from '../services/judges.ts';

const ORGANIZER = ['organizer'] as const;
const OFFICIALS = ['organizer', 'chief'] as const;

export function judgeRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/competitions/:competitionId/judges',
      summary: 'List judges and chief judges, with any sign-in lockout',
      tag: 'judges',
      access: OFFICIALS,
      handler: async ({ actor, params }) => ({
        users: await listJudges(ctx, actor, params.competitionId),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/judges',
      summary: 'Add a judge (code and PIN)',
      tag: 'judges',
      access: ORGANIZER,
      status: 201,
      handler: ({ actor, params, body }) => createJudge(ctx, actor, params.competitionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/chiefs',
      summary: 'Add a chief judge (username and password)',
      tag: 'judges',
      access: ORGANIZER,
      status: 201,
      handler: ({ actor, params, body }) => createChief(ctx, actor, params.competitionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/judges/:judgeId/login-link',
      summary: 'Create a one-time login link (and QR code) for a judge',
      tag: 'judges',
      access: OFFICIALS,
      status: 201,
      handler: ({ actor, params }) =>
        createLoginLink(ctx, actor, params.competitionId, params.judgeId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/competitions/:competitionId/judges/:judgeId/unlock',
      summary: 'Unlock the sign-in of a judge locked out by failed attempts (recorded)',
      tag: 'judges',
      access: OFFICIALS,
      handler: ({ actor, params }) => unlockJudge(ctx, actor, params.competitionId, params.judgeId),
    }),
  ];
}
