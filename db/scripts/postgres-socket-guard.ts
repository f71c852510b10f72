/**
 * Run after every install (the root package's postinstall): guards postgres-js against a write
 * to a connection it has already dropped. postgres-js 3.4 queues small writes for the next turn
 * of the event loop; when the connection closes first (Postgres restarted, a backend was
 * terminated: 57P01), the queued write dereferences the dropped socket and throws from a timer,
 * outside any caller's await, and the process dies. It happens on every transaction whose
 * connection is lost, because the transaction's ROLLBACK is written after the loss
 * (porsager/postgres#1208, #1154; unfixed in 3.4.10). The guard settles the waiting queries with
 * CONNECTION_CLOSED instead, as a lost connection's queries are settled everywhere else, and the
 * pool reconnects on the next query. db/test/connection-loss.test.ts pins the behaviour; once a
 * postgres-js release guards nextWrite itself, this script reports that it found nothing to
 * patch and can be deleted.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const MARK = 'skills-scoring: postgres-socket-guard';

/** One guarded place in connection.js: the original text and what replaces it. */
interface Guard {
  readonly name: string;
  readonly original: string;
  readonly guarded: string;
}

const GUARDS: readonly Guard[] = [
  {
    // A write queued before the connection closed settles its queries instead of throwing.
    name: 'nextWrite',
    original: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
    guarded: `  function nextWrite(fn) {
    if (socket === null) {
      // ${MARK} (porsager/postgres#1208): the connection closed since this write was queued
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return true
    }
    const x = socket.write(chunk, fn)`,
  },
  {
    // A write after the connection closed (a transaction's ROLLBACK) is refused at once: kept
    // in the buffer, it would go out first on the next connection, and its answer would be
    // taken as the answer to the next query there (a SELECT answered with no rows).
    name: 'write',
    original: `  function write(x, fn) {
    chunk = chunk ? Buffer.concat([chunk, x]) : Buffer.from(x)`,
    guarded: `  function write(x, fn) {
    if (socket === null) {
      // ${MARK}: nothing is written to a closed connection, nor kept for the next one
      error(Errors.connection('CONNECTION_CLOSED', options))
      return true
    }
    chunk = chunk ? Buffer.concat([chunk, x]) : Buffer.from(x)`,
  },
  {
    // Bytes not yet written when the connection closed belong to it: the next connection
    // starts with an empty buffer and schedules its own writes.
    name: 'closed',
    original: `    incomings = null
    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)`,
    guarded: `    incomings = null
    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARK}: unwritten bytes die with their connection
    socket.removeListener('data', data)`,
  },
];

/** postgres-js's folder: its CommonJS entry is cjs/src/index.js. */
const root = join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..');
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

for (const build of ['src', 'cjs/src', 'cf/src']) {
  const file = join(root, build, 'connection.js');
  if (!existsSync(file)) continue;
  let text = readFileSync(file, 'utf8');
  const applied: string[] = [];
  for (const guard of GUARDS) {
    if (text.includes(guard.guarded)) continue;
    if (!text.includes(guard.original)) {
      console.warn(
        `postgres-socket-guard: postgres ${version} ${build}/connection.js has no unguarded ${guard.name}; not patched (see db/scripts/postgres-socket-guard.ts)`,
      );
      continue;
    }
    text = text.replace(guard.original, guard.guarded);
    applied.push(guard.name);
  }
  if (applied.length === 0) continue;
  writeFileSync(file, text);
  console.log(
    `postgres-socket-guard: guarded ${applied.join(', ')} in postgres ${version} ${build}`,
  );
}
