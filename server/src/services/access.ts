/** The checks every service shares: signed in, in this competition, an official of it. */
import type { Actor, User } from '../auth/actor.ts';
import { inCompetition, isOfficial } from '../auth/actor.ts';
import { ServiceError, forbidden } from '../http/service-error.ts';

export function requireUser(actor: Actor): User {
  if (actor.kind !== 'user') throw new ServiceError('unauthenticated', 'sign in first');
  return actor.user;
}

export function requireMember(actor: Actor, competitionId: string): User {
  const user = requireUser(actor);
  if (!inCompetition(user, competitionId)) {
    throw forbidden(`${user.login} does not belong to competition "${competitionId}"`);
  }
  return user;
}

export function requireOfficial(actor: Actor, competitionId: string): User {
  const user = requireMember(actor, competitionId);
  if (!isOfficial(user)) throw forbidden('only the organizer or a chief judge may do this');
  return user;
}

export function requireOrganizer(actor: Actor): User {
  const user = requireUser(actor);
  if (user.role !== 'organizer') throw forbidden('only an organizer may do this');
  return user;
}
