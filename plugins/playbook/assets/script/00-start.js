/* Playbook Hub: the filters and sortable columns of the collateral library and the plays
   index (kept in the address, to reload or link a view), the task checkboxes of
   onboarding paths, the reader's own role (picked once, it leads from the home page and
   the header to their path, KPIs and collateral), and wide diagrams opened at their
   middle.
   Works offline from a plain static host; without JavaScript the table is still complete.

   Assembled from assets/script/*.js, one feature each, in the order of their names, into
   one closure (the parts share its helpers): edit those, then run
   `python scripts/assemble_script.py`; a test fails while this file differs from them. */
(function () {
  "use strict";

  /* Where this script lives: assets/playbook/ of the site, whatever page loaded it. */
  var ASSETS = document.currentScript ? new URL(".", document.currentScript.src) : null;

