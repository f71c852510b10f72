/**
 * The board phase: what a 350-row board's first snapshot costs on the wire. The real app on a
 * fresh Postgres database, an EV battery competition of 350 contestants seeded through the API
 * and one round of marks, then the public table's snapshot as each way carries it: the socket's
 * first answer (a text frame; the live endpoint has no per-message deflate), that frame as gzip
 * would carry it, and the HTTP snapshot (GET /api/live/…/snapshot) plain and gzipped, its bytes
 * as they crossed the connection.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { openTestDatabase, TEST_POSTGRES_URL } from '@skills/db/testing';
import { publicSnapshotPath } from '../../src/contract/live-names.ts';
import { seedCompetition } from '../seed.ts';
import { Child } from './children.ts';
import type { FromServer, ToServer } from './fanout-ipc.ts';
import { kib } from './format.ts';
import { MarkDriver } from './marks.ts';
import { MARK_RATE } from './settings.ts';

export const BOARD_ROWS = 350;

export interface Board {
  readonly rows: number;
  /** The socket's subscribe answer carrying the snapshot (a text frame). */
  readonly socketFrame: number;
  /** That frame gzipped (what it would weigh compressed). */
  readonly socketFrameGzip: number;
  readonly httpPlain: number;
  readonly httpGzip: number;
}

/** A GET's body bytes as they crossed the connection (not decompressed). */
function bodyBytes(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => (n += chunk.length));
      res.on('end', () => {
        if (res.statusCode === 200) resolve(n);
        else reject(new Error(`${url}: ${res.statusCode}`));
      });
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

export async function runBoard(): Promise<Board> {
  const database = await openTestDatabase('postgres');
  let app: Child<ToServer, FromServer> | null = null;
  let driver: MarkDriver | null = null;
  try {
    const result: unknown = await database.db.execute(sql`select current_database() as name`);
    const [info] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      name: string;
    }[];
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${info?.name ?? ''}`;
    app = new Child<ToServer, FromServer>('app server', 'app-server.ts', {
      args: [url.toString(), '1'],
      gc: true,
      fds: 512,
    });
    const { port } = await app.next('listening', 120_000);
    const baseUrl = `http://127.0.0.1:${port}`;
    const seeded = await seedCompetition({ baseUrl, contestants: BOARD_ROWS });
    driver = await MarkDriver.start({
      baseUrl,
      competitionId: seeded.competitionId,
      eventId: seeded.eventId,
      judges: seeded.judges,
      seed: 20250501,
    });
    await driver.run(MARK_RATE, 2);
    const path = publicSnapshotPath(seeded.competitionId, seeded.eventId);
    const plainUrl = `${baseUrl}${path}`;
    const httpPlain = await bodyBytes(plainUrl, { 'accept-encoding': 'identity' });
    const httpGzip = await bodyBytes(plainUrl, { 'accept-encoding': 'gzip' });
    const snapshot = (await (await fetch(plainUrl)).json()) as { rows: unknown[] };
    // The socket's frame of the same table: a subscribe's answer (ack 3) carrying it, as the
    // live endpoint encodes it (the HTTP snapshot is the same object: test/live-snapshot.test.ts).
    const frame = `43${JSON.stringify([{ ok: true, sync: 'snapshot', snapshot }])}`;
    return {
      rows: snapshot.rows.length,
      socketFrame: Buffer.byteLength(frame),
      socketFrameGzip: gzipSync(frame).length,
      httpPlain,
      httpGzip,
    };
  } finally {
    driver?.close();
    await app?.close({ type: 'close' });
    await database.close();
  }
}

export function printBoard(b: Board): void {
  console.log(
    `A ${b.rows}-row board's first snapshot on the wire: socket frame ${kib(b.socketFrame / 1024)} ` +
      `(${kib(b.socketFrameGzip / 1024)} if gzipped; the socket sends it as text), ` +
      `HTTP snapshot ${kib(b.httpPlain / 1024)} plain, ${kib(b.httpGzip / 1024)} gzipped ` +
      `(×${(b.httpPlain / b.httpGzip).toFixed(1)} smaller)`,
  );
}
