/* Playbook Hub: the service worker of a site that a rep can keep on their device (a hub's
 * `offline: true`; the plugin publishes it at the site's root as playbook-sw.js).
 *
 * Online, every request goes to the network as if this worker were not there: a rep always
 * reads the deployed playbook. When the network fails (offline, on a plane, a dead zone),
 * the answer comes from what the rep kept on this device (assets/playbook/offline.js puts
 * it in a cache of this site's own), and a page that was not kept says so. Caches are named
 * after this worker's scope, so two hubs on one host, a language's site and mike's versions
 * never read or remove each other's.
 */
"use strict";

var SCOPE = self.registration.scope;
var PREFIX = "playbook-offline " + SCOPE + " ";
var MARKER = SCOPE + "playbook-offline/kept.json";  /* written last: the cache is complete */
var NOT_KEPT = SCOPE + "playbook-offline/not-kept.html";
var KEEPING = "X-Playbook-Keeping";
/* A kept page is shown when the network has not answered a page in this time. */
var PATIENCE = 6000;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

/* The complete cache this site kept last, or null. */
async function kept() {
  var names = (await caches.keys()).filter(function (n) { return n.indexOf(PREFIX) === 0; });
  var best = null, when = "";
  for (var i = 0; i < names.length; i++) {
    var cache = await caches.open(names[i]);
    var marker = await cache.match(MARKER);
    if (!marker) continue;
    var data = await marker.json();
    if (data.kept >= when) { best = cache; when = data.kept; }
  }
  return best;
}

async function fromKept(request) {
  var cache = await kept();
  if (!cache) return null;
  var hit = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
  if (!hit && request.mode === "navigate") hit = await cache.match(NOT_KEPT);
  return hit || null;
}

async function answer(event) {
  var request = event.request;
  var network = fetch(request);
  if (request.mode !== "navigate") {
    try { return await network; } catch (error) {
      var hit = await fromKept(request);
      if (hit) return hit;
      throw error;
    }
  }
  /* A page: the network's answer, unless it fails or keeps the rep waiting and the page
     is kept. */
  var slow = new Promise(function (resolve) { setTimeout(resolve, PATIENCE, "slow"); });
  try {
    var first = await Promise.race([network, slow]);
    if (first !== "slow") return first;
    var hit = await fromKept(request);
    return hit || await network;
  } catch (error) {
    var kept = await fromKept(request);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  /* What the page keeps comes from the network or not at all: a kept copy would keep an
     old version under the new one's name. */
  if (request.headers.get(KEEPING)) return;
  event.respondWith(answer(event));
});
