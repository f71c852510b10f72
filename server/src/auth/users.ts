/** Reading a user as the services see one (no secret). */
import type { SQL } from 'drizzle-orm';
import { users, type Db } from '@skills/db';
import type { User } from './actor.ts';

export const USER_COLUMNS = {
  id: users.id,
  role: users.role,
  competitionId: users.competitionId,
  login: users.login,
  name: users.name,
};

export async function findUser(db: Db, where: SQL | undefined): Promise<User | undefined> {
  const [row] = await db.select(USER_COLUMNS).from(users).where(where);
  return row;
}
