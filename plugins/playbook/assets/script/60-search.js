  /* Search: a row of kind filters under the theme's search box. A filter is a word of the
     query (kind:collateral), so it can also be typed, and the results stay the theme's.
     The buttons, the facets and their words come from search-facets.json, written for each
     language's site from the registry of kinds. */
  function setupSearchFilters(input, wrap) {
    input = input || document.querySelector("input.md-search__input");
    wrap = wrap || document.querySelector(".md-search__scrollwrap");
    if (!input || !wrap || wrap.querySelector(".pb-search-filters") || !ASSETS) return;
    var bar = document.createElement("div");
    bar.className = "pb-search-filters";
    bar.setAttribute("role", "group");
    /* Facets: shown once results are narrowed to a kind that has them (search-facets.json). */
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
        var keep = KINDS_FACETS[k[0]] || [];
        var words = input.value.split(/\s+/).filter(function (w) {
          var key = w.split(":")[0].toLowerCase();
          return w && !/^kind:/i.test(w) &&
            (w.indexOf(":") < 0 || !facets.querySelector("[data-facet='" + key + "']") ||
             keep.indexOf(key) >= 0);
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
    /* kind -> the facets its results can be narrowed by (search-facets.json) */
    var KINDS_FACETS = {};
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
        KINDS_FACETS = data.facets || {};
        var keys = [];
        Object.keys(KINDS_FACETS).forEach(function (kind) {
          KINDS_FACETS[kind].forEach(function (key) {
            if (keys.indexOf(key) < 0) keys.push(key);
          });
        });
        keys.forEach(function (key) {
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
      var shown = KINDS_FACETS[active] || [];
      facets.hidden = !shown.length;
      facets.querySelectorAll("select").forEach(function (s) {
        s.hidden = shown.indexOf(s.dataset.facet) < 0;
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

  /* Zensical's search box opens a dialog of its own over its own index of every page's
     text, which `playbook index` leaves empty. In its place, this dialog: the same search
     as in the plugin's Material sites (our worker, answered by Pagefind, which fetches
     only the parts of the index a query needs) with the same filters under the box. Its
     words are the theme's, in the site's language (__config.translations). */
  function setupOwnSearch() {
    var box = document.querySelector('.md-search[data-md-component="search"]');
    var config = document.getElementById("__config");
    if (!ASSETS || !box || !config || document.querySelector("input.md-search__input") ||
        document.getElementById("pb-search")) return;
    var settings;
    try { settings = JSON.parse(config.textContent); } catch (e) { return; }
    var words = settings.translations || {};
    var site = new URL((settings.base || ".") + "/", location.href);
    var dialog = document.createElement("dialog");
    dialog.id = "pb-search";
    dialog.className = "pb-search";
    dialog.setAttribute("aria-label", box.getAttribute("aria-label") || "");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "pb-search__input";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-label", box.getAttribute("aria-label") || "");
    input.placeholder = words["search.result.placeholder"] || "";
    var wrap = document.createElement("div");
    wrap.className = "pb-search__scrollwrap";
    var meta = document.createElement("p");
    meta.className = "pb-search__meta";
    meta.setAttribute("aria-live", "polite");
    var list = document.createElement("ol");
    list.className = "pb-search__results";
    wrap.appendChild(meta);
    wrap.appendChild(list);
    dialog.appendChild(input);
    dialog.appendChild(wrap);
    document.body.appendChild(dialog);
    setupSearchFilters(input, wrap);

    var worker = null, ready = false;
    function query() {
      if (!ready) return;
      if (!input.value.trim()) { list.textContent = ""; meta.textContent = ""; return; }
      worker.postMessage({ type: 2, data: input.value });
    }
    function count(n) {
      var key = n === 0 ? "search.result.none" : n === 1 ? "search.result.one"
                                                         : "search.result.other";
      return (words[key] || "").replace("#", String(n));
    }
    function show(items) {
      list.textContent = "";
      items.forEach(function (group) {
        var item = group[0];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.className = "pb-search__result";
        a.href = new URL(item.location, site).href;
        /* title and text come from our worker, escaped there (text keeps its <mark>s) */
        var title = document.createElement("strong");
        title.innerHTML = item.title;
        a.appendChild(title);
        if (item.tags && item.tags.length) {
          var tags = document.createElement("span");
          tags.className = "pb-search__tags";
          tags.innerHTML = item.tags.join(" · ");
          a.appendChild(tags);
        }
        var text = document.createElement("span");
        text.className = "pb-search__text";
        text.innerHTML = item.text;
        a.appendChild(text);
        li.appendChild(a);
        list.appendChild(li);
      });
      meta.textContent = count(items.length);
    }
    function start() {
      if (worker) return;
      worker = new Worker(new URL("search-worker.js", ASSETS));
      worker.addEventListener("message", function (ev) {
        var m = ev.data || {};
        if (m.type === 1) { ready = true; query(); }
        else if (m.type === 3) show((m.data && m.data.items) || []);
      });
      worker.postMessage({ type: 0 });
    }
    function open() {
      start();
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
    }
    input.addEventListener("input", query);
    input.addEventListener("keydown", function (ev) {
      var first = list.querySelector("a");
      if (ev.key === "Enter" && first) { ev.preventDefault(); first.click(); }
      else if (ev.key === "ArrowDown" && first) { ev.preventDefault(); first.focus(); }
    });
    list.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (at < 0 || (ev.key !== "ArrowDown" && ev.key !== "ArrowUp")) return;
      ev.preventDefault();
      var next = at + (ev.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
    });
    /* a click beside the dialog's box closes it */
    dialog.addEventListener("click", function (ev) { if (ev.target === dialog) dialog.close(); });
    /* Before the theme sees them: a click on its box, and its keys (/, s, f, Ctrl+K). */
    document.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest('.md-search[data-md-component="search"]')) {
        ev.preventDefault();
        ev.stopPropagation();
        open();
      }
    }, true);
    window.addEventListener("keydown", function (ev) {
      var t = ev.target;
      var typing = t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName));
      var key = (ev.ctrlKey || ev.metaKey) && ev.key === "k" ||
                !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey && /^[/sf]$/.test(ev.key);
      if (!key || dialog.open) return;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      open();
    }, true);
  }

