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

