/* Playbook Hub: Material for MkDocs' search worker, answered by Pagefind.
 *
 * Material's header search box talks to a web worker through four messages (SETUP, READY,
 * QUERY, RESULT). This worker takes the place of Material's lunr worker: it loads the
 * Pagefind bundle that the playbook plugin writes to <site>/pagefind/, so a visitor
 * downloads a small entry file and only the index chunks a query needs, instead of the
 * whole index. Pagefind keeps one index per page language; pages in scripts written
 * without spaces (Japanese, Chinese, Thai) get their own, merged here, so one box finds
 * words in every script.
 *
 * Each RESULT names the query it answers (`query`, beside the theme's `data`), so that
 * whoever listens (the tests) knows which query's results are on screen.
 *
 * Query syntax, on top of words: kind:collateral, type:deck, stage:hot, language:hu,
 * team:sales, role:account-executive
 * narrow the results (the filter bar under the search box writes them for you); the
 * filters' names are those the build lists in search-facets.json (playbook/search.py).
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
/* The site's root: the theme's workers are in assets/javascripts/workers/; in a site that
   `playbook index` made searchable (Zensical's), the browser script starts this one from
   assets/playbook/. */
var base = new URL(/\/assets\/playbook\/[^/]*$/.test(self.location.pathname) ? "../../"
                                                                                : "../../../",
                   self.location.href);
var MAX_RESULTS = 20;
var pagefind = null;
var ready = null;
var latest = 0;  /* the number of the last query received */

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

async function setup() {
  await readFilters();
  var bundle = new URL("pagefind/", base);
  pagefind = await import(new URL("pagefind.js", bundle).href);
  await pagefind.options({ basePath: bundle.pathname, baseUrl: base.pathname, excerptLength: 24 });
  await pagefind.init();
  var entry = await (await fetch(new URL("pagefind-entry.json", bundle))).json();
  var languages = Object.keys(entry.languages || {});
  var top = languages.slice().sort(function (a, b) {
    return entry.languages[b].page_count - entry.languages[a].page_count;
  })[0];
  for (var i = 0; i < languages.length; i++) {
    if (languages[i] === top) continue;
    /* The same bundle, another language: a path Pagefind does not take for its own. */
    await pagefind.mergeIndex(bundle.pathname.replace(/\/pagefind\/$/, "/./pagefind/"),
                              { language: languages[i] });
  }
}

/* Pagefind's excerpts are the page's text with <mark> around matches, and that text is not
   escaped: hub text such as "<img onerror=...>" would become markup. Escape all of it,
   then give back the marks. */
function safeExcerpt(html) {
  return escapeHTML(String(html || "")).replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");
}

function count(html) {
  return (String(html || "").match(/<mark>/g) || []).length;
}

/* The filters a query may name (kind:, stage:, ...), as the build lists them in
   search-facets.json: read at set-up; until then every word is a word. */
var FILTER = null;

async function readFilters() {
  try {
    var facets = await (await fetch(new URL("assets/playbook/search-facets.json", base))).json();
    var names = (facets.filters || []).filter(function (n) { return /^[a-z-]+$/.test(n); });
    FILTER = names.length ? new RegExp("^(" + names.join("|") + "):(.+)$", "i") : null;
  } catch (e) { FILTER = null; /* filters are a convenience: the words still search */ }
}

/* "deck kind:collateral language:hu" -> words and Pagefind filters */
function parse(query) {
  var filters = {}, words = [];
  String(query).split(/\s+/).forEach(function (token) {
    var m = FILTER ? FILTER.exec(token) : null;
    if (m) {
      var key = m[1].toLowerCase();
      (filters[key] = filters[key] || []).push(m[2].replace(/_/g, " "));
    } else if (token) {
      words.push(token.replace(/^[+\-]+|[*~^]+$/g, ""));
    }
  });
  var pf = {};
  Object.keys(filters).forEach(function (k) { pf[k] = { any: filters[k] }; });
  return { text: words.filter(Boolean).join(" "), filters: pf, terms: words };
}

async function search(query) {
  var q = parse(query);
  if (!q.text && !Object.keys(q.filters).length) return { items: [] };
  var response = await pagefind.search(q.text || null, { filters: q.filters });
  /* Each result's text is a fragment to fetch: load the best ones only, so the results of
     a common word arrive as fast as those of a rare one. A fragment that cannot be fetched
     (offline, a page not kept on this device) leaves its result out, and the next ones are
     tried in its place. */
  var found = [], scores = [];
  for (var at = 0; at < response.results.length && found.length < MAX_RESULTS &&
                   at < MAX_RESULTS * 10; at += MAX_RESULTS) {
    var batch = response.results.slice(at, at + MAX_RESULTS);
    var loaded = await Promise.all(batch.map(function (r) {
      return r.data().catch(function () { return null; });
    }));
    loaded.forEach(function (data, i) {
      if (data && found.length < MAX_RESULTS) { found.push(data); scores.push(batch[i].score); }
    });
  }
  var terms = {};
  q.terms.forEach(function (t) { if (t) terms[t] = true; });
  return {
    items: found.map(function (data, i) {
      var meta = data.meta || {};
      var tags = [];
      if (meta.kind) tags.push(escapeHTML(meta.kind));
      if (meta.detail) tags.push(escapeHTML(meta.detail));
      /* (results from a merged index come as /./collateral/...: the same page) */
      var location = data.url.replace(base.pathname, "").replace(/^(\.\/)+/, "");
      /* The section with the most matches gives the excerpt: on a collateral page the
         match may sit in its own-language section, which then reads on its own. */
      var excerpt = data.excerpt, best = count(excerpt);
      (data.sub_results || []).forEach(function (sub) {
        var n = count(sub.excerpt);
        if (n >= best && n > 0) {
          best = n;
          /* the section's excerpt opens with its heading, which the result needs not */
          var head = escapeHTML(sub.title || "") + ".";
          excerpt = sub.excerpt.indexOf(head) === 0 ? sub.excerpt.slice(head.length).trim()
                                                    : sub.excerpt;
        }
      });
      return [{
        location: location,
        /* dir="auto": an Urdu or Hebrew title or excerpt reads right to left */
        title: '<span dir="auto">' + escapeHTML((meta.title || location).replace(/\s*¶$/, "")) + "</span>",
        text: '<span dir="auto">' + safeExcerpt(excerpt) + "</span>",
        tags: tags,
        score: scores[i],
        terms: terms
      }];
    })
  };
}

addEventListener("message", async function (ev) {
  var message = ev.data;
  if (message.type === SETUP) {
    /* The theme starts its worker on every page load; Pagefind (its script, WebAssembly
       and an index per script) loads on the first keystroke instead, so that a page read
       without searching costs neither the download nor the start-up (15 % of a page's
       load in chromium, more on a phone). */
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var q = parse(message.data);
    if (!q.text && !Object.keys(q.filters).length) {  /* (the box opened, or emptied) */
      latest++;
      postMessage({ type: RESULT, data: { items: [] }, query: message.data });
      return;
    }
    ready = ready || setup().catch(function (e) {
      console.error("Playbook search could not start:", e);
    });
    /* Searches run while the next keystrokes arrive, and a short query (more results,
       more fragments to fetch) can end after a longer one: only the latest query answers,
       or the results of "c" could replace those of "checklist" on screen. */
    var mine = ++latest;
    var data;
    try {
      await ready;
      data = await search(message.data);
    } catch (e) {
      console.warn("Playbook search failed for", message.data, e);
      data = { items: [] };
    }
    if (mine === latest) postMessage({ type: RESULT, data: data, query: message.data });
  }
});
