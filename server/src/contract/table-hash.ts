/**
 * How a standings table is hashed, so a client can check that the table it holds equals the
 * server's. A row's digest is the SHA-256 of its canonical JSON without `position` (the order
 * carries it). A table's hash is the SHA-256 of its row digests in standing order, then "|",
 * then its team rows' digests, then, when the table has meta, "|" and the meta's canonical JSON.
 * The server computes the same with node:crypto and cached digests; this is the portable form
 * (pure JS, synchronous, so it also runs in a page served over plain HTTP on a venue network).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonical } from './canonical.ts';

const sha = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

/** A copy of a row without one field. */
export function without(
  row: Readonly<Record<string, unknown>>,
  field: string,
): Record<string, unknown> {
  const out = { ...row };
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a copy, field by name
  delete out[field];
  return out;
}

/** A row's canonical text as hashed: every field but its position. */
export function rowHashText(row: Readonly<Record<string, unknown>>): string {
  return canonical(without(row, 'position'));
}

export function rowDigest(row: Readonly<Record<string, unknown>>): string {
  return sha(rowHashText(row));
}

export function tableHash(
  rowDigests: Iterable<string>,
  teamDigests: Iterable<string> | null,
  meta: unknown,
): string {
  let text = '';
  for (const d of rowDigests) text += d;
  text += '|';
  if (teamDigests) for (const d of teamDigests) text += d;
  if (meta !== null && meta !== undefined) text += `|${canonical(meta)}`;
  return sha(text);
}
