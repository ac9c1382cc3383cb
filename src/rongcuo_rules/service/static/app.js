// The web page of `rongcuo serve`: a case form generated from the vocabulary, the verdict as the CLI gives it,
// and a drafter's lint view. Plain JavaScript, no build step, nothing fetched from outside this service.
// Every word shown comes from the service (GET /v1/wording, the vocabulary, the verdicts): none is written here.
"use strict";

const state = { lang: "zh", words: null, vocab: null, packs: [], seq: 0, lintSeq: 0, timer: null };

const $ = (id) => document.getElementById(id);
const w = (key, params) => {
  let text = (state.words && state.words[state.lang][key]) || key;
  for (const [k, v] of Object.entries(params || {})) text = text.split("{" + k + "}").join(String(v));
  return text;
};
const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v;
    else if (k.startsWith("data-") || k === "for" || k === "id" || k === "class" || k === "name") node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const child of children) node.append(child);
  return node;
};

async function getJSON(url) {
  const res = await fetch(url, { headers: { "Accept-Language": state.lang } });
  if (!res.ok) throw new Error(url + ": HTTP " + res.status);
  return res.json();
}

async function post(url, body, asText) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": state.lang },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const err = await res.json().catch(() => ({ error: { message: w("ui.failed") + " " + res.status } }));
    throw err.error || err;
  }
  return asText ? res.text() : res.json();
}

// ── the form ────────────────────────────────────────────────────────────────

function label(pair) { return pair[state.lang] || pair.zh; }

function buildForm() {
  const given = currentFacts();
  const box = $("facts");
  box.replaceChildren();
  const groups = new Map();  // in the vocabulary's order
  for (const [name, fact] of Object.entries(state.vocab)) {
    if (!groups.has(fact.group.id)) groups.set(fact.group.id, { group: fact.group, facts: [] });
    groups.get(fact.group.id).facts.push([name, fact]);
  }
  for (const { group, facts } of groups.values()) {
    const set = el("fieldset", { "data-group": group.id }, el("legend", { text: label(group) }));
    for (const [name, fact] of facts) {
      const id = "fact-" + name;
      const select = el("select", { id, name, "data-fact": name });
      // an open fact starts as "not established"; a closed one as "not given", which means its default
      const first = fact.open ? w("ui.unknown")
        : w("ui.absent", { value: label(fact.value_labels[String(fact.default)]) });
      select.append(el("option", { value: "", text: first }));
      for (const value of fact.values) {
        select.append(el("option", { value: JSON.stringify(value), text: label(fact.value_labels[String(value)]) }));
      }
      if (name in given) select.value = JSON.stringify(given[name]);
      select.classList.toggle("given", select.value !== "");
      select.addEventListener("change", () => { select.classList.toggle("given", select.value !== ""); schedule(); });
      set.append(el("div", { class: "fact" },
        el("label", { for: id, title: fact.source, text: label(fact.label) },
          el("small", { text: name + " · " + label(fact.description) })),
        select));
    }
    box.append(set);
  }
}

function currentFacts() {
  const facts = {};
  for (const select of document.querySelectorAll("select[data-fact]")) {
    if (select.value !== "") facts[select.dataset.fact] = JSON.parse(select.value);
  }
  return facts;
}

function buildPackChoice() {
  const select = $("pack");
  const chosen = select.value || (state.packs[0] && state.packs[0].pack);
  select.replaceChildren();
  for (const p of state.packs) select.append(el("option", { value: p.pack, text: p.pack + " · " + p.title }));
  select.append(el("option", { value: "all", text: w("ui.all_packs") }));
  select.value = chosen;
}

// ── the verdict ─────────────────────────────────────────────────────────────

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(evaluate, 150);
}

async function evaluate() {
  const seq = ++state.seq;
  const pack = $("pack").value;
  const caseBody = { facts: currentFacts() };
  const caseId = $("case-id").value.trim();
  if (caseId) caseBody.id = caseId;
  const body = { pack, case: caseBody, lang: state.lang };
  $("status").textContent = w("ui.waiting");
  $("verdict").dataset.state = "busy";
  try {
    const [json, text] = await Promise.all([post("/v1/evaluate", body), post("/v1/evaluate", { ...body, format: "text" }, true)]);
    if (seq !== state.seq) return;  // a later change has been sent: show only the newest answer
    showVerdict(json, text, Object.keys(caseBody.facts).length);
  } catch (err) {
    if (seq !== state.seq) return;
    $("status").replaceChildren(el("span", { class: "error", text: err.message || String(err) }));
    $("verdict").dataset.state = "error";
  }
}

function showVerdict(json, text, count) {
  $("status").textContent = w("ui.facts_given") + w("ui.colon") + count;
  const verdicts = Array.isArray(json) ? json : [json];
  const outcome = $("outcome");
  const summary = $("summary");
  summary.replaceChildren();
  if (Array.isArray(json)) {
    outcome.dataset.outcome = "";
    outcome.textContent = w("heading.summary");
    const table = el("table", { class: "summary", id: "summary-table" });
    table.append(el("tr", {}, el("th", { text: w("heading.pack") }), el("th", { text: w("heading.outcome") }),
      el("th", { text: w("heading.citations") })));
    for (const v of verdicts) {
      table.append(el("tr", { "data-pack": v.pack, "data-outcome": v.outcome },
        el("td", { text: v.pack }), el("td", { text: w("outcome." + v.outcome) }),
        el("td", { text: v.citations.map((c) => c.label).join(w("ui.list")) })));
    }
    summary.append(table);
  } else {
    outcome.dataset.outcome = json.outcome;
    outcome.textContent = w("heading.outcome") + w("ui.colon") + w("outcome." + json.outcome);
  }
  const cites = $("citations");
  cites.replaceChildren();
  if (!Array.isArray(json)) {
    cites.append(el("h3", { text: w("heading.citations") }));
    const list = el("ul", {});
    for (const c of json.citations) {
      list.append(el("li", { "data-clause": c.clause }, el("span", { class: "label", text: c.label }), c.text));
    }
    cites.append(list);
  }
  const missing = $("missing");
  missing.replaceChildren();
  const names = [...new Set(verdicts.flatMap((v) => v.missing_facts))];
  if (names.length) {
    missing.append(el("h3", { text: w("heading.missing") }));
    const list = el("ul", {});
    for (const n of names) list.append(el("li", { "data-fact": n, text: (state.vocab[n] ? label(state.vocab[n].label) + " " : "") + "(" + n + ")" }));
    missing.append(list);
  }
  $("verdict-text").textContent = text;
  $("verdict-json").textContent = JSON.stringify(json, null, 2);
  $("verdict").dataset.facts = String(count);
  $("verdict").dataset.state = "done";
}

// ── lint ────────────────────────────────────────────────────────────────────

async function lint() {
  const seq = ++state.lintSeq;
  const text = $("lint-text").value;
  $("lint-status").textContent = w("ui.waiting");
  $("lint-view").dataset.state = "busy";
  let report;
  try {
    report = await post("/v1/lint", { text, lang: state.lang });
  } catch (err) {
    if (seq !== state.lintSeq) return;
    $("lint-status").replaceChildren(el("span", { class: "error", id: "lint-error", text: err.message || String(err) }));
    // an error inside the text is shown on its line; one about the request itself only above
    const inText = err.location && err.location.file === "<text>" && err.location.line;
    showLines(text, inText ? [{ line: err.location.line, rule: err.code, message: err.message, severity: "error" }] : []);
    $("lint-view").dataset.state = "error";
    return;
  }
  if (seq !== state.lintSeq) return;  // a later run has been sent: show only the newest
  const s = report.summary;
  $("lint-status").textContent = report.findings.length
    ? `${w("ui.lint.findings")}${w("ui.colon")}${w("severity.error")} ${s.error} · ${w("severity.warning")} ${s.warning} · ${w("severity.info")} ${s.info}`
    : w("ui.lint.clean");
  showLines(text, report.findings);
  $("lint-view").dataset.state = "done";
}

function showLines(text, findings) {
  // each finding beside the line it points at; findings with no line go above the first line
  const table = $("lint-lines");
  table.replaceChildren();
  const byLine = new Map();
  for (const f of findings) {
    const n = f.line || 0;
    if (!byLine.has(n)) byLine.set(n, []);
    byLine.get(n).push(f);
  }
  const row = (n, src) => {
    const notes = el("td", { class: "notes" });
    for (const f of byLine.get(n) || []) {
      notes.append(el("div", { class: "finding", "data-rule": f.rule, "data-line": String(n) },
        el("span", { class: "rule", text: f.rule }), (f.severity ? w("severity." + f.severity) + " " : "") + f.message));
    }
    const tr = el("tr", { "data-line": String(n) }, el("td", { class: "n", text: n ? String(n) : "" }),
      el("td", { class: "src", text: src }), notes);
    if (byLine.has(n)) tr.classList.add("flagged");
    return tr;
  };
  if (byLine.has(0)) table.append(row(0, ""));
  const lines = text.split(/\r\n|\r|\n/);  // line breaks as the YAML reader counts them
  lines.forEach((src, i) => table.append(row(i + 1, src)));
  for (const n of [...byLine.keys()].filter((n) => n > lines.length).sort((a, b) => a - b)) {
    table.append(row(n, ""));  // a finding past the last line (the end of the text) is still shown
  }
}

// ── the page ────────────────────────────────────────────────────────────────

function applyWording() {
  document.documentElement.lang = state.lang === "en" ? "en" : "zh-CN";
  for (const node of document.querySelectorAll("[data-w]")) node.textContent = w(node.dataset.w);
  document.title = w("ui.title") + " · rongcuo_rules";
}

async function loadPacks() {
  state.packs = await getJSON("/v1/packs");
  buildPackChoice();
}

async function switchLanguage() {
  state.lang = state.lang === "zh" ? "en" : "zh";
  applyWording();
  await loadPacks();
  buildForm();
  evaluate();
}

function showTab(which) {
  $("evaluate-view").hidden = which !== "evaluate";
  $("lint-view").hidden = which !== "lint";
  $("tab-evaluate").classList.toggle("active", which === "evaluate");
  $("tab-lint").classList.toggle("active", which === "lint");
}

async function start() {
  const params = new URLSearchParams(location.search);
  if (params.get("lang") === "en") state.lang = "en";
  try {
    [state.words, state.vocab] = await Promise.all([getJSON("/v1/wording"), getJSON("/v1/vocabulary")]);
  } catch (err) {  // no wording to say it in: the error as it came
    $("status").replaceChildren(el("span", { class: "error", text: String(err.message || err) }));
    return;
  }
  applyWording();
  await loadPacks();
  buildForm();
  $("pack").addEventListener("change", evaluate);
  $("case-id").addEventListener("input", schedule);
  $("reset").addEventListener("click", () => {
    for (const s of document.querySelectorAll("select[data-fact]")) { s.value = ""; s.classList.remove("given"); }
    evaluate();
  });
  $("lang-toggle").addEventListener("click", switchLanguage);
  $("tab-evaluate").addEventListener("click", () => showTab("evaluate"));
  $("tab-lint").addEventListener("click", () => showTab("lint"));
  $("lint-run").addEventListener("click", lint);
  $("lint-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (file) { $("lint-text").value = await file.text(); lint(); }
  });
  document.body.dataset.ready = "true";
  await evaluate();
}

start();
