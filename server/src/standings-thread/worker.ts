/**
 * The standings thread: the API process's standings publisher, run in a worker thread of its
 * own (parent.ts starts it) so that a recompute (the engine, each table's text, its public face
 * and hash, and the revisions' statements) never holds up a judge's acknowledgement in the API's
 * event loop. It is the same StandingsPublisher on the same database (its own connections; the
 * per-competition lock keeps it in step with any other instance), taking touches and requests
 * in the order the API process sent them, and handing each stored revision back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@skills/db';
import { Catalog } from '../domain/catalog.ts';
import { StandingsPublisher } from '../standings/publisher.ts';
import type { PublishedPatch } from '../standings/revisions.ts';
import {
  crossing,
  type FromThread,
  type ThreadRequest,
  type ThreadSettings,
  type ToThread,
} from './messages.ts';

const port = parentPort;
if (port === null) throw new Error('the standings thread runs as a worker thread');
const settings = workerData as ThreadSettings;

function tell(message: FromThread): void {
  port?.postMessage(message);
}

// A few connections: one recompute at a time per competition, and the snapshots after it.
const opened = openDatabase({ url: settings.databaseUrl, poolSize: 3 }).then((database) => {
  const publisher = new StandingsPublisher({
    db: database.db,
    catalog: new Catalog(database.db),
    now: () => new Date(),
    windowMs: settings.windowMs,
    busyShare: settings.busyShare,
    snapshotEveryMs: settings.snapshotEveryMs,
    onRevision: (patch) => {
      tell({ type: 'revision', patch });
    },
    onError: (error) => {
      tell({ type: 'error', error: crossing(error) });
    },
    onRecomputed: (ms) => {
      tell({ type: 'recomputed', ms });
    },
  });
  return { database, publisher };
});
// A database that cannot be opened ends the thread; the API process starts another.
opened.catch((error: unknown) => {
  tell({ type: 'error', error: crossing(error) });
  process.exit(1);
});

async function answer(request: ThreadRequest): Promise<readonly PublishedPatch[]> {
  const { database, publisher } = await opened;
  switch (request.type) {
    case 'recompute':
      return publisher.recompute(request.competitionId, { snapshot: request.snapshot });
    case 'settle':
      await publisher.settle(request.withinMs ?? Infinity);
      return [];
    case 'close':
      await publisher.close();
      await database.close();
      return [];
  }
}

// Listening at once: what the API process sends while the database opens waits in order.
port.on('message', (m: ToThread) => {
  if (m.type === 'touch') {
    opened.then(
      ({ publisher }) => {
        publisher.touch(m.competitionId);
      },
      () => undefined,
    );
    return;
  }
  answer(m.request).then(
    (patches) => {
      tell({ type: 'answer', id: m.id, patches });
    },
    (error: unknown) => {
      tell({ type: 'failed', id: m.id, error: crossing(error) });
    },
  );
});
