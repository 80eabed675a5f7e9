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

