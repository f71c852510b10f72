/** The checks every service shares: signed in, in this competition, an official of it. */
import type { Actor, User } from '../auth/actor.ts';
import { inCompetition, isOfficial } from '../auth/actor.ts';
import { forbidden, unauthenticated } from '../errors/service-error.ts';

export function requireUser(actor: Actor): User {
  if (actor.kind !== 'user') throw unauthenticated('sign in first', 'required');
  return actor.user;
}

/** `at`: where the request names the competition (a path parameter unless said otherwise). */
export function requireMember(
  actor: Actor,
  competitionId: string,
  at = 'params.competitionId',
): User {
  const user = requireUser(actor);
  if (!inCompetition(user, competitionId)) {
    throw forbidden(
      `${user.login} does not belong to competition "${competitionId}"`,
      at,
      'other_competition',
    );
  }
  return user;
}

export function requireOfficial(
  actor: Actor,
  competitionId: string,
  at = 'params.competitionId',
): User {
  const user = requireMember(actor, competitionId, at);
  if (!isOfficial(user)) {
    throw forbidden('only the organizer or a chief judge may do this', undefined, 'role');
  }
  return user;
}

export function requireOrganizer(actor: Actor): User {
  const user = requireUser(actor);
  if (user.role !== 'organizer')
    throw forbidden('only an organizer may do this', undefined, 'role');
  return user;
}
