/* Playbook Hub: the collateral library's filters and sortable columns, the task
   checkboxes of onboarding paths, and wide diagrams opened at their middle.
   Works offline from a plain static host; without JavaScript the table is still complete. */
(function () {
  "use strict";

  /* Where this script lives: assets/playbook/ of the site, whatever page loaded it. */
  var ASSETS = document.currentScript ? new URL(".", document.currentScript.src) : null;

  function rowData(row) {
    var marker = row.querySelector(".pb-row");
    return marker ? marker.dataset : null;
  }

  function setupLibrary(filters) {
    var table = null;
    document.querySelectorAll(".md-typeset table").forEach(function (t) {
      if (!table && t.querySelector(".pb-row")) table = t;
    });
    if (!table || filters.dataset.pbReady) return;
    filters.dataset.pbReady = "1";
    filters.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = filters.querySelector("[data-count]");
    var empty = document.querySelector("[data-empty]");
    var controls = filters.querySelectorAll("[data-filter]");

    function apply() {
      var want = {};
      controls.forEach(function (c) {
        want[c.dataset.filter] = c.type === "checkbox" ? c.checked : c.value.trim().toLowerCase();
      });
      var shown = 0;
      rows.forEach(function (row) {
        var d = rowData(row);
        if (!d) return;
        var ok =
          (!want.text || want.text.split(/\s+/).every(function (w) { return d.text.indexOf(w) >= 0; })) &&
          (!want.type || d.type === want.type) &&
          (!want.stage || (" " + d.stage + " ").indexOf(" " + want.stage + " ") >= 0) &&
          (!want.audience || (" " + d.audience + " ").indexOf(" " + want.audience + " ") >= 0) &&
          (!want.language || d.language === want.language) &&
          (!want.stale || d.stale === "1");
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) {
        var label = shown === rows.length ? count.dataset.labelAll : count.dataset.labelSome;
        count.textContent = (label || "{shown} of {n} items")
          .replace("{shown}", shown).replace("{n}", rows.length);
      }
      if (empty) empty.hidden = shown !== 0;
    }
    controls.forEach(function (c) {
      c.addEventListener(c.tagName === "SELECT" || c.type === "checkbox" ? "change" : "input", apply);
    });
    makeSortable(table);
    apply();
  }

  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      th.dataset.pbSort = "1";
      th.tabIndex = 0;
      th.setAttribute("role", "columnheader");
      th.title = "Sort by " + th.textContent.trim();
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].textContent.trim().toLowerCase();
          var y = b.cells[index].textContent.trim().toLowerCase();
          if (x === y) return 0;
          if (!x) return 1;   /* empty cells last in both directions */
          if (!y) return -1;
          return (x < y ? -1 : 1) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  }

  /* Onboarding paths: task checkboxes whose state stays in this browser (localStorage),
     keyed by hub, site path and role so that two hubs or two roles never share ticks. */

  function storageKey(box) {
    // The site's base path: the page URL up to "onboarding/<role>/".
    var path = location.pathname.replace(/onboarding\/[^/]+\/(index\.html)?$/, "")
      .replace(/onboarding\/[^/]+\.html$/, "");
    return box.dataset.pbPath + "@" + path;
  }

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "{}") || {}; }
    catch (e) { return {}; }
  }

  function save(key, state) {
    try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  function setupPath(box) {
    if (box.dataset.pbReady) return;
    box.dataset.pbReady = "1";
    box.hidden = false;
    var key = storageKey(box);
    var state = load(key);
    var tasks = document.querySelectorAll("input[data-pb-task]");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-pb-progress-text]");

    var label = text.dataset.label || "{done} of {total} tasks done";
    var weeks = document.querySelectorAll(".pb-week-progress[data-pb-week]");
    function update() {
      var done = 0, perWeek = {};
      tasks.forEach(function (t) {
        var w = perWeek[t.dataset.pbWeek] = perWeek[t.dataset.pbWeek] || [0, 0];
        w[1]++;
        if (t.checked) { done++; w[0]++; }
      });
      bar.value = done;
      bar.max = tasks.length;
      text.textContent = label.replace("{done}", done).replace("{total}", tasks.length);
      /* and each week's, beside its hours */
      weeks.forEach(function (el) {
        var w = perWeek[el.dataset.pbWeek];
        el.hidden = !w;
        if (!w) return;
        el.textContent = " · " + label.replace("{done}", w[0]).replace("{total}", w[1]);
        el.classList.toggle("pb-week-progress--done", w[0] === w[1]);
      });
    }
    tasks.forEach(function (t) {
      t.checked = !!state[t.dataset.pbTask];
      t.addEventListener("change", function () {
        if (t.checked) state[t.dataset.pbTask] = Date.now();
        else delete state[t.dataset.pbTask];
        save(key, state);
        update();
      });
    });
    box.querySelector("[data-pb-reset]").addEventListener("click", function () {
      if (!window.confirm(text.dataset.confirm || "Untick every task of this path?")) return;
      state = {};
      save(key, state);
      tasks.forEach(function (t) { t.checked = false; });
      update();
    });
    box.querySelector("[data-pb-print]").addEventListener("click", function () { window.print(); });
    update();
  }

  /* Search: a row of kind filters under the theme's search box. A filter is a word of the
     query (kind:collateral), so it can also be typed, and the results stay the theme's.
     The buttons, the facets and their words come from search-facets.json, written for each
     language's site from the registry of kinds. */
  function setupSearchFilters() {
    var input = document.querySelector("input.md-search__input");
    var wrap = document.querySelector(".md-search__scrollwrap");
    if (!input || !wrap || wrap.querySelector(".pb-search-filters") || !ASSETS) return;
    var bar = document.createElement("div");
    bar.className = "pb-search-filters";
    bar.setAttribute("role", "group");
    /* Collateral facets: shown once results are narrowed to collateral. */
    var facets = document.createElement("div");
    facets.className = "pb-search-facets";
    facets.hidden = true;
    function addButton(k) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "pb-search-filter";
      b.dataset.kind = k[0];
      b.textContent = k[1];
      b.addEventListener("click", function () {
        var words = input.value.split(/\s+/).filter(function (w) {
          return w && !/^kind:/i.test(w);
        });
        if (k[0]) words.push("kind:" + k[0].replace(/ /g, "_"));
        input.value = words.join(" ") + (words.length ? " " : "");
        input.focus();
        input.dispatchEvent(new Event("input", { bubbles: true }));
        mark();
      });
      bar.insertBefore(b, facets);
    }
    bar.appendChild(facets);
    function setWord(key, value) {
      var words = input.value.split(/\s+/).filter(function (w) {
        return w && w.toLowerCase().indexOf(key + ":") !== 0;
      });
      if (value) words.push(key + ":" + value);
      input.value = words.join(" ") + " ";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    fetch(new URL("search-facets.json", ASSETS)).then(function (r) { return r.json(); })
      .then(function (data) {
        var words = data.words || {};
        if (words.group) bar.setAttribute("aria-label", words.group);
        (data.kinds || []).forEach(addButton);
        ["type", "stage", "language"].forEach(function (key) {
          var select = document.createElement("select");
          select.dataset.facet = key;
          select.setAttribute("aria-label", words[key] || key);
          var any = document.createElement("option");
          any.value = "";
          any.textContent = words[key] || "";
          select.appendChild(any);
          (data[key] || []).forEach(function (v) {
            var o = document.createElement("option");
            o.value = v[0];
            o.textContent = v[1];
            select.appendChild(o);
          });
          select.addEventListener("change", function () { setWord(key, select.value); });
          facets.appendChild(select);
        });
        mark();
      }).catch(function () { /* filters are a convenience: typing kind:role still works */ });
    function mark() {
      var m = /(?:^|\s)kind:(\S+)/i.exec(input.value);
      var active = m ? m[1].replace(/_/g, " ").toLowerCase() : "";
      bar.querySelectorAll("button").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.dataset.kind === active));
      });
      facets.hidden = active !== "collateral" || !facets.children.length;
      facets.querySelectorAll("select").forEach(function (s) {
        var w = new RegExp("(?:^|\\s)" + s.dataset.facet + ":(\\S+)", "i").exec(input.value);
        s.value = w ? w[1] : "";
      });
    }
    input.addEventListener("input", mark);
    input.addEventListener("keyup", mark);
    /* The theme queries on keyup only: text that arrives without one (pasted, dictated,
       composed by an input method for Bengali or Japanese) would not be searched. */
    input.addEventListener("input", function () {
      input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
    wrap.insertBefore(bar, wrap.firstChild);
    mark();
  }

  /* The language switcher: every language site has the same pages at the same paths, so
     each language's link leads to this page in that language, not to its home page. */
  function setupAlternates() {
    var config = document.getElementById("__config");
    if (!config) return;
    var base;
    try { base = new URL(JSON.parse(config.textContent).base + "/", location.href); }
    catch (e) { return; }
    var page = location.href.split("#")[0].split("?")[0];
    if (page.indexOf(base.href) !== 0) return;
    var path = page.slice(base.href.length);
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (a) {
      if (a.dataset.pbSite === undefined) {
        a.dataset.pbSite = a.href;
        /* The theme would send the reader to the other site's home page unless a sitemap
           with absolute addresses says the page exists there; here it always does. */
        a.addEventListener("click", function (ev) { ev.stopPropagation(); });
      }
      a.href = new URL(path, a.dataset.pbSite).href;
    });
  }

  /* A diagram wider than its box (drawn at its own size, so that its labels stay
     readable) scrolls in the box; it opens at its middle, where a top-to-bottom chart
     has its root, rather than at one edge. Material puts the drawing in the box later,
     when Mermaid has drawn it: a diagram is centred when it arrives. */
  function centreDiagram(box) {
    function centre() {
      var drawn = box.querySelector(":scope > div.mermaid");
      if (!drawn || box.dataset.pbCentred) return !!drawn;
      box.dataset.pbCentred = "1";
      var extra = drawn.scrollWidth - drawn.clientWidth;
      if (extra > 0) {
        var rtl = getComputedStyle(drawn).direction === "rtl";
        drawn.scrollLeft = (rtl ? -extra : extra) / 2;
      }
      return true;
    }
    if (centre()) return;
    var watch = new MutationObserver(function () { if (centre()) watch.disconnect(); });
    watch.observe(box, { childList: true });
  }

  function init() {
    document.querySelectorAll(".pb-diagram").forEach(centreDiagram);
    setupAlternates();
    setupSearchFilters();
    document.querySelectorAll("[data-pb-library]").forEach(setupLibrary);
    document.querySelectorAll("[data-pb-path]").forEach(setupPath);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
