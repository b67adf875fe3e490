/*
 * avrop.js: the call-off page /avrop/ ("Avrop: behov först, sedan pris").
 *
 * Plain ES2020, no build step, no libraries. Loaded by <script src> from the page only; no
 * inline script or event handler anywhere (a Content-Security-Policy may forbid them).
 *
 * DATA   The catalogue comes from data/utforare.json (the path is in #avrop[data-json]): the
 *        framework's areas, modes and add-ons, the reference vocabularies and every supplier
 *        with its dated price lists and sanctions. Nothing here names a framework, an area or
 *        a vocabulary value; another catalogue works unchanged.
 * WORDS  Every Swedish word comes from the page: data-t-* attributes on #avrop (placeholders
 *        like {n} are filled in here), the fieldsets' data-label, and the names in the JSON.
 *
 * THE RULE (the same as urval/calloff.py; tests/cases/ranking/ is run against both)
 *   For one area and one planned start date, a supplier is LEFT OUT, with every reason that
 *   holds, when: a termination is on record; a call-off stop is in force on the start date
 *   (date <= start <= until, open-ended without until); it is not admitted to the area; no
 *   price list in force on the start date prices the area; or a need is not met. Län marked
 *   as needs are one criterion (any of them meets it), likewise län marked as wishes; every
 *   other marked value is a criterion of its own. An add-on is met when the price list in
 *   force on the start date prices it.
 *   The rest are ordered by wishes met (most first), then total price (lowest first): the
 *   area's price on the start date (for an area priced per mode: the chosen mode, by default
 *   the first) plus, in an area priced per day, each wanted add-on the supplier prices per
 *   day. Per-hour add-ons are shown with their hourly price, not added. Equal wishes and
 *   equal total share a rank (1, 1, 3 …); within it suppliers are listed alphabetically
 *   (å, ä, ö after z), which is stated on the page and is not a ranking.
 *
 * URL SCHEME (stable; documented on the page under "Länka till urvalet")
 *   ?omrade=A                  area code (required for a result)
 *   &prisform=digital          price mode, only for areas priced per mode (default: the first)
 *   &start=2025-06-01          planned start date (default: today)
 *   &lan=behov:uppsala,stockholm&lan=onskemal:dalarna
 *   &sprak=…&tillganglighet=…&certifiering=…&malgrupp=…&metod=…&tillagg=…
 *                              "behov:" (need) or "onskemal:" (wish), then codes separated by
 *                              commas; a parameter may appear once per kind. A code marked
 *                              both ways is a need. Unknown codes are dropped.
 *   &jamfor=id1,id2            two to four suppliers to compare
 *   Every change pushes a history entry (history.pushState); back and forward restore the
 *   form and the result (popstate). On load the address is rewritten to its canonical form.
 *
 * CALL-OFF RECORD  The record (criteria, data version, ranking with price breakdowns, left-out
 *   list with reasons) prints complete (@media print in avrop.css; the left-out <details> is
 *   opened for print) and downloads as CSV (UTF-8 with BOM, semicolon-separated, cells that a spreadsheet would
 *   run as formulas are neutralised like urval/export.safe_cell).
 *
 * PERFORMANCE  Each recompute + render is measured as performance.measure("avrop-update");
 *   bench/avrop.py reads those entries. Long lists render the first RENDER_LIMIT rows, with a
 *   "show all" button; printing renders everything.
 */
(function () {
  "use strict";

  const DIMENSIONS = [
    { key: "region", param: "lan", grouped: true },
    { key: "language", param: "sprak" },
    { key: "accessibility", param: "tillganglighet" },
    { key: "certification", param: "certifiering" },
    { key: "target_group", param: "malgrupp" },
    { key: "method", param: "metod" },
    { key: "addon", param: "tillagg" },
  ];
  const KINDS = ["need", "wish"];
  const KIND_WORDS = { need: "behov", wish: "onskemal" };
  const PARAM = { area: "omrade", mode: "prisform", start: "start", compare: "jamfor" };
  const RENDER_LIMIT = 100;
  const COMPARE_MIN = 2;
  const COMPARE_MAX = 4;
  const EDIT_PAUSE_MS = 2000;
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
  const LABELS = {}; // dimension key -> its Swedish name (fieldset data-label)

  function readWords(root) {
    const data = root.dataset;
    for (const [key, value] of Object.entries(data)) {
      if (/^t[A-Z]/.test(key)) TEXT[key[1].toLowerCase() + key.slice(2)] = value;
    }
    MONTHS = data.months.split(",");
    UNITS = { day: data.unitDay, hour: data.unitHour };
    for (const fieldset of $$("fieldset[data-dimension]", root)) {
      LABELS[fieldset.dataset.dimension] = fieldset.dataset.label;
    }
  }

  /* ---------------------------------------------------------------- the catalogue */

  /** The JSON, indexed once so that every recompute is a few set look-ups per supplier. */
  function prepare(json) {
    const ref = json.reference;
    const fw = json.framework;
    const entry = (code, name, unit) => ({ code, name, unit });
    const vocab = {
      region: ref.regions.map((r) => entry(r.slug, r.name)),
      language: ref.languages.map((l) => entry(l.code, l.name)),
      accessibility: ref.accessibility.map((f) => entry(f.key, f.name)),
      certification: ref.certifications.map((f) => entry(f.key, f.name)),
      target_group: ref.target_groups.map((g) => entry(g.slug, g.name)),
      method: ref.methods.map((m) => entry(m.slug, m.name)),
      addon: fw.addons.map((a) => entry(a.code, a.name, a.unit)),
    };
    const names = {};
    for (const [key, list] of Object.entries(vocab)) names[key] = new Map(list.map((v) => [v.code, v]));
    const areas = new Map(fw.areas.map((a) => [a.code, a]));
    return { json, vocab, names, areas, suppliers: json.suppliers.map(prepareSupplier) };
  }

  function prepareSupplier(s) {
    return {
      raw: s,
      id: s.id,
      name: s.name,
      sortKey: nameKey(s.name),
      areas: new Set(s.areas),
      region: new Set(s.regions),
      language: new Set(s.languages),
      target_group: new Set(s.target_groups),
      method: new Set(s.methods),
      accessibility: s.accessibility || {},
      certification: s.certifications || {},
      prices: s.prices.slice().sort((a, b) => (a.valid_from < b.valid_from ? -1 : 1)),
      termination: s.sanctions.find((x) => x.kind === "termination") || null,
      stops: s.sanctions.filter((x) => x.kind === "call_off_stop"),
    };
  }

  /* ---------------------------------------------------------------- the rule */

  function priceListOn(supplier, day) {
    let found = null;
    for (const list of supplier.prices) if (list.valid_from <= day) found = list;
    return found;
  }

  function stopInForce(supplier, day) {
    return supplier.stops.find((s) => s.date <= day && (!s.until || day <= s.until)) || null;
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

  function has(supplier, dimension, value, prices) {
    if (dimension === "accessibility" || dimension === "certification") return supplier[dimension][value] === true;
    if (dimension === "addon") return prices !== null && prices.addons[value] !== undefined;
    return supplier[dimension].has(value);
  }

  function meets(supplier, criterion, prices) {
    return criterion.values.some((value) => has(supplier, criterion.dimension, value, prices));
  }

  function makeCriterion(dimension, kind, entries) {
    return {
      dimension,
      kind,
      values: entries.map((e) => e.code),
      token: `${dimension}:${entries.map((e) => e.code).join(",")}`,
      label: t("criterion", { dimension: LABELS[dimension], values: entries.map((e) => e.name).join(` ${TEXT.or} `) }),
    };
  }

  /** The needs or wishes of a request, in the vocabulary's order. */
  function criteria(data, request, kind) {
    const found = [];
    for (const dim of DIMENSIONS) {
      const marked = data.vocab[dim.key].filter((v) => request.marks[dim.key].get(v.code) === kind);
      if (!marked.length) continue;
      if (dim.grouped) found.push(makeCriterion(dim.key, kind, marked));
      else for (const value of marked) found.push(makeCriterion(dim.key, kind, [value]));
    }
    return found;
  }

  function reasonsFor(supplier, area, request, mode, needs) {
    const reasons = [];
    if (supplier.termination) reasons.push({ code: "terminated", sanction: supplier.termination });
    const stop = stopInForce(supplier, request.start);
    if (stop) reasons.push({ code: "stopped", sanction: stop });
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
      const unit = data.names.addon.get(code).unit;
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
    const wanted = data.vocab.addon.filter((a) => request.marks.addon.has(a.code)).map((a) => a.code);
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

  /* ---------------------------------------------------------------- the address */

  function emptyMarks() {
    const marks = {};
    for (const dim of DIMENSIONS) marks[dim.key] = new Map();
    return marks;
  }

  function parseMark(text) {
    const colon = text.indexOf(":");
    const word = colon < 0 ? "" : text.slice(0, colon);
    const kind = KINDS.find((k) => KIND_WORDS[k] === word);
    return kind ? { kind, values: text.slice(colon + 1).split(",").filter(Boolean) } : null;
  }

  /** Read a request from a query string; unknown areas, modes and codes are dropped. */
  function readQuery(data, search) {
    const params = new URLSearchParams(search);
    const areaCode = params.get(PARAM.area) || "";
    const area = data.areas.get(areaCode);
    const marks = emptyMarks();
    for (const dim of DIMENSIONS) {
      const entries = params.getAll(dim.param).map(parseMark).filter(Boolean);
      for (const kind of KINDS) {
        for (const entry of entries.filter((e) => e.kind === kind)) {
          for (const code of entry.values) {
            if (data.names[dim.key].has(code) && !marks[dim.key].has(code)) marks[dim.key].set(code, kind);
          }
        }
      }
    }
    return {
      area: area ? areaCode : "",
      mode: area ? chosenMode(area, params.get(PARAM.mode) || "") : "",
      start: validDate(params.get(PARAM.start)) || isoDate(new Date()),
      marks,
      compare: (params.get(PARAM.compare) || "").split(",").filter(Boolean).slice(0, COMPARE_MAX),
    };
  }

  function encode(value) {
    return encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%2C/gi, ",");
  }

  /** The canonical query string of a request (without "?"). */
  function writeQuery(data, request) {
    const pairs = [];
    if (request.area) pairs.push([PARAM.area, request.area]);
    const area = data.areas.get(request.area);
    if (area && area.modes.length) pairs.push([PARAM.mode, chosenMode(area, request.mode)]);
    pairs.push([PARAM.start, request.start]);
    for (const dim of DIMENSIONS) {
      for (const kind of KINDS) {
        const codes = data.vocab[dim.key].filter((v) => request.marks[dim.key].get(v.code) === kind).map((v) => v.code);
        if (codes.length) pairs.push([dim.param, `${KIND_WORDS[kind]}:${codes.join(",")}`]);
      }
    }
    if (request.compare.length) pairs.push([PARAM.compare, request.compare.join(",")]);
    return pairs.map(([key, value]) => `${key}=${encode(value)}`).join("&");
  }

  function pageUrl(query) {
    return `${location.origin}${location.pathname}?${query}`;
  }

  /* ---------------------------------------------------------------- the form */

  function choiceSelect(dimension, entry) {
    const id = `avrop-${dimension}-${entry.code}`;
    const label = dimension === "addon" ? `${entry.name} (${unitPer(entry.unit)})` : entry.name;
    const select = el(
      "select",
      { id, dataset: { dimension, value: entry.code } },
      el("option", { value: "" }, TEXT.none),
      el("option", { value: "need" }, TEXT.need),
      el("option", { value: "wish" }, TEXT.wish)
    );
    return el("div", { className: "avrop-choice" }, el("label", { htmlFor: id }, label), select);
  }

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
      ...data.json.framework.areas.map((a) => radio(PARAM.area, a.code, `${a.code}: ${a.name}`))
    );
    for (const dim of DIMENSIONS) {
      const box = $(`[data-fill=${dim.key}]`, form);
      if (box) box.replaceChildren(...data.vocab[dim.key].map((entry) => choiceSelect(dim.key, entry)));
    }
  }

  function buildModes(data, form, request) {
    const area = data.areas.get(request.area);
    const fieldset = $("#avrop-modes", form);
    const modes = area ? area.modes : [];
    fieldset.hidden = modes.length === 0;
    $("[data-fill=modes]", form).replaceChildren(...modes.map((m) => radio(PARAM.mode, m.code, m.name)));
    for (const input of $$(`input[name=${PARAM.mode}]`, form)) input.checked = input.value === request.mode;
  }

  function readForm(form, previous) {
    const checked = (name) => {
      const input = $(`input[name=${name}]:checked`, form);
      return input ? input.value : "";
    };
    const area = checked(PARAM.area);
    const marks = emptyMarks();
    for (const select of $$("select[data-dimension]", form)) {
      if (select.value) marks[select.dataset.dimension].set(select.dataset.value, select.value);
    }
    const sameArea = area === previous.area;
    const areaInfo = STATE.data.areas.get(area);
    return {
      area,
      mode: areaInfo ? chosenMode(areaInfo, sameArea ? checked(PARAM.mode) : "") : "",
      start: validDate($("#avrop-start", form).value) || previous.start,
      marks,
      compare: previous.compare,
    };
  }

  function writeForm(data, form, request) {
    for (const input of $$(`input[name=${PARAM.area}]`, form)) input.checked = input.value === request.area;
    buildModes(data, form, request);
    $("#avrop-start", form).value = request.start;
    for (const select of $$("select[data-dimension]", form)) {
      select.value = request.marks[select.dataset.dimension].get(select.dataset.value) || "";
    }
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

  function rankingRow(result, candidate, compare) {
    return el(
      "tr",
      { dataset: { id: candidate.supplier.id, rank: String(candidate.rank), tied: String(candidate.tied) } },
      el("td", { className: "avrop-rank" }, rankText(candidate)),
      el("th", { scope: "row" }, profileLink(candidate.supplier)),
      wishesCell(result, candidate),
      priceCell(result, candidate),
      compareBox(candidate, compare)
    );
  }

  function reasonText(result, request, reason) {
    const s = reason.sanction;
    switch (reason.code) {
      case "terminated":
        return t("reasonTerminated", { date: longDate(s.date), reason: s.reason });
      case "stopped":
        return s.until
          ? t("reasonStoppedUntil", { date: longDate(s.date), until: longDate(s.until), reason: s.reason })
          : t("reasonStopped", { date: longDate(s.date), reason: s.reason });
      case "not_admitted":
        return t("reasonNotAdmitted", { area: result.area.code });
      case "no_price":
        return t("reasonNoPrice", { area: result.area.code, date: longDate(request.start) });
      default:
        return t("reasonNeed", { criterion: reason.criterion.label });
    }
  }

  function reasonToken(reason) {
    return reason.criterion ? `need:${reason.criterion.token}` : reason.code;
  }

  function leftOutRow(result, request, item) {
    return el(
      "tr",
      { dataset: { id: item.supplier.id, reasons: item.reasons.map(reasonToken).join(" ") } },
      el("th", { scope: "row" }, profileLink(item.supplier)),
      el("td", {}, el("ul", {}, item.reasons.map((r) => el("li", {}, reasonText(result, request, r)))))
    );
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

  function renderWarning(request) {
    const period = STATE.data.json.framework.period;
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

  /* ---------------------------------------------------------------- compare */

  function namesOf(dimension, codes) {
    const names = codes.map((code) => STATE.data.names[dimension].get(code)).filter(Boolean).map((v) => v.name);
    return names.length ? names.join(", ") : TEXT.nothing;
  }

  function featuresOf(dimension, flags) {
    return namesOf(dimension, Object.keys(flags).filter((key) => flags[key] === true));
  }

  function sanctionsOf(raw) {
    const list = raw.sanctions.map((s) =>
      t("sanction", { kind: SANCTION_KINDS[s.kind] || s.kind, date: longDate(s.date) })
    );
    return list.length ? list.join(", ") : TEXT.nothing;
  }

  function compareValue(result, row, candidate) {
    const raw = candidate.supplier.raw;
    const areas = () => raw.areas.map((code) => STATE.data.areas.get(code)).filter(Boolean);
    switch (row) {
      case "rank":
        return rankText(candidate);
      case "price":
        return Array.from(priceCell(result, candidate).childNodes);
      case "wishes":
        return Array.from(wishesCell(result, candidate).childNodes);
      case "status":
        return STATUS.available;
      case "areas":
        return areas().map((a) => `${a.code} ${a.short_name}`).join(", ");
      case "region":
        return namesOf("region", raw.regions);
      case "language":
        return namesOf("language", raw.languages);
      case "accessibility":
        return featuresOf("accessibility", raw.accessibility || {});
      case "certification":
        return featuresOf("certification", raw.certifications || {});
      case "target_group":
        return namesOf("target_group", raw.target_groups);
      case "method":
        return namesOf("method", raw.methods);
      case "follow_ups":
        return t("followUps", { n: raw.follow_ups.length });
      default:
        return sanctionsOf(raw);
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
        c.supplier.raw.org_number,
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
      lines.push([item.supplier.name, item.supplier.raw.org_number, reasons]);
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
    for (const select of $$("select[data-dimension]", STATE.form)) select.value = "";
    STATE.request = readForm(STATE.form, STATE.request);
    update(true);
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
    });
    $("#avrop-clear").addEventListener("click", onClear);
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
  let STATUS = {};
  let SANCTION_KINDS = {};

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
    const d = root.dataset;
    STATUS = { available: d.statusAvailable, stopped: d.statusStopped, terminated: d.statusTerminated };
    SANCTION_KINDS = {
      remark: d.sanctionRemark,
      penalty: d.sanctionPenalty,
      call_off_stop: d.sanctionCallOffStop,
      termination: d.sanctionTermination,
    };
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
