/* Open exports of a company: YAML (and back), a seats CSV, an accountability matrix CSV and a
 * one-page Markdown summary. The YAML reader reads only what toYaml writes (block mappings and
 * lists, plain and quoted scalars, [] and {}) and names the line of anything else. */

import { byId, companyName, peopleIn, personLevels, seatsOf, validateCompany } from "./model.js";
import { runChecks } from "./checks.js";
import { diagnose } from "./diagnosis.js";
import { whoNext, describeNext } from "./next.js";

export const SCHEMA_LINE = "# yaml-language-server: $schema=https://role-design-playbook.github.io/playbook/data/schema/company.schema.json";

/* ---------- YAML ---------- */

const isObj = (x) => x !== null && typeof x === "object";
const full = (x) => isObj(x) && Object.keys(x).length > 0;

function scalar(v) {
  if (Array.isArray(v)) return "[]";
  if (isObj(v)) return "{}";
  if (typeof v !== "string") return String(v);
  // quoted only when a YAML reader could take it for something else
  const plain = !/^$|^[\s\-?:,[\]{}#&*!|>'"%@`.+\d]|[\s:]$|: | #|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(v)
    && !/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(v);
  return plain ? v : JSON.stringify(v).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

function block(value, n, lines) {
  const pad = " ".repeat(n);
  if (Array.isArray(value)) {
    value.forEach((item) => {
      if (!full(item) || Array.isArray(item)) return lines.push(`${pad}- ${scalar(item)}`);
      const sub = [];
      block(item, n + 2, sub);
      lines.push(`${pad}- ${sub[0].slice(n + 2)}`, ...sub.slice(1));
    });
  } else {
    Object.entries(value).forEach(([k, x]) => {
      if (x === null || x === undefined) return;
      if (!full(x)) return lines.push(`${pad}${k}: ${scalar(x)}`);
      lines.push(`${pad}${k}:`);
      block(x, n + 2, lines);
    });
  }
  return lines;
}

export function toYaml(company) {
  return [SCHEMA_LINE, ...block(company, 0, [])].join("\n") + "\n";
}

const KEY = /^([A-Za-z0-9_][\w.-]*):(?: +(.*))?$/;
const ITEM = /^-( |$)/;

/* { value, where: { path: line } }, or throws { line, message }. */
export function parseYaml(text) {
  const fail = (line, message) => { throw { line, message }; };
  const lines = [];
  String(text).split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*(#|$)/.test(raw)) return;
    const m = /^( *)(.*?)\s*$/.exec(raw);
    if (/^\t/.test(m[2])) fail(i + 1, "a tab in the indentation; use spaces");
    if (/^(---|\.\.\.)( |$)/.test(m[2])) fail(i + 1, "only one document is read");
    lines.push({ n: i + 1, indent: m[1].length, text: m[2] });
  });
  if (!lines.length) fail(1, "the file is empty");
  const where = {};
  let i = 0;
  const value = (s, n) => {
    if (s[0] === '"') {
      if (!/^"(?:[^"\\]|\\.)*"$/.test(s)) fail(n, "a quoted text is not closed, or has something after it");
      try { return JSON.parse(s); } catch (e) { return fail(n, "a quoted text has an escape that cannot be read"); }
    }
    if (s[0] === "'") {
      if (!/^'(?:[^']|'')*'$/.test(s)) fail(n, "a quoted text is not closed, or has something after it");
      return s.slice(1, -1).replace(/''/g, "'");
    }
    if (s === "[]") return [];
    if (s === "{}") return {};
    if (/^[[{&*!|>%@`]/.test(s) || /: | #/.test(s)) fail(n, "only plain values, quoted texts, [] and {} can be read here");
    if (/^(null|~)$/.test(s)) return null;
    if (s === "true" || s === "false") return s === "true";
    return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
  };
  const node = (path) => (ITEM.test(lines[i].text) ? list(lines[i].indent, path) : map(lines[i].indent, path));
  const under = (indent, path) => (i < lines.length && lines[i].indent > indent ? node(path) : null);
  function list(indent, path) {
    const out = [];
    while (i < lines.length && lines[i].indent === indent && ITEM.test(lines[i].text)) {
      const line = lines[i], rest = line.text.slice(1).trimStart(), at = `${path}[${out.length}]`;
      where[at] = line.n;
      if (KEY.test(rest)) {
        // "- key: value" opens a mapping whose keys line up after the dash
        lines[i] = { n: line.n, indent: indent + line.text.length - rest.length, text: rest };
        out.push(map(lines[i].indent, at));
      } else {
        i += 1;
        out.push(rest ? value(rest, line.n) : under(indent, at));
      }
    }
    return out;
  }
  function map(indent, path) {
    const out = {};
    while (i < lines.length && lines[i].indent === indent) {
      const line = lines[i], m = KEY.exec(line.text);
      if (!m) fail(line.n, ITEM.test(line.text) ? "a list item where a key was expected" : "expected \"key: value\"");
      if (m[1] in out) fail(line.n, `the key ${m[1]} appears twice`);
      const at = path ? `${path}.${m[1]}` : m[1];
      where[at] = line.n;
      i += 1;
      out[m[1]] = m[2] ? value(m[2], line.n) : under(indent, at);
    }
    return out;
  }
  if (ITEM.test(lines[0].text)) fail(lines[0].n, "expected a company (keys and values), found a list");
  const result = node("");
  if (i < lines.length) fail(lines[i].n, "this line's indentation does not fit the lines above it");
  return { value: result, where };
}

/* { company, problems } (each problem with the line it points at, when known) or { error }. */
export function fromYaml(text, data) {
  let parsed;
  try { parsed = parseYaml(text); } catch (e) {
    if (!e || !e.line) throw e;
    return { error: `This file is not company YAML the workspace can read (line ${e.line}: ${e.message}), so nothing was imported.`, line: e.line };
  }
  const { value, where } = parsed;
  const result = validateCompany(value, data);
  if (!result.company) return { error: "This file is not a company export: " + result.problems[0].message + "." };
  const lineOf = (path) => {
    for (let p = path, up; p; p = up === p ? "" : up) {
      if (where[p]) return where[p];
      up = p.replace(/(\.[^.[\]]*|\[\d+\])$/, "");
    }
    return null;
  };
  return { company: result.company, problems: result.problems.map((p) => ({ ...p, line: lineOf(p.path) })) };
}

/* ---------- CSV (RFC 4180; cells a spreadsheet could run as a formula start with ') ---------- */

function cell(v) {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export const csv = (rows) => rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";

export function seatsCsv(company) {
  const rows = [["Seat", "Person", "Share of time (%)", "Macro-role", "Responsibilities"]];
  company.seats.forEach((s) => {
    const sits = company.sits.filter((x) => x.seat === s.id);
    (sits.length ? sits : [null]).forEach((x) => rows.push([s.name, x ? (byId(company.people, x.person) || {}).name : "",
      x ? x.share : "", s.macro, s.responsibilities.join("; ")]));
  });
  return csv(rows);
}

// levels read as RACI: owns = Accountable, leads and shares = Responsible, supports = Consulted
const RACI = { owns: "A", leads: "R", shares: "R", supports: "C" };

export function matrixCsv(company, data) {
  const levelCell = (id) => (RACI[id] ? `${RACI[id]} (${(byId(data.levels, id) || { name: id }).name})` : "");
  const names = (list) => list.map((x) => x.name).join("; ");
  return csv([
    ["Kind", "Name", "Seats or people", ...data.accountabilities.map((a) => a.name)],
    ...company.seats.map((s) => ["Seat", s.name, names(peopleIn(company, s.id)), ...data.accountabilities.map((a) => levelCell(s.levels[a.id]))]),
    ...company.people.map((p) => {
      const levels = personLevels(company, p.id, data);
      return ["Person", p.name, names(seatsOf(company, p.id)), ...data.accountabilities.map((a) => levelCell(levels[a.id]))];
    }),
  ]);
}

/* ---------- a one-page Markdown summary, to paste into a wiki ---------- */

const md = (s) => String(s || "").replace(/\s*\n\s*/g, " ").replace(/[\\`*_[\]<>|#]/g, "\\$&");

function nextLines(company, data, d) {
  const items = company.people.length ? whoNext(company, data, d, 3) : [];
  if (!items.length) return ["Nothing to fill or hand over."];
  return items.map((item, i) => {
    const { title, text } = describeNext(item, company, data);
    return `${i + 1}. **${md(title)}:** ${md(text)}`;
  });
}

export function summaryMarkdown(company, data) {
  const d = diagnose(company, data);
  const stage = byId(data.stages, d.stage), next = d.transition && byId(data.transitions, d.transition);
  const findings = runChecks(company, data, { stage: d.stage });
  const share = (p, s) => (company.sits.find((x) => x.person === p.id && x.seat === s.id) || {}).share;
  return [
    `# ${md(companyName(company))}`, "",
    `**Stage:** ${stage ? md(stage.name) : "not known yet"}  `,
    `**Next move:** ${next ? `${md(next.name)}${d.due ? " (due now)" : ""}` : "none: the last stage"}`, "",
    "## Checks", "",
    ...(findings.length ? findings.map((f) => `- **${md(f.name)}:** ${md(f.text)}`) : ["No check finds anything."]), "",
    "## Who next", "",
    ...nextLines(company, data, d), "",
    "## Who sits where", "",
    "| Seat | Macro-role | Who (share of time) |", "| --- | --- | --- |",
    ...company.seats.map((s) => `| ${md(s.name)} | ${md(s.macro)} | ${peopleIn(company, s.id).map((p) => `${md(p.name)} (${share(p, s)} %)`).join(", ") || "nobody yet"} |`),
    "",
  ].join("\n");
}
