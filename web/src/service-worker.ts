/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The app shell, cached: after one visit the tablet opens the app with no network. Built files
 * (hashed, immutable) and static files come from the cache; every page path gets the cached
 * shell, whose router takes over. The API and the live endpoint are never cached: marks live in
 * IndexedDB (src/lib/offline), not here. A board's page is asked of the network as itself (the
 * server draws its first rows into it) and never cached: it is no shell for other pages, and a
 * returning viewer must not be shown old rows; offline or slow, the cached shell stands in.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `shell-${version}`;
const SHELL = '/index.html';
const ASSETS = [...build, ...files, SHELL];
/** Board paths (as app.html and the server match them): their HTML carries live rows. */
const BOARD = /^\/c\/[^/]+\/[eo]\/[^/]+\/?$/;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(ASSETS);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (ASSETS.includes(url.pathname)) {
        const hit = await cache.match(url.pathname);
        if (hit) return hit;
      }
      if (request.mode === 'navigate') {
        // The shell for every page; refreshed from the network when it answers quickly. A board
        // is fetched as itself (its first rows drawn in), and not kept.
        const cached = await cache.match(SHELL);
        const board = BOARD.test(url.pathname);
        try {
          const fresh = await Promise.race([
            fetch(board ? request : SHELL),
            new Promise<never>((_, reject) =>
              setTimeout(() => {
                reject(new Error('slow network'));
              }, 2500),
            ),
          ]);
          if (fresh.ok) {
            if (!board) await cache.put(SHELL, fresh.clone());
            return fresh;
          }
        } catch {
          // offline or slow: the cached shell
        }
        if (cached) return cached;
      }
      return fetch(request);
    })(),
  );
});
