/* The company model: people, seats, who sits where, the owner's answers and tasks.
 * Plain data (JSON), so that it saves, links and exports as it is. Pure functions only.
 *
 * company = {
 *   format: 1, id, name,
 *   people: [{ id, name, hours, rate, owner, gravity: { statementId: 1..5 } }],
 *   seats: [{ id, name, role, macro, levels: { accountabilityId: levelId }, tobe: {...}, responsibilities: [text] }],
 *   sits: [{ person, seat, share }],          // share: per cent of the person's hours
 *   answers: { questionId: "yes" | "no" },
 *   tasks: [{ id, name, hours, money, needed, cost, person, seat }],
 *   compare: [columnKey],                      // the comparer's columns: "role:x", "seat:y", "person:z"
 *   versions: [{ id, name, seats, sits }],     // optional: up to three "to be" designs (versions.js)
 * } */

import { validateVersions } from "./versions.js";

export const FORMAT = 1;
export const LIMITS = { people: 200, seats: 200, tasks: 300, text: 200, responsibilities: 20 };
const MACROS = ["order-acquisition", "order-fulfillment", "both", "support"];

/* Where a problem of validateCompany is, in words: "people[1].hours" is "person 2, hours a
 * week (people[1].hours)". The path stays, for finding the place in the file. */
const PLACES = { people: "person", seats: "seat", sits: "seating", tasks: "task", versions: "design", compare: "compared column" };
const FIELDS = { hours: "hours a week", rate: "hourly worth", share: "share of time", macro: "macro-role", role: "playbook role",
  tobe: "levels to be", gravity: "role gravity answers", cost: "cost to buy an hour", money: "makes money", needed: "still needed" };  // others read as they are
export function placeOf(path) {
  const words = [];
  for (const part of String(path).split(".")) {
    const item = /^(\w+)\[(\d+)\]$/.exec(part);
    if (item) words.push(`${PLACES[item[1]] || item[1]} ${Number(item[2]) + 1}`);
    else words.push(FIELDS[part] || part);
  }
  return `${words.join(", ")} (${path})`;
}

/* A company's name as titles print it (a name may be cleared on purpose). */
export const companyName = (company) => company.name || "(unnamed)";

/* The name of a company opened as a copy: "Acme (shared copy)", then "(shared copy 2)" and on,
 * never the name of a company already kept, nor a copy of a copy's suffix. */
export function copyName(name, how, taken) {
  const escaped = how.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const base = String(name || "Company").replace(new RegExp(` \\(${escaped}(?: \\d+)?\\)$`), "");
  let candidate = `${base} (${how})`;
  for (let n = 2; taken.includes(candidate); n += 1) candidate = `${base} (${how} ${n})`;
  return candidate;
}

export function blankCompany(id, name = "My company") {
  return { format: FORMAT, id, name, people: [], seats: [], sits: [], answers: {}, tasks: [], compare: [] };
}

export function newId(prefix, taken) {
  let n = taken.length + 1;
  const used = new Set(taken);
  while (used.has(prefix + n)) n += 1;
  return prefix + n;
}

/* A seat for a playbook role, with the role's own levels as its starting point. */
export function seatFromRole(role, id, levelIds) {
  const levels = {};
  Object.keys(role.levels).forEach((a) => { levels[a] = levelIds.includes(role.levels[a]) ? role.levels[a] : levelIds[0]; });
  return { id, name: role.name, role: role.id, macro: role.macro_role, levels, tobe: { ...levels }, responsibilities: [] };
}

export function blankLevels(data) {
  return Object.fromEntries(data.accountabilities.map((a) => [a.id, data.levels[0].id]));
}

export const byId = (list, id) => list.find((x) => x.id === id) || null;
export const owner = (company) => company.people.find((p) => p.owner) || null;
export const seatsOf = (company, personId) => company.sits.filter((s) => s.person === personId).map((s) => byId(company.seats, s.seat)).filter(Boolean);
export const peopleIn = (company, seatId) => company.sits.filter((s) => s.seat === seatId).map((s) => byId(company.people, s.person)).filter(Boolean);
export const shareOf = (company, personId) => company.sits.filter((s) => s.person === personId).reduce((sum, s) => sum + (s.share || 0), 0);

export function rank(data, levelId) {
  const level = byId(data.levels, levelId);
  return level ? level.rank : 0;
}

/* A person's level on each accountability: the strongest of the seats they sit in. */
export function personLevels(company, personId, data, view = "levels") {
  const out = blankLevels(data);
  seatsOf(company, personId).forEach((seat) => {
    data.accountabilities.forEach((a) => {
      const level = seat[view][a.id];
      if (rank(data, level) > rank(data, out[a.id])) out[a.id] = level;
    });
  });
  return out;
}

/* Has the person told us anything yet? (Checks that report what is missing wait for this.) */
export function hasContent(company) {
  return company.people.length > 0 || company.seats.length > 0;
}

/* ---------- reading a company from outside (storage, a link, a file) ---------- */

/* { company, problems }: a clean copy keeping what is valid, and where each problem is.
 * A problem is { path: "people[2].hours", message }. Unknown ids are dropped with a problem. */
export function validateCompany(input, data) {
  const problems = [];
  const say = (path, message) => problems.push({ path, message });
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    return { company: null, problems: [{ path: "(the file)", message: "it is not a company: expected an object with people and seats" }] };
  }
  if (input.format !== FORMAT) say("format", `expected ${FORMAT}, found ${JSON.stringify(input.format)}`);
  const text = (value, path, fallback = "") => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "string") { say(path, "must be text"); return fallback; }
    if (value.length > LIMITS.text) { say(path, `longer than ${LIMITS.text} characters; cut short`); return value.slice(0, LIMITS.text); }
    return value;
  };
  const number = (value, path, max) => {
    if (value === undefined || value === null) return null;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) { say(path, `must be a number from 0 to ${max}`); return null; }
    return value;
  };
  const list = (value, path, limit) => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) { say(path, "must be a list"); return []; }
    if (value.length > limit) { say(path, `more than ${limit} entries; the rest were left out`); return value.slice(0, limit); }
    return value;
  };
  const levelIds = data.levels.map((l) => l.id);
  const levels = (value, path) => {
    const out = blankLevels(data);
    if (value === undefined) return out;
    if (!value || typeof value !== "object") { say(path, "must map accountabilities to levels"); return out; }
    Object.keys(value).forEach((a) => {
      if (!(a in out)) say(`${path}.${a}`, "not an accountability of the playbook");
      else if (!levelIds.includes(value[a])) say(`${path}.${a}`, `unknown level ${JSON.stringify(value[a])}`);
      else out[a] = value[a];
    });
    return out;
  };
  const company = blankCompany(text(input.id, "id", "") || "imported", text(input.name, "name", "My company"));  // a name cleared on purpose stays cleared
  const ids = new Set();
  const uniqueId = (value, path) => {
    const id = text(value, path);
    if (!id) { say(path, "missing"); return null; }
    if (ids.has(id)) { say(path, `the id ${JSON.stringify(id)} is used twice`); return null; }
    ids.add(id);
    return id;
  };
  list(input.people, "people", LIMITS.people).forEach((p, i) => {
    const at = `people[${i}]`;
    if (!p || typeof p !== "object") { say(at, "must be an object"); return; }
    const id = uniqueId(p.id, `${at}.id`);
    if (!id) return;
    const gravity = {};
    if (p.gravity && typeof p.gravity === "object") {
      Object.keys(p.gravity).forEach((k) => {
        if ([1, 2, 3, 4, 5].includes(p.gravity[k]) && data.statements.some((s) => s.id === k)) gravity[k] = p.gravity[k];
        else say(`${at}.gravity.${k}`, "not a rating of 1 to 5 of a role gravity statement");
      });
    }
    company.people.push({ id, name: text(p.name, `${at}.name`), hours: number(p.hours, `${at}.hours`, 168),
      rate: number(p.rate, `${at}.rate`, 1e7), owner: p.owner === true, gravity });
  });
  if (company.people.filter((p) => p.owner).length > 1) {
    say("people", "more than one person is marked as the owner; the first one is kept");
    company.people.forEach((p, i) => { p.owner = p.owner && i === company.people.findIndex((q) => q.owner); });
  }
  list(input.seats, "seats", LIMITS.seats).forEach((s, i) => {
    const at = `seats[${i}]`;
    if (!s || typeof s !== "object") { say(at, "must be an object"); return; }
    const id = uniqueId(s.id, `${at}.id`);
    if (!id) return;
    let role = s.role ?? null;
    if (role !== null && !data.roles.some((r) => r.id === role)) { say(`${at}.role`, `unknown playbook role ${JSON.stringify(role)}`); role = null; }
    let macro = s.macro ?? "order-acquisition";
    if (!MACROS.includes(macro)) { say(`${at}.macro`, `unknown macro-role ${JSON.stringify(macro)}`); macro = "order-acquisition"; }
    const responsibilities = list(s.responsibilities, `${at}.responsibilities`, LIMITS.responsibilities)
      .map((r, j) => text(r, `${at}.responsibilities[${j}]`)).filter(Boolean);
    company.seats.push({ id, name: text(s.name, `${at}.name`), role, macro, levels: levels(s.levels, `${at}.levels`),
      tobe: levels(s.tobe ?? s.levels, `${at}.tobe`), responsibilities });
  });
  list(input.sits, "sits", LIMITS.people * 4).forEach((x, i) => {
    const at = `sits[${i}]`;
    if (!x || !byId(company.people, x.person)) { say(`${at}.person`, "not a person of this company"); return; }
    if (!byId(company.seats, x.seat)) { say(`${at}.seat`, "not a seat of this company"); return; }
    if (company.sits.some((y) => y.person === x.person && y.seat === x.seat)) { say(at, "the same person in the same seat twice"); return; }
    company.sits.push({ person: x.person, seat: x.seat, share: number(x.share, `${at}.share`, 100) ?? 0 });
  });
  const questions = new Set(data.transitions.flatMap((t) => t.questions.map((q) => q.id)));
  if (input.answers && typeof input.answers === "object") {
    Object.keys(input.answers).forEach((k) => {
      if (questions.has(k) && ["yes", "no"].includes(input.answers[k])) company.answers[k] = input.answers[k];
      else say(`answers.${k}`, "not a yes or no answer to a question of the playbook");
    });
  }
  list(input.tasks, "tasks", LIMITS.tasks).forEach((t, i) => {
    const at = `tasks[${i}]`;
    if (!t || typeof t !== "object") { say(at, "must be an object"); return; }
    const id = uniqueId(t.id, `${at}.id`);
    if (!id) return;
    company.tasks.push({ id, name: text(t.name, `${at}.name`), hours: number(t.hours, `${at}.hours`, 168),
      money: t.money === true, needed: t.needed !== false, cost: number(t.cost, `${at}.cost`, 1e7),
      person: byId(company.people, t.person) ? t.person : null, seat: byId(company.seats, t.seat) ? t.seat : null });
  });
  company.compare = list(input.compare, "compare", 6).filter((k) => typeof k === "string" && columnExists(company, data, k));
  const designs = validateVersions(input.versions, company, data);
  if (designs.versions.length) company.versions = designs.versions;
  return { company, problems: problems.concat(designs.problems) };
}

export function columnExists(company, data, key) {
  const [kind, id] = key.split(":");
  const list = kind === "role" ? data.roles : kind === "seat" ? company.seats : kind === "person" ? company.people : null;
  return !!list && list.some((x) => x.id === id);
}

/* Where in a JSON text a parse error points, as "line L, column C". */
export function jsonErrorPlace(text, error) {
  const match = /position (\d+)/.exec(String(error && error.message));
  if (!match) {
    const lc = /line (\d+) column (\d+)/.exec(String(error && error.message));
    return lc ? `line ${lc[1]}, column ${lc[2]}` : "somewhere in the file";
  }
  const before = text.slice(0, Number(match[1]));
  const line = before.split("\n").length;
  return `line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
}

/* The company from a JSON file's text: { company, problems } or { error } naming the place. */
export function companyFromJson(text, data) {
  let parsed;
  try { parsed = JSON.parse(text); } catch (error) {
    return { error: `This file is not valid JSON (${jsonErrorPlace(text, error)}), so nothing was imported.` };
  }
  if (parsed && typeof parsed === "object" && "tool" in parsed && "state" in parsed) {
    return { error: "This file is not a company export: it was saved by an older version of one tool, before the tools shared one company. Nothing was imported." };
  }
  const body = parsed && parsed.company ? parsed.company : parsed;
  const result = validateCompany(body, data);
  if (!result.company) return { error: "This file is not a company export: " + result.problems[0].message + "." };
  return result;
}

export function companyToJson(company) {
  return JSON.stringify({ kind: "role-design-playbook company", format: FORMAT, company }, null, 2);
}
