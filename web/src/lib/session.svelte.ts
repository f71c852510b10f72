/**
 * Who is signed in on this device. The server's cookie is the session; a copy of the user is
 * kept on the tablet so a judge who reloads without a network still gets their sheets (the
 * marks then wait in the outbox until the server can check the session again).
 */
import type { Me } from '@skills/server/contract';
import { ApiError, NetworkError, api } from './api.ts';
import { outbox } from './offline/outbox.svelte.ts';
import {
  SESSION_KEY,
  deleteValue,
  getValue,
  setValue,
  type StoredSession,
} from './offline/store.ts';

class Session {
  me = $state<Me | null>(null);
  /** The user shown came from the device, not from the server (offline). */
  fromDevice = $state(false);
  loaded = $state(false);
  private loading: Promise<Me | null> | null = null;

  /** Finds out who is signed in: the server if it answers, else the device's copy. */
  async load(): Promise<Me | null> {
    this.loading ??= this.fetchMe();
    await this.loading;
    return this.me;
  }

  private async fetchMe(): Promise<Me | null> {
    try {
      await this.remember(await api('get /api/auth/me'));
    } catch (error) {
      if (error instanceof NetworkError) {
        const stored = await getValue<StoredSession>(SESSION_KEY);
        this.me = stored?.me ?? null;
        this.fromDevice = stored !== undefined;
      } else if (error instanceof ApiError && error.status === 401) {
        this.me = null;
        await deleteValue(SESSION_KEY);
      } else {
        throw error;
      }
    }
    this.loaded = true;
    if (this.me?.role === 'judge') await outbox.start(this.me.id);
    return this.me;
  }

  private async remember(me: Me): Promise<void> {
    this.me = me;
    this.fromDevice = false;
    await setValue(SESSION_KEY, { me, savedAt: new Date().toISOString() } satisfies StoredSession);
    if (me.role === 'judge') {
      outbox.signedIn();
      await outbox.start(me.id);
      void outbox.sync();
    }
  }

  async judgeLogin(competitionId: string, code: string, pin: string): Promise<Me> {
    const answer = await api('post /api/auth/judge-login', { body: { competitionId, code, pin } });
    await this.remember(answer.user);
    this.loaded = true;
    return answer.user;
  }

  async linkLogin(token: string): Promise<Me> {
    const answer = await api('post /api/auth/link-login', { body: { token } });
    await this.remember(answer.user);
    this.loaded = true;
    return answer.user;
  }

  async login(username: string, password: string, competitionId?: string): Promise<Me> {
    const answer = await api('post /api/auth/login', {
      body: {
        username,
        password,
        ...(competitionId === undefined ? {} : { competitionId }),
      },
    });
    await this.remember(answer.user);
    this.loaded = true;
    return answer.user;
  }

  /** Signs out; marks not yet sent stay on the device and go when this judge signs in again. */
  async logout(): Promise<void> {
    try {
      await api('post /api/auth/logout');
    } catch {
      // offline: the cookie expires on its own; the device forgets the user now
    }
    await deleteValue(SESSION_KEY);
    outbox.stop();
    this.me = null;
    this.fromDevice = false;
  }
}

export const session = new Session();
