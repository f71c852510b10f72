/** Which failures mean "the database cannot be reached" (503), however they are wrapped. */
import { describe, expect, it } from 'vitest';
import { unavailable, unavailableCode, RETRY_AFTER_S } from './unavailable.ts';

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('unavailableCode', () => {
  it('finds a refused, lost or shut-down connection anywhere in the causes', () => {
    expect(unavailableCode(coded('ECONNREFUSED'))).toBe('ECONNREFUSED');
    for (const code of ['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNRESET']) {
      expect(unavailableCode(coded(code))).toBe(code);
    }
    for (const state of ['57P01', '57P02', '57P03', '08006', '08001', '53300']) {
      // drizzle wraps the driver's error as the cause of its own.
      const wrapped = new Error('Failed query: select 1', { cause: coded(state) });
      expect(unavailableCode(wrapped)).toBe(state);
    }
    const aggregate = new AggregateError([coded('ECONNREFUSED')], 'connect');
    expect(unavailableCode(new Error('outer', { cause: aggregate }))).toBe('ECONNREFUSED');
  });

  it('leaves every other failure alone', () => {
    expect(unavailableCode(coded('23505'))).toBeNull();
    expect(unavailableCode(coded('57P04'))).toBeNull();
    expect(unavailableCode(new Error('boom'))).toBeNull();
    expect(unavailableCode('ECONNREFUSED')).toBeNull();
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(unavailableCode(loop)).toBeNull();
  });

  it('answers 503 unavailable with retry-after and the error body', () => {
    const e = unavailable('57P01');
    expect(e.status).toBe(503);
    expect(e.headers).toEqual({ 'retry-after': String(RETRY_AFTER_S) });
    expect(e.toBody()).toMatchObject({
      code: 'unavailable',
      details: [{ path: 'database', code: 'unavailable', message: 'connection failed (57P01)' }],
    });
    expect(e.message).toMatch(/cannot be reached/);
  });
});
