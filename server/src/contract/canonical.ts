/**
 * Canonical JSON: keys sorted, no spaces. The audit hash and the standings hashes are taken over
 * this text, so the same row hashes the same whichever database stored it (jsonb reorders keys)
 * and on whichever side (server or browser) computes it.
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      return 'null';
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  // As JSON.stringify does: a value that says how it is written (a decimal) is written so.
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return canonical((json as () => unknown).call(value));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
}
