/* The health checks of a company: each a pure function of the company and the playbook
 * data. Thresholds and wording come from playbook_data/workspace.yml (data.checks). */

import { byId, hasContent, owner, peopleIn, personLevels, rank, seatsOf, shareOf } from "./model.js";

/* "{person} sits in {count} seats" with the blanks filled in. */
export function fill(says, values) {
  return says.replace(/\{([a-z_]+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

export function listWords(names) {
  if (names.length < 2) return names.join("");
  return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
}

const label = (thing) => (thing.name || "").trim() || "(unnamed)";

/* Each check: (company, data, check, context) -> [{ key, values, people, seats, accountability }] */
const RULES = {
  "empty-seat": (company) => company.seats.filter((s) => peopleIn(company, s.id).length === 0)
    .map((s) => ({ key: s.id, values: { seat: label(s) }, seats: [s.id] })),

  "several-seats": (company, data, check) => company.people.filter((p) => !p.owner && seatsOf(company, p.id).length > check.limit)
    .map((p) => seatCount(company, p, check)),

  "owner-seats": (company, data, check) => {
    const boss = owner(company);
    return boss && seatsOf(company, boss.id).length > check.limit ? [seatCount(company, boss, check)] : [];
  },

  "shared-ownership": (company, data, check) => data.accountabilities.flatMap((a) => {
    const holders = company.people.filter((p) => rank(data, personLevels(company, p.id, data)[a.id]) >= rank(data, check.level));
    return holders.length > 1 ? [{ key: a.id, accountability: a.id, people: holders.map((p) => p.id),
      values: { people: listWords(holders.map(label)), accountability: a.name, level: levelName(data, check.level) } }] : [];
  }),

  "uncovered": (company, data, check, context) => {
    // never before anything is entered: an empty company is not a company with gaps
    if (!company.seats.some((s) => Object.values(s.levels).some((l) => rank(data, l) > 0))) return [];
    const stage = context.stage && byId(data.stages, context.stage);
    if (!stage) return [];
    const needed = neededAt(data, stage.id, check.level);
    return needed.filter((a) => !company.seats.some((s) => peopleIn(company, s.id).length && rank(data, s.levels[a.id]) >= rank(data, check.level)))
      .map((a) => ({ key: a.id, accountability: a.id, values: { accountability: a.name, stage: stage.name, level: levelName(data, check.level) } }));
  },

  "conflict": (company, data) => company.people.flatMap((p) => {
    const levels = personLevels(company, p.id, data);
    return data.conflicts.filter((c) => holds(data, levels, c.first, c.from_level) && holds(data, levels, c.second, c.from_level))
      .map((c) => ({ key: p.id + "/" + c.id, people: [p.id], conflict: c.id,
        values: { person: label(p), conflict: c.name, remedy: c.remedy, why: c.why } }));
  }),

  "all-four": (company, data) => company.people.filter((p) => {
    const levels = personLevels(company, p.id, data);
    return data.accountabilities.every((a) => rank(data, levels[a.id]) >= rank(data, data.overload.from_level));
  }).map((p) => ({ key: p.id, people: [p.id], values: { person: label(p) } })),

  "over-hours": (company, data, check) => company.people.filter((p) => shareOf(company, p.id) > check.limit)
    .map((p) => ({ key: p.id, people: [p.id], values: { person: label(p), share: Math.round(shareOf(company, p.id)), limit: check.limit } })),

  "responsibilities": (company, data, check) => company.seats.filter((s) => s.responsibilities.length > check.limit)
    .map((s) => ({ key: s.id, seats: [s.id], values: { seat: label(s), count: s.responsibilities.length, limit: check.limit } })),
};

function seatCount(company, person, check) {
  const seats = seatsOf(company, person.id);
  return { key: person.id, people: [person.id], seats: seats.map((s) => s.id),
    values: { person: label(person), count: seats.length, seats: listWords(seats.map(label)), limit: check.limit } };
}

function holds(data, levels, ids, from) {
  return ids.some((id) => rank(data, levels[id]) >= rank(data, from));
}

function levelName(data, id) {
  const level = byId(data.levels, id);
  return level ? level.name : id;
}

/* The accountabilities a stage needs: those some playbook role of that stage leads or owns. */
export function neededAt(data, stageId, levelId) {
  return data.accountabilities.filter((a) => data.roles.some((r) => r.stages.includes(stageId) && rank(data, r.levels[a.id]) >= rank(data, levelId)));
}

/* Every finding, in the order of data.checks: { check, name, key, text, why, url, people, seats, accountability }.
 * `context.stage` is the diagnosed stage (the uncovered check needs it). */
export function runChecks(company, data, context = {}) {
  if (!hasContent(company)) return [];
  return data.checks.flatMap((check) => {
    const rule = RULES[check.id];
    if (!rule) return [];
    return rule(company, data, check, context).map((f) => ({
      check: check.id, name: check.name, key: check.id + ":" + f.key, text: fill(check.says, f.values),
      why: check.why, url: check.url, people: f.people || [], seats: f.seats || [], accountability: f.accountability || null,
      conflict: f.conflict || null,
    }));
  });
}

export const KNOWN_CHECKS = Object.keys(RULES);
