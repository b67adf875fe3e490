/*
 * avrop.js: the call-off page /avrop/ ("Avrop: behov först, sedan pris").
 *
 * Plain ES2020, no build step, no libraries. Loaded by <script src> from the page only; no
 * inline script or event handler anywhere (a Content-Security-Policy may forbid them).
 *
 * DATA   Everything comes from data/avrop.json (the path is in #avrop[data-json]), written by
 *        urval/site/avrop_data.py, whose docstring describes the format: the URL scheme, the
 *        framework's areas and modes, each dimension's vocabulary, and every supplier in
 *        columns, with the periods the model decided (the days each price list is in force,
 *        the start dates each blocking decision covers). Nothing here names a framework, an
 *        area, a vocabulary value, a URL parameter or a kind of sanction; another catalogue or
 *        another scheme works unchanged.
 * WORDS  Every Swedish word comes from the page (data-t-* attributes on #avrop, placeholders
 *        like {n} filled in here; each dimension's name in the list [data-fill=dimension-names])
 *        or from the data (names, the sanctions' labels and reasons).
 *
 * PICKER  Needs and wishes are stated in one editable combobox over every value of every
 *   dimension in the data (see "the picker of needs and wishes" below); each chosen value is an
 *   item with a need/wish select and a remove button. The items are drawn from the request.
 *
 * THE RULE (the same as urval/model/calloff.py; tests/cases/ranking/ is run against both)
 *   For one area and one planned start date, a supplier is LEFT OUT, with every reason that
 *   holds, when: one of its blocks covers the start date (the first of each reason code
 *   counts; the reason's text is the page's data-t-reason-<code>[-until] with the decision's
 *   date and reason); it is not admitted to the area; no price list in force on the start
 *   date (the one whose period holds it) prices the area; or a need is not met. The values of
 *   a grouped dimension marked as needs are one criterion (any of them meets it), likewise as
 *   wishes; every other marked value is a criterion of its own. A value of the priced
 *   dimension (an add-on) is met when the price list in force prices it.
 *   The rest are ordered by wishes met (most first), then total price (lowest first): the
 *   area's price on the start date (for an area priced per mode: the chosen mode, by default
 *   the first) plus, in an area priced per day, each wanted add-on the supplier prices per
 *   day. Per-hour add-ons are shown with their hourly price, not added. Equal wishes and
 *   equal total share a rank (1, 1, 3 …); within it suppliers are listed alphabetically
 *   (å, ä, ö after z), which is stated on the page and is not a ranking.
 *
 * FEW LEFT  When fewer than FEW_RANKED suppliers meet every need, each need is named with how
 *   many suppliers it alone leaves out: the rule is run again with only that need dropped, and
 *   the extra ranked suppliers are counted (they are otherwise callable in the area). Most first;
 *   a button per need makes it a wish (the address, the ranking and the record follow), and the
 *   result summary (#avrop-count) takes focus.
 *
 * FOCUS  After "Visa urval", clearing, or making a need a wish, the result summary (#avrop-count,
 *   tabindex -1, a polite live region with the count) takes focus, so a keyboard or screen-reader
 *   user lands on the outcome. A change of a single control recomputes too, but focus stays on
 *   the control (moving it would throw the user out of the form); the live region announces.
 *
 * URL SCHEME (stable; the scheme in the data, from site_templates/site.yaml; documented for developers on
 *   the open-data page oppna-data/avrop-lankar/): the area, the price mode (areas priced per mode only;
 *   default: the first), the start date (default: today), per dimension "<need word>:" or
 *   "<wish word>:" then codes separated by commas (once per kind; a code marked both ways is
 *   a need; unknown codes are dropped), and two to four suppliers to compare.
 *   Every change pushes a history entry (history.pushState); back and forward restore the
 *   form and the result (popstate). On load the address is rewritten to its canonical form.
 *
 * CALL-OFF RECORD  The record (criteria, data version, ranking with price breakdowns, left-out
 *   list with reasons, every supplier with its organisation number) prints complete (@media print in avrop.css; the left-out <details> is
 *   opened for print) and downloads as CSV (UTF-8 with BOM, semicolon-separated, cells that a
 *   spreadsheet would run as formulas are neutralised like urval/site/export.safe_cell).
 *
 * PERFORMANCE  Each recompute + render is measured as performance.measure("avrop-update");
 *   bench/avrop.py reads those entries. Long lists render the first RENDER_LIMIT rows, with a
 *   "show all" button; printing renders everything.
 */
(function () {
  "use strict";

  const RENDER_LIMIT = 100;
  const COMPARE_MIN = 2;
  const COMPARE_MAX = 4;
  const EDIT_PAUSE_MS = 2000;
  const FEW_RANKED = 3; // fewer ranked than this: the page names the needs that leave suppliers out
  const NBSP = "\u00a0";

  /* ---------------------------------------------------------------- small helpers */

  const $ = (selector, scope) => (scope || document).querySelector(selector);
  const $$ = (selector, scope) => Array.from((scope || document).querySelectorAll(selector));

  /** Create an element: el("td", {className: "x", dataset: {id: "a"}}, "text", childNode …). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key in node) node[key] = value;
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  /** Fill {placeholders} of a page text. */
  function t(key, values) {
    const text = TEXT[key] !== undefined ? TEXT[key] : key;
    return text.replace(/\{(\w+)\}/g, (match, name) => (values && name in values ? String(values[name]) : match));
  }

  /** The key of a page text from parts: ("reason", "not_admitted") -> "reasonNotAdmitted", as
   *  the data-t-reason-not-admitted attribute reads in dataset (after the "t"). */
  function textKey(...parts) {
    return parts.join("_").replace(/[_-]([a-z])/g, (match, letter) => letter.toUpperCase());
  }

  /** Swedish alphabetical key (å, ä, ö after z), the same as urval.calloff.name_key. */
  function nameKey(name) {
    return name.toLowerCase().replace(/[åäæöø]/g, (c) => ({ å: "{", ä: "|", æ: "|", ö: "}", ø: "}" })[c]);
  }

  function kronor(amount) {
    return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP) + NBSP + TEXT.kr;
  }

  function longDate(iso) {
    const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
    return `${day} ${MONTHS[month - 1]} ${year}`;
  }

  function isoDate(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  function validDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text || "")) return "";
    const date = new Date(text + "T00:00:00");
    return !Number.isNaN(date.getTime()) && isoDate(date) === text ? text : "";
  }

  function unitPer(unit) {
    return unit === "hour" ? UNITS.hour : UNITS.day;
  }

  /* ---------------------------------------------------------------- page words */

  let TEXT = {};
  let MONTHS = [];
  let UNITS = {};
  const LABELS = {}; // dimension key -> its Swedish name (the page's list of dimension names)

  function readWords(root) {
    const data = root.dataset;
    for (const [key, value] of Object.entries(data)) {
      if (/^t[A-Z]/.test(key)) TEXT[key[1].toLowerCase() + key.slice(2)] = value;
    }
    MONTHS = data.months.split(",");
    UNITS = { day: data.unitDay, hour: data.unitHour };
    for (const item of $$("[data-fill=dimension-names] [data-dimension]", root)) {
      LABELS[item.dataset.dimension] = item.textContent;
    }
  }

  /* ---------------------------------------------------------------- the data */

  /** data/avrop.json decoded once into objects, so that every recompute is a few set look-ups
   *  and string comparisons per supplier. */
  function prepare(json) {
    const scheme = json.scheme;
    const vocab = {};
    const names = {};
    for (const dim of scheme.dimensions) {
      vocab[dim.key] = json.vocabularies[dim.key].map(([code, name, unit]) => ({ code, name, unit }));
      names[dim.key] = new Map(vocab[dim.key].map((v) => [v.code, v]));
    }
    const areas = new Map(json.areas.map((a) => [a.code, a]));
    const priced = scheme.dimensions.find((dim) => dim.priced) || null;
    const suppliers = json.suppliers.id.map((id, index) => prepareSupplier(json, index));
    return { json, scheme, kinds: Object.keys(scheme.kinds), vocab, names, areas, priced, suppliers };
  }

  function prepareSupplier(json, index) {
    const columns = json.suppliers;
    const day = (n) => (n === null ? null : json.days[n]);
    const holds = {};
    for (const [key, lists] of Object.entries(columns.held)) {
      holds[key] = new Set(lists[index].map((n) => json.vocabularies[key][n][0]));
    }
    const name = columns.name[index];
    return {
      id: columns.id[index],
      name,
      sortKey: nameKey(name),
      orgNumber: columns.org_number[index],
      followUps: columns.follow_ups[index],
      areas: new Set(columns.areas[index].map((n) => json.areas[n].code)),
      holds,
      prices: preparePrices(json, index, day),
      blocks: columns.blocks[index].map(([code, first, last, date, reason]) => ({
        code,
        first: day(first),
        last: day(last),
        date: day(date),
        reason,
      })),
      sanctions: columns.sanctions[index].map(([kind, date]) => ({ label: json.sanction_kinds[kind][1], date: day(date) })),
    };
  }

  /** A supplier's price lists as {first, last, areas: {code: amount | {mode: amount}}, addons:
   *  {code: amount}}: one column per price slot, amounts after a list as changes (avrop_data.py). */
  function preparePrices(json, index, day) {
    const lists = json.suppliers.price_periods[index].map(([first, last]) => ({
      first: day(first),
      last: day(last),
      areas: {},
      addons: {},
    }));
    json.price_slots.forEach(([kind, code, mode], slot) => {
      let previous = null;
      json.suppliers.prices[slot][index].forEach((entry, n) => {
        const amount = entry === null || previous === null ? entry : previous + entry;
        previous = amount;
        if (amount === null) return;
        const list = lists[n];
        if (kind !== "area") list.addons[code] = amount;
        else if (mode === undefined) list.areas[code] = amount;
        else list.areas[code] = Object.assign(list.areas[code] || {}, { [mode]: amount });
      });
    });
    return lists;
  }

  /* ---------------------------------------------------------------- the rule */

  /** Whether a period the model decided (first and last day both included, null: open) holds `day`. */
  function holds(first, last, day) {
    return (first === null || first <= day) && (last === null || day <= last);
  }

  function priceListOn(supplier, day) {
    return supplier.prices.find((list) => holds(list.first, list.last, day)) || null;
  }

  /** The blocks that cover `day`: the first of each reason code. */
  function blocksOn(supplier, day) {
    const found = [];
    for (const block of supplier.blocks) {
      if (holds(block.first, block.last, day) && !found.some((b) => b.code === block.code)) found.push(block);
    }
    return found;
  }

  function chosenMode(area, mode) {
    const modes = area.modes.map((m) => m.code);
    if (!modes.length) return "";
    return modes.includes(mode) ? mode : modes[0];
  }

  function areaAmount(prices, areaCode, mode) {
    const price = prices ? prices.areas[areaCode] : undefined;
    if (price === undefined || price === null) return null;
    if (typeof price === "number") return price;
    return price[mode] === undefined ? null : price[mode];
  }

  function meets(supplier, criterion, prices) {
    if (criterion.priced) return prices !== null && criterion.values.some((v) => prices.addons[v] !== undefined);
    const held = supplier.holds[criterion.dimension];
    return criterion.values.some((value) => held.has(value));
  }

  function makeCriterion(dim, kind, entries) {
    return {
      dimension: dim.key,
      priced: dim.priced,
      kind,
      values: entries.map((e) => e.code),
      token: `${dim.key}:${entries.map((e) => e.code).join(",")}`,
      label: t("criterion", { dimension: LABELS[dim.key], values: entries.map((e) => e.name).join(` ${TEXT.or} `) }),
    };
  }

  /** The needs or wishes of a request, in the scheme's and the vocabularies' order. */
  function criteria(data, request, kind) {
    const found = [];
    for (const dim of data.scheme.dimensions) {
      const marked = data.vocab[dim.key].filter((v) => request.marks[dim.key].get(v.code) === kind);
      if (!marked.length) continue;
      if (dim.grouped) found.push(makeCriterion(dim, kind, marked));
      else for (const value of marked) found.push(makeCriterion(dim, kind, [value]));
    }
    return found;
  }

  function reasonsFor(supplier, area, request, mode, needs) {
    const reasons = blocksOn(supplier, request.start).map((block) => ({ code: block.code, block }));
    const prices = priceListOn(supplier, request.start);
    if (!supplier.areas.has(area.code)) reasons.push({ code: "not_admitted" });
    else if (areaAmount(prices, area.code, mode) === null) reasons.push({ code: "no_price" });
    for (const need of needs) if (!meets(supplier, need, prices)) reasons.push({ code: "need", criterion: need });
    return { reasons, prices };
  }

  function priceLines(data, prices, area, mode, wanted) {
    const amount = areaAmount(prices, area.code, mode);
    const lines = [{ code: area.code, unit: area.unit, amount, mode, inTotal: true }];
    for (const code of wanted) {
      const amount = prices.addons[code];
      if (amount === undefined) continue;
      const unit = data.names[data.priced.key].get(code).unit;
      lines.push({ code, unit, amount, mode: "", inTotal: area.unit === "day" && unit === "day" });
    }
    return lines;
  }

  function byFitThenPrice(a, b) {
    return b.wishesMet.length - a.wishesMet.length || a.total - b.total;
  }

  /** Alphabetical (Swedish key); equal keys keep the catalogue's order (the sort is stable). */
  function byName(a, b) {
    const x = a.supplier.sortKey;
    const y = b.supplier.sortKey;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** Ranks with honest ties: equal fit and price share a rank, listed alphabetically. */
  function rank(candidates) {
    candidates.sort((a, b) => byFitThenPrice(a, b) || byName(a, b));
    let start = 0;
    while (start < candidates.length) {
      let end = start + 1;
      while (end < candidates.length && byFitThenPrice(candidates[start], candidates[end]) === 0) end += 1;
      for (let i = start; i < end; i += 1) {
        candidates[i].rank = start + 1;
        candidates[i].tied = end - start > 1;
      }
      start = end;
    }
    return candidates;
  }

  /** Apply the rule to every supplier: {area, mode, needs, wishes, ranked, leftOut}. */
  function evaluate(data, request) {
    const area = data.areas.get(request.area);
    const mode = chosenMode(area, request.mode);
    const needs = criteria(data, request, "need");
    const wishes = criteria(data, request, "wish");
    const priced = data.priced ? data.priced.key : null;
    const wanted = priced ? data.vocab[priced].filter((a) => request.marks[priced].has(a.code)).map((a) => a.code) : [];
    const candidates = [];
    const leftOut = [];
    for (const supplier of data.suppliers) {
      const { reasons, prices } = reasonsFor(supplier, area, request, mode, needs);
      if (reasons.length || prices === null) {
        leftOut.push({ supplier, reasons });
        continue;
      }
      const lines = priceLines(data, prices, area, mode, wanted);
      const total = lines.reduce((sum, line) => sum + (line.inTotal ? line.amount : 0), 0);
      const wishesMet = wishes.filter((w) => meets(supplier, w, prices));
      candidates.push({ supplier, lines, total, wishesMet, rank: 0, tied: false });
    }
    leftOut.sort(byName);
    return { area, mode, needs, wishes, ranked: rank(candidates), leftOut };
  }

  /** A request with one need no longer a need: its values dropped ("without") or made wishes. */
  function copiedMarks(marks) {
    const copy = {};
    for (const [key, map] of Object.entries(marks)) copy[key] = new Map(map);
    return copy;
  }

  function withoutNeed(request, need, kind) {
    const marks = copiedMarks(request.marks);
    for (const value of need.values) {
      if (kind) marks[need.dimension].set(value, kind);
      else marks[need.dimension].delete(value);
    }
    return Object.assign({}, request, { marks });
  }

  /** When fewer than FEW_RANKED suppliers meet every need: each need with how many suppliers it
   *  alone leaves out (those the rule would rank if only that need were dropped), most first. */
  function relaxations(data, request, result) {
    if (result.ranked.length >= FEW_RANKED) return [];
    const found = result.needs.map((need, order) => {
      const other = evaluate(data, withoutNeed(request, need, ""));
      return { need, order, count: other.ranked.length - result.ranked.length };
    });
    return found.sort((a, b) => b.count - a.count || a.order - b.order);
  }

  /* ---------------------------------------------------------------- the address */

  function emptyMarks(data) {
    const marks = {};
    for (const dim of data.scheme.dimensions) marks[dim.key] = new Map();
    return marks;
  }

  function parseMark(data, text) {
    const colon = text.indexOf(":");
    const word = colon < 0 ? "" : text.slice(0, colon);
    const kind = data.kinds.find((k) => data.scheme.kinds[k] === word);
    return kind ? { kind, values: text.slice(colon + 1).split(",").filter(Boolean) } : null;
  }

  /** Read a request from a query string; unknown areas, modes and codes are dropped. */
  function readQuery(data, search) {
    const param = data.scheme.params;
    const params = new URLSearchParams(search);
    const areaCode = params.get(param.area) || "";
    const area = data.areas.get(areaCode);
    const marks = emptyMarks(data);
    for (const dim of data.scheme.dimensions) {
      const entries = params.getAll(dim.param).map((text) => parseMark(data, text)).filter(Boolean);
      for (const kind of data.kinds) {
        for (const entry of entries.filter((e) => e.kind === kind)) {
          for (const code of entry.values) {
            if (data.names[dim.key].has(code) && !marks[dim.key].has(code)) marks[dim.key].set(code, kind);
          }
        }
      }
    }
    return {
      area: area ? areaCode : "",
      mode: area ? chosenMode(area, params.get(param.mode) || "") : "",
      start: validDate(params.get(param.start)) || isoDate(new Date()),
      marks,
      compare: (params.get(param.compare) || "").split(",").filter(Boolean).slice(0, COMPARE_MAX),
    };
  }

  function encode(value) {
    return encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%2C/gi, ",");
  }

  /** The canonical query string of a request (without "?"). */
  function writeQuery(data, request) {
    const param = data.scheme.params;
    const pairs = [];
    if (request.area) pairs.push([param.area, request.area]);
    const area = data.areas.get(request.area);
    if (area && area.modes.length) pairs.push([param.mode, chosenMode(area, request.mode)]);
    pairs.push([param.start, request.start]);
    for (const dim of data.scheme.dimensions) {
      for (const kind of data.kinds) {
        const codes = data.vocab[dim.key].filter((v) => request.marks[dim.key].get(v.code) === kind).map((v) => v.code);
        if (codes.length) pairs.push([dim.param, `${data.scheme.kinds[kind]}:${codes.join(",")}`]);
      }
    }
    if (request.compare.length) pairs.push([param.compare, request.compare.join(",")]);
    return pairs.map(([key, value]) => `${key}=${encode(value)}`).join("&");
  }

  function pageUrl(query) {
    return `${location.origin}${location.pathname}?${query}`;
  }

  /* ---------------------------------------------------------------- the form */

  function radio(name, value, label) {
    const id = `avrop-${name}-${value}`;
    return el(
      "div",
      { className: "avrop-radio" },
      el("input", { type: "radio", name, value, id }),
      el("label", { htmlFor: id }, label)
    );
  }

  function buildForm(data, form) {
    $("[data-fill=areas]", form).replaceChildren(
      ...data.json.areas.map((a) => radio(data.scheme.params.area, a.code, `${a.code}: ${a.name}`))
    );
    PICKER.options = pickerOptions(data);
  }

  function buildModes(data, form, request) {
    const area = data.areas.get(request.area);
    const fieldset = $("#avrop-modes", form);
    const modes = area ? area.modes : [];
    fieldset.hidden = modes.length === 0;
    const name = data.scheme.params.mode;
    $("[data-fill=modes]", form).replaceChildren(...modes.map((m) => radio(name, m.code, m.name)));
    for (const input of $$(`input[name=${name}]`, form)) input.checked = input.value === request.mode;
  }

  function readForm(form, previous) {
    const checked = (name) => {
      const input = $(`input[name=${name}]:checked`, form);
      return input ? input.value : "";
    };
    const param = STATE.data.scheme.params;
    const area = checked(param.area);
    const marks = emptyMarks(STATE.data);
    for (const select of $$("select[data-dimension]", form)) {
      if (select.value) marks[select.dataset.dimension].set(select.dataset.value, select.value);
    }
    const sameArea = area === previous.area;
    const areaInfo = STATE.data.areas.get(area);
    return {
      area,
      mode: areaInfo ? chosenMode(areaInfo, sameArea ? checked(param.mode) : "") : "",
      start: validDate($("#avrop-start", form).value) || previous.start,
      marks,
      compare: previous.compare,
    };
  }

  function writeForm(data, form, request) {
    const name = data.scheme.params.area;
    for (const input of $$(`input[name=${name}]`, form)) input.checked = input.value === request.area;
    buildModes(data, form, request);
    $("#avrop-start", form).value = request.start;
    renderChosen(data, request);
  }

  /* ---------------------------------------------------------------- the picker of needs and wishes */

  /* An editable combobox with a listbox popup (WAI-ARIA Authoring Practices, list autocomplete
   * with automatic selection): typing filters every value of every dimension, grouped by
   * dimension; the first match is active, so Enter chooses it; arrow keys move; Escape closes,
   * or clears the text when closed. Focus stays in the input (aria-activedescendant). A chosen
   * value becomes a need, shown in the list of chosen items above the input, each with a select
   * (need or wish) and a button that removes it. The request stays the one source: choosing and
   * removing change STATE.request and redraw the chosen items from it. */

  const PICKER = { options: [], shown: [], active: -1 };

  /** Lowercase without diacritics, so "pals" finds "Pälsallergi" on any keyboard. */
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function optionName(entry) {
    return entry.unit ? `${entry.name} (${unitPer(entry.unit)})` : entry.name;
  }

  function pickerOptions(data) {
    const options = [];
    for (const dim of data.scheme.dimensions) {
      for (const entry of data.vocab[dim.key]) {
        const label = t("criterion", { dimension: LABELS[dim.key], values: entry.name });
        options.push({
          id: `avrop-option-${options.length}`,
          dimension: dim.key,
          code: entry.code,
          name: optionName(entry),
          label,
          words: folded(`${LABELS[dim.key]} ${optionName(entry)}`),
        });
      }
    }
    return options;
  }

  function matching(query) {
    const words = folded(query).split(/\s+/).filter(Boolean);
    const marks = STATE.request.marks;
    return PICKER.options.filter(
      (option) => !marks[option.dimension].has(option.code) && words.every((word) => option.words.includes(word))
    );
  }

  function optionNode(option) {
    return el(
      "div",
      {
        id: option.id,
        role: "option",
        className: "avrop-picker-option",
        "aria-selected": "false",
        "aria-label": option.label,
        dataset: { dimension: option.dimension, value: option.code },
      },
      option.name
    );
  }

  /** The options grouped by dimension, each group named. */
  function optionGroups(options) {
    const groups = [];
    for (const option of options) {
      let group = groups[groups.length - 1];
      if (!group || group.dimension !== option.dimension) {
        group = { dimension: option.dimension, options: [] };
        groups.push(group);
      }
      group.options.push(option);
    }
    return groups.map((group) =>
      el(
        "div",
        { role: "group", className: "avrop-picker-group", "aria-label": LABELS[group.dimension] },
        el("div", { className: "avrop-picker-group-name", "aria-hidden": "true" }, LABELS[group.dimension]),
        group.options.map(optionNode)
      )
    );
  }

  function pickerInput() {
    return $("#avrop-picker", STATE.form);
  }

  function announce(text) {
    $("#avrop-picker-status").textContent = text;
  }

  function openPicker(options, active) {
    const input = pickerInput();
    const list = $("#avrop-picker-list");
    PICKER.shown = options;
    list.replaceChildren(...optionGroups(options));
    list.hidden = options.length === 0;
    input.setAttribute("aria-expanded", String(options.length > 0));
    setActive(options.length ? active : -1);
    if (options.length) announce(t("options", { n: options.length }));
    else announce(t("noOptions", { query: input.value.trim() }));
  }

  function closePicker() {
    const input = pickerInput();
    $("#avrop-picker-list").hidden = true;
    $("#avrop-picker-list").replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    PICKER.shown = [];
    PICKER.active = -1;
  }

  function isOpen() {
    return pickerInput().getAttribute("aria-expanded") === "true";
  }

  function setActive(index) {
    const input = pickerInput();
    const previous = PICKER.shown[PICKER.active];
    if (previous) document.getElementById(previous.id).setAttribute("aria-selected", "false");
    PICKER.active = index;
    const option = PICKER.shown[index];
    if (!option) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    const node = document.getElementById(option.id);
    node.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", option.id);
    node.scrollIntoView({ block: "nearest" });
  }

  function moveActive(step) {
    if (!isOpen()) {
      openPicker(matching(pickerInput().value), step > 0 ? 0 : -1);
      if (step < 0) setActive(PICKER.shown.length - 1);
      return;
    }
    const count = PICKER.shown.length;
    setActive((PICKER.active + step + count) % count);
  }

  function choose(option) {
    const marks = copiedMarks(STATE.request.marks);
    marks[option.dimension].set(option.code, "need");
    STATE.request = Object.assign({}, STATE.request, { marks });
    pickerInput().value = "";
    closePicker();
    renderChosen(STATE.data, STATE.request);
    update(true);
    announce(t("added", { criterion: option.label }));
  }

  function onPickerInput() {
    const query = pickerInput().value;
    if (query.trim()) openPicker(matching(query), 0);
    else closePicker();
  }

  const PICKER_KEYS = {
    ArrowDown: () => moveActive(1),
    ArrowUp: () => moveActive(-1),
    Enter: () => choose(PICKER.shown[PICKER.active]),
    Escape: () => (isOpen() ? closePicker() : (pickerInput().value = "")),
  };

  function onPickerKey(event) {
    const handle = PICKER_KEYS[event.key];
    if (!handle || event.altKey || event.ctrlKey || event.metaKey) return;
    // Enter with nothing active submits the form (Visa urval), as in any text field.
    if (event.key === "Enter" && !(isOpen() && PICKER.shown[PICKER.active])) return;
    event.preventDefault();
    handle();
  }

  function onOptionClick(event) {
    const node = event.target.closest("[role=option]");
    const option = node && PICKER.shown.find((o) => o.id === node.id);
    if (option) choose(option);
  }

  /* ---------------------------------------------------------------- the chosen needs and wishes */

  function chosenItem(dim, entry, kind) {
    const label = t("criterion", { dimension: LABELS[dim.key], values: entry.name });
    const id = `avrop-kind-${dim.key}-${entry.code}`;
    const select = el(
      "select",
      { id, dataset: { dimension: dim.key, value: entry.code } },
      el("option", { value: "need" }, TEXT.need),
      el("option", { value: "wish" }, TEXT.wish)
    );
    select.value = kind;
    return el(
      "li",
      { className: "avrop-chosen-item", dataset: { kind, dimension: dim.key, value: entry.code } },
      el("span", { className: "avrop-chosen-name" }, label),
      el("label", { htmlFor: id, className: "avrop-visually-hidden" }, t("kindOf", { criterion: label })),
      select,
      el(
        "button",
        { type: "button", className: "avrop-remove", dataset: { remove: dim.key, value: entry.code } },
        TEXT.remove,
        el("span", { className: "avrop-visually-hidden" }, ` ${entry.name}`)
      )
    );
  }

  /** The chosen items, in the scheme's and the vocabularies' order (the address's order). */
  function renderChosen(data, request) {
    const items = [];
    for (const dim of data.scheme.dimensions) {
      for (const entry of data.vocab[dim.key]) {
        const kind = request.marks[dim.key].get(entry.code);
        if (kind) items.push(chosenItem(dim, entry, kind));
      }
    }
    const list = $("#avrop-chosen");
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
  }

  function onRemove(event) {
    const button = event.target.closest("button[data-remove]");
    if (!button) return;
    const { remove: dimension, value } = button.dataset;
    const marks = copiedMarks(STATE.request.marks);
    marks[dimension].delete(value);
    STATE.request = Object.assign({}, STATE.request, { marks });
    renderChosen(STATE.data, STATE.request);
    update(true);
    const entry = STATE.data.names[dimension].get(value);
    announce(t("removed", { criterion: t("criterion", { dimension: LABELS[dimension], values: entry.name }) }));
    pickerInput().focus();
  }

  /* ---------------------------------------------------------------- rendering */

  function areaLabel(area) {
    return `${area.code}: ${area.name}`;
  }

  function modeName(area, mode) {
    const found = area.modes.find((m) => m.code === mode);
    return found ? found.name : "";
  }

  function lineText(result, line, plain) {
    const amount = plain ? `${line.amount} ${TEXT.kr}` : kronor(line.amount);
    let name = line.code;
    if (line.code === result.area.code) {
      if (line.mode) name = `${line.code}, ${modeName(result.area, line.mode)}`;
    } else {
      name = STATE.data.names.addon.get(line.code).name;
    }
    const text = `${name}: ${amount} ${unitPer(line.unit)}`;
    return line.inTotal ? text : `${text} (${TEXT.notInTotal})`;
  }

  function totalText(result, candidate) {
    const mode = result.mode ? ` (${modeName(result.area, result.mode)})` : "";
    const text = `${kronor(candidate.total)} ${unitPer(result.area.unit)}${mode}`;
    const summed = candidate.lines.filter((line) => line.inTotal).length;
    return summed > 1 ? `${TEXT.total}: ${text}` : text;
  }

  function priceCell(result, candidate) {
    const cell = el("td", { className: "avrop-price" }, el("strong", {}, totalText(result, candidate)));
    if (candidate.lines.length > 1) {
      cell.append(el("ul", {}, candidate.lines.map((line) => el("li", {}, lineText(result, line, false)))));
    }
    return cell;
  }

  function wishesCell(result, candidate) {
    if (!result.wishes.length) return el("td", {}, TEXT.noWishes);
    const count = t("wishesOf", { k: candidate.wishesMet.length, n: result.wishes.length });
    const met = candidate.wishesMet;
    const list = met.length ? el("ul", {}, met.map((w) => el("li", {}, w.label))) : null;
    return el("td", {}, count, list);
  }

  function rankText(candidate) {
    return candidate.tied ? `${candidate.rank} (${TEXT.tied})` : String(candidate.rank);
  }

  function profileLink(supplier) {
    return el("a", { href: `${STATE.profiles}${encodeURIComponent(supplier.id)}/` }, supplier.name);
  }

  /** The supplier's name linked to its profile, with its organisation number (the record's). */
  function supplierCell(supplier) {
    const org = supplier.orgNumber ? el("span", { className: "avrop-org" }, t("orgNumber", { org: supplier.orgNumber })) : null;
    return el("th", { scope: "row" }, profileLink(supplier), org ? " " : null, org);
  }

  function compareBox(candidate, compare) {
    const id = `avrop-compare-${candidate.supplier.id}`;
    const checked = compare.includes(candidate.supplier.id);
    return el(
      "td",
      { className: "avrop-compare-cell" },
      el("input", { type: "checkbox", id, value: candidate.supplier.id, checked, dataset: { compare: "" } }),
      el(
        "label",
        { htmlFor: id, className: "avrop-visually-hidden" },
        t("compareOne", { name: candidate.supplier.name })
      )
    );
  }

  /** Each cell carries its column's heading (data-label), which a phone shows in the card. */
  function labelled(table, row) {
    const heads = $$("thead th", table).map((th) => th.textContent);
    Array.from(row.cells).forEach((cell, n) => {
      if (heads[n]) cell.dataset.label = heads[n];
    });
    return row;
  }

  function rankingRow(result, candidate, compare) {
    const row = el(
      "tr",
      { dataset: { id: candidate.supplier.id, rank: String(candidate.rank), tied: String(candidate.tied) } },
      el("td", { className: "avrop-rank" }, rankText(candidate)),
      supplierCell(candidate.supplier),
      wishesCell(result, candidate),
      priceCell(result, candidate),
      compareBox(candidate, compare)
    );
    return labelled($("#avrop-ranking"), row);
  }

  /** The page's text for a reason: data-t-reason-<code>, or data-t-reason-<code>-until for a
   *  block with a last day when the page has that text. */
  function reasonText(result, request, reason) {
    const key = textKey("reason", reason.code);
    const block = reason.block;
    if (block) {
      const values = { date: longDate(block.date), reason: block.reason };
      if (block.last === null || TEXT[textKey(key, "until")] === undefined) return t(key, values);
      return t(textKey(key, "until"), Object.assign(values, { until: longDate(block.last) }));
    }
    if (reason.criterion) return t(key, { criterion: reason.criterion.label });
    return t(key, { area: result.area.code, date: longDate(request.start) });
  }

  function reasonToken(reason) {
    return reason.criterion ? `need:${reason.criterion.token}` : reason.code;
  }

  function leftOutRow(result, request, item) {
    const row = el(
      "tr",
      { dataset: { id: item.supplier.id, reasons: item.reasons.map(reasonToken).join(" ") } },
      supplierCell(item.supplier),
      el("td", {}, el("ul", {}, item.reasons.map((r) => el("li", {}, reasonText(result, request, r)))))
    );
    return labelled($("#avrop-left-out table"), row);
  }

  function renderRows(tbody, more, items, makeRow) {
    const shown = STATE.showAll ? items : items.slice(0, RENDER_LIMIT);
    tbody.replaceChildren(...shown.map(makeRow));
    more.hidden = shown.length === items.length;
    $("button", more).textContent = t("showAll", { n: items.length });
  }

  function criteriaList(list) {
    return list.length ? el("ul", {}, list.map((c) => el("li", {}, c.label))) : TEXT.nothing;
  }

  function dataVersion(json) {
    return t("dataVersion", {
      as_of: longDate(json.as_of),
      built: longDate(json.built),
      version: json.version || TEXT.unknownVersion,
    });
  }

  function renderRecord(result, request, query) {
    const now = new Date();
    const time = `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
    const put = (key, ...content) => $(`[data-record=${key}]`).replaceChildren(...content);
    put("area", areaLabel(result.area));
    const modeShown = Boolean(result.mode);
    $("[data-record=mode]").hidden = !modeShown;
    $("[data-record-label=mode]").hidden = !modeShown;
    put("mode", modeShown ? modeName(result.area, result.mode) : "");
    put("start", longDate(request.start));
    put("needs", criteriaList(result.needs));
    put("wishes", criteriaList(result.wishes));
    put("created", t("created", { date: longDate(isoDate(now)), time }));
    put("version", dataVersion(STATE.data.json));
    const url = pageUrl(query);
    put("link", el("a", { href: url }, url));
  }

  /** The date input shows the browser's own format (ISO in Swedish, 06/01/2025 in an English
   *  browser); the words beside it are the site's, the same as the record's. */
  function renderStart(request) {
    $("#avrop-start-said").textContent = t("startSaid", { date: longDate(request.start) });
  }

  function renderWarning(request) {
    const period = STATE.data.json.period;
    const outside = request.start < period.start || request.start > period.end;
    const warning = $("#avrop-warning");
    warning.hidden = !outside;
    const dates = { start: longDate(period.start), end: longDate(period.end) };
    warning.textContent = outside ? t("outsidePeriod", dates) : "";
  }

  function renderCount(result) {
    const values = { n: result ? result.ranked.length : 0, m: result ? result.leftOut.length : 0 };
    let text = TEXT.chooseArea;
    if (result) text = result.ranked.length ? t("count", values) : t("countNone", values);
    $("#avrop-count").textContent = text;
  }

  function renderRelax(result, request) {
    const found = relaxations(STATE.data, request, result);
    const box = $("#avrop-relax");
    box.hidden = found.length === 0;
    $("#avrop-relax-list").replaceChildren(
      ...found.map((item) =>
        el(
          "li",
          { dataset: { need: item.need.token, count: String(item.count) } },
          el("span", {}, t("relaxItem", { criterion: item.need.label, n: item.count })),
          " ",
          el(
            "button",
            { type: "button", className: "md-button", dataset: { relax: item.need.token } },
            t("relaxButton", { criterion: item.need.label, n: item.count })
          )
        )
      )
    );
  }

  /* ---------------------------------------------------------------- compare */

  function namesOf(dimension, codes) {
    const names = codes.map((code) => STATE.data.names[dimension].get(code)).filter(Boolean).map((v) => v.name);
    return names.length ? names.join(", ") : TEXT.nothing;
  }

  function sanctionsOf(supplier) {
    const list = supplier.sanctions.map((s) => t("sanction", { kind: s.label, date: longDate(s.date) }));
    return list.length ? list.join(", ") : TEXT.nothing;
  }

  /** One cell of the comparison: a row of the page's table (data-row), for one candidate. */
  function compareValue(result, row, candidate) {
    const supplier = candidate.supplier;
    if (row in supplier.holds) return namesOf(row, Array.from(supplier.holds[row]));
    switch (row) {
      case "rank":
        return rankText(candidate);
      case "price":
        return Array.from(priceCell(result, candidate).childNodes);
      case "wishes":
        return Array.from(wishesCell(result, candidate).childNodes);
      case "status":
        return STATUS_AVAILABLE;
      case "areas":
        return Array.from(supplier.areas, (code) => STATE.data.areas.get(code))
          .map((a) => `${a.code} ${a.short_name}`)
          .join(", ");
      case "follow_ups":
        return t("followUps", { n: supplier.followUps });
      case "sanctions":
        return sanctionsOf(supplier);
      default:
        return "";
    }
  }

  function comparedCandidates(result, request) {
    if (!result) return [];
    const byId = new Map(result.ranked.map((c) => [c.supplier.id, c]));
    return request.compare.map((id) => byId.get(id)).filter(Boolean);
  }

  function renderCompare(result, request) {
    const chosen = comparedCandidates(result, request);
    const table = $("#avrop-compare-table");
    const ready = chosen.length >= COMPARE_MIN;
    table.hidden = !ready;
    $("#avrop-compare-hint").hidden = ready;
    const full = chosen.length >= COMPARE_MAX;
    const max = $("#avrop-compare-max");
    max.hidden = !full;
    max.textContent = full ? TEXT.compareMax : "";
    for (const box of $$("input[data-compare]")) box.disabled = full && !box.checked;
    const headRow = $("thead tr", table);
    const heads = chosen.map((c) => el("th", { scope: "col" }, profileLink(c.supplier)));
    headRow.replaceChildren(headRow.cells[0], ...heads);
    for (const tr of $$("tbody tr", table)) {
      tr.replaceChildren(tr.cells[0], ...chosen.map((c) => el("td", {}, compareValue(result, tr.dataset.row, c))));
    }
  }

  /* ---------------------------------------------------------------- the whole view */

  function render() {
    const { result, request } = STATE;
    const query = writeQuery(STATE.data, request);
    renderCount(result);
    renderStart(request);
    renderWarning(request);
    $("#avrop-output").hidden = !result;
    if (!result) return;
    renderRecord(result, request, query);
    $("#avrop-tie-note").hidden = !result.ranked.some((c) => c.tied);
    renderRows($("#avrop-ranking tbody"), $("#avrop-more"), result.ranked, (c) =>
      rankingRow(result, c, request.compare)
    );
    renderRows($("#avrop-left-out tbody"), $("#avrop-more-left-out"), result.leftOut, (item) =>
      leftOutRow(result, request, item)
    );
    $("#avrop-left-out-count").textContent = String(result.leftOut.length);
    renderRelax(result, request);
    renderCompare(result, request);
  }

  /** Recompute and render, measured for the benchmark ("avrop-update"; "avrop-update-frame" adds
   *  the style and layout until the next frame); then record the state in the address. */
  function update(push) {
    const start = performance.now();
    STATE.result = STATE.request.area ? evaluate(STATE.data, STATE.request) : null;
    STATE.request.compare = comparedCandidates(STATE.result, STATE.request).map((c) => c.supplier.id);
    render();
    performance.measure("avrop-update", { start, end: performance.now() });
    const afterFrame = () => performance.measure("avrop-update-frame", { start, end: performance.now() });
    requestAnimationFrame(() => setTimeout(afterFrame));
    STATE.root.dataset.updates = String(Number(STATE.root.dataset.updates || 0) + 1);
    const query = writeQuery(STATE.data, STATE.request);
    if (`?${query}` !== location.search) {
      history[push ? "pushState" : "replaceState"](null, "", `?${query}`);
    }
  }

  /* ---------------------------------------------------------------- CSV */

  /** Like urval/export.safe_cell: text a spreadsheet would run as a formula gets a leading '. */
  function safeCell(value) {
    const text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?[0-9][0-9 ()-]*$/.test(text)) return `'${text}`;
    return text;
  }

  // Semicolons between cells: what Excel expects in Swedish, where the comma is the decimal sign.
  function csvLine(cells) {
    return cells
      .map(safeCell)
      .map((cell) => (/[";\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
      .join(";");
  }

  function recordLines() {
    const { result, request, data } = STATE;
    const query = writeQuery(data, request);
    const text = (key) => $(`[data-record=${key}]`).textContent;
    const label = (key) => $(`[data-record=${key}]`).previousElementSibling.textContent;
    const lines = [[$(".avrop-record-title").textContent]];
    for (const key of ["area", "mode", "start"]) if (key !== "mode" || result.mode) lines.push([label(key), text(key)]);
    lines.push([label("needs"), result.needs.map((c) => c.label).join("; ") || TEXT.nothing]);
    lines.push([label("wishes"), result.wishes.map((c) => c.label).join("; ") || TEXT.nothing]);
    lines.push([label("created"), text("created")], [label("version"), dataVersion(data.json)]);
    lines.push([label("link"), pageUrl(query)]);
    return lines;
  }

  function buildCsv() {
    const { result, request } = STATE;
    const lines = recordLines();
    lines.push([], TEXT.csvRanking.split("|"));
    for (const c of result.ranked) {
      lines.push([
        c.rank,
        c.tied ? TEXT.yes : TEXT.no,
        c.supplier.name,
        c.supplier.orgNumber,
        c.wishesMet.length,
        c.wishesMet.map((w) => w.label).join("; "),
        c.lines.map((line) => lineText(result, line, true)).join("; "),
        c.total,
        unitPer(result.area.unit),
        new URL(`${STATE.profiles}${c.supplier.id}/`, location.href).href,
      ]);
    }
    lines.push([], TEXT.csvLeftOut.split("|"));
    for (const item of result.leftOut) {
      const reasons = item.reasons.map((r) => reasonText(result, request, r)).join("; ");
      lines.push([item.supplier.name, item.supplier.orgNumber, reasons]);
    }
    return "\ufeff" + lines.map(csvLine).join("\r\n") + "\r\n";
  }

  /** The link gets a fresh Blob URL just before the browser follows it. */
  function onCsvClick(event) {
    const link = event.currentTarget;
    if (!STATE.result) {
      event.preventDefault();
      return;
    }
    if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([buildCsv()], { type: "text/csv;charset=utf-8" }));
    link.download = `avropsunderlag-${STATE.request.area}-${STATE.request.start}.csv`;
  }

  /* ---------------------------------------------------------------- print */

  let openBeforePrint = null;

  function beforePrint() {
    if (openBeforePrint !== null) return;
    const details = $("#avrop-left-out");
    openBeforePrint = details.open;
    details.open = true;
    if (!STATE.showAll && STATE.result) {
      STATE.showAll = true;
      render();
    }
  }

  function afterPrint() {
    if (openBeforePrint === null) return;
    $("#avrop-left-out").open = openBeforePrint;
    openBeforePrint = null;
  }

  /* ---------------------------------------------------------------- events */

  /** Typing a date changes the value once per keystroke; one history entry is enough for that. */
  function isRepeatEdit(target) {
    const now = Date.now();
    const last = STATE.lastEdit;
    STATE.lastEdit = { target, time: now };
    return target.type === "date" && last.target === target && now - last.time < EDIT_PAUSE_MS;
  }

  function onFormChange(event) {
    if (event.target === pickerInput()) return; // its text is a search, not a criterion
    const item = event.target.closest(".avrop-chosen-item");
    if (item) item.dataset.kind = event.target.value;
    const form = STATE.form;
    const previous = STATE.request;
    STATE.request = readForm(form, previous);
    if (STATE.request.area !== previous.area) buildModes(STATE.data, form, STATE.request);
    update(!isRepeatEdit(event.target));
  }

  function onCompareChange(event) {
    const box = event.target;
    if (!box.matches("input[data-compare]")) return;
    const ids = STATE.request.compare.filter((id) => id !== box.value);
    if (box.checked && ids.length < COMPARE_MAX) ids.push(box.value);
    box.checked = ids.includes(box.value);
    STATE.request = Object.assign({}, STATE.request, { compare: ids });
    renderCompare(STATE.result, STATE.request);
    history.pushState(null, "", `?${writeQuery(STATE.data, STATE.request)}`);
    renderRecord(STATE.result, STATE.request, writeQuery(STATE.data, STATE.request));
  }

  function onPopState() {
    STATE.request = readQuery(STATE.data, location.search);
    writeForm(STATE.data, STATE.form, STATE.request);
    update(false);
  }

  function onClear() {
    STATE.request = Object.assign({}, STATE.request, { marks: emptyMarks(STATE.data) });
    renderChosen(STATE.data, STATE.request);
    update(true);
    focusSummary();
  }

  /** The result summary takes focus after an action whose outcome is the new result. */
  function focusSummary() {
    $("#avrop-count").focus();
  }

  function onRelax(event) {
    const button = event.target.closest("button[data-relax]");
    if (!button || !STATE.result) return;
    const need = STATE.result.needs.find((c) => c.token === button.dataset.relax);
    if (!need) return;
    STATE.request = withoutNeed(STATE.request, need, "wish");
    writeForm(STATE.data, STATE.form, STATE.request);
    update(true);
    focusSummary();
  }

  function onShowAll() {
    STATE.showAll = true;
    render();
  }

  function listen() {
    const form = STATE.form;
    form.addEventListener("change", onFormChange);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onFormChange(event);
      focusSummary();
    });
    $("#avrop-clear").addEventListener("click", onClear);
    const input = pickerInput();
    input.addEventListener("input", onPickerInput);
    input.addEventListener("keydown", onPickerKey);
    input.addEventListener("blur", closePicker);
    const list = $("#avrop-picker-list");
    list.addEventListener("mousedown", (event) => event.preventDefault()); // keeps focus in the input
    list.addEventListener("click", onOptionClick);
    $("#avrop-chosen").addEventListener("click", onRemove);
    $("#avrop-relax-list").addEventListener("click", onRelax);
    $("#avrop-ranking tbody").addEventListener("change", onCompareChange);
    for (const button of $$("[data-show-all]")) button.addEventListener("click", onShowAll);
    $("#avrop-print").addEventListener("click", () => window.print());
    $("#avrop-csv").addEventListener("click", onCsvClick);
    window.addEventListener("popstate", onPopState);
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
    window.matchMedia("print").addEventListener("change", (event) => (event.matches ? beforePrint() : afterPrint()));
  }

  /* ---------------------------------------------------------------- start */

  const STATE = {
    root: null,
    form: null,
    data: null,
    request: null,
    result: null,
    profiles: "",
    showAll: false,
    lastEdit: { target: null, time: 0 },
  };
  let STATUS_AVAILABLE = "";

  function begin(json) {
    STATE.data = prepare(json);
    buildForm(STATE.data, STATE.form);
    STATE.request = readQuery(STATE.data, location.search);
    writeForm(STATE.data, STATE.form, STATE.request);
    update(false);
    listen();
    STATE.root.dataset.ready = "true";
  }

  function boot() {
    const root = document.getElementById("avrop");
    if (!root) return;
    STATE.root = root;
    STATE.form = $("#avrop-form", root);
    STATE.profiles = root.dataset.profiles;
    readWords(root);
    STATUS_AVAILABLE = root.dataset.statusAvailable;
    root.hidden = false;
    $("#avrop-count").textContent = TEXT.loading;
    fetch(root.dataset.json)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then(begin)
      .catch(() => {
        $("#avrop-count").textContent = TEXT.loadFailed;
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
