// The search page (/sok/): Pagefind's JavaScript API with the site's own markup.
//
// - Filter groups are the fieldsets the template renders (one per area, län, declared criterion
//   and status); values within a group combine with OR ({any: [...]}), groups with AND.
// - Counts per value reflect the words searched and the other groups' choices. They are worked
//   out only while the filter panel is open: counting needs every group's filter chunk, the
//   bulk of the index for a large catalogue, so a search with the panel closed fetches only the
//   chunks of the groups ticked. The panel starts closed unless the URL ticks a filter on a
//   wide screen.
// - With no words, the page browses by filters alone (pagefind.search(null, ...)). Pagefind
//   fetches its whole word index for a search without words, so the starting state (no words,
//   nothing ticked) comes from the small file the build writes from Pagefind's own files
//   (sok/start.json: how many, the first page of the list, every value's count); Pagefind is
//   asked only when the person wants more of that list.
// - A search without words lists its results by name. The order is the build's file of Pagefind
//   ids in name order (sok/namn.json, from Pagefind's own sort, which the build takes out of the
//   metadata every search fetches); it is fetched once, and never for a search with words.
// - The state lives in the URL (?q=…&lan=…&sprak=…); back and forward restore it.
// - Words that name a filter value ("arabiska", "Norrbottens län") become that filter, with a
//   link to search the words as text instead.
// - Pagefind answers a word it does not know with the longest prefix it knows ("arabic" finds
//   "är"); such a word counts as not found here, and a misspelt name gets "Menade du …?" from
//   the build's word list (sok/ord.json), by edit distance; the list is fetched only then, and
//   not when a result is named exactly what was typed.
// Every word shown comes from the template (data-t-* attributes), none from this file.
(function () {
  "use strict";

  var PAGE_SIZE = 20;

  function normal(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function tokens(text) {
    return normal(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // Original words of a text, split as tokens() splits them, so they can be given back.
  function words(text) {
    return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  // Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions),
  // giving up once it exceeds `bound`.
  function distance(a, b, bound) {
    if (Math.abs(a.length - b.length) > bound) {
      return bound + 1;
    }
    var before = null;
    var row = [];
    for (var j = 0; j <= b.length; j++) {
      row.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var next = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
        if (before && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        next.push(value);
        best = Math.min(best, value);
      }
      if (best > bound) {
        return bound + 1;
      }
      before = row;
      row = next;
    }
    return row[b.length];
  }

  function boundFor(length) {
    if (length < 4) {
      return 0;
    }
    return length <= 5 ? 1 : length <= 9 ? 2 : 3;
  }

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) {
      n++;
    }
    return n;
  }

  // Two words name the same thing when equal, or when one begins the other and they differ
  // by an ending of at most two letters ("norrbotten", "norrbottens").
  function sameWord(a, b) {
    if (a === b) {
      return true;
    }
    var shorter = Math.min(a.length, b.length);
    return shorter >= 4 && Math.abs(a.length - b.length) <= 2 && commonPrefix(a, b) === shorter;
  }

  function Search(root) {
    this.root = root;
    this.t = function (key) {
      return root.getAttribute("data-t-" + key) || "";
    };
    this.queryParam = root.getAttribute("data-param-query");
    this.literalParam = root.getAttribute("data-param-literal");
    this.literalValue = root.getAttribute("data-literal-value");
    this.stopWords = new Set(tokens((root.getAttribute("data-stop-words") || "").replace(/\|/g, " ")));
    this.field = root.querySelector(".urval-sok-form input[type=search]");
    this.status = root.querySelector(".urval-sok-status");
    this.note = root.querySelector(".urval-sok-note");
    this.list = root.querySelector(".urval-sok-list");
    this.more = root.querySelector(".urval-sok-more");
    this.panel = root.querySelector(".urval-sok-filters");
    this.chosen = root.querySelector(".urval-sok-chosen");
    this.groups = Array.prototype.map.call(root.querySelectorAll(".urval-sok-group"), function (fieldset) {
      var boxes = Array.prototype.slice.call(fieldset.querySelectorAll("input[type=checkbox]"));
      return {
        element: fieldset,
        filter: fieldset.getAttribute("data-filter"),
        param: fieldset.getAttribute("data-param"),
        legend: fieldset.querySelector("legend").textContent,
        inResult: fieldset.hasAttribute("data-in-result"),
        boxes: boxes,
      };
    });
    this.vocabulary = this.buildVocabulary();
    this.wordList = null;
    this.startState = null;
    this.order = null;
    this.countedFor = null;
    this.generation = 0;
    this.results = [];
    this.titles = [];
    this.searched = null;
    this.shown = 0;
  }

  // Every filter value by the word sequences that name it. Words every value of a group shares
  // ("län") may be left out.
  Search.prototype.buildVocabulary = function () {
    var names = [];
    this.groups.forEach(function (group) {
      var all = group.boxes.map(function (box) {
        return (box.getAttribute("data-terms") || box.getAttribute("data-value")).split("|").map(tokens);
      });
      var shared = null;
      all.forEach(function (terms) {
        var here = new Set(terms[0]);
        shared = shared === null ? here : new Set(Array.from(shared).filter((w) => here.has(w)));
      });
      group.boxes.forEach(function (box, index) {
        all[index].forEach(function (terms) {
          var variants = [terms];
          var required = terms.filter((w) => !(shared && shared.has(w)));
          if (required.length && required.length < terms.length) {
            variants.push(required);
          }
          variants.forEach(function (variant) {
            if (variant.length) {
              names.push({ group: group, box: box, words: variant });
            }
          });
        });
      });
    });
    names.sort((a, b) => b.words.length - a.words.length);
    return names;
  };

  // Which of the query's words name filter values: {boxes, used words, remaining words}.
  Search.prototype.interpret = function (text) {
    var original = words(text);
    var normalised = original.map(normal);
    var found = [];
    var used = [];
    var rest = [];
    var i = 0;
    while (i < normalised.length) {
      var match = null;
      for (var n = 0; n < this.vocabulary.length && !match; n++) {
        var name = this.vocabulary[n];
        var k = name.words.length;
        if (i + k > normalised.length) {
          continue;
        }
        var all = true;
        for (var w = 0; w < k && all; w++) {
          all = sameWord(normalised[i + w], name.words[w]);
        }
        if (all) {
          match = name;
        }
      }
      if (match) {
        found.push(match);
        used.push(original.slice(i, i + match.words.length).join(" "));
        i += match.words.length;
      } else {
        rest.push(original[i]);
        i += 1;
      }
    }
    return { found: found, used: used, rest: rest.join(" ") };
  };

  Search.prototype.stateFromUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var chosen = {};
    this.groups.forEach(function (group) {
      chosen[group.param] = params.getAll(group.param);
    });
    return {
      q: (params.get(this.queryParam) || "").trim(),
      literal: params.get(this.literalParam) === this.literalValue,
      chosen: chosen,
    };
  };

  Search.prototype.url = function (q, literal) {
    var params = new URLSearchParams();
    if (q) {
      params.append(this.queryParam, q);
    }
    if (literal && q) {
      params.append(this.literalParam, this.literalValue);
    }
    this.groups.forEach(function (group) {
      group.boxes.forEach(function (box) {
        if (box.checked) {
          params.append(group.param, box.value);
        }
      });
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  };

  Search.prototype.applyState = function (state) {
    this.field.value = state.q;
    this.literal = state.literal;
    this.groups.forEach(function (group) {
      var values = state.chosen[group.param] || [];
      group.boxes.forEach(function (box) {
        box.checked = values.indexOf(box.value) >= 0;
      });
    });
  };

  // The words typed (or from ?q=): names of filter values become ticked filters, the rest stays.
  Search.prototype.submit = function (text, literal, push) {
    this.clearNote();
    var q = text.trim();
    if (q && !literal) {
      var meaning = this.interpret(q);
      if (meaning.found.length) {
        meaning.found.forEach((name) => (name.box.checked = true));
        this.showInterpretation(q, meaning);
        q = meaning.rest;
      }
    }
    this.field.value = q;
    this.literal = literal;
    var target = this.url(q, literal);
    if (push) {
      window.history.pushState(null, "", target);
    } else {
      window.history.replaceState(null, "", target);
    }
    return this.run();
  };

  Search.prototype.clearNote = function () {
    this.note.textContent = "";
    this.note.hidden = true;
  };

  Search.prototype.addNoteLine = function (build) {
    var line = document.createElement("p");
    build(line);
    this.note.appendChild(line);
    this.note.hidden = false;
  };

  Search.prototype.describe = function (boxes) {
    var self = this;
    return boxes
      .map(function (name) {
        return self.groupOf(name).legend + ": " + name.getAttribute("data-value");
      })
      .join(", ");
  };

  Search.prototype.groupOf = function (box) {
    return this.groups.find((group) => group.boxes.indexOf(box) >= 0);
  };

  Search.prototype.showInterpretation = function (typed, meaning) {
    var self = this;
    var boxes = meaning.found.map((name) => name.box);
    this.addNoteLine(function (line) {
      line.appendChild(
        document.createTextNode(
          fill(self.t("interpreted"), { words: meaning.used.join(", "), filters: self.describe(boxes) }) + " "
        )
      );
      var link = document.createElement("a");
      link.textContent = self.t("literal");
      var params = new URLSearchParams();
      params.append(self.queryParam, typed);
      params.append(self.literalParam, self.literalValue);
      link.href = window.location.pathname + "?" + params.toString();
      link.addEventListener("click", function (event) {
        event.preventDefault();
        boxes.forEach((box) => (box.checked = false));
        self.submit(typed, true, true);
      });
      line.appendChild(link);
    });
  };

  // The filters of the ticked values, except `except`'s. With `every`, a group with nothing
  // ticked takes part too ("none of nothing"): Pagefind counts the values only of the groups a
  // search names, and loads the filter chunk of each group it names.
  Search.prototype.filtersFor = function (except, every) {
    var filters = {};
    this.groups.forEach(function (group) {
      if (group === except) {
        return;
      }
      var values = group.boxes.filter((box) => box.checked).map((box) => box.getAttribute("data-value"));
      if (values.length) {
        filters[group.filter] = { any: values };
      } else if (every) {
        filters[group.filter] = { none: [] };
      }
    });
    return filters;
  };

  Search.prototype.anyTicked = function () {
    return this.groups.some((group) => group.boxes.some((box) => box.checked));
  };

  // The words sent to Pagefind: without the stop words, unless nothing else is left.
  Search.prototype.searchTerm = function (q) {
    var self = this;
    var kept = words(q).filter((w) => !self.stopWords.has(normal(w)));
    var term = (kept.length ? kept : words(q)).join(" ");
    return term || null;
  };

  // Whether Pagefind found every word of `term` itself (or a word it begins, or its stem) in
  // `data`, the first result of the search for them all, and not only a short prefix of one.
  // One result tells for every word: Pagefind lists only pages that hold each word it finds
  // (a word it finds nowhere it leaves out, which counts as not found here), and `locations`
  // holds where in the text each of them is. No search of its own per word, so no page fetched
  // only to check a word.
  Search.prototype.allKnown = function (term, data) {
    var content = data.content.split(/[\r\n\s]+/g);
    var found = [];
    data.locations.forEach((at) => found.push.apply(found, tokens(content[at] || "")));
    return words(term).every(function (word) {
      var target = normal(word);
      var needed = Math.min(target.length, Math.max(3, Math.ceil(target.length * 0.6)));
      return found.some((seen) => commonPrefix(seen, target) >= needed);
    });
  };

  Search.prototype.run = async function () {
    var generation = ++this.generation;
    var q = this.field.value.trim();
    var term = this.searchTerm(q);
    this.status.textContent = this.t("loading");
    this.root.setAttribute("aria-busy", "true");
    var named = this.panel.open;
    var start = term === null && !this.anyTicked() ? await this.loadStart() : null;
    var main = start ? null : await this.pagefind.search(term, { filters: this.filtersFor(null, named) });
    var results = start ? this.startResults(start) : term === null ? await this.byName(main.results) : main.results;
    if (term !== null && results.length && !this.allKnown(term, await results[0].data())) {
      results = [];
    }
    this.searched = { term: term, voided: term !== null && results.length === 0 };
    var counts = this.panel.open ? await this.counts(named ? main : null) : null;
    if (generation !== this.generation) {
      return;
    }
    if (counts) {
      this.showCounts(counts);
    } else {
      this.clearCounts();
    }
    this.results = results;
    this.list.textContent = "";
    this.shown = 0;
    await this.showMore();
    if (generation !== this.generation) {
      return;
    }
    this.announce(q, results.length);
    this.root.removeAttribute("aria-busy");
    this.root.setAttribute("data-ready", String(generation));
    if (q && results.length < 3 && !this.namedExactly(q)) {
      await this.suggest(q);
    }
  };

  // Each group's counts for the last search: its words and every other group's choices, not
  // its own. `main` is that search when it named every group.
  Search.prototype.counts = async function (main) {
    var term = this.searched.term;
    if (term === null && !this.anyTicked()) {
      var start = await this.loadStart();
      if (start) {
        return this.groups.map((group) => start.counts[group.filter] || {});
      }
    }
    var self = this;
    var all = main || (await this.pagefind.search(term, { filters: this.filtersFor(null, true) }));
    return Promise.all(
      this.groups.map(async function (group) {
        if (!group.boxes.some((box) => box.checked)) {
          return all.filters[group.filter] || {};
        }
        var other = await self.pagefind.search(term, { filters: self.filtersFor(group, true) });
        return other.filters[group.filter] || {};
      })
    );
  };

  Search.prototype.showCounts = function (counts) {
    var voided = this.searched.voided;
    this.groups.forEach(function (group, index) {
      var shown = 0;
      group.boxes.forEach(function (box) {
        var count = voided ? 0 : counts[index][box.getAttribute("data-value")] || 0;
        box.nextElementSibling.querySelector(".urval-sok-count").textContent = "(" + count + ")";
        var visible = count > 0 || box.checked;
        box.parentElement.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      group.element.hidden = shown === 0;
    });
    this.countedFor = this.generation;
  };

  // Counts of an earlier search would mislead: until the panel opens, every value, no count.
  Search.prototype.clearCounts = function () {
    this.groups.forEach(function (group) {
      group.boxes.forEach(function (box) {
        box.nextElementSibling.querySelector(".urval-sok-count").textContent = "";
        box.parentElement.hidden = false;
      });
      group.element.hidden = false;
    });
    this.countedFor = null;
  };

  // The panel opened after a search: its counts, unless they are already the last search's.
  Search.prototype.countOnOpen = async function () {
    var generation = this.generation;
    var busy = this.root.hasAttribute("aria-busy"); // the search under way counts at its end
    if (!this.panel.open || !this.searched || busy || this.countedFor === generation) {
      return;
    }
    var counts = await this.counts(null);
    if (generation === this.generation) {
      this.showCounts(counts);
    }
  };

  // The starting state, {total, first: [page data], counts: {filter: {value: count}}}, with
  // each page's address made the site's as Pagefind makes it; null if it cannot be read.
  Search.prototype.loadStart = async function () {
    if (this.startState === null) {
      try {
        var response = await fetch(this.root.getAttribute("data-start"));
        this.startState = response.ok ? await response.json() : false;
        var site = new URL(this.root.getAttribute("data-bundle"), window.location.href).pathname;
        var base = site.replace(/pagefind\/$/, "").replace(/\/$/, "");
        this.startState.first.forEach((data) => (data.url = base + data.url));
      } catch (error) {
        this.startState = false;
      }
    }
    return this.startState || null;
  };

  // The pages' places in name order by their Pagefind id, fetched once (the promise is kept);
  // null if the order cannot be read.
  Search.prototype.loadOrder = function () {
    if (this.order === null) {
      this.order = fetch(this.root.getAttribute("data-order"))
        .then((response) => (response.ok ? response.json() : null))
        .then((ids) => (ids ? new Map(ids.map((id, index) => [id, index])) : null))
        .catch(() => null);
    }
    return this.order;
  };

  // Results of a search without words by name: as Pagefind's own sort lists them, without a
  // page that has no name to sort by. Unsorted if the order cannot be read.
  Search.prototype.byName = async function (results) {
    var place = await this.loadOrder();
    if (!place) {
      return results;
    }
    return results.filter((result) => place.has(result.id)).sort((a, b) => place.get(a.id) - place.get(b.id));
  };

  // The whole list by name, as Pagefind's results: the first page from the starting state, the
  // rest from Pagefind when shown (one search without words for all of them).
  Search.prototype.startResults = function (start) {
    var self = this;
    var everyone = null;
    function later(index) {
      return async function () {
        everyone = everyone || self.pagefind.search(null).then((found) => self.byName(found.results));
        return (await everyone)[index].data();
      };
    }
    return Array.from({ length: start.total }, function (_, index) {
      var known = start.first[index];
      return { data: known ? () => Promise.resolve(known) : later(index) };
    });
  };

  Search.prototype.announce = function (q, n) {
    var boxes = [];
    this.groups.forEach((group) => group.boxes.forEach((box) => box.checked && boxes.push(box)));
    var text = n
      ? fill(this.t(q ? "count-query" : "count"), { n: n, q: q })
      : fill(this.t(q ? "none-query" : "none"), { q: q });
    if (boxes.length) {
      text += " " + fill(this.t("filters-on"), { filters: this.describe(boxes) });
    }
    this.status.textContent = text;
    this.chosen.textContent = boxes.length ? "(" + fill(this.t("chosen"), { n: boxes.length }) + ")" : "";
  };

  // Whether a result shown is named exactly `q`: then no other name is worth proposing.
  Search.prototype.namedExactly = function (q) {
    var typed = tokens(q).join(" ");
    return this.titles.some((title) => tokens(title).join(" ") === typed);
  };

  Search.prototype.showMore = async function () {
    var slice = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    var pages = await Promise.all(slice.map((result) => result.data()));
    var self = this;
    if (!this.shown) {
      this.titles = [];
    }
    pages.forEach(function (data) {
      self.titles.push((data.meta && data.meta.title) || "");
      self.list.appendChild(self.hit(data));
    });
    this.shown += slice.length;
    var left = this.results.length - this.shown;
    this.more.hidden = left <= 0;
    this.more.textContent = fill(this.t("more"), { n: left });
  };

  Search.prototype.hit = function (data) {
    var item = document.createElement("li");
    item.className = "urval-sok-hit";
    var heading = document.createElement("h3");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = this.groups
      .filter((group) => group.inResult && data.filters[group.filter])
      .map((group) => data.filters[group.filter].join(", "));
    if (facts.length) {
      var line = document.createElement("p");
      line.className = "urval-sok-facts";
      line.textContent = facts.join(" · ");
      item.appendChild(line);
    }
    var description = data.meta && data.meta.description;
    if (description) {
      var text = document.createElement("p");
      text.className = "urval-sok-excerpt";
      text.textContent = description;
      item.appendChild(text);
    }
    return item;
  };

  Search.prototype.loadWords = async function () {
    if (this.wordList === null) {
      try {
        var response = await fetch(this.root.getAttribute("data-words"));
        var json = await response.json();
        this.wordList = json.words.map((entry) => ({ text: entry, words: tokens(entry) }));
      } catch (error) {
        this.wordList = [];
      }
    }
    return this.wordList;
  };

  // The closest names to a run of the query's words, each as the whole query with that run
  // replaced; the nearest first, at most three.
  Search.prototype.suggest = async function (q) {
    var list = await this.loadWords();
    var original = words(q);
    var typed = original.map(normal);
    var best = new Map();
    for (var start = 0; start < typed.length; start++) {
      for (var k = 1; k <= 3 && start + k <= typed.length; k++) {
        var run = typed.slice(start, start + k).join(" ");
        var bound = boundFor(run.length);
        if (!bound) {
          continue;
        }
        list.forEach(function (entry) {
          for (var at = 0; at + k <= entry.words.length; at++) {
            var part = entry.words.slice(at, at + k).join(" ");
            var d = distance(run, part, bound);
            // A word typed short: compared with as much of the name, one step further.
            if (d > bound && part.length > run.length) {
              d = distance(run, part.slice(0, run.length), bound) + 1;
            }
            if (d > 0 && d <= bound) {
              var corrected = original
                .slice(0, start)
                .concat([entry.text], original.slice(start + k))
                .join(" ");
              var known = best.get(corrected);
              if (!known || d < known.d) {
                best.set(corrected, { d: d, text: corrected, name: entry.text });
              }
            }
          }
        });
      }
    }
    var chosen = Array.from(best.values())
      .sort((a, b) => a.d - b.d || a.text.localeCompare(b.text, "sv"))
      .slice(0, 3);
    if (!chosen.length) {
      return;
    }
    var self = this;
    this.addNoteLine(function (line) {
      line.className = "urval-sok-suggest";
      line.appendChild(document.createTextNode(self.t("suggest") + " "));
      chosen.forEach(function (suggestion, index) {
        if (index) {
          line.appendChild(document.createTextNode(index === chosen.length - 1 ? " " + self.t("or") + " " : ", "));
        }
        var link = document.createElement("a");
        link.textContent = suggestion.text;
        var params = new URLSearchParams();
        params.append(self.queryParam, suggestion.text);
        link.href = window.location.pathname + "?" + params.toString();
        link.addEventListener("click", function (event) {
          event.preventDefault();
          self.submit(suggestion.text, false, true);
        });
        line.appendChild(link);
      });
      line.appendChild(document.createTextNode("?"));
    });
  };

  Search.prototype.start = async function () {
    var self = this;
    this.root.hidden = false;
    var wide = window.matchMedia(this.t("wide"));
    try {
      this.pagefind = await import(this.root.getAttribute("data-bundle") + "pagefind.js");
      // Pagefind in this page, not in a web worker of its own: the worker is one more script
      // to fetch (12 KB) before the first search can start, and the search itself takes
      // milliseconds here, so the worker bought nothing but a slower first search.
      await this.pagefind.options({ excerptLength: 30, noWorker: true });
    } catch (error) {
      this.status.textContent = this.t("failed");
      return;
    }
    this.root.querySelector(".urval-sok-form").addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit(self.field.value, false, true);
    });
    this.groups.forEach(function (group) {
      group.boxes.forEach(function (box) {
        box.addEventListener("change", function () {
          self.clearNote();
          window.history.pushState(null, "", self.url(self.field.value.trim(), self.literal));
          self.run();
        });
      });
    });
    this.root.querySelector(".urval-sok-clear").addEventListener("click", function () {
      self.groups.forEach((group) => group.boxes.forEach((box) => (box.checked = false)));
      self.clearNote();
      window.history.pushState(null, "", self.url(self.field.value.trim(), self.literal));
      self.run();
    });
    this.more.addEventListener("click", async function () {
      var next = self.list.children.length;
      await self.showMore();
      var link = self.list.children[next] && self.list.children[next].querySelector("a");
      if (link) {
        link.focus();
      }
    });
    window.addEventListener("popstate", function () {
      self.clearNote();
      var state = self.stateFromUrl();
      self.applyState(state);
      self.run();
    });
    var state = this.stateFromUrl();
    this.applyState(state);
    this.panel.open = wide.matches && this.anyTicked();
    this.panel.addEventListener("toggle", function () {
      self.countOnOpen();
    });
    await this.submit(state.q, state.literal, false);
  };

  function start() {
    var root = document.getElementById("urval-search");
    if (root) {
      new Search(root).start();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
