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
