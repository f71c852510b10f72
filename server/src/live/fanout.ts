/**
 * How this instance hears of the others' revisions: the Socket.IO adapter over Postgres
 * LISTEN/NOTIFY (postgres-listen.ts), over Redis pub/sub when REDIS_URL is set, or none (one
 * instance, PGlite). Opening it resolves once it listens, so the live hub can take connections
 * only when what it serves is complete; afterwards `onJoin` runs every time it listens again after
 * losing its connection (Postgres or Redis restarted, a cut), because whatever was published
 * meanwhile never arrives and must be read back from the database.
 *
 * Instances that share a database share the fan-out's channels: the Redis keys are named after the
 * database, so deployments (or test suites) on one Redis with databases of different names do not
 * hear of each other's revisions (before, every instance on a Redis shared one channel).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { FanoutPool } from './postgres-listen.ts';

export type FanoutKind = 'memory' | 'postgres' | 'redis';

/** What `io.adapter()` takes. */
type AdapterFactory =
  ReturnType<typeof createPostgresAdapter> | ReturnType<typeof createRedisAdapter>;

export interface Fanout {
  readonly kind: FanoutKind;
  /** null: Socket.IO's in-memory adapter (one instance). */
  readonly adapter: AdapterFactory | null;
  /** Resolves once the fan-out listens (after `io.adapter()` set it up). */
  listening(): Promise<void>;
  close(): Promise<void>;
}

export interface FanoutOptions {
  /** The database's connection string (null: PGlite, no fan-out through it). */
  readonly databaseUrl: string | null;
  /** Where the database is (names the Redis keys). */
  readonly databaseLocation: string;
  readonly redisUrl?: string | undefined;
  /** Called each time the fan-out listens again after losing its connection. */
  readonly onJoin: () => void;
  readonly log?: (line: string) => void;
}

const logError = (line: string): void => {
  console.error(line);
};

/** How long the fan-out may take to start listening before the start fails. */
const START_MS = 10_000;

/** `promise`, or a failure naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`the live fan-out did not start ${what} within ${ms / 1000} s`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a Redis connection, waiting a moment for what it still has to send. */
async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 1_000);
      }),
    ]);
    clearTimeout(timer);
  }
  client.disconnect();
}

/**
 * The Redis key prefix of the instances on one database: named after the database's name (the
 * same whichever host name or pooler an instance reaches it by), or an embedded database's folder.
 */
export function redisKey(databaseUrl: string | null, databaseLocation: string): string {
  const name =
    databaseUrl !== null
      ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1))
      : createHash('sha256').update(databaseLocation).digest('hex').slice(0, 16);
  return `skills-live#${name}`;
}

export function openFanout(options: FanoutOptions): Fanout {
  const log = options.log ?? logError;
  if (options.redisUrl !== undefined && options.redisUrl !== '') {
    return redisFanout(options.redisUrl, options, log);
  }
  if (options.databaseUrl !== null) return postgresFanout(options.databaseUrl, options, log);
  return {
    kind: 'memory',
    adapter: null,
    listening: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

function postgresFanout(url: string, options: FanoutOptions, log: (line: string) => void): Fanout {
  let joined = false;
  const pool = new FanoutPool({
    connectionString: url,
    applicationName: `skills-live-${process.pid}-${randomUUID().slice(0, 8)}`,
    max: 4,
    log,
    onListening: () => {
      // The first LISTEN is the start; each one after it follows a lost connection.
      if (joined) options.onJoin();
      joined = true;
    },
  });
  return {
    kind: 'postgres',
    adapter: createPostgresAdapter(pool, {
      errorHandler: (e) => {
        log(`live fan-out: ${e.message}`);
      },
    }),
    listening: () => within(pool.listening(), START_MS, 'listening on Postgres'),
    close: () => pool.close(),
  };
}

function redisFanout(url: string, options: FanoutOptions, log: (line: string) => void): Fanout {
  // Commands wait for the connection rather than fail: a revision published while Redis is
  // away goes out when it is back (and one that still fails is read back by the others).
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  const sub = pub.duplicate();
  for (const [client, name] of [
    [pub, 'publishing'],
    [sub, 'subscribed'],
  ] as const) {
    let warned = false;
    client.on('error', (error: Error) => {
      // One line per outage, not one per reconnection attempt.
      if (!warned) log(`live fan-out: the ${name} Redis connection failed: ${error.message}`);
      warned = true;
    });
    client.on('ready', () => {
      if (warned) log(`live fan-out: the ${name} Redis connection is back`);
      warned = false;
    });
  }
  let ready = false;
  // ioredis subscribes again on reconnecting, before 'ready'.
  sub.on('ready', () => {
    if (ready) options.onJoin();
  });
  const connected = Promise.all([pub.connect(), sub.connect()]).then(() => {
    ready = true;
  });
  // Whoever awaits listening() sees a failure; until then it must not go unhandled.
  connected.catch(() => undefined);
  return {
    kind: 'redis',
    adapter: createRedisAdapter(pub, sub, {
      key: redisKey(options.databaseUrl, options.databaseLocation),
    }),
    listening: () => connected,
    close: () => Promise.all([quit(pub), quit(sub)]).then(() => undefined),
  };
}
