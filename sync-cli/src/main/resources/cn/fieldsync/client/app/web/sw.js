'use strict';
// The app's shell, kept so the pages open with no network (the local API is on this device anyway).
const CACHE = 'fieldsync-app-v1';
const SHELL = ['/', 'index.html', 'app.css', 'app.js', 'checklists.json', 'icon.svg', 'manifest.webmanifest'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')
      || url.search.includes('launch=')) {
    return; // the API and the launch address always go to the local process
  }
  // newest pages first (they come from this device), the cached shell when the process is restarting
  event.respondWith(fetch(event.request)
    .then(response => {
      const copy = response.clone();
      caches.open(CACHE).then(cache => cache.put(event.request, copy));
      return response;
    })
    .catch(() => caches.match(event.request).then(hit => hit || caches.match('index.html'))));
});
