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

