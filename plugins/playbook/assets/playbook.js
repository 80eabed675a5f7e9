/* Playbook Hub: the filters and sortable columns of the collateral library and the plays
   index (kept in the address, to reload or link a view), the task checkboxes of
   onboarding paths, the reader's own role (picked once, it leads from the home page and
   the header to their path, KPIs and collateral), and wide diagrams opened at their
   middle.
   Works offline from a plain static host; without JavaScript the table is still complete.

   Assembled from assets/script/*.js, one feature each, in the order of their names, into
   one closure (the parts share its helpers): edit those, then run
   `python scripts/assemble_script.py`; a test fails while this file differs from them. */
(function () {
  "use strict";

  /* Where this script lives: assets/playbook/ of the site, whatever page loaded it. */
  var ASSETS = document.currentScript ? new URL(".", document.currentScript.src) : null;

  /* Listings (the collateral library, the plays and objections indexes): their filters
     and sortable columns, kept in the address to reload or link a view. */
  function rowData(row) {
    var marker = row.querySelector(".pb-row");
    return marker ? marker.dataset : null;
  }

  /* Whether a row's data (its marker's data-* attributes) matches a control's value:
     every word of the text filter is in its data-text; any other names a value among
     the row's (data-stage="warm hot" matches stage=hot; a checkbox's is 1). No value
     matches every row. */
  function matches(d, name, value) {
    if (!value) return true;
    if (name === "text") {
      return value.split(/\s+/).every(function (w) { return (d.text || "").indexOf(w) >= 0; });
    }
    return (" " + (d[name] || "").toLowerCase() + " ").indexOf(" " + value + " ") >= 0;
  }

  /* A control's value in the address: a checkbox is 1 or absent. */
  function valueOf(c) {
    return c.type === "checkbox" ? (c.checked ? "1" : "") : c.value.trim();
  }

  /* Set each control (its data-filter names its parameter) as the address asks, or to its
     default; a value a select does not offer is ignored. Returns the address's query. */
  function readControls(controls) {
    var query = new URLSearchParams(location.search);
    controls.forEach(function (c) {
      var v = query.get(c.dataset.filter) || "";
      if (c.type === "checkbox") c.checked = v === "1";
      else if (c.tagName !== "SELECT") c.value = v;
      else c.value = Array.prototype.some.call(c.options, function (o) {
        return o.value === v;
      }) ? v : "";
    });
    return query;
  }

  /* Put the controls' values (and what `more` adds) in the address, in place. */
  function writeControls(controls, more) {
    var query = new URLSearchParams(location.search);
    controls.forEach(function (c) {
      if (valueOf(c)) query.set(c.dataset.filter, valueOf(c));
      else query.delete(c.dataset.filter);
    });
    if (more) more(query);
    var search = query.toString();
    try {
      history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") +
        location.hash);
    } catch (e) { /* a page opened from a file: the address stays */ }
    setupAlternates();  /* the other languages' sites open the same view */
  }

  /* A listing's view, the collateral library's or the plays index's: its filters and its
     sort are in the address (collateral/?type=case-study&stale=1&sort=-updated), so that
     a reload shows the same view and a view can be linked: from the home page (a reader's
     collateral by stage, collateral/?audience=rep&stage=hot), a bookmark or a CRM. Each
     parameter is a control's data-filter (text, type, stage, audience, language; stale=1)
     or sort, a column's data-sort ("-" first: descending). A value the page does not
     offer is ignored; other parameters are left alone. The address is replaced, never
     added to the history: Back leaves the page, filtered or not. */
  function setupLibrary(filters) {
    var table = null;
    document.querySelectorAll(".md-typeset table").forEach(function (t) {
      if (!table && t.querySelector(".pb-row")) table = t;
    });
    if (!table || filters.dataset.pbReady) return;
    filters.dataset.pbReady = "1";
    filters.hidden = false;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);  /* in the page's own order */
    var heads = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
    var keys = heads.map(function (th, i) { return th.dataset.sort || String(i + 1); });
    var count = filters.querySelector("[data-count]");
    var empty = document.querySelector("[data-empty]");
    var controls = filters.querySelectorAll("[data-filter]");
    var reset = filters.querySelector("[data-pb-reset-view]");
    var sort = null;  /* { index, asc }, or null: the page's own order */

    /* The view the address asks for; anything not in it is at its default. */
    function read() {
      var query = readControls(controls);
      var s = query.get("sort") || "";
      var index = keys.indexOf(s.replace(/^-/, ""));
      sort = index < 0 ? null : { index: index, asc: s.charAt(0) !== "-" };
    }

    function write() {
      writeControls(controls, function (query) {
        if (sort) query.set("sort", (sort.asc ? "" : "-") + keys[sort.index]);
        else query.delete("sort");
      });
    }

    function filter() {
      var want = {};
      controls.forEach(function (c) { want[c.dataset.filter] = valueOf(c).toLowerCase(); });
      var shown = 0;
      rows.forEach(function (row) {
        var d = rowData(row);
        if (!d) return;
        var ok = Object.keys(want).every(function (name) { return matches(d, name, want[name]); });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) {
        var label = shown === rows.length ? count.dataset.labelAll : count.dataset.labelSome;
        count.textContent = (label || "{shown} of {n} items")
          .replace("{shown}", shown).replace("{n}", rows.length);
      }
      if (empty) empty.hidden = shown !== 0;
      if (reset) reset.disabled = !sort && !Array.prototype.some.call(controls, valueOf);
    }

    /* Sorted from the page's own order, ties kept in it: a view is the same however the
       reader came to it, by clicks or by its address. */
    function order() {
      var sorted = rows;
      if (sort) {
        var index = sort.index, dir = sort.asc ? 1 : -1;
        sorted = rows.map(function (row, i) {
          return { row: row, i: i, text: row.cells[index].textContent.trim().toLowerCase() };
        });
        sorted.sort(function (a, b) {
          if (a.text === b.text) return a.i - b.i;
          if (!a.text) return 1;   /* empty cells last in both directions */
          if (!b.text) return -1;
          return (a.text < b.text ? -1 : 1) * dir;
        });
        sorted = sorted.map(function (x) { return x.row; });
      }
      sorted.forEach(function (row) { body.appendChild(row); });
      heads.forEach(function (th, i) {
        if (sort && sort.index === i) th.setAttribute("aria-sort", sort.asc ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
    }

    controls.forEach(function (c) {
      c.addEventListener(c.tagName === "SELECT" || c.type === "checkbox" ? "change" : "input",
        function () { filter(); write(); });
    });
    /* Each column's name becomes a button (Tab reaches it, Enter or Space sorts); the
       header says how the table is sorted (aria-sort), which a screen reader announces. */
    heads.forEach(function (th, index) {
      th.dataset.pbSort = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pb-sort";
      button.title = (filters.dataset.sortLabel || "{column}").replace("{column}", th.textContent.trim());
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        sort = { index: index, asc: !(sort && sort.index === index && sort.asc) };
        order(); filter(); write();
      });
    });
    if (reset) reset.addEventListener("click", function () {
      controls.forEach(function (c) { if (c.type === "checkbox") c.checked = false; else c.value = ""; });
      sort = null;
      order(); filter(); write();
    });
    var copy = filters.querySelector("[data-pb-copy-view]");
    if (copy) copy.addEventListener("click", function () { copyAddress(copy); });
    read();
    if (sort) order();
    filter();
  }

  /* mike's version selector in another language's site (<version>/hu/): the theme looks
     for the versions beside the language's site, inside the version; they are beside the
     default language's. Drawn as the theme draws its own; each version leads to this page
     in this language, or to the language's home page where that version has no such page. */
  function setupVersions() {
    var meta = document.querySelector('meta[name="playbook-hub"][data-version]');
    var topic = document.querySelector(".md-header__topic");
    if (!meta || !topic || document.querySelector(".md-version")) return;
    var home = new URL(meta.dataset.home || "./", location.href);
    var site = new URL(meta.dataset.site || "./", location.href);
    var lang = site.href.slice(home.href.length);  /* "hu/" */
    var page = location.href.split("#")[0].split("?")[0].slice(site.href.length);
    var root = new URL("../", home);
    fetch(new URL("versions.json", root)).then(function (r) { return r.ok ? r.json() : []; })
      .then(function (versions) {
        versions = (versions || []).filter(function (v) {
          return !(v.properties && v.properties.hidden);
        });
        var mine = meta.dataset.version, current = versions.filter(function (v) {
          return v.version === mine || (v.aliases || []).indexOf(mine) >= 0;
        })[0] || versions[0];
        if (!current) return;
        var box = document.createElement("div");
        box.className = "md-version";
        var button = document.createElement("button");
        button.className = "md-version__current";
        button.setAttribute("aria-label", meta.dataset.versionLabel || "");
        button.textContent = current.title || current.version;
        var list = document.createElement("ul");
        list.className = "md-version__list";
        versions.forEach(function (v) {
          var li = document.createElement("li"), a = document.createElement("a");
          li.className = "md-version__item";
          a.className = "md-version__link";
          a.textContent = v.title || v.version;
          var start = new URL(v.version + "/" + lang, root);
          a.href = new URL(page, start).href;
          a.addEventListener("click", function (ev) {
            ev.preventDefault();
            fetch(a.href, { method: "HEAD" }).then(function (r) {
              location.href = r.ok ? a.href : start.href;
            }, function () { location.href = start.href; });
          });
          li.appendChild(a);
          list.appendChild(li);
        });
        box.appendChild(button);
        box.appendChild(list);
        topic.appendChild(box);
      }).catch(function () { /* no versions.json: no selector, as in the theme */ });
  }

  /* The changes page: only the changes that concern a role (changes/?role=rep, as role
     pages link it), kind by kind. */
  function setupChanges(filters) {
    var select = filters.querySelector("select[data-filter=role]");
    if (!select || filters.dataset.pbReady) return;
    filters.dataset.pbReady = "1";
    filters.hidden = false;
    var empty = document.querySelector("[data-empty]");
    readControls([select]);
    function apply() {
      var want = select.value, shown = 0;
      document.querySelectorAll(".pb-changes-kind").forEach(function (section) {
        var here = 0;
        section.querySelectorAll("li[data-roles]").forEach(function (li) {
          var ok = !want || (" " + li.dataset.roles + " ").indexOf(" " + want + " ") >= 0;
          li.hidden = !ok;
          if (ok) here++;
        });
        section.hidden = !here;
        shown += here;
      });
      if (empty) empty.hidden = shown !== 0;
    }
    select.addEventListener("change", function () {
      apply();
      writeControls([select]);
    });
    apply();
  }

  /* "Copy link to this view": the address, as the filters and sort left it. */
  function copyAddress(button) {
    var status = button.parentNode.querySelector("[role=status]");
    function done() {
      if (!status) return;
      status.textContent = button.dataset.copied || "";
      clearTimeout(button.pbTimer);
      button.pbTimer = setTimeout(function () { status.textContent = ""; }, 4000);
    }
    function fallback() {  /* a plain http host has no navigator.clipboard */
      var area = el("textarea", "", location.href);
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { /* not allowed */ }
      document.body.removeChild(area);
      if (ok) done();
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(location.href).then(done, fallback);
    } else fallback();
  }

  /* What the script keeps in this browser (localStorage) is keyed by hub: its id and the
     address of its default language's site, both named in every page's head. The sites of
     one hub (English at the root, Urdu under ur/) share the reader's role and ticks; two
     hubs on one host, at two base paths, never do. */
  function hubOf() {
    var meta = document.querySelector('meta[name="playbook-hub"]');
    if (!meta || !meta.content) return null;
    var site = new URL(meta.dataset.site || "./", location.href);
    var home = new URL(meta.dataset.home || "./", location.href);
    return { site: site, home: home.pathname, key: meta.content + "@" + home.pathname };
  }
  var HUB = hubOf();

  function read(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function write(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (e) { /* private mode: nothing is kept */ }
  }

  function load(key) {
    try { return JSON.parse(read(key) || "{}") || {}; }
    catch (e) { return {}; }
  }

  function save(key, state) { write(key, JSON.stringify(state)); }

  /* Onboarding paths: task checkboxes whose state stays in this browser, keyed by hub and
     role (the task keys are the same in every language's site), so that a tick follows
     the reader from one language's site to another, and two hubs or two roles never
     share ticks. */

  /* Where earlier versions kept a path's ticks: the path's id, "@", and the base path of
     the language's site the page is in. */
  function oldKey(box, sitePath) {
    return box.dataset.pbPath + "@" + sitePath;
  }

  function pathKey(box) {
    if (!HUB || !box.dataset.pbRole) {
      var path = location.pathname.replace(/onboarding\/[^/]+\/(index\.html)?$/, "")
        .replace(/onboarding\/[^/]+\.html$/, "");
      return oldKey(box, path);
    }
    var key = HUB.key + ":ticks:" + box.dataset.pbRole;
    if (read(key) === null) {
      /* First visit since ticks follow the reader: take over those kept before, the
         default language's site's and this one's, so that nobody loses progress. The old
         entries stay, for an older version of the site published beside this one. */
      var merged = {}, found = false;
      [HUB.home, HUB.site.pathname].forEach(function (sitePath) {
        if (read(oldKey(box, sitePath)) === null) return;
        found = true;
        var old = load(oldKey(box, sitePath));
        Object.keys(old).forEach(function (task) {
          if (!merged[task] || old[task] < merged[task]) merged[task] = old[task];
        });
      });
      if (found) save(key, merged);
    }
    return key;
  }

  /* FNV-1a (32 bits) in hex, as playbook/onboarding.py seals a check's right answer: the
     page can tell a right choice without saying in its text which one it is. */
  function seal(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return ("0000000" + (h >>> 0).toString(16)).slice(-8);
  }

  function isRight(check, value) {
    return value != null && seal(check.dataset.pbCheck + ":" + value) === check.dataset.pbSeal;
  }

  /* A check as the reader left it: their choice, right or wrong, and the explanation. */
  function showCheck(check, value) {
    var verdict = check.querySelector(".pb-check__verdict");
    var why = check.querySelector(".pb-check__explanation");
    var answered = value != null;
    var right = isRight(check, value);
    check.querySelectorAll("label").forEach(function (l) {
      var input = l.querySelector("input");
      input.checked = answered && input.value === String(value);
      l.classList.toggle("pb-check__choice--right", input.checked && right);
      l.classList.toggle("pb-check__choice--wrong", input.checked && !right);
    });
    check.classList.toggle("pb-check--right", answered && right);
    check.classList.toggle("pb-check--wrong", answered && !right);
    verdict.hidden = !answered;
    verdict.textContent = !answered ? "" : right ? verdict.dataset.right : verdict.dataset.wrong;
    if (why) why.hidden = !answered;
  }

  function setupPath(box) {
    if (box.dataset.pbReady) return;
    box.dataset.pbReady = "1";
    box.hidden = false;
    var key = pathKey(box);
    var state = load(key);
    var tasks = document.querySelectorAll("input[data-pb-task]");
    var checks = document.querySelectorAll("fieldset[data-pb-check]");
    var modules = document.querySelectorAll(".pb-module");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-pb-progress-text]");

    var label = text.dataset.label || "{done} of {total} tasks done";
    var weeks = document.querySelectorAll(".pb-week-progress[data-pb-week]");
    function update() {
      var done = 0, perWeek = {};
      function count(week, isDone) {
        var w = perWeek[week] = perWeek[week] || [0, 0];
        w[1]++;
        if (isDone) { done++; w[0]++; }
      }
      tasks.forEach(function (t) { count(t.dataset.pbWeek, t.checked); });
      /* a check counts as a task, done once answered right */
      checks.forEach(function (c) {
        count(c.dataset.pbWeek, isRight(c, answer(c)));
      });
      var total = tasks.length + checks.length;
      bar.value = done;
      bar.max = total;
      text.textContent = label.replace("{done}", done).replace("{total}", total);
      /* a module is done when its tasks are ticked and its checks answered right */
      modules.forEach(function (m) {
        var own = m.querySelectorAll("input[data-pb-task], fieldset[data-pb-check]");
        m.classList.toggle("pb-module--done", own.length > 0 &&
          Array.prototype.every.call(own, function (x) {
            return x.tagName === "INPUT" ? x.checked
              : isRight(x, answer(x));
          }));
      });
      /* and each week's, beside its hours */
      weeks.forEach(function (el) {
        var w = perWeek[el.dataset.pbWeek];
        el.hidden = !w;
        if (!w) return;
        el.textContent = " · " + label.replace("{done}", w[0]).replace("{total}", w[1]);
        el.classList.toggle("pb-week-progress--done", w[0] === w[1]);
      });
    }
    /* Ticks follow the content: each is kept with the version of what was ticked (the
       task's subject: a collateral item, a play...), its place in its module and its
       words. A tick of another version, or whose words are not the task's any more, is
       shown unticked, as changed, with what changed, until the reader ticks it again.
       Ticks kept before versions were (a time alone) count as of this version. */
    var current = {};
    tasks.forEach(function (t) { current[t.dataset.pbTask] = true; });
    checks.forEach(function (c) { current["check:" + c.dataset.pbCheck] = true; });
    function wordsOf(el) {
      var label = el.tagName === "INPUT" ? el.closest("label") : el.querySelector("legend");
      return label ? label.textContent.trim() : "";
    }
    /* -> [entry or null, changed?, earlier words] for the task or check `el` kept as `name` */
    function kept(el, name) {
      var version = el.dataset.pbVersion || "", slot = el.dataset.pbSlot, words = wordsOf(el);
      var entry = state[name];
      if (entry !== undefined && entry !== null) {
        if (typeof entry !== "object") entry = state[name] = { t: entry, v: version };
        return [entry, entry.v !== version, entry.x && entry.x !== words ? entry.x : ""];
      }
      if (!slot) return [null, false, ""];
      var earlier = Object.keys(state).filter(function (k) {
        var e = state[k];
        return !current[k] && e && typeof e === "object" && e.s === slot;
      })[0];
      if (!earlier) return [null, false, ""];
      var e = state[earlier];
      delete state[earlier];
      state[name] = e;
      /* the same words under another key (a translation was added): the same task */
      if (e.x === words) { e.v = version; return [e, false, ""]; }
      e.v = "\u0000";  /* changed until ticked again */
      return [e, true, e.x || ""];
    }
    /* the note beside a task or check: changed since the reader's tick, and its words then */
    function note(el, changed, before) {
      var item = el.closest("li, fieldset"), box = item.querySelector("[data-pb-changed]");
      if (!box) return;
      box.hidden = !changed;
      item.classList.toggle("pb-is-changed", changed);
      var was = box.querySelector("[data-pb-was]");
      was.hidden = !(changed && before);
      was.querySelector("[data-pb-was-text]").textContent = changed && before ? before : "";
    }
    function remember(el, name, fields) {
      fields.v = el.dataset.pbVersion || "";
      if (el.dataset.pbSlot) fields.s = el.dataset.pbSlot;
      fields.x = wordsOf(el);
      state[name] = fields;
    }
    tasks.forEach(function (t) {
      var name = t.dataset.pbTask, found = kept(t, name);
      t.checked = !!found[0] && !found[1];
      note(t, found[1], found[2]);
      t.addEventListener("change", function () {
        if (t.checked) remember(t, name, { t: Date.now() });
        else delete state[name];
        note(t, false);
        save(key, state);
        update();
      });
    });
    /* an answer is kept as {a: choice, v, s, x}; before versions, as the choice alone */
    function answer(c) {
      var e = state["check:" + c.dataset.pbCheck];
      if (!e) return null;
      if (typeof e !== "object") return e;
      return e.v === (c.dataset.pbVersion || "") ? e.a : null;
    }
    checks.forEach(function (c) {
      var name = "check:" + c.dataset.pbCheck, found = kept(c, name);
      if (found[0] && found[0].a === undefined && !found[1]) {
        state[name] = { a: found[0].t, v: found[0].v };  /* upgraded from a choice alone */
      }
      note(c, found[1], found[2]);
      showCheck(c, answer(c));
      c.addEventListener("change", function (ev) {
        remember(c, name, { a: ev.target.value });
        note(c, false);
        save(key, state);
        showCheck(c, answer(c));
        update();
      });
    });
    save(key, state);
    box.querySelector("[data-pb-reset]").addEventListener("click", function () {
      if (!window.confirm(text.dataset.confirm || "Untick every task of this path?")) return;
      state = {};
      save(key, state);
      tasks.forEach(function (t) { t.checked = false; note(t, false); });
      checks.forEach(function (c) { showCheck(c, null); note(c, false); });
      update();
    });
    box.querySelector("[data-pb-print]").addEventListener("click", function () { window.print(); });
    update();
  }

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

  /* The language switcher: every language site has the same pages at the same paths, so
     each language's link leads to this page in that language, not to its home page, and
     to the same view of a listing (its query: ids, the same in every language). */
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
      a.href = new URL(path + location.search, a.dataset.pbSite).href;
    });
  }

  /* The reader's role, picked once (on its role page, or on the home page) and kept per
     hub: the home page of every language's site then leads to its path, KPIs and
     collateral, and the header to its path. Titles, links and words come from the
     roles.json of the language's site, written from the playbook and the catalogs. */

  var ROLES = null;

  function rolesData() {
    if (!ROLES) {
      ROLES = !ASSETS ? Promise.resolve(null) :
        fetch(new URL("roles.json", ASSETS)).then(function (r) { return r.ok ? r.json() : null; })
          .catch(function () { return null; });
    }
    return ROLES;
  }

  function roleKey() { return HUB ? HUB.key + ":role" : null; }

  function myRole() { return HUB ? read(roleKey()) : null; }

  /* For the other scripts of the site (offline.js keeps the reader's role): the role. */
  window.PlaybookHub = { role: myRole };

  /* Keep ``id`` (null: none) as the reader's role; settles once the page shows it. */
  function setMyRole(id) {
    write(roleKey(), id);
    return showRole();
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function link(text, href, className) {
    var a = el("a", className, text);
    a.href = new URL(href, HUB.site).href;
    return a;
  }

  var PATH_ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M18 15a3 3 0 0 1 3 3 3 3 0 0 1-3 3 2.99 2.99 0 0 1-2.83-2H14v-2h1.17c.41-1.17 ' +
    '1.52-2 2.83-2m0 2a1 1 0 0 0-1 1 1 1 0 0 0 1 1 1 1 0 0 0 1-1 1 1 0 0 0-1-1m0-9a1.43 1.43 ' +
    '0 0 0 1.43-1.43 1.43 1.43 0 1 0-2.86 0A1.43 1.43 0 0 0 18 8m0-5.43a4 4 0 0 1 4 4C22 9.56 ' +
    '18 14 18 14s-4-4.44-4-7.43a4 4 0 0 1 4-4M8.83 17H10v2H8.83A2.99 2.99 0 0 1 6 21a3 3 0 0 ' +
    '1-3-3c0-1.31.83-2.42 2-2.83V14h2v1.17c.85.3 1.53.98 1.83 1.83M6 17a1 1 0 0 0-1 1 1 1 0 0 ' +
    '0 1 1 1 1 0 0 0 1-1 1 1 0 0 0-1-1M6 3a3 3 0 0 1 3 3c0 1.31-.83 2.42-2 2.83V10H5V8.83A2.99 ' +
    '2.99 0 0 1 3 6a3 3 0 0 1 3-3m0 2a1 1 0 0 0-1 1 1 1 0 0 0 1 1 1 1 0 0 0 1-1 1 1 0 0 0-1-1m5 ' +
    '14v-2h2v2zm-4-6H5v-2h2z"/></svg>';

  function here() { return location.href.split("#")[0].split("?")[0]; }

  /* The header: a link to the reader's path in this language's site, beside the title. */
  function showHeader(data, id) {
    var inner = document.querySelector(".md-header__inner");
    if (!inner) return;
    var a = inner.querySelector(".pb-header-path");
    var role = id && data && data.roles[id];
    if (!role) {
      if (a) a.parentNode.removeChild(a);
      return;
    }
    if (!a) {
      a = el("a", "pb-header-path");
      a.innerHTML = PATH_ICON;
      a.appendChild(el("span", "pb-header-path__label"));
      var title = inner.querySelector(".md-header__title");
      inner.insertBefore(a, title ? title.nextSibling : null);
    }
    a.href = new URL(role.path, HUB.site).href;
    a.lastChild.textContent = data.words.header;
    var label = data.words.header_title.replace("{role}", role.title);
    a.title = label;
    a.setAttribute("aria-label", label);
    if (a.href === here()) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }

  /* The home page of each language's site: "Start here" with the roles to pick from, or,
     once one is picked, where its path, KPIs and collateral are. Put at the top of the
     hub's own home page, under its title. */
  function showStart(data, id) {
    var article = document.querySelector("article.md-content__inner");
    if (!article || !data || (here() !== HUB.site.href && here() !== HUB.site.href + "index.html"))
      return;
    var box = article.querySelector(".pb-start");
    if (!box) {
      box = el("section", "pb-start");
      box.setAttribute("data-pagefind-ignore", "");
      var h1 = article.querySelector("h1");
      if (h1 && h1.parentNode === article) article.insertBefore(box, h1.nextSibling);
      else article.insertBefore(box, article.firstChild);
    }
    var words = data.words, role = id && data.roles[id];
    var choosing = !role || box.dataset.choosing === "1";
    box.textContent = "";
    box.classList.toggle("pb-start--picked", !choosing);
    var title = el("p", "pb-start__title");
    title.id = "pb-start-title";
    box.setAttribute("aria-labelledby", title.id);
    box.appendChild(title);
    if (choosing) {
      title.textContent = words.start;
      box.appendChild(el("p", "pb-start__help", words.start_help));
      var teams = el("div", "pb-start__teams");
      data.teams.forEach(function (team) {
        var row = el("div", "pb-start__team");
        row.setAttribute("role", "group");
        var name = el("span", "pb-start__team-name", team[0]);
        name.id = "pb-start-team-" + teams.children.length;
        row.setAttribute("aria-labelledby", name.id);
        row.appendChild(name);
        var members = el("div", "pb-start__roles");
        row.appendChild(members);
        team[1].forEach(function (rid) {
          var r = data.roles[rid];
          if (!r) return;
          var b = el("button", "pb-start__role", r.title);
          b.type = "button";
          b.dataset.pbRole = rid;
          b.setAttribute("aria-pressed", String(rid === id));
          b.addEventListener("click", function () {
            delete box.dataset.choosing;
            setMyRole(rid).then(function () {
              var next = box.querySelector(".pb-start__path");
              if (next) next.focus();
            });
          });
          members.appendChild(b);
        });
        teams.appendChild(row);
      });
      box.appendChild(teams);
      return;
    }
    title.appendChild(document.createTextNode(words.your_role + " "));
    title.appendChild(link(role.title, role.page, "pb-start__role-name"));
    var change = el("button", "pb-link-button pb-start__change", words.change);
    change.type = "button";
    change.addEventListener("click", function () {
      box.dataset.choosing = "1";
      showRole().then(function () {
        var pressed = box.querySelector(".pb-start__role[aria-pressed=true]");
        if (pressed) pressed.focus();
      });
    });
    title.appendChild(document.createTextNode(" "));
    title.appendChild(change);
    var go = link(words.path, role.path, "md-button md-button--primary pb-start__path");
    var actions = el("p", "pb-start__actions");
    actions.appendChild(go);
    box.appendChild(actions);
    var facts = el("dl", "pb-start__facts");
    function fact(term, links) {
      if (!links.length) return;
      facts.appendChild(el("dt", "", term));
      var dd = el("dd");
      links.forEach(function (l) {
        var a = link(l[0], l[1], "pb-start__link");
        if (l.length > 2) a.appendChild(el("span", "pb-start__count", String(l[2])));
        dd.appendChild(a);
        dd.appendChild(document.createTextNode(" "));
      });
      facts.appendChild(dd);
    }
    fact(words.kpis, role.kpis);
    fact(words.collateral, role.library[2] ? role.collateral.concat([role.library]) : []);
    if (facts.children.length) box.appendChild(facts);
  }

  /* A role page: "This is my role", or, when it is, a mark, its path and a way to change. */
  function showRolePage(id) {
    document.querySelectorAll("[data-pb-my-role]").forEach(function (box) {
      if (!HUB) return;
      var mine = box.dataset.pbMyRole === id;
      var pick = box.querySelector("[data-pb-pick]");
      var picked = box.querySelector("[data-pb-picked]");
      if (!box.dataset.pbReady) {
        box.dataset.pbReady = "1";
        pick.addEventListener("click", function () {
          setMyRole(box.dataset.pbMyRole);
          var a = picked.querySelector("a");
          if (a) a.focus();
        });
        box.querySelector("[data-pb-unpick]").addEventListener("click", function () {
          setMyRole(null);
          pick.focus();
        });
      }
      box.hidden = false;
      pick.hidden = mine;
      picked.hidden = !mine;
    });
  }

  function showRole() {
    if (!HUB) return Promise.resolve();
    var id = myRole();
    showRolePage(id);
    return rolesData().then(function (data) {
      if (!data) return;
      if (id && !data.roles[id]) id = null;  /* a role the hub no longer has */
      showHeader(data, id);
      showStart(data, id);
    });
  }

  /* Another tab picked or changed the role: follow it. */
  window.addEventListener("storage", function (e) {
    if (e.key === roleKey()) showRole();
  });


  /* A table wider than the screen scrolls in its own box (the theme's scrollwrap): a reader
     on the keyboard can scroll it only if the box takes the focus (axe:
     scrollable-region-focusable), and the box is named by the heading it comes under. Only
     while the table is wider than its box: elsewhere it would be a stop that does nothing. */
  function setupScrollRegions() {
    var boxes = document.querySelectorAll("article .md-typeset__scrollwrap");
    function heading(box) {
      for (var e = box.previousElementSibling; e; e = e.previousElementSibling) {
        if (/^H[1-6]$/.test(e.tagName)) return e;
      }
      return null;
    }
    function update(box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        var h = heading(box);
        if (h) {
          box.setAttribute("role", "region");
          if (h.id) box.setAttribute("aria-labelledby", h.id);
          else box.setAttribute("aria-label", h.textContent.trim());
        }
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        ["tabindex", "role", "aria-labelledby", "aria-label"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    }
    boxes.forEach(update);
    if (boxes.length && window.ResizeObserver) {
      var resized = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { update(entry.target); });
      });
      boxes.forEach(function (box) { resized.observe(box); });
    }
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
    setupScrollRegions();
    setupAlternates();
    setupSearchFilters();
    setupOwnSearch();
    document.querySelectorAll("[data-pb-library]").forEach(setupLibrary);
    document.querySelectorAll("[data-pb-changes]").forEach(setupChanges);
    setupVersions();
    document.querySelectorAll("[data-pb-path]").forEach(setupPath);
    document.querySelectorAll("[data-pb-print-page]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });  /* a handbook */
    });
    showRole();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
