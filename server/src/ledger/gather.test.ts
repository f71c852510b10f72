/**
 * The gathering window: a batch waits for company only while marks arrive faster than one per
 * window, never longer than the window after its first mark, and not once enough are queued.
 */
import { describe, expect, it } from 'vitest';
import { Gathering } from './gather.ts';

function clocked(windowMs: number): { g: Gathering; at: (ms: number) => void } {
  let now = 0;
  const g = new Gathering(windowMs, () => now);
  return {
    g,
    at: (ms) => {
      now = ms;
    },
  };
}

describe('Gathering', () => {
  it('never waits with a window of 0', () => {
    const { g, at } = clocked(0);
    for (let i = 0; i < 5; i++) {
      at(i);
      g.arrived(1, true);
    }
    expect(g.waitFor(1)).toBe(0);
  });

  it('does not wait when marks arrive slower than one per window', () => {
    const { g, at } = clocked(6);
    for (let i = 0; i < 10; i++) {
      at(i * 20);
      g.arrived(1, true);
    }
    expect(g.waitFor(1)).toBe(0);
  });

  it('waits at most the window after the first queued mark when marks come fast', () => {
    const { g, at } = clocked(6);
    for (let i = 0; i < 10; i++) {
      at(i * 5);
      g.arrived(1, true);
      g.taken();
    }
    at(50);
    g.arrived(1, true);
    expect(g.waitFor(1)).toBe(6);
    at(54);
    expect(g.waitFor(1)).toBe(2);
    at(60);
    expect(g.waitFor(1)).toBe(0);
  });

  it('starts at once when enough marks are queued, and wakes a waiting batch', async () => {
    let now = 0;
    const g = new Gathering(60_000, () => now);
    for (let i = 0; i < 10; i++) {
      now = i;
      g.arrived(1, true);
      g.taken();
    }
    g.arrived(1, true);
    expect(g.waitFor(Gathering.ENOUGH)).toBe(0);
    const waiting = g.gather(1);
    let done = false;
    void waiting.then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    for (let q = 2; q <= Gathering.ENOUGH; q++) g.arrived(q, true);
    await waiting;
    expect(done).toBe(true);
  });

  it('does not wait for one client sending mark after mark, each after the last answer', () => {
    const { g, at } = clocked(6);
    for (let i = 0; i < 50; i++) {
      at(i * 2);
      // Each arrives once the writer answered the one before: it never finds the writer busy.
      g.arrived(1, false);
      g.taken();
    }
    g.arrived(1, false);
    expect(g.waitFor(1)).toBe(0);
  });

  it('a quiet spell ends the waiting at once', () => {
    const { g, at } = clocked(6);
    for (let i = 0; i < 10; i++) {
      at(i * 2);
      g.arrived(1, true);
      g.taken();
    }
    at(5000);
    g.arrived(1, true);
    expect(g.waitFor(1)).toBe(0);
  });
});
