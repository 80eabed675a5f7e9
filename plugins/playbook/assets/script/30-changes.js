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

