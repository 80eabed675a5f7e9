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
