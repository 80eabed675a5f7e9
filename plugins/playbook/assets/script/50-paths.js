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

