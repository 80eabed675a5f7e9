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


