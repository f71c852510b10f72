/**
 * The contract's route map (contract/routes.ts) and the routes the server mounts are the same
 * list: every entry has exactly one route, every route validates with its entry's own schemas,
 * and a route that takes a file says which media types. The web's typed client trusts the map,
 * so an entry without a route would type-check a call that can only get a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteContract } from '../src/contract/routes.ts';
import type { AnyRoute } from '../src/http/route.ts';
import { startHarness, type Harness } from './harness.ts';

const keyOf = (r: AnyRoute): string => `${r.method} ${r.path}`;

describe('route map', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('pglite');
  });
  afterAll(async () => {
    await h.close();
  });

  it('mounts one route for every entry, and no route without one', () => {
    const mounted = h.server.routes.map(keyOf);
    expect(new Set(mounted).size, 'a route is mounted twice').toBe(mounted.length);
    expect([...mounted].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("validates every route with its entry's schemas", () => {
    const entries: Readonly<Record<string, RouteContract>> = ROUTES;
    for (const route of h.server.routes) {
      const entry = entries[keyOf(route)];
      expect(entry, keyOf(route)).toBeDefined();
      expect(route.params, `${keyOf(route)} params`).toBe(entry?.params);
      expect(route.query, `${keyOf(route)} query`).toBe(entry?.query);
      expect(route.body, `${keyOf(route)} body`).toBe(entry?.body);
      expect(route.response, `${keyOf(route)} response`).toBe(entry?.response);
      // A file body is the route's own reading of the request: it must say what it takes.
      expect(route.consumes !== undefined, `${keyOf(route)} consumes`).toBe(entry?.file === true);
    }
  });
});
