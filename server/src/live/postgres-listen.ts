/**
 * The Postgres fan-out's connections: a pool for what the adapter sends (NOTIFY, attachments)
 * and one LISTEN connection that keeps itself alive.
 *
 * Why not the adapter's own LISTEN handling (@socket.io/postgres-adapter 0.5): it takes its LISTEN
 * connection from the pool and, when that connection ends (a Postgres restart, a cut), asks the
 * pool for another 1-3 s later without handing the dead one back, so every loss costs a pool slot
 * and a few losses leave none (then neither LISTEN nor NOTIFY work again); it does not say when
 * it listens again, and nothing published in between reaches this instance.
 *
 * Here the adapter's `pool.connect()` gets a stand-in that is never lost: it records the adapter's
 * LISTEN statements and forwards notifications from whichever real connection is current. That
 * connection is this module's own (not a pool slot), replaced with backoff when it ends or stops
 * answering a ping, and every time it listens again `onListening` is called, so the live hub
 * can read back from the database what was stored while nobody listened.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';

export interface ListenOptions {
  readonly connectionString: string;
  /** Names this instance's fan-out connections in pg_stat_activity. */
  readonly applicationName: string;
  /** Called each time the LISTEN connection (re)starts listening. */
  readonly onListening: () => void;
  readonly log: (line: string) => void;
  /** How often the LISTEN connection is asked whether it is alive (default 10 s)… */
  readonly pingMs?: number;
  /** …and how long it has to answer (default 5 s). */
  readonly pingTimeoutMs?: number;
}

/** How long after losing it the LISTEN connection is opened again: 0.1 s doubling to 10 s, ±50 %. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  return Math.min(10_000, 100 * 2 ** attempt) * (0.5 + random());
}

/** A connection that stays up this long resets the backoff. */
const STABLE_MS = 5_000;

/** Read through a call: a check after an await must not be narrowed by one before it. */
const isAborted = (signal: AbortSignal): boolean => signal.aborted;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

/**
 * What the adapter takes for its pooled LISTEN client: `on('notification')`, `query('LISTEN …')`
 * and `release()` are all it uses. It never emits 'end' (the adapter would then leak it and take
 * another): losing the real connection is handled here.
 */
class ListenConnection extends EventEmitter {
  private readonly statements = new Set<string>();
  private client: pg.Client | null = null;
  private readonly stopped = new AbortController();
  /** Resolves once the first LISTEN has run. */
  readonly listening: Promise<void>;
  private resolveListening: () => void = () => undefined;
  private heardOnce = false;

  constructor(private readonly options: ListenOptions) {
    super();
    this.listening = new Promise((resolve) => {
      this.resolveListening = resolve;
    });
    void this.run();
  }

  /** The adapter's LISTEN: kept, run now if connected, and again on every new connection. */
  async query(text: string): Promise<void> {
    if (!/^LISTEN "[^"]+"$/.test(text)) throw new Error(`unexpected fan-out statement: ${text}`);
    this.statements.add(text);
    const client = this.client;
    if (client === null) return; // the next connection runs it
    try {
      await client.query(text);
      this.heard();
    } catch {
      // The connection went: the next one runs it.
    }
  }

  release(): void {
    this.close();
  }

  close(): void {
    this.stopped.abort();
    const client = this.client;
    this.client = null;
    if (client) void client.end().catch(() => undefined);
  }

  private heard(): void {
    if (!this.heardOnce) {
      this.heardOnce = true;
      this.resolveListening();
    }
    this.options.onListening();
  }

  /** Connects, listens, waits until the connection is lost, and again, until closed. */
  private async run(): Promise<void> {
    const { signal } = this.stopped;
    let attempt = 0;
    while (!signal.aborted) {
      const began = Date.now();
      const client = new pg.Client({
        connectionString: this.options.connectionString,
        application_name: this.options.applicationName,
        keepAlive: true,
      });
      // Aborted when this connection is lost (or everything stops).
      const gone = new AbortController();
      const lose = (): void => {
        gone.abort();
      };
      client.once('end', lose);
      signal.addEventListener('abort', lose);
      client.on('error', (error) => {
        this.options.log(`live fan-out: the LISTEN connection failed: ${error.message}`);
      });
      try {
        await client.connect();
        client.on('notification', (message: pg.Notification) => {
          this.emit('notification', message);
        });
        for (const statement of this.statements) await client.query(statement);
        if (!gone.signal.aborted) {
          this.client = client;
          if (attempt > 0) this.options.log('live fan-out: listening on Postgres again');
          if (this.statements.size > 0) this.heard();
          await this.watch(client, gone.signal);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.options.log(`live fan-out: could not listen on Postgres: ${message}`);
      }
      signal.removeEventListener('abort', lose);
      if (this.client === client) this.client = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (isAborted(signal)) break;
      attempt = Date.now() - began >= STABLE_MS ? 0 : attempt + 1;
      await sleep(reconnectDelay(attempt), signal);
    }
  }

  /**
   * Resolves when the connection is lost, or stops answering a ping (a Postgres cut off by the
   * network may never say it has gone).
   */
  private async watch(client: pg.Client, gone: AbortSignal): Promise<void> {
    const every = this.options.pingMs ?? 10_000;
    for (;;) {
      await sleep(every, gone);
      if (gone.aborted) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const answered = await Promise.race([
        client.query('select 1').then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => {
            resolve(false);
          }, this.options.pingTimeoutMs ?? 5_000);
        }),
      ]);
      clearTimeout(timer);
      if (!answered && !isAborted(gone)) {
        this.options.log('live fan-out: the LISTEN connection stopped answering; opening another');
      }
      if (!answered || isAborted(gone)) return;
    }
  }
}

/**
 * The adapter's pool: queries go to pooled connections as usual (the adapter's NOTIFY and
 * attachments), but `connect()` without a callback, which the adapter calls for its LISTEN
 * client, answers the one ListenConnection.
 */
export class FanoutPool extends pg.Pool {
  readonly listener: ListenConnection;

  constructor(options: ListenOptions & { readonly max: number }) {
    super({
      connectionString: options.connectionString,
      application_name: options.applicationName,
      max: options.max,
    });
    this.on('error', (error) => {
      options.log(`live fan-out: a pooled connection failed: ${error.message}`);
    });
    this.listener = new ListenConnection(options);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(
    callback?: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) {
      super.connect(callback);
      return;
    }
    // The stand-in has the part of a PoolClient the adapter uses (see ListenConnection).
    return Promise.resolve(this.listener as unknown as pg.PoolClient);
  }

  /** Resolves once the fan-out listens (first LISTEN done). */
  listening(): Promise<void> {
    return this.listener.listening;
  }

  async close(): Promise<void> {
    this.listener.close();
    await this.end();
  }
}
