/**
 * The composition root: one place where the database, clock, caches, the mark writer, the
 * standings publisher and the routes are wired together. Tests build the same server on PGlite
 * or Postgres with a fixed clock.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { Database } from '@skills/db';
import { SessionCache } from './auth/sessions.ts';
import { DEFAULT_CONFIG, type Config, type Ctx } from './context.ts';
import { createApp } from './http/app.ts';
import { unavailableCode } from './errors/unavailable.ts';
import type { AnyRoute } from './http/route.ts';
import { MarkWriter } from './ledger/mark-writer.ts';
import { allRoutes } from './routes/index.ts';
import { mountSnapshotRoute, type SnapshotSlot } from './routes/live-snapshot.ts';
import { Catalog } from './domain/catalog.ts';
import { StandingsPublisher, type PublishedPatch, type Publisher } from './standings/publisher.ts';
import { StaleSweeper } from './standings/reconcile.ts';
import { ThreadPublisher } from './standings-thread/parent.ts';

export interface ServerOptions {
  readonly database: Database;
  readonly config?: Partial<Config>;
  readonly now?: () => Date;
  readonly newId?: () => string;
  readonly onRevision?: (revision: PublishedPatch) => void;
  /**
   * Recompute standings in a thread of their own on this Postgres database (standings-thread/),
   * not on the event loop that acknowledges marks. `npm start` does on Postgres
   * (STANDINGS_THREAD=0 does not); PGlite cannot (it lives in one thread), and neither can a
   * fixed clock (`now`), which a thread does not share.
   */
  readonly standingsThread?: { readonly databaseUrl: string };
}

/** Who hears of stored revisions and of competition changes (the live layer). */
export interface ServerListeners {
  readonly revision: Set<(revision: PublishedPatch) => void>;
  readonly competitionChanged: Set<(competitionId: string) => void>;
  /** Each scheduled standings recompute's wall time in ms, in this process or its thread. */
  readonly recomputed: Set<(ms: number) => void>;
}

export interface Server {
  readonly app: Hono;
  readonly ctx: Ctx;
  readonly routes: readonly AnyRoute[];
  readonly writer: MarkWriter;
  readonly publisher: Publisher;
  readonly listeners: ServerListeners;
  /** The public snapshot route's source: the live endpoint fills it when it attaches. */
  readonly snapshots: SnapshotSlot;
  close(): Promise<void>;
}

/** A failed background step: a lost database is waited for (a warning), anything else is an error. */
function reportBackground(what: string, error: unknown): void {
  const down = unavailableCode(error);
  if (down !== null) console.warn(`${what}: waiting for the database (${down})`);
  else console.error(`${what} failed:`, error);
}

/** The standings publisher, announcing each revision to the server's listeners. */
function publisherOf(parts: {
  database: Database;
  catalog: Catalog;
  now: () => Date;
  config: Config;
  listeners: ServerListeners;
  thread: ServerOptions['standingsThread'];
}): Publisher {
  const { database, catalog, now, config, listeners, thread } = parts;
  const common = {
    windowMs: config.recomputeWindowMs,
    busyShare: config.recomputeShare,
    snapshotEveryMs: config.snapshotEveryMs,
    onRevision: (revision: PublishedPatch) => {
      for (const listener of listeners.revision) listener(revision);
    },
    // The stale mark stays in the database: the sweep tries again once it can be reached.
    onError: (error: unknown) => {
      reportBackground('standings recompute', error);
    },
    onRecomputed: (ms: number) => {
      for (const listener of listeners.recomputed) listener(ms);
    },
  };
  if (thread) return new ThreadPublisher({ ...common, databaseUrl: thread.databaseUrl });
  return new StandingsPublisher({ ...common, db: database.db, catalog, now });
}

/** The sweep that republishes standings left stale (another instance died, the database was down). */
function sweeperOf(database: Database, publisher: Publisher, config: Config): StaleSweeper {
  return new StaleSweeper({
    db: database.db,
    publisher,
    everyMs: config.staleSweepMs,
    graceMs: config.staleSweepMs,
    onError: (error) => {
      reportBackground('looking for stale standings', error);
    },
  });
}

export function createServer(options: ServerOptions): Server {
  const { database } = options;
  const config: Config = { ...DEFAULT_CONFIG, ...options.config };
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const catalog = new Catalog(database.db);
  const listeners: ServerListeners = {
    revision: new Set(),
    competitionChanged: new Set(),
    recomputed: new Set(),
  };
  if (options.onRevision) listeners.revision.add(options.onRevision);
  if (options.standingsThread && options.now) {
    throw new Error('the standings thread keeps its own clock: a fixed one cannot reach it');
  }
  const publisher = publisherOf({
    database,
    catalog,
    now,
    config,
    listeners,
    thread: options.standingsThread,
  });
  const ctx: Ctx = {
    db: database.db,
    database,
    config,
    now,
    newId,
    catalog,
    sessions: new SessionCache(database.db, now),
    publisher,
    after: {
      competitionChanged: (id) => {
        publisher.touch(id);
        for (const listener of listeners.competitionChanged) listener(id);
      },
      rosterChanged: (id) => {
        publisher.touch(id);
      },
    },
  };
  const writer = new MarkWriter({
    db: database.db,
    prepared: database.prepared,
    catalog,
    now,
    gatherMs: config.markGatherMs,
    committed: (ids) => {
      for (const id of ids) publisher.touch(id);
    },
  });
  const sweeper = config.staleSweepMs > 0 ? sweeperOf(database, publisher, config) : null;
  const routes = allRoutes(ctx, writer);
  const app = createApp(ctx, routes);
  const snapshots: SnapshotSlot = { source: null };
  mountSnapshotRoute(app, snapshots);
  return {
    app,
    ctx,
    routes,
    writer,
    publisher,
    listeners,
    snapshots,
    async close() {
      await sweeper?.stop();
      await publisher.close();
    },
  };
}
