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
const ORIGINAL = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`;
const GUARDED = `  function nextWrite(fn) {
    if (socket === null) {
      // ${MARK} (porsager/postgres#1208): the connection closed since this write was queued
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return true
    }
    const x = socket.write(chunk, fn)`;

/** postgres-js's folder: its CommonJS entry is cjs/src/index.js. */
const root = join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..');
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

for (const build of ['src', 'cjs/src', 'cf/src']) {
  const file = join(root, build, 'connection.js');
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) continue;
  if (!text.includes(ORIGINAL)) {
    console.warn(
      `postgres-socket-guard: postgres ${version} ${build}/connection.js has no unguarded nextWrite; nothing patched (see db/scripts/postgres-socket-guard.ts)`,
    );
    continue;
  }
  writeFileSync(file, text.replace(ORIGINAL, GUARDED));
  console.log(`postgres-socket-guard: guarded nextWrite in postgres ${version} ${build}`);
}
