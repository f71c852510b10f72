/**
 * A competition at a glance kept current (LiveWatch): watched on connect, sent again when left
 * unanswered, and updated by each `competition` event. It lives apart from the client, which
 * only routes socket events to it, and from the tables, which it shares nothing with.
 */
import type { ErrorBody } from '../contract/errors.ts';
import type { LiveCompetition, WatchReply } from '../contract/live.ts';
import { Asking } from './asking.ts';
import {
  notify,
  type Host,
  type LiveWatch,
  type LiveWatchState,
  type LiveWatchStatus,
  type Unsubscribe,
} from './shapes.ts';

export class Watch implements LiveWatch {
  readonly competitionId: string;
  refs = 1;
  readonly #host: Host;
  readonly #listeners = new Set<(state: LiveWatchState) => void>();
  #state: LiveWatchState = { status: 'connecting', competition: null, error: null };
  readonly #asking: Asking<WatchReply>;
  #closed = false;

  constructor(host: Host, competitionId: string) {
    this.#host = host;
    this.competitionId = competitionId;
    this.#asking = new Asking<WatchReply>(
      host,
      (answer) => {
        host.socket.emit('watch', { competitionId }, answer);
      },
      (reply) => {
        this.#onReply(reply);
      },
    );
  }

  get state(): LiveWatchState {
    return this.#state;
  }
  get status(): LiveWatchStatus {
    return this.#state.status;
  }
  get competition(): LiveCompetition | null {
    return this.#state.competition;
  }
  get error(): ErrorBody | null {
    return this.#state.error;
  }

  onChange(listener: (state: LiveWatchState) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  unwatch(): void {
    if (this.#closed) return;
    this.refs--;
    if (this.refs <= 0) this.stop();
  }

  stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#asking.cancel();
    this.#listeners.clear();
    this.#host.forgetWatch(this.competitionId);
  }

  /** Asks for the competition now if the socket is up (else the next connect does). */
  sync(): void {
    if (this.#closed || !this.#host.socket.connected) return;
    this.#asking.start();
  }

  onDisconnect(): void {
    if (this.#closed) return;
    this.#asking.cancel();
    if (this.#state.status !== 'error') this.#set({ ...this.#state, status: 'offline' });
  }

  onCompetition(competition: LiveCompetition): void {
    if (this.#closed || !this.#newer(competition)) return;
    this.#set({
      status: this.#state.status === 'error' ? 'live' : this.#state.status,
      competition,
      error: null,
    });
  }

  #onReply(reply: WatchReply): void {
    if (this.#closed) return;
    const { stats } = this.#host;
    if (!reply.ok) {
      stats.errors++;
      this.#set({ ...this.#state, status: 'error', error: reply.error });
      return;
    }
    const competition = this.#newer(reply.competition)
      ? reply.competition
      : this.#state.competition;
    this.#set({ status: 'live', competition, error: null });
  }

  /** Not older than the competition held (an event can overtake the watch's answer). */
  #newer(competition: LiveCompetition): boolean {
    const held = this.#state.competition;
    if (held === null) return true;
    const then = Date.parse(held.at);
    const now = Date.parse(competition.at);
    return Number.isNaN(then) || Number.isNaN(now) || now >= then;
  }

  #set(state: LiveWatchState): void {
    this.#state = state;
    notify(this.#listeners, state);
  }
}
