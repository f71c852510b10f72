/**
 * The baselines measured in the same run against the same database: plain single-row inserts
 * from a child process with the `postgres` driver (bench/plain-insert.ts), and pgbench's simple
 * insert when pgbench is installed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type postgres from 'postgres';
import { TEST_POSTGRES_URL } from '@skills/db/testing';
import { errorText } from '../child-ipc.ts';
import { sample, share, type CpuSample, type CpuShare } from '../machine.ts';
import type {
  PlainInsertConfig,
  PlainInsertMessage,
  PlainInsertResult,
} from '../write-path-ipc.ts';
import { children, exited, startChild } from './children.ts';
import { backendPids } from './database.ts';
import { CLIENTS, SECONDS, WARMUP } from './settings.ts';

export async function runPlainInsert(
  url: string,
  admin: postgres.Sql,
): Promise<{ result: PlainInsertResult; cpu: CpuShare }> {
  const child = startChild('plain-insert.ts');
  const done = exited(child, 'plain insert baseline');
  const state: {
    result: PlainInsertResult | null;
    cpu: CpuShare | null;
    failure: string | null;
  } = { result: null, cpu: null, failure: null };
  let before: { cpu: CpuSample; pg: number[] } | null = null;
  let chain = Promise.resolve();
  child.on('message', (m: PlainInsertMessage) => {
    chain = chain
      .then(async () => {
        if (m.type === 'phase-start') {
          const pg = await backendPids(admin);
          before = { cpu: sample([child.pid ?? -1, ...pg]), pg };
        } else if (m.type === 'phase-end') {
          if (before) {
            const after = sample([child.pid ?? -1, ...before.pg]);
            state.cpu = share(before.cpu, after, child.pid, before.pg);
          }
        } else if (m.type === 'done') {
          state.result = m.result;
        } else {
          state.failure = m.error;
        }
      })
      .catch((error: unknown) => {
        state.failure ??= errorText(error);
        child.kill();
      });
  });
  const config: PlainInsertConfig = {
    url,
    clients: CLIENTS,
    seconds: SECONDS,
    warmupSeconds: Math.min(WARMUP, 2),
  };
  child.send(config);
  await done.catch((error: unknown) => {
    throw new Error(state.failure ?? String(error));
  });
  await chain;
  const { result, cpu } = state;
  if (!result || !cpu) {
    throw new Error(state.failure ?? 'the plain insert baseline sent no result');
  }
  return { result, cpu };
}

/** pgbench's simple insert against the same database; null when pgbench is not installed. */
export async function runPgbench(name: string): Promise<{ tps: number; latencyMs: number } | null> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pgbench-'));
  try {
    const script = path.join(dir, 'insert.sql');
    writeFileSync(
      script,
      [
        '\\set n random(0, 40)',
        "insert into bench_plain (sheet, criterion, value) values (gen_random_uuid(), 'seal', (:n)::text);",
        '',
      ].join('\n'),
    );
    const url = new URL(TEST_POSTGRES_URL);
    const args = [
      '-n',
      '-c',
      String(CLIENTS),
      '-j',
      '2',
      '-T',
      String(SECONDS),
      '-f',
      script,
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username || 'postgres'),
      name,
    ];
    const out = await new Promise<string | null>((resolve, reject) => {
      const child = spawn('pgbench', args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
      });
      children.add(child);
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.on('error', (error: NodeJS.ErrnoException) => {
        children.delete(child);
        if (error.code === 'ENOENT') resolve(null);
        else reject(error);
      });
      child.on('exit', (code) => {
        children.delete(child);
        if (code === 0) resolve(text);
        else reject(new Error(`pgbench exited with ${String(code)}:\n${text}`));
      });
    });
    if (out === null) return null;
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
    const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1];
    if (tps === undefined) throw new Error(`could not read pgbench's output:\n${out}`);
    return { tps: Number(tps), latencyMs: Number(latency ?? NaN) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
