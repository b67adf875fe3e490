// Live preview for `serve` only (the local server adds this script to every page it sends; the
// built site never carries it). Waits for the next update of the site, then reloads the page
// if the update changed it, or if it read the open data or the search index and those followed. When an edit could not be built, shows why above the page, which still
// shows the last good site.
(function () {
  "use strict";
  const STATE = "/.urval/state";
  let seen = null;

  function banner(state) {
    let box = document.getElementById("urval-preview-problems");
    if (!state.problems) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "urval-preview-problems";
      box.setAttribute("role", "alert");
      box.className = "urval-preview-problems";
      document.body.prepend(box);
    }
    const title = document.createElement("h2");
    title.textContent = state.words.failed_title;
    const lead = document.createElement("p");
    lead.textContent = state.words.failed_lead;
    const problems = document.createElement("pre");
    problems.textContent = state.problems;
    box.replaceChildren(title, lead, problems);
  }

  function changedHere(changed) {
    return changed === null || changed.includes(location.pathname.replace(/index\.html$/, ""));
  }

  function readsData() {
    return performance.getEntriesByType("resource").some(function (entry) {
      const path = new URL(entry.name).pathname;
      return path.includes("/data/") || path.includes("/pagefind/");
    });
  }

  async function next() {
    const response = await fetch(STATE + "?seen=" + (seen === null ? "" : seen.stamp), { cache: "no-store" });
    const state = await response.json();
    if (seen !== null && !state.problems) {
      if ((state.pages !== seen.pages && changedHere(state.changed)) || (state.data !== seen.data && readsData())) {
        location.reload();
        return false;
      }
    }
    seen = state;
    banner(state);
    return true;
  }

  async function watch() {
    for (;;) {
      try {
        if (!(await next())) return;
      } catch (error) {
        // The server is restarting or gone: try again in a moment.
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  watch();
})();
