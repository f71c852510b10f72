/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The app shell, cached: after one visit the tablet opens the app with no network. Built files
 * (hashed, immutable) and static files come from the cache; every page path gets the cached
 * shell, whose router takes over. The API and the live endpoint are never cached: marks live in
 * IndexedDB (src/lib/offline), not here.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `shell-${version}`;
const SHELL = '/index.html';
const ASSETS = [...build, ...files, SHELL];

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
        // The shell for every page; refreshed from the network when it answers quickly.
        const cached = await cache.match(SHELL);
        try {
          const fresh = await Promise.race([
            fetch(SHELL),
            new Promise<never>((_, reject) =>
              setTimeout(() => {
                reject(new Error('slow network'));
              }, 2500),
            ),
          ]);
          if (fresh.ok) {
            await cache.put(SHELL, fresh.clone());
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
