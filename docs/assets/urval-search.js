// Starts Pagefind's search interface on the search page and runs the query from ?q=,
// so the search field in every page's header leads straight to results.
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("urval-search");
    if (!element || typeof PagefindUI === "undefined") {
      return;
    }
    var ui = new PagefindUI({
      element: "#urval-search",
      bundlePath: element.getAttribute("data-bundle"),
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      openFilters: ["Avtalsområde", "Län", "Språk"],
      translations: { placeholder: "Sök bland utförarna" },
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
