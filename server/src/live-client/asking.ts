/**
 * A live request (subscribe, watch) asked until it is answered. An answer that does not come in
 * time is asked for again, each attempt waiting twice as long as the one before (up to a cap);
 * an answer of `unavailable` (the server could not read the table just then) is asked for again
 * after the same wait; a late answer to an earlier attempt still counts. When several attempts in
 * a row go unanswered while nothing at all is heard from the server, the connection itself is
 * taken to be broken (a server that accepted it before it could answer, a proxy holding a dead
 * socket) and is opened again.
 *
 * Part of the live client, so it runs in pages: timers only, no Node APIs.
 */
import { UNAVAILABLE } from '../contract/live-names.ts';

export interface AskPolicy {
  /** How long the first attempt waits for its answer. */
  readonly timeoutMs: number;
  /** The longest any attempt waits. */
  readonly maxTimeoutMs: number;
  /** Unanswered attempts in a row, with nothing heard meanwhile, that reopen the connection (0: never). */
  readonly reconnectAfter: number;
}

/** How long attempt `attempt` (0 for the first) waits for its answer. */
export function answerTimeout(policy: AskPolicy, attempt: number): number {
  return Math.min(policy.maxTimeoutMs, policy.timeoutMs * 2 ** attempt);
}

/** The connection the requests share. */
export interface Line {
  readonly policy: AskPolicy;
  readonly stats: { timeouts: number; unavailable: number };
  /** How many answers and events have been heard from the server. */
  heard(): number;
  noteHeard(): void;
  /** Drops the connection and opens another. */
  reconnect(): void;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

const isUnavailable = (reply: unknown): boolean =>
  isObject(reply) &&
  (reply as { ok?: unknown }).ok === false &&
  (reply as { error?: { code?: unknown } }).error?.code === UNAVAILABLE;

export class Asking<Reply extends object> {
  readonly #line: Line;
  readonly #emit: (answer: (reply: unknown) => void) => void;
  readonly #settle: (reply: Reply) => void;
  /** Id of the latest attempt; attempts from `#round` on belong to the request asked now. */
  #seq = 0;
  #round = 1;
  #attempt = 0;
  #pending = false;
  /** `line.heard()` when the request was asked. */
  #heardAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `emit` sends one attempt, with the callback for its answer; `settle` takes the answer (any
   * but `unavailable`).
   */
  constructor(
    line: Line,
    emit: (answer: (reply: unknown) => void) => void,
    settle: (reply: Reply) => void,
  ) {
    this.#line = line;
    this.#emit = emit;
    this.#settle = settle;
  }

  /** Waiting for an answer. */
  get pending(): boolean {
    return this.#pending;
  }

  /** Asks (anew: answers to what was asked before are dropped). */
  start(): void {
    this.#round = this.#seq + 1;
    this.#attempt = 0;
    this.#heardAt = this.#line.heard();
    this.#try();
  }

  /** Stops waiting: no answer to what was asked is taken (a lost connection, a closed table). */
  cancel(): void {
    this.#round = this.#seq + 1;
    this.#pending = false;
    clearTimeout(this.#timer);
  }

  #try(): void {
    const seq = ++this.#seq;
    this.#pending = true;
    this.#arm(answerTimeout(this.#line.policy, this.#attempt), () => {
      this.#onTimeout(seq);
    });
    this.#emit((reply) => {
      this.#onAnswer(seq, reply);
    });
  }

  #arm(ms: number, then: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(then, ms);
  }

  #onAnswer(seq: number, reply: unknown): void {
    if (!this.#pending || seq < this.#round) return;
    this.#line.noteHeard();
    if (!isObject(reply)) return; // not an answer: the attempt's time runs on
    if (isUnavailable(reply)) {
      this.#line.stats.unavailable++;
      const wait = answerTimeout(this.#line.policy, this.#attempt);
      this.#attempt++;
      this.#arm(wait, () => {
        if (this.#pending && seq >= this.#round) this.#try();
      });
      return;
    }
    this.#pending = false;
    clearTimeout(this.#timer);
    this.#settle(reply as Reply);
  }

  #onTimeout(seq: number): void {
    if (!this.#pending || seq !== this.#seq) return;
    const { policy, stats } = this.#line;
    stats.timeouts++;
    this.#attempt++;
    const silent = this.#line.heard() === this.#heardAt;
    if (silent && policy.reconnectAfter > 0 && this.#attempt >= policy.reconnectAfter) {
      this.cancel();
      this.#line.reconnect();
      return;
    }
    this.#try();
  }
}
