/** Who is asking: nobody (the public), or a signed-in user through a cookie or a bearer token. */
import type { Role } from '@skills/db';

export interface User {
  readonly id: string;
  readonly role: Role;
  /** null for organizers, who act on every competition. */
  readonly competitionId: string | null;
  readonly login: string;
  readonly name: string;
}

export type Actor =
  | { readonly kind: 'public' }
  | { readonly kind: 'user'; readonly user: User; readonly via: 'cookie' | 'bearer' };

export const PUBLIC: Actor = { kind: 'public' };

/** Readable in the audit log without a join: "organizer:admin", "judge:xm29-ev-battery/J03". */
export function userLabel(user: User): string {
  return user.competitionId === null
    ? `${user.role}:${user.login}`
    : `${user.role}:${user.competitionId}/${user.login}`;
}

export function isOfficial(user: User): boolean {
  return user.role === 'organizer' || user.role === 'chief';
}

/** Whether the user may act on this competition at all. */
export function inCompetition(user: User, competitionId: string): boolean {
  return user.competitionId === null || user.competitionId === competitionId;
}
