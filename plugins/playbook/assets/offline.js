/* Playbook Hub: keep a role's playbook on this device, to read and search it offline (a
   hub's `offline: true`).

   On a role's page, its onboarding path and its handbook, a box offers to keep that role's
   part of the site: the pages, files, styles, scripts and search entries that
   assets/playbook/offline.json lists for it (made from the built site). They go into a
   cache of this site's own, named after its service worker's scope and the list's version;
   a marker written last says the cache is complete. Online, each page load compares the
   kept version with the deployed one and, after a redeploy, keeps the new content in a new
   cache and removes the old. The service worker (playbook-sw.js) answers from the cache
   only when the network fails. */
(function () {
  "use strict";

  var SCRIPT = document.currentScript ? new URL(document.currentScript.src) : null;
  var BASE = SCRIPT ? new URL("../../", SCRIPT) : null;  /* assets/playbook/ -> the site */
  if (!BASE || !("serviceWorker" in navigator) || !window.caches) {
    document.addEventListener("DOMContentLoaded", function () { unsupported(); });
    return;
  }
  var LIST = new URL("assets/playbook/offline.json", BASE);
  var MARKER = new URL("playbook-offline/kept.json", BASE).href;
  var NOT_KEPT = new URL("playbook-offline/not-kept.html", BASE).href;
  var AT_ONCE = 4;  /* files fetched at the same time while keeping */

  var registered = navigator.serviceWorker.register(new URL("playbook-sw.js", BASE).href,
                                                    { scope: BASE.href })
    .then(function (registration) { return registration.scope; });
  var prefix = registered.then(function (scope) { return "playbook-offline " + scope + " "; });

  var list = null;  /* the deployed list, fetched once per page load */
  function deployed() {
    list = list || fetch(LIST.href, { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    return list;
  }

  /* What this device keeps for this site: {cache name, marker data}, or null. */
  async function keptHere() {
    var start = await prefix;
    var names = (await caches.keys()).filter(function (n) { return n.indexOf(start) === 0; });
    var best = null;
    for (var i = 0; i < names.length; i++) {
      var marker = await (await caches.open(names[i])).match(MARKER);
      if (!marker) continue;
      var data = await marker.json();
      if (!best || data.kept >= best.data.kept) best = { name: names[i], data: data };
    }
    return best;
  }

  function wanted(data, roles) {
    var urls = {};
    urls[LIST.href.slice(BASE.href.length)] = true;  /* to read what is kept, offline */
    data.shell.forEach(function (u) { urls[u] = true; });
    roles.forEach(function (id) {
      var role = data.roles[id];
      if (!role) return;
      role.pages.concat(role.files, role.search).forEach(function (u) { urls[u] = true; });
    });
    return Object.keys(urls);
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* The page shown offline for a page that was not kept: the kept roles' own pages. */
  function notKeptPage(data, roles) {
    var lang = document.documentElement.lang || "en", dir = document.documentElement.dir || "ltr";
    var links = roles.filter(function (id) { return data.roles[id]; }).map(function (id) {
      var role = data.roles[id];
      return "<li><a href=\"" + escapeHTML(new URL(role.own[0] || "", BASE).href) + "\">" +
        escapeHTML(role.title) + "</a></li>";
    }).join("");
    return "<!doctype html><html lang=\"" + escapeHTML(lang) + "\" dir=\"" + escapeHTML(dir) +
      "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
      "<title>" + escapeHTML(data.words.kept_pages) + "</title><style>body{font:1.1rem/1.5 " +
      "system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}</style></head>" +
      "<body><p role=\"alert\">" + escapeHTML(data.words.not_kept) + "</p><h1>" +
      escapeHTML(data.words.kept_pages) + "</h1><ul>" + links + "</ul></body></html>";
  }

  /* Keep ``roles`` as the deployed list has them, in a new cache; once complete, remove
     this site's older ones. ``progress(done, total)`` is told as files arrive. */
  async function keep(roles, progress) {
    var data = await deployed();
    var urls = wanted(data, roles);
    var name = (await prefix) + data.version + " " + Date.now();
    var cache = await caches.open(name);
    var done = 0, failed = null, next = 0;
    progress(0, urls.length);
    async function worker() {
      while (next < urls.length && !failed) {
        var url = new URL(urls[next++], BASE).href;
        try {
          var response = await fetch(url, { cache: "no-cache",
                                             headers: { "X-Playbook-Keeping": "1" } });
          if (!response.ok) throw new Error(url + ": " + response.status);
          await cache.put(url, response);
        } catch (e) { failed = e; return; }
        progress(++done, urls.length);
      }
    }
    var workers = [];
    for (var i = 0; i < AT_ONCE; i++) workers.push(worker());
    await Promise.all(workers);
    if (failed) {
      await caches.delete(name);
      throw failed;
    }
    await cache.put(NOT_KEPT, new Response(notKeptPage(data, roles), {
      headers: { "Content-Type": "text/html; charset=utf-8" } }));
    var bytes = roles.reduce(function (n, id) {
      return n + (data.roles[id] ? data.roles[id].bytes : 0);
    }, data.shell_bytes);
    var marker = { version: data.version, roles: roles, kept: new Date().toISOString(),
                   files: urls.length, bytes: bytes };
    await cache.put(MARKER, new Response(JSON.stringify(marker), {
      headers: { "Content-Type": "application/json" } }));
    await removeAllBut(name);
    return marker;
  }

  async function removeAllBut(name) {
    var start = await prefix;
    var names = await caches.keys();
    await Promise.all(names.filter(function (n) {
      return n.indexOf(start) === 0 && n !== name;
    }).map(function (n) { return caches.delete(n); }));
  }

  /* A message with its {values}; in a right-to-left site each value isolated (U+2068,
     U+2069), as the catalogs' messages are, so that a date keeps its order. */
  function say(template, values) {
    var rtl = document.documentElement.dir === "rtl";
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      if (!(key in values)) return all;
      return rtl ? "\u2068" + values[key] + "\u2069" : String(values[key]);
    });
  }

  function megabytes(bytes) {
    var mb = bytes / 1e6;
    return (mb < 0.1 ? "0.1" : mb < 10 ? mb.toFixed(1) : Math.round(mb)) + " MB";
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* The site-relative path of this page. */
  function here() {
    var url = location.href.split("#")[0].split("?")[0];
    if (url.indexOf(BASE.href) !== 0) return null;
    return url.slice(BASE.href.length).replace(/index\.html$/, "");
  }

  /* The role whose own page (role page, onboarding path, handbook) this is; on the home
     page, the reader's own role. */
  function roleOfPage(data) {
    var path = here();
    if (path === "") {  /* the home page: the role the reader picked (playbook.js) */
      var picked = window.PlaybookHub ? window.PlaybookHub.role() : null;
      return picked && data.roles[picked] ? picked : null;
    }
    var ids = Object.keys(data.roles);
    for (var i = 0; i < ids.length; i++) {
      if (data.roles[ids[i]].own.indexOf(path) >= 0) return ids[i];
    }
    return null;
  }

  function article() { return document.querySelector("article.md-content__inner"); }

  function banner(data) {
    var a = article();
    if (!a || a.querySelector(".pb-offline-banner")) return;
    var note = el("p", "pb-offline-banner", data ? data.words.offline : "");
    note.setAttribute("role", "status");
    note.setAttribute("data-pagefind-ignore", "");
    a.insertBefore(note, a.firstChild);
  }

  /* The box of a role's own pages: keep this role, see what is kept, remove it. */
  function showBox(data, role, state) {
    var a = article();
    if (!a) return;
    var box = a.querySelector(".pb-offline");
    if (!box) {
      box = el("section", "pb-offline");
      box.setAttribute("data-pagefind-ignore", "");
      box.setAttribute("aria-live", "polite");
      /* At the end of the page's introduction (before its first section), so that the
         role's summary, or the path's plan, is what a rep reads first. */
      var section = a.querySelector(":scope > h2");
      var after = a.querySelector(":scope > .pb-start") ||  /* (a rep's start, at home) */
        a.querySelector(":scope > .pb-kicker") || a.querySelector(":scope > h1");
      if (a.querySelector(":scope > .pb-start")) a.insertBefore(box, after.nextSibling);
      else if (section) a.insertBefore(box, section);
      else if (after) a.insertBefore(box, after.nextSibling);
      else a.appendChild(box);
    }
    box.textContent = "";
    var w = data.words, info = data.roles[role];
    box.dataset.state = state.name;
    if (state.name === "keeping" || state.name === "updating") {
      var label = el("p", "pb-offline__status",
                     state.name === "updating" ? w.updating : say(w.keeping, state));
      var bar = el("progress", "pb-offline__progress");
      bar.max = state.total || 1;
      bar.value = state.done || 0;
      bar.setAttribute("aria-label", label.textContent);
      box.append(label, bar);
      return;
    }
    if (state.name === "kept") {
      box.appendChild(el("p", "pb-offline__status pb-offline__status--kept",
                         say(w.kept, { date: state.marker.kept.slice(0, 10) })));
      var remove = el("button", "pb-link-button pb-offline__remove", w.remove);
      remove.type = "button";
      remove.addEventListener("click", async function () {
        await removeAllBut(null);
        showBox(data, role, { name: "none" });
      });
      box.appendChild(remove);
      return;
    }
    var files = info.files.length;
    box.appendChild(el("p", "pb-offline__help", say(w.keep_help, {
      pages: info.pages.length, files: files,
      size: megabytes(info.bytes + data.shell_bytes) })));
    if (state.name === "failed") box.appendChild(el("p", "pb-offline__error", w.failed));
    var button = el("button", "md-button pb-offline__keep", w.keep);
    button.type = "button";
    var roles = (state.current ? state.current.data.roles : []).filter(function (id) {
      return id !== role && data.roles[id];
    }).concat([role]);  /* with what is kept already, for another role */
    button.addEventListener("click", function () { keepRoles(data, role, roles, "keeping"); });
    box.appendChild(button);
  }

  async function keepRoles(data, role, roles, name) {
    try {
      await registered;
      var marker = await keep(roles, function (done, total) {
        if (role) showBox(data, role, { name: name, done: done, total: total });
      });
      document.documentElement.dataset.pbOffline = "kept";
      if (role) showBox(data, role, { name: "kept", marker: marker });
    } catch (e) {
      console.warn("Playbook: keeping for offline reading failed:", e);
      document.documentElement.dataset.pbOffline = "failed";
      if (role) showBox(data, role, { name: "failed" });
    }
  }

  function unsupported() {
    /* Said on a role's own page only, where the box would be. */
    var a = article();
    if (!a || !/\/(roles|onboarding|handbook)\/[^/]+\/(index\.html)?$/.test(location.pathname))
      return;
    fetch(new URL("../../assets/playbook/offline.json", location.href)).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (data && !a.querySelector(".pb-offline"))
        a.appendChild(el("p", "pb-offline pb-offline__help", data.words.unsupported));
    }).catch(function () {});
  }

  async function init() {
    var current = await keptHere().catch(function () { return null; });
    var data = null;
    try {
      if (!navigator.onLine) throw new Error("offline");
      data = await deployed();
    } catch (e) {
      /* Offline: the list comes from what is kept, if anything is. */
      if (current) {
        var cache = await caches.open(current.name);
        var kept = await cache.match(LIST.href);
        data = kept ? await kept.json() : null;
      }
      banner(data);
      document.documentElement.dataset.pbOffline = "offline";
      if (data) {
        var role = roleOfPage(data);
        if (role && current.data.roles.indexOf(role) >= 0)
          showBox(data, role, { name: "kept", marker: current.data });
      }
      return;
    }
    var page = roleOfPage(data);
    if (current && current.data.version !== data.version) {
      /* A redeploy: keep the new content of the same roles, then drop the old. */
      var roles = current.data.roles.filter(function (id) { return data.roles[id]; });
      if (page && roles.indexOf(page) >= 0) showBox(data, page, { name: "updating" });
      await keepRoles(data, roles.indexOf(page) >= 0 ? page : null, roles, "updating");
      if (page && roles.indexOf(page) < 0) showBox(data, page, { name: "none" });
      return;
    }
    document.documentElement.dataset.pbOffline = current ? "kept" : "none";
    if (!page) return;
    if (current && current.data.roles.indexOf(page) >= 0) {
      showBox(data, page, { name: "kept", marker: current.data });
    } else {
      showBox(data, page, { name: "none", current: current });
    }
  }

  var started = false;
  function start() {
    if (started && !window.document$) return;
    started = true;
    init();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
