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

