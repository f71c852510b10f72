/**
 * Starts the whole app: open the database (PGlite in a local folder unless DATABASE_URL is set),
 * migrate, make sure an organizer exists, seed the demo competitions on first start, republish
 * standings a crash left stale, and serve the API and the live endpoint (Socket.IO) on one port.
 * Returns what it started so tests and the CLI can stop it.
 */
import type { Server as HttpServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { and, eq, isNull } from 'drizzle-orm';
import { openDatabase, users, type Database } from '@skills/db';
import type { User } from './auth/actor.ts';
import { findUser } from './auth/users.ts';
import { demoCompetitions } from './demo/index.ts';
import { isSeeded, seedDemo } from './demo/seed.ts';
import type { DemoCompetition } from './demo/types.ts';
import { attachLive, type LiveHub } from './live/hub.ts';
import { handOffUpgrades, startLiveProcess, type LiveProcess } from './live-process/parent.ts';
import { createServer, type Server } from './server.ts';
import { ensureOrganizer } from './services/bootstrap.ts';
import { reconcileStandings } from './standings/reconcile.ts';
import { loadWebApp, mountWebApp, type BoardPages } from './http/web-app.ts';

export interface StartOptions {
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly demo: boolean;
  readonly adminPassword: string;
  /** Fan live updates out through Redis instead of Postgres. */
  readonly redisUrl?: string | undefined;
  readonly log?: (line: string) => void;
  /**
   * The address printed in login links and QR codes: what a tablet can reach. Default: this
   * machine's first local-network address, else localhost.
   */
  readonly publicUrl?: string | undefined;
  /** Reverse proxies in front (TRUST_PROXY): see http/client-address.ts. */
  readonly trustedProxies?: number | undefined;
  /** The built web app; web/build by default. */
  readonly webDir?: string | undefined;
  /** Gzip JSON answers above 1 KiB (default on; the first-row bench measures without). */
  readonly compressAnswers?: boolean;
  /**
   * A board path's HTML: `drawn` (default) carries the board's first rows, `inline` the whole
   * snapshot as JSON besides (the app fetches nothing for it, but the page is 13 KB larger: on
   * the first-row bench, with the stylesheets written in, it was no faster, within the noise),
   * `none` is the plain shell. The first-row bench compares them.
   */
  readonly firstRows?: 'none' | 'drawn' | 'inline';
  /**
   * Viewers' websockets in a live process of their own (live-process/), so that the public never
   * holds up a judge's acknowledgement; Postgres only (PGlite lives in one process). `npm start`
   * turns it on (LIVE_PROCESS=0 turns it off); default off.
   */
  readonly liveProcess?: boolean;
  /**
   * Standings recomputed in a thread of their own (standings-thread/), so that a recompute never
   * holds up a judge's acknowledgement; Postgres only. `npm start` turns it on (STANDINGS_THREAD=0
   * turns it off); default off.
   */
  readonly standingsThread?: boolean;
  /** The live process's niceness (LIVE_NICE; default 0). */
  readonly liveNice?: number;
  /**
   * Revisions stored here handed to the live process over its IPC channel as well as through
   * the fan-out (default true; the fan-out bench measures without).
   */
  readonly liveDirect?: boolean;
}

export interface Started {
  readonly server: Server;
  readonly database: Database;
  readonly http: ServerType;
  readonly live: LiveHub;
  /** The live process that takes the viewers' websockets, when there is one. */
  readonly liveProcess: LiveProcess | null;
  readonly port: number;
  stop(): Promise<void>;
}

export const ADMIN_LOGIN = 'admin';

async function organizer(server: Server): Promise<User> {
  const row = await findUser(
    server.ctx.db,
    and(isNull(users.competitionId), eq(users.login, ADMIN_LOGIN)),
  );
  if (!row) throw new Error('the organizer account is missing');
  return row;
}

export async function startApp(options: StartOptions): Promise<Started> {
  const log =
    options.log ??
    ((line: string) => {
      console.log(line);
    });
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  const threadUrl = options.standingsThread === true ? options.databaseUrl : undefined;
  const server = createServer({
    database,
    ...(threadUrl !== undefined && threadUrl !== ''
      ? { standingsThread: { databaseUrl: threadUrl } }
      : {}),
    config: {
      publicUrl: options.publicUrl ?? `http://${lanAddresses()[0] ?? 'localhost'}:${options.port}`,
      trustedProxies: options.trustedProxies ?? 0,
      ...(options.compressAnswers === undefined
        ? {}
        : { compressAnswers: options.compressAnswers }),
    },
  });
  await ensureOrganizer(server.ctx, ADMIN_LOGIN, '组委会管理员', options.adminPassword);
  if (options.demo) {
    const admin = await organizer(server);
    for (const demo of demoCompetitions) {
      if (await isSeeded(server.ctx, demo)) continue;
      const t0 = Date.now();
      log(`seeding demo competition ${demo.id} …`);
      await seedDemo(server.ctx, admin, demo);
      log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  // Standings a crash left behind their ledger are republished before the first request.
  const reconciled = await reconcileStandings(server.ctx.db, server.publisher);
  if (reconciled.competitions > 0) {
    log(
      `standings: ${reconciled.competitions} stale competition(s) recomputed, ${reconciled.revisions} revision(s) stored, in ${reconciled.ms.toFixed(0)} ms`,
    );
  }
  mountWebApp(server.app, await loadWebApp(options.webDir), boardPages(server, options.firstRows));
  // The live endpoint is ready (its fan-out listening, its handlers registered) before the port
  // opens: a viewer reconnecting while the app starts must not reach a half-started endpoint.
  const http = createAdaptorServer({ fetch: server.app.fetch });
  const liveProcess =
    options.liveProcess === true && options.databaseUrl !== undefined && options.databaseUrl !== ''
      ? await startLiveProcess({
          databaseUrl: options.databaseUrl,
          redisUrl: options.redisUrl,
          nice: options.liveNice ?? 0,
          log,
        })
      : null;
  const live = await attachLive(server, http as HttpServer, {
    redisUrl: options.redisUrl,
    takeConnections: liveProcess === null,
  }).catch(async (error: unknown) => {
    await liveProcess?.stop();
    throw error;
  });
  if (liveProcess) {
    handOffUpgrades(http as HttpServer, liveProcess);
    // Each revision stored here goes to the live process straight, not only round Postgres.
    if (options.liveDirect ?? true) {
      server.listeners.revision.add((patch) => {
        liveProcess.revision(patch);
      });
    }
  }
  await listen(http as HttpServer, options.port, options.host).catch(async (error: unknown) => {
    await liveProcess?.stop();
    await live.close();
    throw error;
  });
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    server,
    database,
    http,
    live,
    liveProcess,
    port,
    async stop() {
      // The live process first: the HTTP server's close waits for the sockets handed to it.
      await liveProcess?.stop();
      // Closes the sockets and the HTTP server.
      await live.close();
      await server.close();
      await database.close();
    },
  };
}

/** Board pages drawn from the live endpoint's snapshots (the same the snapshot route answers). */
export function boardPages(
  server: Server,
  firstRows: StartOptions['firstRows'],
): BoardPages | undefined {
  if (firstRows === 'none') return undefined;
  return {
    inline: firstRows === 'inline',
    snapshot: (competitionId, scope) => {
      const source = server.snapshots.source;
      if (source === null) return Promise.reject(new Error('the live endpoint is not running'));
      return source.publicSnapshot(competitionId, scope);
    },
  };
}

/** Opens the port (rejects when it is taken). */
function listen(http: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
}

/** Addresses a tablet on the same network can reach. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => (i as { address: string }).address);
}

/** The lines `npm start` prints: where to go and how to sign in. */
export function banner(
  started: {
    readonly port: number;
    readonly database: Pick<Database, 'kind' | 'location'>;
    readonly live: Pick<LiveHub, 'adapter'>;
    readonly workers?: number;
    /** Viewers in a live process of their own (per worker with WORKERS=n). */
    readonly liveProcess?: boolean;
  },
  adminPassword: string,
  demos: readonly DemoCompetition[],
): string {
  const base = `http://localhost:${started.port}`;
  const lines = [
    '',
    `Skills competition scoring is running (${started.database.kind}: ${started.database.location}${started.workers !== undefined ? `, ${started.workers} worker processes` : ''})`,
    '',
    `  Home                ${base}/`,
    `  Judge tablet        ${base}/judge  (works offline after the first visit)`,
    `  Chief judge         ${base}/chief`,
    `  Public results      ${base}/c/<competition>  (big screen: …/e/<event>/screen)`,
    `  API (OpenAPI)       ${base}/api/openapi.json`,
    `  Live (Socket.IO)    ${base.replace('http', 'ws')}/socket.io/  (fan-out: ${started.live.adapter}${started.liveProcess === true ? '; viewers in a live process of their own' : ''})`,
    ...lanAddresses().map((a) => `  On the local network http://${a}:${started.port}/`),
    '',
    'Logins',
    `  Organizer           ${base}/admin  username ${ADMIN_LOGIN}  password ${adminPassword}`,
  ];
  for (const demo of demos) {
    lines.push(
      '',
      `  ${demo.definition.name}  (competitionId "${demo.id}")`,
      `    Chief judge       ${base}/chief  username ${demo.chief.username}  password ${demo.chief.password}`,
      `    Judges            ${base}/judge  code and PIN:`,
    );
    const judges = demo.judges.map((j) => `${j.code} ${j.pin}`);
    for (let i = 0; i < judges.length; i += 6) {
      lines.push(`      ${judges.slice(i, i + 6).join('   ')}`);
    }
    lines.push(`    Public results    ${base}/c/${demo.id}`);
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  return lines.join('\n');
}
