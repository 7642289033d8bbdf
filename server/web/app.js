// Bulwark's web interface: a scenario editor checked by the server, sliders
// for the main assumptions, runs with live progress, their results as a
// table and charts, and the stored runs with their differences. Plain
// JavaScript without a build step or external resources; it talks only to
// the JSON API that `bulwark serve` describes at /openapi.json.
"use strict";

(() => {
  // Okabe–Ito colours, as in the HTML report: distinguishable with the
  // common colour-vision deficiencies. They are CSS variables (--arr-N in
  // app.css) so that dark mode can swap the black, invisible on its
  // background; colour marks only lines, dots and swatches, never text.
  const PALETTE = [0, 1, 2, 3, 4, 5, 6].map((k) => "var(--arr-" + k + ")");
  const SVGNS = "http://www.w3.org/2000/svg";
  const LINE_HEIGHT = 20; // px; must match --line in app.css
  const TOKEN_KEY = "bulwark.token";
  const DRAFT_KEY = "bulwark.draft";
  // The metric whose distribution gives the timing chart (crisis.MetricAttackYear).
  const ATTACK_YEAR = "attack_year_given_attack";

  // The escalation funnel's stages, from an attack to nuclear use. The
  // comparison's JSON does not list them: this mirrors funnelStages in
  // report/svg.go, so that the page and the HTML report draw one funnel.
  const FUNNEL = ["p_attack", "p_guarantors_fight_given_attack", "p_strike_on_alliance_territory",
    "p_alliance_invoked", "p_patron_at_war", "p_nuclear_use"];

  const $ = (id) => document.getElementById(id);

  // All state lives in this one object, created per page load.
  const state = {
    token: null,
    defaultYAML: null,
    assumptions: [], // from /api/validate, with .current for the slider value
    arrangements: [], // [{id,title}] from /api/validate
    unchecked: new Set(), // arrangement ids the user unticked
    validateTimer: 0,
    validateSeq: 0,
    valid: false, // whether the last check of the scenario passed
    run: null, // {id, stream, retry} of the run being watched; id null while it starts
    shown: null, // the run whose results are shown
    shownTitles: "", // the arrangements' titles and colours it was drawn with
    gutterLines: -1, // lines and marks the gutter shows
    gutterMarks: 0,
    picked: [], // run ids ticked for a diff
    runOrder: [], // the stored runs' ids, newest first
  };

  // ---- helpers -----------------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (state.token) h["Authorization"] = "Bearer " + state.token;
    return h;
  }

  // api calls the JSON API. It resolves to {status, body, headers} for any
  // HTTP answer and rejects only when the server cannot be reached.
  async function api(method, path, body) {
    const init = { method, headers: headers(body !== undefined ? { "Content-Type": "application/json" } : {}) };
    if (body !== undefined) init.body = toJSON(body);
    const res = await fetch(path, init);
    let data = null;
    const text = await res.text();
    if (text) {
      try { data = JSON.parse(text, keepSeed); } catch (_) { data = { error: { status: res.status, message: text.trim() } }; }
    }
    return { status: res.status, body: data, headers: res.headers };
  }

  // Seeds are 64-bit unsigned integers, beyond the 2^53 that a JavaScript
  // number holds exactly: they are kept as the digits the server wrote
  // (where the browser gives the source text), and sent as written.
  function keepSeed(key, value, ctx) {
    return key === "seed" && typeof value === "number" && ctx && typeof ctx.source === "string" ? ctx.source : value;
  }

  function toJSON(body) {
    if (typeof body.seed !== "string" || !/^\d+$/.test(body.seed)) return JSON.stringify(body);
    const rest = Object.assign({}, body);
    delete rest.seed;
    const text = JSON.stringify(rest);
    return text.slice(0, -1) + (text === "{}" ? "" : ",") + '"seed":' + body.seed + "}";
  }

  function errorText(r) {
    const e = r.body && r.body.error;
    let msg = e && e.message ? e.message : "HTTP " + r.status;
    if (r.status === 401) msg += " — open the page with ?token=… (the server's --token) to sign in.";
    return msg;
  }

  function showMessage(text, kind) {
    const m = $("message");
    if (!text) { m.hidden = true; m.textContent = ""; return; }
    m.hidden = false;
    m.className = "message " + (kind || "error");
    m.textContent = text;
  }

  function setStatus(text) { $("status").textContent = text || ""; }

  // restoreStatus puts back the header's status after a request: the run
  // being watched, or nothing.
  function restoreStatus() {
    const r = state.run;
    setStatus(r && r.id ? (r.stream ? "Running " + r.id : "Reconnecting to run " + r.id + "…") : "");
  }

  // announce tells screen readers of a run's start and end, and of nothing
  // between: the progress text, rewritten at every event, is not a live
  // region.
  function announce(text) { $("progress-live").textContent = text; }

  // updateRunButton is the one place that enables Run: not while a run
  // starts or is watched, nor while the scenario fails its check.
  function updateRunButton() { $("run").disabled = !!state.run || !state.valid; }

  const isShare = (mi) => mi.kind.includes("probability") || mi.name === "expected_target_territory_share";

  // fmt writes a figure as the compare table does: shares in per cent, one
  // decimal below ten, none above.
  function fmtNum(x, share) {
    if (x === null || x === undefined || Number.isNaN(x)) return "—";
    const v = share ? x * 100 : x;
    let t = v.toFixed(Math.abs(v) < 10 ? 1 : 0);
    if (t === "-0" || t === "-0.0") t = t.slice(1);
    return t;
  }

  function fmtEstimate(mi, e) {
    if (!e || e.mean === null || e.mean === undefined) return { mean: "—", ci: "" };
    const share = isShare(mi);
    const unit = share ? "%" : "";
    const mean = fmtNum(e.mean, share) + unit;
    const ci = e.ci95 ? "[" + fmtNum(e.ci95[0], share) + "–" + fmtNum(e.ci95[1], share) + "]" : "";
    return { mean, ci };
  }

  function fmtDuration(ns) {
    if (!ns) return "";
    const s = ns / 1e9;
    if (s < 1) return Math.round(s * 1000) + " ms";
    if (s < 120) return s.toFixed(1) + " s";
    return Math.round(s / 60) + " min";
  }

  function fmtTime(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    // ISO order, local time: sortable and unambiguous in every locale.
    const p = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" + p(d.getMinutes());
  }

  function arrangementList(report) {
    // arrangements is an ordered object keyed by id; titles come from the
    // scenario when the report lacks them.
    const titles = new Map(state.arrangements.map((a) => [a.id, a.title]));
    const ids = Object.keys(report.arrangements || {});
    // An arrangement keeps its colour from the run controls when the run is
    // of the scenario listed there, also when it ran only some of them.
    const pos = new Map(state.arrangements.map((a, i) => [a.id, i]));
    const known = ids.every((id) => pos.has(id));
    return ids.map((id, i) => ({
      id, title: titles.get(id) || "", colour: PALETTE[(known ? pos.get(id) : i) % PALETTE.length], est: report.arrangements[id],
    }));
  }

  const titlesOf = (report) => arrangementList(report).map((a) => a.title + "\t" + a.colour).join("\n");

  // ---- token -------------------------------------------------------------

  // The token arrives once as ?token=…; it is kept for the tab's session and
  // dropped from the address so that it never ends up in a shared link.
  function initToken() {
    const url = new URL(location.href);
    const t = url.searchParams.get("token");
    if (t) {
      sessionStorage.setItem(TOKEN_KEY, t);
      url.searchParams.delete("token");
      history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    }
    state.token = sessionStorage.getItem(TOKEN_KEY);
  }

  // ---- editor ------------------------------------------------------------

  const editor = () => $("editor");

  function lineCount() { return editor().value.split("\n").length; }

  // renderGutter writes one number per line, and marks the lines that
  // have a problem with its message.
  function renderGutter(diags) {
    const lines = $("gutter-lines");
    const n = lineCount();
    const byLine = new Map();
    for (const d of diags || []) {
      if (!d.line) continue;
      const l = Math.min(Math.max(d.line, 1), n);
      const end = d.end_line > l ? Math.min(d.end_line, n) : l;
      const m = byLine.get(l) || { severity: "warning", end: l, text: [] };
      if (d.severity !== "warning") m.severity = "error";
      m.end = Math.max(m.end, end);
      m.text.push(d.summary + (d.hint ? " — " + d.hint : ""));
      byLine.set(l, m);
    }
    // Typing calls this at every key: with no marks before or after and
    // the same number of lines there is nothing to redraw.
    if (byLine.size === 0 && state.gutterMarks === 0 && state.gutterLines === n) return;
    state.gutterMarks = byLine.size;
    state.gutterLines = n;
    const frag = document.createDocumentFragment();
    for (let i = 1; i <= n; i++) {
      const mark = byLine.get(i);
      const div = el("div", { class: "ln" + (mark ? " " + (mark.severity === "error" ? "error" : "warning") : ""), "data-line": i }, String(i));
      if (mark) div.title = mark.text.join("\n");
      frag.append(div);
    }
    lines.replaceChildren(frag);
    const marks = $("marks");
    const mf = document.createDocumentFragment();
    for (const [l, m] of byLine) {
      // A problem with an end line is marked over its whole range.
      mf.append(el("div", { class: "mark " + (m.severity === "error" ? "error" : "warning"), "data-line": l,
        style: "top:" + (l - 1) * LINE_HEIGHT + "px;height:" + (m.end - l + 1) * LINE_HEIGHT + "px" }));
    }
    marks.replaceChildren(mf);
    syncScroll();
  }

  function syncScroll() {
    const t = editor();
    $("gutter-lines").style.transform = "translateY(" + -t.scrollTop + "px)";
    $("marks").style.transform = "translate(" + -t.scrollLeft + "px," + -t.scrollTop + "px)";
  }

  // goToLine selects line n (and column c) in the editor and scrolls to it.
  function goToLine(n, c) {
    const t = editor();
    const lines = t.value.split("\n");
    n = Math.min(Math.max(n, 1), lines.length);
    let start = 0;
    for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
    const col = Math.min(Math.max((c || 1) - 1, 0), lines[n - 1].length);
    t.focus();
    t.setSelectionRange(start + col, start + lines[n - 1].length);
    t.scrollTop = Math.max(0, (n - 5) * LINE_HEIGHT);
    syncScroll();
  }

  // fromOverride reports whether a diagnostic is about a --set override (a
  // moved slider) rather than a place in the editor's text.
  const fromOverride = (d) => typeof d.file === "string" && d.file.startsWith("--set");

  function renderDiagnostics(diags) {
    const list = $("errors");
    const items = (diags || []).slice().sort((a, b) => Number(fromOverride(b)) - Number(fromOverride(a)) ||
      (a.line || 0) - (b.line || 0) || (a.column || 0) - (b.column || 0));
    for (const row of document.querySelectorAll("#sliders .slider.invalid")) {
      row.classList.remove("invalid");
      row.querySelector(".problem").textContent = "";
    }
    list.replaceChildren(...items.map((d) => {
      const sev = d.severity === "warning" ? "warning" : "error";
      const override = fromOverride(d);
      const key = override ? d.file.replace(/^--set\s*/, "") : "";
      const where = override ? key : d.line ? "line " + d.line + (d.column ? ":" + d.column : "") : "scenario";
      const slider = override ? document.querySelector('#sliders input[data-key="' + CSS.escape(key) + '"]') : null;
      if (slider) {
        const row = slider.closest(".slider");
        row.classList.add("invalid");
        row.querySelector(".problem").textContent = d.summary;
      }
      const li = el("li", { class: sev, "data-line": override ? null : d.line || 0 });
      const go = () => {
        if (slider) { document.getElementById("assumptions-box").open = true; slider.focus(); }
        else if (d.line) goToLine(d.line, d.column);
      };
      const btn = el("button", { type: "button", class: "diag", title: slider ? "Go to the slider" : d.line ? "Go to " + where : null, onclick: go },
        el("span", { class: "where" }, where), " ",
        el("span", { class: "sev" }, sev === "error" ? "Error" : "Warning"), ": ",
        el("span", { class: "summary" }, d.summary));
      li.append(btn);
      if (d.hint) li.append(el("div", { class: "hint" }, d.hint));
      return li;
    }));
    const errs = items.filter((d) => d.severity !== "warning" && !fromOverride(d)).length;
    editor().setAttribute("aria-invalid", errs ? "true" : "false");
    renderGutter(items.filter((d) => !fromOverride(d)));
  }

  function setValidity(text, kind) {
    const v = $("validity");
    v.textContent = text;
    v.className = "validity " + (kind || "");
  }

  function scheduleValidate(delay) {
    clearTimeout(state.validateTimer);
    // Pending from now: a result on screen is stale until the check answers.
    state.validateSeq++;
    setValidity("Checking…", "busy");
    state.validateTimer = setTimeout(validate, delay === undefined ? 450 : delay);
  }

  function scenarioYAML() {
    const text = editor().value;
    // An unchanged default is sent as "use the default", so that the run
    // names the embedded scenario rather than a copy.
    return text === state.defaultYAML ? "" : text;
  }

  function currentSets() {
    const sliders = state.assumptions.filter((a) => a.current !== a.base)
      .map((a) => "assumptions." + a.id + "." + a.param + "=" + trimNum(a.current, a.step));
    return sliders.concat(extraSets());
  }

  // extraSets are the overrides typed by hand, for what no slider sets.
  function extraSets() {
    return $("extra-sets").value.split("\n").map((l) => l.trim().replace(/^--set[= ]\s*/, "")).filter((l) => l !== "");
  }

  function trimNum(x, step) {
    const dec = step ? Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9))) : 6;
    return String(Number(x.toFixed(dec)));
  }

  async function validate() {
    const seq = ++state.validateSeq;
    setValidity("Checking…", "busy");
    let r, sent;
    try {
      sent = currentSets();
      r = await api("POST", "/api/validate", { yaml: scenarioYAML(), set: sent });
    } catch (e) {
      if (seq === state.validateSeq) {
        setValidity("The server cannot be reached: " + e.message, "bad");
        state.valid = false;
        updateRunButton();
      }
      return;
    }
    if (seq !== state.validateSeq) return; // a newer check is on its way
    if (r.status !== 200 || !r.body) {
      const diags = (r.body && r.body.error && r.body.error.diagnostics) || [];
      renderDiagnostics(diags);
      setValidity(errorText(r), "bad");
      state.valid = false;
      updateRunButton();
      return;
    }
    const b = r.body;
    renderDiagnostics(b.diagnostics || []);
    if (!b.ok) {
      const n = (b.diagnostics || []).filter((d) => d.severity !== "warning").length;
      setValidity(n === 1 ? "1 problem — the scenario cannot run." : n + " problems — the scenario cannot run.", "bad");
      state.valid = false;
      updateRunButton();
      return;
    }
    const warn = (b.diagnostics || []).length;
    setValidity("Valid: " + b.scenario + (b.title ? " — " + b.title : "") + (warn ? " (" + warn + " warning" + (warn > 1 ? "s" : "") + ")" : ""), "ok");
    $("scenario-title").textContent = b.title || b.scenario || "";
    setArrangements(b.arrangements || []);
    // A run shown before the scenario was checked lacks the arrangements'
    // titles: draw it again with them.
    if (state.shown && state.shown.results && state.shownTitles !== titlesOf(state.shown.results)) showRun(state.shown);
    setAssumptions(b.assumptions || [], sent);
    state.valid = true;
    updateRunButton();
    renderCLI();
  }

  // ---- assumptions -------------------------------------------------------

  // setAssumptions takes the assumptions a check answered with. Each keeps
  // base, the scenario's own value, and current, the slider's. The server
  // may answer with the overrides sent applied, so a value that was sent
  // as an override does not replace the base. The objects of a slider
  // already drawn are updated in place, as its handlers hold them.
  function setAssumptions(list, sent) {
    const key = (a) => "assumptions." + a.id + "." + a.param;
    const before = new Map(state.assumptions.map((a) => [key(a), a]));
    const overridden = new Map();
    for (const s of sent || []) {
      const eq = s.indexOf("=");
      if (eq > 0) overridden.set(s.slice(0, eq), Number(s.slice(eq + 1)));
    }
    const same = list.length === state.assumptions.length &&
      list.every((a, i) => key(a) === key(state.assumptions[i]) && a.min === state.assumptions[i].min &&
        a.max === state.assumptions[i].max && a.step === state.assumptions[i].step);
    state.assumptions = list.map((a) => {
      const k = key(a);
      const prev = before.get(k);
      const base = overridden.has(k) && prev ? prev.base : a.value;
      let current = base;
      if (!prev && overridden.has(k) && Number.isFinite(overridden.get(k))) current = overridden.get(k);
      else if (prev && prev.current !== prev.base) current = prev.current; // the user's, kept
      const fields = { id: a.id, param: a.param, label: a.label, source: a.source, unit: a.unit,
        min: a.min, max: a.max, step: a.step, base, current };
      return same && prev ? Object.assign(prev, fields) : fields;
    });
    if (!same) renderSliders();
    updateSetsCount();
    renderCLI();
  }

  function renderSliders() {
    const box = $("sliders");
    if (!state.assumptions.length) {
      box.replaceChildren(el("p", { class: "muted" }, "This scenario has no assumption with one central value."));
      return;
    }
    box.replaceChildren(...state.assumptions.map((a, i) => {
      const id = "slider-" + i;
      const out = el("output", { for: id, class: "value" }, trimNum(a.current, a.step));
      const unit = unitText(a.unit);
      const input = el("input", { type: "range", id, min: a.min, max: a.max, step: a.step || "any", value: a.current,
        title: "From " + trimNum(a.min, a.step) + " to " + trimNum(a.max, a.step) + (unit ? " " + unit : ""),
        "aria-describedby": id + "-src " + id + "-problem", "data-assumption": a.id, "data-key": "assumptions." + a.id + "." + a.param });
      const reset = el("button", { type: "button", class: "reset", title: "Back to the scenario's " + trimNum(a.base, a.step),
        "aria-label": "Reset " + (a.label || a.id), hidden: a.current === a.base });
      const row = el("div", { class: "slider" + (a.current !== a.base ? " changed" : "") },
        el("label", { for: id, title: a.source || "" }, a.label || a.id),
        el("div", { class: "slider-row" }, input, out, el("span", { class: "unit" }, unit), reset),
        el("div", { class: "src", id: id + "-src" }, a.id + "." + a.param + " · " + (a.source || "no source given")),
        el("div", { class: "problem", id: id + "-problem", role: "alert" }));
      reset.textContent = "↺";
      const update = () => {
        a.current = Number(input.value);
        out.textContent = trimNum(a.current, a.step);
        row.classList.toggle("changed", a.current !== a.base);
        reset.hidden = a.current === a.base;
        updateSetsCount();
        renderCLI();
      };
      input.addEventListener("input", update);
      input.addEventListener("change", () => scheduleValidate(250));
      reset.addEventListener("click", () => { input.value = a.base; update(); scheduleValidate(0); input.focus(); });
      row.dataset.search = (a.label + " " + a.id + " " + (a.source || "")).toLowerCase();
      return row;
    }));
    filterSliders();
  }

  // unitText is a unit as a reader writes it; shares and probabilities,
  // which the value shows as fractions, have none.
  function unitText(u) {
    if (!u || u === "probability" || u === "share") return "";
    const words = { eur: "EUR", usd: "USD", gdp: "GDP" };
    return u.replace(/_per_/g, "/").split("_").map((w) => w.split("/").map((x) => words[x] || x).join("/")).join(" ");
  }

  // filterSliders shows the sliders whose name, id or source has every
  // word typed in the filter.
  function filterSliders() {
    const words = $("slider-filter").value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of $("sliders").querySelectorAll(".slider")) {
      const hit = words.every((w) => row.dataset.search.includes(w));
      row.hidden = !hit;
      if (hit) shown++;
    }
    $("slider-count").textContent = words.length ? shown + " of " + state.assumptions.length : state.assumptions.length + " in all";
  }

  function updateSetsCount() {
    const n = currentSets().length;
    $("sets-count").textContent = n ? n + " changed" : "";
    $("reset-sliders").disabled = n === extraSets().length;
  }

  // useRunSettings puts a stored run's flags back into the controls, so
  // that it can be run again or varied.
  function useRunSettings(run) {
    const extra = [];
    const arrs = [];
    const sliders = new Map(state.assumptions.map((a) => ["assumptions." + a.id + "." + a.param, a]));
    for (const a of state.assumptions) a.current = a.base;
    // A command line records only the flags set: what it left at its
    // default comes from the results, which record the seed, the draws
    // and how the run stopped.
    const rep = run.results || {};
    let samples = null, precision = null;
    let seed = rep.seed !== undefined && rep.seed !== null ? String(rep.seed) : run.seed !== undefined && run.seed !== null ? String(run.seed) : null;
    for (const arg of (run.args || []).slice(1)) {
      const m = arg.match(/^--([a-z-]+)=(.*)$/s);
      if (!m) continue;
      const [, flag, v] = m;
      if (flag === "samples") samples = v;
      else if (flag === "precision") precision = v;
      else if (flag === "seed") seed = v;
      else if (flag === "arrangements") arrs.push(...v.split(","));
      else if (flag === "set") {
        const eq = v.indexOf("=");
        const a = sliders.get(v.slice(0, eq));
        if (a && eq > 0 && Number.isFinite(Number(v.slice(eq + 1)))) a.current = Number(v.slice(eq + 1));
        else extra.push(v);
      }
    }
    if (samples === null && precision === null) {
      // A run by precision records it (also when stopped by the cap or
      // interrupted); one by a number of draws records none.
      if (rep.precision > 0 || rep.stop === "precision" || rep.stop === "max-samples") precision = rep.precision > 0 ? String(rep.precision) : null;
      else if (rep.samples > 0) samples = String(rep.samples);
    }
    if (precision !== null) { $("stop-precision").checked = true; $("precision").value = precision; }
    else if (samples !== null) { $("stop-samples").checked = true; $("samples").value = samples; }
    if (seed !== null) $("seed").value = seed;
    state.unchecked = new Set(arrs.length ? state.arrangements.map((a) => a.id).filter((id) => !arrs.includes(id)) : []);
    setArrangements(state.arrangements);
    $("extra-sets").value = extra.join("\n");
    $("samples").disabled = !$("stop-samples").checked;
    $("precision").disabled = !$("stop-precision").checked;
    renderSliders();
    updateSetsCount();
    renderCLI();
    scheduleValidate(0);
    $("run").focus();
  }

  function resetSliders() {
    for (const a of state.assumptions) a.current = a.base;
    renderSliders();
    updateSetsCount();
    renderCLI();
    scheduleValidate(0);
  }

  // ---- run controls ------------------------------------------------------

  function setArrangements(list) {
    state.arrangements = list;
    const box = $("arrangements");
    box.replaceChildren(...list.map((a, i) => {
      const id = "arr-" + i;
      const input = el("input", { type: "checkbox", id, value: a.id, checked: !state.unchecked.has(a.id) });
      input.addEventListener("change", () => {
        if (input.checked) state.unchecked.delete(a.id); else state.unchecked.add(a.id);
        renderCLI();
      });
      return el("div", { class: "arr" }, input, el("label", { for: id },
        el("span", { class: "swatch", style: "background:" + PALETTE[i % PALETTE.length] }), a.title || a.id,
        a.title ? el("span", { class: "muted" }, " (" + a.id + ")") : null));
    }));
  }

  function chosenArrangements() {
    const all = state.arrangements.map((a) => a.id);
    const chosen = all.filter((id) => !state.unchecked.has(id));
    return chosen.length === all.length ? null : chosen;
  }

  function runRequest() {
    const req = {};
    const yaml = scenarioYAML();
    if (yaml) req.yaml = yaml;
    const sets = currentSets();
    if (sets.length) req.set = sets;
    const arr = chosenArrangements();
    if (arr) req.arrangements = arr;
    if ($("stop-precision").checked) req.precision = Number($("precision").value);
    else req.samples = Math.round(Number($("samples").value));
    const seed = $("seed").value.trim();
    if (seed !== "") req.seed = seed; // digits, checked by startRun
    return req;
  }

  function shellQuote(s) { return /^[\w@%+=:,./-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'"; }

  function renderCLI() {
    const r = runRequest();
    const parts = ["bulwark", "compare"];
    if (r.yaml) parts.push("my-scenario.yaml");
    if (r.arrangements) parts.push("--arrangements", r.arrangements.join(","));
    if (r.precision !== undefined) parts.push("--precision", String(r.precision));
    else parts.push("--samples", String(r.samples));
    if (r.seed !== undefined) parts.push("--seed", String(r.seed));
    for (const s of r.set || []) parts.push("--set", shellQuote(s));
    $("cli").textContent = parts.join(" ");
  }

  async function startRun(ev) {
    if (ev) ev.preventDefault();
    if (state.run || !state.valid) return; // as the disabled Run button says
    const req = runRequest();
    if (req.arrangements && req.arrangements.length === 0) { showMessage("Tick at least one arrangement."); return; }
    if (req.samples !== undefined && !(req.samples >= 1)) { showMessage("The number of draws must be a positive whole number."); $("samples").focus(); return; }
    if (req.seed !== undefined && !/^\d{1,20}$/.test(req.seed)) { showMessage("The seed must be a whole number from 0 to 18446744073709551615."); $("seed").focus(); return; }
    if (req.precision !== undefined && !(req.precision > 0)) { showMessage("The precision must be a positive number."); $("precision").focus(); return; }
    showMessage("");
    // A run without an id yet: Run stays disabled until the server answers.
    const starting = { id: null, stream: null, retry: 0 };
    state.run = starting;
    updateRunButton();
    setStatus("Starting…");
    let id = null;
    try {
      const r = await api("POST", "/api/runs", req);
      if (r.status === 429) {
        const after = r.headers.get("Retry-After");
        showMessage("The server is busy with other runs" + (after ? "; try again in " + after + " s." : "."), "warning");
      } else if ((r.status !== 202 && r.status !== 200) || !r.body || !r.body.id) {
        const diags = r.body && r.body.error && r.body.error.diagnostics;
        if (diags && diags.length) renderDiagnostics(diags);
        showMessage(errorText(r));
      } else {
        id = r.body.id;
      }
    } catch (e) {
      showMessage("The server cannot be reached: " + e.message);
    } finally {
      if (state.run === starting) state.run = null;
      updateRunButton();
      if (!id) restoreStatus();
    }
    if (!id) return;
    history.pushState({ run: id }, "", "/runs/" + encodeURIComponent(id));
    announce("Run " + id + " started.");
    watchRun(id, req.samples || null, 0);
  }

  // ---- progress ----------------------------------------------------------

  function setRunning(id) {
    // The run watched before, if any, is let go: its stream and retry.
    if (state.run && state.run.retry) clearTimeout(state.run.retry);
    if (state.run && state.run.stream) state.run.stream.close();
    state.run = id ? { id, stream: null, retry: 0 } : null;
    $("cancel").disabled = !id;
    updateRunButton();
    document.body.classList.toggle("running", !!id);
  }

  // stopWatching forgets the run being watched and clears its progress.
  function stopWatching() {
    setRunning(null);
    $("progress").hidden = true;
    restoreStatus();
  }

  function showProgress(p) {
    const box = $("progress");
    box.hidden = false;
    const bar = $("progress-bar");
    const text = $("progress-text");
    if (p && p.total > 0) {
      bar.max = p.total;
      bar.value = Math.min(p.done, p.total);
      const pct = Math.floor((100 * p.done) / p.total);
      text.textContent = p.done.toLocaleString() + " of " + (p.estimated ? "about " : "") + p.total.toLocaleString() +
        " draws (" + pct + "%)";
    } else {
      bar.removeAttribute("value");
      text.textContent = "Running…";
    }
  }

  // openEvents follows a run's server-sent events. EventSource cannot send
  // an Authorization header, so with a token the stream is read with fetch.
  function openEvents(id, on) {
    const url = "/api/runs/" + encodeURIComponent(id) + "/events";
    if (!state.token && window.EventSource) {
      const es = new EventSource(url);
      for (const name of ["progress", "done", "error"]) {
        es.addEventListener(name, (e) => {
          if (name === "error" && !e.data) return; // a connection error, handled by onerror
          on(name, e.data);
        });
      }
      es.onerror = () => {
        if (es.readyState === EventSource.CLOSED) on("lost", "");
      };
      return { close: () => es.close() };
    }
    const ctl = new AbortController();
    (async () => {
      try {
        const res = await fetch(url, { headers: headers({ Accept: "text/event-stream" }), signal: ctl.signal });
        // A server error (a proxy's 502 while the server restarts) is
        // worth another try; any other refusal is final.
        if (res.status >= 500) { on("lost", ""); return; }
        if (!res.ok) { on("error", JSON.stringify({ message: "HTTP " + res.status })); return; }
        const reader = res.body.getReader();
        const dec = new TextDecoder();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.search(/\r?\n\r?\n/)) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i).replace(/^\r?\n\r?\n/, "");
            let name = "message";
            const data = [];
            for (const line of block.split(/\r?\n/)) {
              if (line.startsWith("event:")) name = line.slice(6).trim();
              else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
            }
            on(name, data.join("\n"));
          }
        }
        on("lost", "");
      } catch (e) {
        if (e.name !== "AbortError") on("lost", "");
      }
    })();
    return { close: () => ctl.abort() };
  }

  // watchRun follows a running run's events. attempt counts the
  // reconnections since the last event, for the back-off.
  function watchRun(id, total, attempt) {
    setRunning(id);
    const watch = state.run;
    showProgress(total ? { done: 0, total, estimated: false } : null);
    setStatus("Running " + id);
    let finished = false;
    const stream = openEvents(id, (name, data) => {
      if (finished || state.run !== watch) return;
      let d = {};
      try { d = data ? JSON.parse(data) : {}; } catch (_) { d = {}; }
      if (name === "progress") {
        attempt = 0; // connected: a later loss starts the back-off afresh
        showProgress(d);
      } else if (name === "done") {
        finished = true;
        stream.close();
        runFinished(id, d);
      } else if (name === "error") {
        finished = true;
        stream.close();
        stopWatching();
        showMessage("The run failed: " + (d.message || "unknown error"));
        announce("Run " + id + " failed.");
        loadRuns();
      } else if (name === "lost") {
        finished = true;
        stream.close();
        // The stream broke (server restart, network): ask for the run
        // again after a pause, and follow it if it still runs.
        reconnect(watch, attempt || 0);
      }
    });
    watch.stream = stream;
  }

  // reconnect asks again for the run being watched after a pause that
  // doubles at each failure (1 s, 2 s, 4 s … at most 30 s), until the run
  // is over or the user opens another one.
  function reconnect(watch, attempt) {
    const delay = Math.min(1000 * Math.pow(2, attempt), 30000);
    const id = watch.id;
    watch.stream = null;
    setStatus("Reconnecting to run " + id + "…");
    $("progress-text").textContent = "Connection lost; trying again in " + delay / 1000 + " s.";
    watch.retry = setTimeout(async () => {
      watch.retry = 0;
      if (state.run !== watch) return; // the user left it
      let r;
      try {
        r = await api("GET", "/api/runs/" + encodeURIComponent(id));
      } catch (_) {
        if (state.run === watch) reconnect(watch, attempt + 1);
        return;
      }
      if (state.run !== watch) return;
      if (r.status >= 500 || r.status === 429) { reconnect(watch, attempt + 1); return; }
      if (r.status !== 200 || !r.body) {
        stopWatching();
        showMessage("Run " + id + ": " + errorText(r));
        return;
      }
      const run = r.body;
      if (!run.results && (run.status === "running" || run.progress)) {
        watchRun(run.id || id, run.progress ? run.progress.total : null, attempt + 1);
        return;
      }
      // It ended while the stream was down.
      runFinished(id, { id: run.id, status: run.status });
    }, delay);
  }

  async function runFinished(id, d) {
    setRunning(null);
    const storeID = d.id || id;
    const bar = $("progress-bar");
    if (bar.max) bar.value = bar.max;
    const end = d.status === "complete" ? "Done." :
      d.status === "partial" ? "Stopped early; the figures cover the draws made." : "Finished: " + (d.status || "");
    $("progress-text").textContent = end;
    announce("Run " + storeID + ": " + end);
    setTimeout(() => { if (!state.run) $("progress").hidden = true; }, 1500);
    if (storeID !== id || location.pathname !== "/runs/" + encodeURIComponent(storeID)) {
      history.replaceState({ run: storeID }, "", "/runs/" + encodeURIComponent(storeID));
    }
    if (d.status === "failed") showMessage("The run failed.");
    await openRun(storeID, false);
    loadRuns();
  }

  async function cancelRun() {
    const watch = state.run;
    if (!watch || !watch.id) return;
    $("cancel").disabled = true;
    setStatus("Cancelling…");
    let sent = false;
    try {
      const r = await api("POST", "/api/runs/" + encodeURIComponent(watch.id) + "/cancel");
      if (r.status === 202 || r.status === 200 || r.status === 204) sent = true;
      else showMessage(errorText(r));
    } catch (e) {
      showMessage("The server cannot be reached: " + e.message);
    } finally {
      // Sent, the events stream answers `done` with a partial status;
      // otherwise Cancel can be tried again.
      if (!sent && state.run === watch) {
        $("cancel").disabled = false;
        restoreStatus();
      }
    }
  }

  // ---- results -----------------------------------------------------------

  async function openRun(id, watchIfRunning) {
    // Opening another run gives up reconnecting to the one watched.
    if (state.run && state.run.id && !state.run.stream && state.run.id !== id) stopWatching();
    let r;
    try {
      r = await api("GET", "/api/runs/" + encodeURIComponent(id));
    } catch (e) {
      showMessage("The server cannot be reached: " + e.message);
      return;
    }
    if (r.status !== 200) { showMessage("Run " + id + ": " + errorText(r)); return; }
    const run = r.body;
    if (!run.results && (run.status === "running" || run.progress)) {
      if (watchIfRunning !== false) watchRun(run.id || id, run.progress ? run.progress.total : null, 0);
      return;
    }
    showRun(run);
  }

  function downloadLink(a, path, name) {
    a.hidden = false;
    a.href = path;
    a.setAttribute("download", name);
    // A link cannot send the Authorization header: with a token the file is
    // fetched and handed over as a blob.
    a.onclick = state.token ? async (e) => {
      e.preventDefault();
      if (a.getAttribute("aria-busy") === "true") return; // one download at a time
      a.setAttribute("aria-busy", "true");
      setStatus("Downloading " + name + "…");
      try {
        const res = await fetch(path, { headers: headers() });
        if (!res.ok) { showMessage("Download failed: HTTP " + res.status); return; }
        const url = URL.createObjectURL(await res.blob());
        const tmp = el("a", { href: url, download: name });
        document.body.append(tmp);
        tmp.click();
        tmp.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (err) {
        showMessage("Download failed: " + err.message);
      } finally {
        a.removeAttribute("aria-busy");
        restoreStatus();
      }
    } : null;
  }

  function showRun(run) {
    state.shown = run;
    const rep = run.results;
    const box = $("results");
    const base = "/api/runs/" + encodeURIComponent(run.id);
    const perm = $("permalink");
    perm.hidden = false;
    perm.href = "/runs/" + encodeURIComponent(run.id);
    perm.title = "Link to this run: " + location.origin + perm.getAttribute("href");
    downloadLink($("download"), base + "/report.html", "bulwark-" + run.id + ".html");
    downloadLink($("download-json"), base + "/results.json", "bulwark-" + run.id + ".json");
    downloadLink($("download-csv"), base + "/results.csv", "bulwark-" + run.id + ".csv");
    document.title = "Bulwark — run " + run.id;
    if (!rep || !rep.metrics) {
      box.replaceChildren(el("p", { class: "muted" }, "Run " + run.id + " (" + run.status + ") has no results."));
      return;
    }
    const arrs = arrangementList(rep);
    state.shownTitles = titlesOf(rep);
    const parts = [];
    parts.push(el("h3", { class: "run-title" }, rep.scenario + (rep.title ? " — " + rep.title : "")));
    parts.push(citation(run, rep));
    if (rep.partial || run.status === "partial") {
      parts.push(el("p", { class: "message warning" }, "This run stopped early (" + (rep.stop || "interrupted") +
        "): its figures cover the first " + Number(rep.samples).toLocaleString() + " draws."));
    }
    const use = $("use-settings");
    use.hidden = false; // the args, or failing them the results, give the settings
    use.onclick = () => useRunSettings(run);
    const load = $("load-run-scenario");
    load.hidden = false; // a finished run keeps its scenario (GET …/scenario.yaml)
    load.onclick = () => loadRunScenario(run);
    parts.push(legend(arrs));
    parts.push(resultsTable(rep, arrs));
    const charts = el("div", { class: "charts" });
    const timing = timingChart(rep, arrs);
    sections(rep).forEach((g, i) => {
      const fig = el("figure", { class: "chart", id: i === 0 ? "chart" : "chart-" + g.id, "data-group": g.id });
      fig.append(el("figcaption", {}, g.title), intervalChart(g, g.metrics, arrs));
      charts.append(fig);
      // The timing of an attack follows the chart of the attack year's mean.
      if (timing && g.metrics.some((m) => m.name === ATTACK_YEAR)) charts.append(timing);
    });
    if (timing && timing.parentNode !== charts) charts.append(timing);
    parts.push(el("h3", {}, "Every figure with its 95% interval"), charts);
    const f = funnel(rep, arrs);
    if (f) parts.push(el("h3", {}, "Escalation funnel"), f);
    box.replaceChildren(...parts);
    restoreStatus();
  }

  // loadRunScenario puts the scenario a run computed (its overrides
  // applied, as normalised YAML) into the editor.
  async function loadRunScenario(run) {
    const btn = $("load-run-scenario");
    btn.disabled = true;
    try {
      const res = await fetch("/api/runs/" + encodeURIComponent(run.id) + "/scenario.yaml", { headers: headers() });
      const text = await res.text();
      if (!res.ok) {
        let msg = "HTTP " + res.status;
        try { msg = JSON.parse(text).error.message || msg; } catch (_) { /* not JSON */ }
        showMessage("The run's scenario could not be loaded: " + msg);
        return;
      }
      if (editor().value !== text && editor().value !== state.defaultYAML &&
        !confirm("Replace the editor's text with this run's scenario?")) return;
      setEditor(text);
    } catch (_) {
      showMessage("The run's scenario could not be loaded: the server cannot be reached.");
    } finally {
      btn.disabled = false;
    }
  }

  function citation(run, rep) {
    const dl = el("dl", { class: "citation" });
    const add = (k, v, title) => { if (v !== "" && v !== undefined && v !== null) dl.append(el("dt", {}, k), el("dd", { title }, v)); };
    add("Run", run.id);
    add("Draws", Number(rep.samples).toLocaleString() + " per arrangement" +
      (rep.stop === "precision" ? ", every probability to ±" + rep.precision : rep.stop === "max-samples" ? " (the cap, before ±" + rep.precision + ")" : ""));
    add("Horizon", rep.horizon_years + " years");
    add("Seed", String(rep.seed));
    add("Version", rep.version);
    add("Scenario SHA-256", (rep.scenario_sha256 || "").slice(0, 16) + "…", rep.scenario_sha256);
    if (rep.sets && rep.sets.length) add("Overrides", rep.sets.join(", "));
    if (run.saved) add("Saved", fmtTime(run.saved) + (run.duration_ns ? " · took " + fmtDuration(run.duration_ns) : ""));
    return dl;
  }

  function legend(arrs) {
    return el("ul", { class: "legend", "aria-label": "Arrangements" }, arrs.map((a) =>
      el("li", {}, el("span", { class: "swatch", style: "background:" + a.colour }), a.title || a.id, a.title ? el("span", { class: "muted" }, " (" + a.id + ")") : null)));
  }

  function resultsTable(rep, arrs) {
    const table = el("table", { id: "results-table", class: "results-table" });
    table.append(el("caption", {}, "Mean and 95% interval of every metric under each arrangement" +
      " (probabilities and shares in per cent; costs in EUR bn)."));
    table.append(el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Metric"),
      arrs.map((a) => el("th", { scope: "col" }, el("span", { class: "swatch", style: "background:" + a.colour }), a.title || a.id)))));
    const body = el("tbody");
    for (const g of sections(rep)) {
      body.append(el("tr", { class: "group", "data-group": g.id }, el("th", { colspan: arrs.length + 1, scope: "colgroup" }, g.title)));
      for (const m of g.metrics) {
        const tr = el("tr", { "data-metric": m.name });
        tr.append(el("th", { scope: "row", title: m.name }, m.label));
        for (const a of arrs) {
          const e = a.est[m.name];
          const f = fmtEstimate(m, e);
          const n = e && typeof e.n === "number" ? e.n.toLocaleString() + " draws" + (m.kind.startsWith("conditional") ? " in which the condition occurred" : "") : "";
          tr.append(el("td", { title: n }, el("span", { class: "mean" }, f.mean), f.ci ? " " : "", f.ci ? el("span", { class: "ci" }, f.ci) : null));
        }
        body.append(tr);
      }
    }
    table.append(body);
    return el("div", { class: "table-wrap" }, table);
  }

  // sections lists the headings the report's metrics are shown under, in
  // order, each with its metrics, leaving out empty ones: the comparison
  // names them (groups, and each metric's group), as crisis.Report.Sections
  // reads them. Results stored before groups were recorded have none: every
  // metric is then shown under one heading, rather than under names this
  // page would have to keep in step with the model.
  function sections(rep) {
    const ms = rep.metrics || [];
    const groups = Array.isArray(rep.groups) ? rep.groups.filter((g) => g && g.id) : [];
    const out = groups.map((g) => ({ id: String(g.id), title: g.title || String(g.id), metrics: ms.filter((m) => m.group === g.id) }));
    // A metric under no listed heading is not dropped.
    const listed = new Set(groups.map((g) => g.id));
    const rest = ms.filter((m) => !listed.has(m.group));
    if (rest.length) out.push({ id: "metrics", title: "Metrics", metrics: rest });
    return out.filter((g) => g.metrics.length);
  }

  function niceCeil(x) {
    if (x <= 0) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
    return 10 * p;
  }

  // intervalChart draws one row per metric and in it one mark per
  // arrangement: a dot at the mean and a bar across the 95% interval.
  function intervalChart(g, ms, arrs) {
    const W = 720, left = 8, right = 712, labelH = 18, sub = 12, gap = 10, axisH = 24;
    const share = ms.every(isShare);
    let lo = 0, hi = 1;
    if (!share) {
      lo = 0; hi = 0;
      for (const m of ms) for (const a of arrs) {
        const e = a.est[m.name];
        if (!e || e.mean === null) continue;
        const [l, h] = e.ci95 || [e.mean, e.mean];
        lo = Math.min(lo, l, e.mean);
        hi = Math.max(hi, h, e.mean);
      }
      hi = niceCeil(hi);
      if (lo < 0) lo = -niceCeil(-lo);
      if (hi === lo) hi = lo + 1;
    }
    const x = (v) => left + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * (right - left);
    const rowH = labelH + arrs.length * sub + gap;
    const H = axisH + ms.length * rowH + 4;
    const s = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", class: "interval-chart",
      "aria-label": g.title + ": each metric's mean and 95% interval per arrangement" + (share ? ", in per cent." : ".") });
    s.append(svg("title", {}, g.title));
    const ticks = 4;
    for (let k = 0; k <= ticks; k++) {
      const v = lo + ((hi - lo) * k) / ticks;
      const gx = x(v);
      s.append(svg("line", { x1: gx, y1: axisH - 6, x2: gx, y2: H - 2, class: k === 0 || k === ticks ? "axis" : "grid" }));
      const label = share ? Math.round(v * 100) + "%" : String(Number(v.toPrecision(3)));
      s.append(svg("text", { x: gx, y: axisH - 10, "text-anchor": k === 0 ? "start" : k === ticks ? "end" : "middle", class: "tick" }, label));
    }
    if (lo < 0) s.append(svg("line", { x1: x(0), y1: axisH - 6, x2: x(0), y2: H - 2, class: "zero" }));
    let y = axisH;
    ms.forEach((m, mi) => {
      if (mi % 2 === 1) s.insertBefore(svg("rect", { x: 0, y: y - gap / 2, width: W, height: rowH, class: "band" }), s.children[1]);
      s.append(svg("text", { x: left, y: y + labelH - 5, class: "row-label" }, m.label));
      y += labelH;
      arrs.forEach((a) => {
        const e = a.est[m.name];
        const cy = y + sub / 2;
        if (e && e.mean !== null && e.mean !== undefined) {
          const f = fmtEstimate(m, e);
          const gEl = svg("g", { class: "mark", "data-arrangement": a.id });
          gEl.append(svg("title", {}, (a.title || a.id) + ": " + f.mean + (f.ci ? " " + f.ci : "")));
          if (e.ci95) {
            gEl.append(svg("line", { x1: x(e.ci95[0]), y1: cy, x2: x(e.ci95[1]), y2: cy, style: "stroke:" + a.colour, "stroke-width": 3, "stroke-linecap": "round", opacity: 0.55 }));
          }
          gEl.append(svg("circle", { cx: x(e.mean), cy, r: 4, style: "fill:" + a.colour + ";stroke:var(--bg)", "stroke-width": 1 }));
          // The mean in words beside the interval, on the side with room, in
          // the text colour: the arrangement's colour is too faint for text
          // on a dark background.
          const hiX = x(e.ci95 ? e.ci95[1] : e.mean), loX = x(e.ci95 ? e.ci95[0] : e.mean);
          const rightSide = hiX < right - 60;
          gEl.append(svg("text", { x: rightSide ? hiX + 6 : loX - 6, y: cy + 3.5, "text-anchor": rightSide ? "start" : "end",
            class: "mark-value" }, f.mean));
          s.append(gEl);
        } else {
          s.append(svg("text", { x: left + 4, y: cy + 4, class: "na" }, (a.title || a.id) + ": no draw had a value"));
        }
        y += sub;
      });
      y += gap;
    });
    return s;
  }

  // funnel draws the escalation funnel: for each stage, one bar per
  // arrangement with its 95% interval, in per cent.
  function funnel(rep, arrs) {
    const ms = FUNNEL.map((n) => rep.metrics.find((m) => m.name === n)).filter(Boolean);
    if (!ms.length) return null;
    const W = 720, left = 8, right = 640, labelH = 18, bar = 10, gap = 10, axisH = 24;
    const x = (v) => left + Math.min(Math.max(v, 0), 1) * (right - left);
    const rowH = labelH + arrs.length * (bar + 2) + gap;
    const H = axisH + ms.length * rowH + 4;
    const s = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", class: "funnel-chart",
      "aria-label": "Escalation funnel: the probability of each stage, from an attack to nuclear use, per arrangement, with 95% intervals, in per cent." });
    s.append(svg("title", {}, "Escalation funnel"));
    for (let k = 0; k <= 4; k++) {
      const gx = x(k / 4);
      s.append(svg("line", { x1: gx, y1: axisH - 6, x2: gx, y2: H - 2, class: k === 0 || k === 4 ? "axis" : "grid" }));
      s.append(svg("text", { x: gx, y: axisH - 10, "text-anchor": k === 0 ? "start" : "middle", class: "tick" }, 25 * k + "%"));
    }
    let y = axisH;
    for (const m of ms) {
      s.append(svg("text", { x: left, y: y + labelH - 5, class: "row-label" }, m.label));
      y += labelH;
      for (const a of arrs) {
        const e = a.est[m.name];
        if (e && e.mean !== null && e.mean !== undefined) {
          const f = fmtEstimate(m, e);
          const gEl = svg("g", { class: "mark", "data-arrangement": a.id });
          gEl.append(svg("title", {}, (a.title || a.id) + ": " + f.mean + (f.ci ? " " + f.ci : "")));
          gEl.append(svg("rect", { x: x(0), y, width: Math.max(x(e.mean) - x(0), 0.5), height: bar, style: "fill:" + a.colour }));
          if (e.ci95) {
            const cy = y + bar / 2;
            gEl.append(svg("line", { x1: x(e.ci95[0]), y1: cy, x2: x(e.ci95[1]), y2: cy, class: "whisker" }));
            gEl.append(svg("line", { x1: x(e.ci95[0]), y1: cy - 4, x2: x(e.ci95[0]), y2: cy + 4, class: "whisker" }));
            gEl.append(svg("line", { x1: x(e.ci95[1]), y1: cy - 4, x2: x(e.ci95[1]), y2: cy + 4, class: "whisker" }));
          }
          gEl.append(svg("text", { x: W - 4, y: y + bar - 1, "text-anchor": "end", class: "value" }, f.mean));
          s.append(gEl);
        }
        y += bar + 2;
      }
      y += gap;
    }
    return el("figure", { class: "chart funnel", id: "funnel" },
      el("figcaption", {}, "From an attack to nuclear use, each stage over the horizon (the defenders' fighting: given an attack)"), s);
  }

  // attackCurves returns, per arrangement with the attack year's
  // distribution, the chance of a first attack by the end of each year:
  // cum[t] for t = 0 (none yet) to the last bin, the counts of first
  // attacks per year summed and divided by all the draws (the
  // distribution counts only the draws with an attack), as attackCurves
  // in report/dist.go computes it.
  function attackCurves(rep, arrs) {
    const n = Number(rep.samples);
    if (!(n > 0)) return [];
    const out = [];
    for (const a of arrs) {
      const e = a.est[ATTACK_YEAR];
      const d = e && e.distribution;
      if (!d || !Array.isArray(d.edges) || !Array.isArray(d.counts) || !d.counts.length || d.edges.length !== d.counts.length + 1) continue;
      const cum = [0];
      let run = Number(d.under) || 0;
      for (const c of d.counts) {
        run += Number(c) || 0;
        cum.push(run / n);
      }
      out.push({ a, cum });
    }
    return out;
  }

  // timingChart draws P(first attack by year t) under each arrangement,
  // one line each, as the HTML report's timing chart does; null without
  // the distribution (results stored before the model recorded it).
  function timingChart(rep, arrs) {
    const curves = attackCurves(rep, arrs);
    if (!curves.length) return null;
    const years = Math.max(...curves.map((c) => c.cum.length - 1));
    const top = Math.max(...curves.map((c) => c.cum[c.cum.length - 1]));
    const ymax = Math.min(niceCeil(top * 100), 100) || 100; // per cent
    const W = 720, left = 46, right = 560, plotTop = 12, plotH = 200;
    const H = plotTop + plotH + 42;
    const x = (t) => left + (years ? t / years : 0) * (right - left);
    const y = (p) => plotTop + plotH - Math.min((p * 100) / ymax, 1) * plotH;
    const title = "P(first attack by year t)";
    const s = svg("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", class: "timing-chart",
      "aria-label": title + ": under each of " + curves.length + " arrangements, the probability of a first armed attack by the end of each year, from year 0 (none) to year " +
        years + ", on a scale from 0 to " + ymax + "%. Each line ends at the probability of an attack within the horizon, labelled with the arrangement." });
    s.append(svg("title", {}, title));
    for (let k = 0; k <= 4; k++) {
      const v = (ymax * k) / 4;
      const gy = y(v / 100);
      s.append(svg("line", { x1: left, y1: gy, x2: right, y2: gy, class: k === 0 ? "axis" : "grid" }));
      s.append(svg("text", { x: left - 6, y: gy + 4, "text-anchor": "end", class: "tick" }, Number(v.toPrecision(4)) + "%"));
    }
    const step = Math.max(Math.floor((years + 11) / 12), 1);
    for (let t = 0; t <= years; t += step) {
      s.append(svg("text", { x: x(t), y: plotTop + plotH + 16, "text-anchor": "middle", class: "tick" }, String(t)));
    }
    s.append(svg("text", { x: (left + right) / 2, y: plotTop + plotH + 34, "text-anchor": "middle", class: "tick" }, "year of the horizon"));
    // Dashes as well as colours, so that the lines differ without colour.
    const dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];
    const ends = [];
    curves.forEach((c, n) => {
      const i = arrs.indexOf(c.a);
      const g = svg("g", { class: "curve", "data-arrangement": c.a.id });
      g.append(svg("title", {}, (c.a.title || c.a.id) + ": " + c.cum.slice(1).map((p, t) => "year " + (t + 1) + " " + (p * 100).toFixed(1) + "%").join(", ")));
      const pts = c.cum.map((p, t) => x(t).toFixed(1) + "," + y(p).toFixed(1)).join(" ");
      const dash = dashes[(i < 0 ? n : i) % dashes.length];
      g.append(svg("polyline", { points: pts, fill: "none", "stroke-width": 2.2, "stroke-dasharray": dash || null,
        style: "stroke:" + c.a.colour }));
      c.cum.forEach((p, t) => g.append(svg("circle", { cx: x(t), cy: y(p), r: 2.6, style: "fill:" + c.a.colour })));
      s.append(g);
      const last = c.cum[c.cum.length - 1];
      // The id, short enough for the margin; the legend gives its title.
      ends.push({ y: y(last), label: c.a.id + " " + (last * 100).toFixed(1) + "%", colour: c.a.colour, id: c.a.id });
    });
    // End labels, in the text colour with a swatch of the line's, nudged
    // apart so that none overlaps another.
    ends.sort((p, q) => p.y - q.y);
    for (let k = 1; k < ends.length; k++) ends[k].y = Math.max(ends[k].y, ends[k - 1].y + 14);
    for (const e of ends) {
      s.append(svg("rect", { x: right + 8, y: e.y - 4, width: 10, height: 8, style: "fill:" + e.colour }));
      s.append(svg("text", { x: right + 22, y: e.y + 4, class: "end-label", "data-arrangement": e.id }, e.label));
    }
    return el("figure", { class: "chart timing", id: "timing-chart" },
      el("figcaption", {}, title, el("span", { class: "muted" }, " — the first armed attack, over all draws")), s);
  }

  // ---- stored runs and differences ----------------------------------------

  async function loadRuns() {
    const box = $("runs");
    let r;
    try {
      r = await api("GET", "/api/runs?limit=50");
    } catch (e) {
      box.replaceChildren(el("p", { class: "muted" }, "The server cannot be reached: " + e.message));
      return;
    }
    if (r.status !== 200) { box.replaceChildren(el("p", { class: "muted" }, errorText(r))); return; }
    const runs = (r.body && r.body.runs) || [];
    state.runOrder = runs.map((x) => x.id); // newest first
    state.picked = state.picked.filter((id) => runs.some((x) => x.id === id));
    updateDiffButton();
    if (!runs.length) { box.replaceChildren(el("p", { class: "muted" }, "No stored runs yet.")); return; }
    const table = el("table", { class: "runs-table" },
      el("caption", { class: "visually-hidden" }, "Stored runs, newest first"),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Compare")),
        ["Run", "Saved", "Scenario", "Draws", "Seed", "Status", "Took", "Flags"].map((h) => el("th", { scope: "col" }, h)),
        el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Delete")))));
    const body = el("tbody");
    for (const run of runs) {
      const pick = el("input", { type: "checkbox", "aria-label": "Tick run " + run.id + " to compare", checked: state.picked.includes(run.id) });
      pick.addEventListener("change", () => {
        state.picked = state.picked.filter((id) => id !== run.id);
        if (pick.checked) state.picked.push(run.id);
        while (state.picked.length > 2) {
          const drop = state.picked.shift();
          const other = body.querySelector('tr[data-run="' + CSS.escape(drop) + '"] input[type=checkbox]');
          if (other) other.checked = false;
        }
        updateDiffButton();
      });
      const link = el("a", { href: "/runs/" + encodeURIComponent(run.id), onclick: (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        history.pushState({ run: run.id }, "", "/runs/" + encodeURIComponent(run.id));
        showMessage("");
        openRun(run.id);
      } }, run.id);
      const del = el("button", { type: "button", class: "subtle", "aria-label": "Delete run " + run.id, title: "Delete run " + run.id, onclick: () => deleteRun(run.id, del) }, "✕");
      // The flags the run was made with, less the command's name.
      const flags = (run.args || []).slice(run.args && run.args[0] === run.command ? 1 : 0);
      body.append(el("tr", { "data-run": run.id, class: state.shown && state.shown.id === run.id ? "current" : "" },
        el("td", {}, pick), el("td", {}, link), el("td", {}, fmtTime(run.saved)),
        el("td", {}, run.scenario + (run.command && run.command !== "serve" ? " (" + run.command + ")" : "")),
        el("td", { class: "num" }, run.samples ? Number(run.samples).toLocaleString() : ""),
        el("td", { class: "num" }, String(run.seed)),
        el("td", {}, el("span", { class: "badge " + run.status }, run.status)),
        el("td", { class: "num" }, fmtDuration(run.duration_ns)),
        el("td", { class: "args", title: flags.join(" ") }, flags.join(" ")),
        el("td", {}, del)));
    }
    table.append(body);
    box.replaceChildren(el("div", { class: "table-wrap" }, table));
  }

  function updateDiffButton() {
    const b = $("diff-runs");
    b.disabled = state.picked.length !== 2;
    b.textContent = state.picked.length === 2 ? "Compare " + state.picked.join(" and ") : "Compare the two ticked";
  }

  async function deleteRun(id, btn) {
    if (!confirm("Delete run " + id + " from the store? This cannot be undone.")) return;
    if (btn) btn.disabled = true;
    setStatus("Deleting run " + id + "…");
    let deleted = false;
    try {
      const r = await api("DELETE", "/api/runs/" + encodeURIComponent(id));
      if (r.status === 204 || r.status === 200) deleted = true;
      else showMessage(errorText(r));
    } catch (e) {
      showMessage("The server cannot be reached: " + e.message);
    } finally {
      if (btn) btn.disabled = false;
      restoreStatus();
    }
    if (!deleted) return;
    state.picked = state.picked.filter((x) => x !== id);
    loadRuns();
  }

  async function showDiff() {
    if (state.picked.length !== 2) return;
    // The older run is A, so that a change reads as what the newer run did.
    const [a, b] = state.picked.slice().sort((x, y) => state.runOrder.indexOf(y) - state.runOrder.indexOf(x));
    const box = $("diff");
    box.hidden = false;
    box.replaceChildren(el("p", { class: "muted" }, "Comparing…"));
    const btn = $("diff-runs");
    btn.disabled = true;
    setStatus("Comparing " + a + " and " + b + "…");
    try {
      await renderDiff(box, a, b);
    } catch (e) {
      box.replaceChildren(el("p", { class: "message error" }, "The comparison failed: " + e.message));
    } finally {
      updateDiffButton();
      restoreStatus();
    }
  }

  // renderDiff fills box with the difference of runs a and b; it rejects
  // when the server cannot be reached.
  async function renderDiff(box, a, b) {
    const [r, ra] = await Promise.all([
      api("GET", "/api/runs/" + encodeURIComponent(a) + "/diff/" + encodeURIComponent(b)),
      api("GET", "/api/runs/" + encodeURIComponent(a)),
    ]);
    if (r.status !== 200) { box.replaceChildren(el("p", { class: "message error" }, errorText(r))); return; }
    const d = r.body;
    // The diff names metrics; their labels come from run A's report.
    const labels = new Map();
    const metrics = (ra.status === 200 && ra.body.results && ra.body.results.metrics) || [];
    for (const m of metrics) labels.set(m.name, m);
    const info = (name) => labels.get(name) || { name, label: name, kind: name.startsWith("p_") ? "probability" : "mean" };
    const parts = [el("h3", { id: "diff-heading" }, "Run " + a + " → run " + b)];
    const notes = el("ul", { class: "diff-notes" });
    notes.append(el("li", {}, d.same_scenario ? "Same scenario (equal SHA-256)." : "Different scenarios: " +
      (d.a.scenario_sha256 || "").slice(0, 12) + "… vs " + (d.b.scenario_sha256 || "").slice(0, 12) + "…"));
    if (d.a.seed !== d.b.seed) notes.append(el("li", {}, "Seeds differ: " + d.a.seed + " vs " + d.b.seed + "."));
    if (d.a.samples !== d.b.samples) notes.append(el("li", {}, "Draws: " + Number(d.a.samples).toLocaleString() + " vs " + Number(d.b.samples).toLocaleString() + "."));
    if ((d.args_only_a || []).length) notes.append(el("li", {}, "Only in " + a + ": ", el("code", {}, d.args_only_a.join(" "))));
    if ((d.args_only_b || []).length) notes.append(el("li", {}, "Only in " + b + ": ", el("code", {}, d.args_only_b.join(" "))));
    parts.push(notes);
    const onlySig = el("input", { type: "checkbox", id: "diff-sig" });
    parts.push(el("p", {}, onlySig, el("label", { for: "diff-sig" }, " Only the changes whose 95% intervals do not overlap")));
    const table = el("table", { class: "diff-table" },
      el("caption", {}, "B − A for every metric and arrangement; a change is marked when the two 95% intervals do not overlap, so that it is unlikely to be noise."),
      el("thead", {}, el("tr", {}, ["Arrangement", "Metric", "A (" + a + ")", "B (" + b + ")", "Change"].map((h) => el("th", { scope: "col" }, h)))));
    const body = el("tbody");
    let sig = 0;
    for (const m of d.metrics || []) {
      const mi = info(m.metric);
      const share = isShare(mi);
      const cell = (v, ci) => {
        const f = fmtEstimate(mi, v === null || v === undefined ? null : { mean: v, ci95: ci || null });
        return el("td", {}, el("span", { class: "mean" }, f.mean), f.ci ? " " : "", f.ci ? el("span", { class: "ci" }, f.ci) : null);
      };
      const real = m.change !== null && m.change !== undefined && !m.overlap && m.ci95_a && m.ci95_b;
      if (real) sig++;
      const ch = m.change === null || m.change === undefined ? "—" :
        (m.change > 0 ? "+" : "") + fmtNum(m.change, share) + (share ? " pt" : "");
      body.append(el("tr", { class: real ? "significant" : "same", "data-metric": m.metric },
        el("td", {}, m.arrangement), el("th", { scope: "row", title: m.metric }, mi.label),
        cell(m.a, m.ci95_a), cell(m.b, m.ci95_b),
        el("td", { class: "change" }, ch, real ? el("span", { class: "flag", title: "The 95% intervals do not overlap" }, " ◆") : "")));
    }
    table.append(body);
    onlySig.addEventListener("change", () => table.classList.toggle("only-significant", onlySig.checked));
    parts.push(el("p", {}, sig + " of " + (d.metrics || []).length + " figures changed beyond their intervals."));
    parts.push(el("div", { class: "table-wrap" }, table));
    parts.push(el("p", {}, el("button", { type: "button", onclick: () => { box.hidden = true; } }, "Close the comparison")));
    box.replaceChildren(...parts);
    box.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  // ---- page --------------------------------------------------------------

  function setEditor(text) {
    editor().value = text;
    sessionStorage.setItem(DRAFT_KEY, text);
    renderGutter([]);
    scheduleValidate(0);
  }

  async function loadDefault(ask) {
    if (ask && editor().value && editor().value !== state.defaultYAML &&
      !confirm("Replace the editor's text with the default scenario? Your edits will be lost.")) return;
    if (state.defaultYAML === null) {
      const r = await api("GET", "/api/scenario/default");
      if (r.status !== 200) { setValidity("The default scenario: " + errorText(r), "bad"); return; }
      state.defaultYAML = r.body.yaml;
    }
    setEditor(state.defaultYAML);
  }

  // route shows what the address names: a stored run, or no results.
  function route() {
    const m = location.pathname.match(/^\/runs\/([^/]+)\/?$/);
    if (m) { openRun(decodeURIComponent(m[1])); return; }
    if (state.run) return; // a run being watched stays on screen
    state.shown = null;
    for (const id of ["use-settings", "load-run-scenario", "permalink", "download", "download-json", "download-csv"]) $(id).hidden = true;
    $("results").replaceChildren(el("p", { class: "empty muted" }, "No results yet. Run the scenario, or open a stored run below."));
    document.title = "Bulwark";
  }

  async function init() {
    initToken();
    const t = editor();
    t.addEventListener("input", () => {
      sessionStorage.setItem(DRAFT_KEY, t.value);
      renderGutter([]); // positions are stale until the next check
      scheduleValidate();
    });
    t.addEventListener("scroll", syncScroll);
    t.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (!$("run").disabled) startRun();
      }
    });
    $("load-default").addEventListener("click", () => loadDefault(true));
    $("validate").addEventListener("click", () => scheduleValidate(0));
    $("reset-sliders").addEventListener("click", resetSliders);
    $("run-form").addEventListener("submit", startRun);
    $("cancel").addEventListener("click", cancelRun);
    $("refresh-runs").addEventListener("click", loadRuns);
    $("diff-runs").addEventListener("click", showDiff);
    for (const id of ["samples", "precision", "seed"]) $(id).addEventListener("input", renderCLI);
    $("slider-filter").addEventListener("input", filterSliders);
    $("extra-sets").addEventListener("input", () => { updateSetsCount(); renderCLI(); scheduleValidate(); });
    for (const id of ["stop-samples", "stop-precision"]) {
      $(id).addEventListener("change", () => {
        $("samples").disabled = !$("stop-samples").checked;
        $("precision").disabled = !$("stop-precision").checked;
        renderCLI();
      });
    }
    window.addEventListener("popstate", route);

    api("GET", "/api/health").then((r) => {
      if (r.status === 200 && r.body) $("version").textContent = r.body.version ? "version " + r.body.version : "";
      else if (r.status === 401) showMessage(errorText(r));
    }).catch(() => setValidity("The server cannot be reached.", "bad"));

    const draft = sessionStorage.getItem(DRAFT_KEY);
    const r = await api("GET", "/api/scenario/default").catch(() => null);
    if (r && r.status === 200) state.defaultYAML = r.body.yaml;
    if (draft !== null && draft !== "") setEditor(draft);
    else if (state.defaultYAML !== null) setEditor(state.defaultYAML);
    else renderGutter([]);
    renderCLI();
    route();
    loadRuns();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
