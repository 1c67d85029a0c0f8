// The workbench page: an editor for the policy with live diagnostics, and a month's
// results, derivations, diff, worked examples and workbook, all from the local
// `kaohe serve` API (docs/serve.md). Nothing is sent anywhere else.

import { EditorState, StateEffect } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, bracketMatching } from "@codemirror/language";
import { linter, lintGutter } from "@codemirror/lint";
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";

import { TEXTS, chooseLang } from "./texts.js";
import { kaoheLanguage, kaoheCompletion, kaoheHighlight } from "./kaohe.js";
import { Charts, inBin } from "./charts.js";

const token = new URLSearchParams(location.search).get("token") || "";
const lang = chooseLang(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
const T = TEXTS[lang];

function t(key, args = {}) {
  return (T[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(args[k] ?? ""));
}

function api(path, query = "") {
  return `/api/${path}?token=${encodeURIComponent(token)}&lang=${lang}${query}`;
}

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "onclick") e.addEventListener("click", v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function status(text, isError = false) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", isError);
}

/// A request to the API: the parsed JSON (or the blob) and the status.
async function call(path, init, query = "") {
  try {
    const r = await fetch(api(path, query), init);
    const type = r.headers.get("content-type") || "";
    const body = type.includes("json") ? await r.json() : await r.blob();
    return { ok: r.ok, status: r.status, body };
  } catch (e) {
    status(t("network", { reason: e.message }), true);
    return { ok: false, status: 0, body: { message: e.message } };
  }
}

const postJson = (path, value) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });

let saved = { name: null, hash: null, source: "" };
let view = null;
let lastLint = [];

/// Asks for a check though the text did not change: the check made during an input
/// method's composition was skipped.
const recheck = StateEffect.define();

// ---- diagnostics ----

/// A diagnostic's place in the editor: `from`/`to` (UTF-16, as CodeMirror counts), else
/// its line and column, else the start.
function place(doc, d) {
  const clamp = (n) => Math.max(0, Math.min(doc.length, n));
  let from = 0;
  let to = 0;
  if (typeof d.from === "number") {
    from = clamp(d.from);
    to = clamp(d.to ?? d.from);
  } else if (d.line && d.line <= doc.lines) {
    from = clamp(doc.line(d.line).from + (d.column || 1) - 1);
    to = from;
  }
  if (to <= from) to = Math.min(doc.length, from + 1);
  if (to <= from) from = Math.max(0, to - 1);
  return { from, to };
}

function message(d) {
  return d.help ? `${d.message}\n${t("help")}: ${d.help}` : d.message;
}

function showProblems(list) {
  const ul = $("diagnostics");
  ul.replaceChildren();
  if (!list.length) {
    ul.append(el("li", { class: "none" }, t("no-problems")));
    return;
  }
  for (const d of list) {
    const where = d.line ? t("line", { line: d.line, column: d.column || 1 }) : "";
    const li = el(
      "li",
      { "data-code": d.code },
      el("span", { class: d.severity }, t(d.severity === "warning" ? "warning" : "error")),
      ` ${where} `,
      el("span", { class: "message" }, d.message),
      ` [${d.code}]`,
    );
    if (d.help) li.append(el("div", { class: "help" }, `${t("help")}: ${d.help}`));
    li.addEventListener("click", () => {
      if (!view) return;
      const { from } = place(view.state.doc, d);
      view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
      view.focus();
    });
    ul.append(li);
  }
}

async function lintSource(v) {
  // Not in the middle of a Chinese input method's composition: the text is not final.
  if (v.composing) return lastLint;
  const text = v.state.doc.toString();
  const r = await postJson("check", { source: text });
  if (!r.ok || !r.body.diagnostics) return lastLint;
  if (v.state.doc.toString() !== text) return lastLint;
  showProblems(r.body.diagnostics);
  lastLint = r.body.diagnostics.map((d) => ({
    ...place(v.state.doc, d),
    severity: d.severity === "warning" ? "warning" : "error",
    message: message(d),
    source: d.code,
  }));
  return lastLint;
}

// ---- the file ----

function showFile() {
  const changed = view && view.state.doc.toString() !== saved.source;
  $("file").textContent = saved.name ? `${saved.name}${changed ? " " + t("unsaved") : ""}` : t("no-file");
  $("save").disabled = !saved.name;
  $("diff").disabled = !saved.name;
}

async function save() {
  const source = view.state.doc.toString();
  const r = await postJson("save", { source, hash: saved.hash });
  if (r.ok) {
    saved = { ...saved, hash: r.body.hash, source };
    status(t("saved"));
  } else {
    status(t("save-refused") + (r.body.message || r.status), true);
  }
  showFile();
}

async function format() {
  const r = await postJson("fmt", { source: view.state.doc.toString() });
  if (!r.ok) {
    status(t("cannot-format"), true);
    return;
  }
  if (r.body.changed) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: r.body.source } });
    status(t("formatted"));
  } else {
    status(t("already-formatted"));
  }
}

// ---- the month ----

function monthForm(extra = {}) {
  const month = $("month").value;
  const agents = $("agents-file").files[0];
  const incidents = $("incidents-file").files[0];
  if (!month || !agents || !incidents) {
    status(t("need-month"), true);
    return null;
  }
  const form = new FormData();
  form.append("policy", view.state.doc.toString());
  form.append("month", month);
  form.append("agents", agents, agents.name);
  form.append("incidents", incidents, incidents.name);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return form;
}

function showMonthProblems(r) {
  const box = $("month-problems");
  box.replaceChildren();
  if (r.ok) return;
  const list = r.body.diagnostics || [{ message: r.body.message || String(r.status) }];
  box.append(el("div", {}, t("month-problems")));
  for (const d of list) {
    const where = d.file ? `${d.file}${d.line ? ":" + d.line : ""}: ` : "";
    box.append(el("div", { class: "problem-line" }, `${where}${d.message}${d.help ? ` (${t("help")}: ${d.help})` : ""}`));
  }
  status(t("month-problems"), true);
}

let rows = [];
let sort = { key: null, down: false };
let charts = null;

/// The rows a chart's bar chose (`null`: every row): `{kind, value, label}`.
let filter = null;

const escalationName = (e) => (typeof e === "string" ? e : e.name);

/// Whether an agent is among those the filter chose.
function chosen(a) {
  if (!filter) return true;
  const { kind, value } = filter;
  if (kind === "tier") return a.tier === value;
  if (kind === "points") return inBin(value, a.points);
  if (kind === "violation") return (a.violations || []).some((v) => v.name === value && v.count > 0);
  if (kind === "escalation") return (a.escalations || []).some((e) => escalationName(e) === value);
  if (kind === "agent") return a.id === value;
  return true;
}

/// Shows only the agents a chart's bar stands for (`null`: all of them again).
function filterRows(kind, value, label) {
  filter = kind ? { kind, value, label } : null;
  showResults();
  const shown = rows.filter(chosen).length;
  $("filter").hidden = !filter;
  $("filter").dataset.kind = filter ? filter.kind : "";
  $("filter-text").textContent = filter ? t("filter-shown", { label, shown, count: rows.length }) : "";
}

const number = (v) => (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? parseFloat(v) : null);

function columns() {
  const first = rows[0] || {};
  const fines = rows.some((a) => a.fine && number(a.fine) !== 0);
  const cols = [
    { key: "id", title: t("col-id"), get: (a) => a.id },
    { key: "name", title: t("col-name"), get: (a) => a.name },
    { key: "tier", title: t("col-tier"), get: (a) => a.tier },
    { key: "tenure", title: t("col-tenure"), get: (a) => String(a.tenure_months ?? "") },
    { key: "points", title: t("col-points"), get: (a) => a.points },
    { key: "compensation", title: t("col-compensation"), get: (a) => a.compensation },
  ];
  if (fines) cols.push({ key: "fine", title: t("col-fine"), get: (a) => a.fine });
  cols.push(
    {
      key: "escalations",
      title: t("col-escalations"),
      get: (a) => (a.escalations || []).map((e) => (typeof e === "string" ? e : e.name)).join("、"),
    },
    { key: "promotion", title: t("col-promotion"), get: (a) => a.promotion || "" },
    { key: "tier_ok", title: t("col-tier-ok"), get: (a) => (a.tier_ok ? t("tier-ok") : t("tier-problem")) },
  );
  for (const line of Object.keys(first.pay || {})) {
    cols.push({ key: "pay:" + line, title: line, get: (a) => (a.pay ? a.pay[line] ?? "" : "") });
  }
  return cols;
}

function showResults() {
  const box = $("results");
  box.replaceChildren();
  if (!rows.length) return;
  const cols = columns();
  const sorted = rows.filter(chosen);
  if (sort.key) {
    const col = cols.find((c) => c.key === sort.key);
    sorted.sort((a, b) => {
      const [x, y] = [col.get(a), col.get(b)];
      const [nx, ny] = [number(x), number(y)];
      const order = nx !== null && ny !== null ? nx - ny : String(x).localeCompare(String(y), lang);
      return sort.down ? -order : order;
    });
  }
  const head = el("tr");
  for (const c of cols) {
    const mark = sort.key === c.key ? (sort.down ? " ▼" : " ▲") : "";
    head.append(
      el("th", {
        "data-key": c.key,
        onclick: () => {
          sort = { key: c.key, down: sort.key === c.key ? !sort.down : false };
          showResults();
        },
      }, c.title + mark),
    );
  }
  const body = el("tbody");
  for (const a of sorted) {
    const tr = el("tr", { class: "agent", "data-agent": a.id });
    for (const c of cols) {
      const v = c.get(a);
      const cls = [number(v) !== null ? "num" : "", c.key === "tier_ok" && !a.tier_ok ? "problem" : ""].join(" ").trim();
      tr.append(el("td", cls ? { class: cls, "data-col": c.key } : { "data-col": c.key }, v));
    }
    tr.addEventListener("click", () => explain(a.id, tr));
    body.append(tr);
  }
  box.append(el("table", {}, el("thead", {}, head), body));
}

async function run() {
  const form = monthForm();
  if (!form) return;
  status(t("running"));
  const r = await call("eval", { method: "POST", body: form }, "&summary=1");
  showMonthProblems(r);
  if (!r.ok) {
    rows = [];
    filterRows(null);
    $("charts").hidden = true;
    return false;
  }
  rows = r.body.agents || [];
  sort = { key: null, down: false };
  filterRows(null);
  $("charts").hidden = false;
  charts.show(r.body.summary);
  status(t("ran", { count: rows.length }));
  return true;
}

async function explain(id, tr) {
  const form = monthForm({ agent: id });
  if (!form) return;
  for (const row of document.querySelectorAll("tr.agent.chosen")) row.classList.remove("chosen");
  if (tr) tr.classList.add("chosen");
  const r = await call("explain", { method: "POST", body: form });
  showMonthProblems(r);
  $("explanation").textContent = r.ok ? r.body.text : "";
  $("explanation").dataset.agent = r.ok ? id : "";
}

async function download() {
  const form = monthForm();
  if (!form) return;
  const r = await call("eval", { method: "POST", body: form }, "&format=xlsx");
  showMonthProblems(r);
  if (!r.ok) return;
  const url = URL.createObjectURL(r.body);
  const a = el("a", { href: url, download: `kaohe-${$("month").value}.xlsx` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  status(t("downloaded"));
}

async function diff() {
  const form = monthForm();
  if (!form) return;
  // The impact chart reads the month's pay line and filters the table: run the month first.
  if (!charts.summary && !(await run())) return;
  const r = await call("diff", { method: "POST", body: form });
  showMonthProblems(r);
  const box = $("diff-out");
  box.replaceChildren();
  if (!r.ok) return;
  const d = r.body.diff || {};
  charts.showImpact(d);
  if (d.declarations && d.declarations.length) {
    box.append(el("h3", {}, t("declarations-changed")));
    const ul = el("ul");
    for (const c of d.declarations) ul.append(el("li", {}, c.change || `${c.declaration} ${c.item || ""}`));
    box.append(ul);
  }
  if (!d.agents || !d.agents.length) {
    box.append(el("p", { class: "no-changes" }, t("no-changes")));
  } else {
    box.append(el("h3", {}, t("agents-changed")));
    const table = el("table", {}, el("tr", {}, ...[t("col-id"), t("col-name"), t("figure"), t("old"), t("new")].map((h) => el("th", {}, h))));
    for (const a of d.agents) {
      for (const c of a.changes) {
        table.append(el("tr", { "data-agent": a.id }, el("td", {}, a.id), el("td", {}, a.name), el("td", {}, c.figure), el("td", { class: "num" }, c.old), el("td", { class: "num" }, c.new)));
      }
    }
    box.append(table);
  }
  if (d.totals && d.totals.length) {
    box.append(el("h3", {}, t("totals")));
    const table = el("table", {}, el("tr", {}, ...[t("figure"), t("old"), t("new"), t("difference")].map((h) => el("th", {}, h))));
    for (const x of d.totals) {
      const up = number(x.difference) > 0 ? "up" : number(x.difference) < 0 ? "down" : "";
      table.append(el("tr", {}, el("td", {}, x.line), el("td", { class: "num" }, x.old), el("td", { class: "num" }, x.new), el("td", { class: "num " + up }, x.difference)));
    }
    box.append(table);
  }
}

async function examples() {
  const r = await postJson("test", { source: view.state.doc.toString() });
  const ul = $("examples");
  ul.replaceChildren();
  if (!r.ok) {
    showMonthProblems(r);
    return;
  }
  if (!r.body.examples.length) {
    ul.append(el("li", {}, t("examples-none")));
    return;
  }
  ul.append(el("li", { class: "summary" }, t("examples-summary", { passed: r.body.passed, failed: r.body.failed })));
  for (const ex of r.body.examples) {
    const li = el("li", { "data-example": ex.name, "data-ok": String(ex.ok) },
      el("span", { class: ex.ok ? "pass" : "fail" }, ex.ok ? t("pass") : t("fail")),
      ` ${ex.name} — ${t("expectations", { count: ex.passed })}`);
    for (const f of ex.failures) li.append(el("div", { class: "help" }, message(f)));
    ul.append(li);
  }
}

// ---- start ----

async function start() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
  const [words, policy] = await Promise.all([call("words", {}), call("policy", {})]);
  const vocabulary = words.ok ? words.body : {};
  if (policy.ok) saved = { name: policy.body.name, hash: policy.body.hash, source: policy.body.source || "" };
  else status(policy.body.message || (policy.body.diagnostics || []).map((d) => d.message).join("; "), true);
  const language = kaoheLanguage(vocabulary);
  view = new EditorView({
    parent: $("editor"),
    state: EditorState.create({
      doc: saved.source,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        bracketMatching(),
        closeBrackets(),
        language,
        syntaxHighlighting(kaoheHighlight),
        autocompletion({ override: [kaoheCompletion(vocabulary)] }),
        lintGutter(),
        linter(lintSource, {
          delay: 400,
          needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(recheck))),
        }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...completionKeymap, indentWithTab]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": t("title") }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) showFile();
        }),
        EditorView.domEventHandlers({
          // The composition's text is final now: check it, once the editor has taken it
          // (until then it still counts as composing, and the check would be skipped).
          compositionend: (_, v) => {
            const again = () => (v.composing ? setTimeout(again, 50) : v.dispatch({ effects: recheck.of(null) }));
            setTimeout(again, 20);
            return false;
          },
        }),
      ],
    }),
  });
  showFile();
  charts = new Charts(t, filterRows);
  $("filter-clear").addEventListener("click", () => filterRows(null));
  for (const b of document.querySelectorAll("[data-rank]")) b.addEventListener("click", () => charts.rank(b.dataset.rank));
  $("save").addEventListener("click", save);
  $("format").addEventListener("click", format);
  $("run").addEventListener("click", run);
  $("download-xlsx").addEventListener("click", download);
  $("diff").addEventListener("click", diff);
  $("examples-run").addEventListener("click", examples);
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") {
      e.preventDefault();
      if (saved.name) save();
    }
  });
  document.body.dataset.ready = "true";
}

start();
