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

