/**
 * Run after every install (the root package's postinstall): guards postgres-js against a write
 * to a connection it has already dropped. postgres-js 3.4 queues small writes for the next turn
 * of the event loop; when the connection closes first (Postgres restarted, a backend was
 * terminated: 57P01), the queued write dereferences the dropped socket and throws from a timer,
 * outside any caller's await, and the process dies. It happens on every transaction whose
 * connection is lost, because the transaction's ROLLBACK is written after the loss
 * (porsager/postgres#1208, #1154; unfixed in 3.4.10). The guard settles the waiting queries with
 * CONNECTION_CLOSED instead, as a lost connection's queries are settled everywhere else, and the
 * pool reconnects on the next query.
 *
 * A lost connection must also leave nothing behind for the socket that replaces it: postgres-js
 * reuses the connection object, so a transaction still holding it (its ROLLBACK, or the caller's
 * next statement) wrote onto the new socket, and every answer there was handed to the query
 * before it ('select 11' answered with the 3 of another query). The pool counts each loss as a
 * new session and refuses a transaction's statement from an older one; the query the lost
 * connection was answering is forgotten, so its error is not handed to the next user.
 * db/test/connection-loss.test.ts pins all of it; once a postgres-js release fixes these, this
 * script reports that it found nothing to patch and can be deleted.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const MARK = 'skills-scoring: postgres-socket-guard';

/** One guarded place in a postgres-js file: the original text and what replaces it. */
interface Guard {
  readonly file: 'connection.js' | 'index.js';
  readonly name: string;
  readonly original: string;
  readonly guarded: string;
}

const GUARDS: readonly Guard[] = [
  {
    // A write queued before the connection closed settles its queries instead of throwing.
    file: 'connection.js',
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
    file: 'connection.js',
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
    file: 'connection.js',
    name: 'closed',
    original: `    incomings = null
    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)`,
    guarded: `    incomings = null
    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARK}: unwritten bytes die with their connection
    socket.removeListener('data', data)`,
  },
  {
    // Everything a lost connection was answering or had queued is settled when it closes, also
    // after a socket error (a statement written between the error and the close stayed queued,
    // and the next connection waited forever for its answer), and then forgotten: left in place
    // with the error that ended it, the next connection's start-up took it for its own answer
    // and failed the first query of the reused connection with the old error.
    file: 'connection.js',
    name: 'forget',
    original: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
`,
    guarded: `    ;(query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket)) // ${MARK}
    query = results = errorResponse = null // ${MARK}: a lost connection's queries are settled
    result = new Result()
`,
  },
  {
    // Every loss of a connection starts a new session on the same connection object.
    file: 'index.js',
    name: 'session',
    original: `  function onclose(c, e) {
    move(c, closed)`,
    guarded: `  function onclose(c, e) {
    c.session = (c.session || 0) + 1 // ${MARK}: a new socket is a new session
    move(c, closed)`,
  },
  {
    // A transaction or reserved handle outliving its connection's session (the scope's own
    // ROLLBACK, or a statement the caller sends after the loss) is refused. Sent, it went out on
    // the connection object's next socket, by then serving another caller, and every answer
    // there was handed to the query before it ('select 3' answered with another query's rows).
    file: 'index.js',
    name: 'closedSince',
    original: `  function onclose(c, e) {`,
    guarded: `  function closedSince(c, session, q) { // ${MARK}
    if (c.session === session) return false
    q.reject(Errors.connection('CONNECTION_CLOSED', options))
    return true
  }

  function onclose(c, e) {`,
  },
  {
    file: 'index.js',
    name: 'reserve',
    original: `    move(c, reserved)
    c.reserved = () => queue.length`,
    guarded: `    move(c, reserved)
    const session = c.session // ${MARK}
    c.reserved = () => queue.length`,
  },
  {
    file: 'index.js',
    name: 'reserveHandler',
    original: `    function handler(q) {
      c.queue === full
        ? queue.push(q)`,
    guarded: `    function handler(q) {
      if (closedSince(c, session, q)) return // ${MARK}
      c.queue === full
        ? queue.push(q)`,
  },
  {
    file: 'index.js',
    name: 'beginSession',
    original: `      , prepare = null
`,
    guarded: `      , prepare = null
      , session // ${MARK}: the connection's session when the transaction began
`,
  },
  {
    file: 'index.js',
    name: 'beginCapture',
    original: `    function onexecute(c) {
      connection = c`,
    guarded: `    function onexecute(c) {
      connection = c
      session = c.session // ${MARK}`,
  },
  {
    file: 'index.js',
    name: 'beginHandler',
    original: `        q.catch(e => uncaughtError || (uncaughtError = e))
        c.queue === full`,
    guarded: `        q.catch(e => uncaughtError || (uncaughtError = e))
        if (closedSince(c, session, q)) return // ${MARK}
        c.queue === full`,
  },
];

/** postgres-js's folder: its CommonJS entry is cjs/src/index.js. */
const root = join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..');
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

for (const build of ['src', 'cjs/src', 'cf/src']) {
  for (const name of ['connection.js', 'index.js'] as const) guardFile(build, name);
}

function guardFile(build: string, name: Guard['file']): void {
  const file = join(root, build, name);
  if (!existsSync(file)) return;
  let text = readFileSync(file, 'utf8');
  const applied: string[] = [];
  for (const guard of GUARDS.filter((g) => g.file === name)) {
    if (text.includes(guard.guarded)) continue;
    if (!text.includes(guard.original)) {
      console.warn(
        `postgres-socket-guard: postgres ${version} ${build}/${name} has no unguarded ${guard.name}; not patched (see db/scripts/postgres-socket-guard.ts)`,
      );
      continue;
    }
    text = text.replace(guard.original, guard.guarded);
    applied.push(guard.name);
  }
  if (applied.length === 0) return;
  writeFileSync(file, text);
  console.log(
    `postgres-socket-guard: guarded ${applied.join(', ')} in postgres ${version} ${build}/${name}`,
  );
}
