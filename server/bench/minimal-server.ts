/**
 * The write-path bench's floor, run as a child process: the least a server on our stack can do
 * per mark. Hono on @hono/node-server reads a mark-sized JSON body and writes one row in one
 * transaction of a prepared insert (BEGIN, INSERT, COMMIT), then answers 201 with a small JSON
 * body. No sessions, checks, audit chain or standings. The bench offers it the target rate from
 * its own process and reads this process's CPU and its Postgres backends' from /proc, so the
 * server's CPU per mark stands next to what any server here pays per request at that rate
 * (write-path/minimal-baseline.ts).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';
import { errorText, tellParent } from './child-ipc.ts';
import type { MinimalServerConfig, MinimalServerMessage } from './write-path-ipc.ts';

const INSERT =
  'insert into bench_plain (sheet, criterion, value) values ($1::text::uuid, $2::text, $3::text) returning id';

function tell(message: MinimalServerMessage): Promise<void> {
  return tellParent(message, 'the minimal server baseline');
}

async function main(config: MinimalServerConfig): Promise<void> {
  const sql = postgres(config.url, { max: 4, onnotice: () => undefined });
  await Promise.all(Array.from({ length: 4 }, () => sql`select 1`));
  const app = new Hono();
  app.post('/marks', async (c) => {
    const body = await c.req.json<{ criterion?: unknown; value?: unknown }>();
    const [row] = await sql.begin((tx) =>
      tx.unsafe(INSERT, [randomUUID(), String(body.criterion), String(body.value)], {
        prepare: true,
      }),
    );
    return c.json({ id: String((row as { id: unknown } | undefined)?.id), ok: true }, 201);
  });
  const http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => {
    http.once('listening', resolve);
  });
  const stopped = new Promise<void>((resolve) => {
    process.once('message', () => {
      resolve();
    });
    process.once('disconnect', resolve);
  });
  await tell({ type: 'ready', port: (http.address() as AddressInfo).port });
  await stopped;
  if ('closeAllConnections' in http) http.closeAllConnections();
  http.close();
  await sql.end({ timeout: 5 });
}

process.once('message', (config: MinimalServerConfig) => {
  main(config)
    .catch(async (error: unknown) => {
      await tell({ type: 'failed', error: errorText(error) }).catch(() => undefined);
      process.exitCode = 1;
    })
    .finally(() => {
      if (process.connected) process.disconnect();
    });
});
