/* What changes from one version of a company to another, in the playbook's transition
 * vocabulary. a and b are companies as versionCompany gives them (same people). */

import { byId, owner } from "./model.js";
import { listWords, runChecks } from "./checks.js";
import { diagnose } from "./diagnosis.js";
import { listVersions, versionCompany } from "./versions.js";

export const KINDS = ["added", "split", "merged", "delegated", "outsourced", "separated", "replaced", "removed", "levels", "moved"];
// the kind a role change of stages.yml shows up as
export const KIND_OF_CHANGE = { add: "added", split: "split", merge: "merged", delegate: "delegated", outsource: "outsourced", separate: "separated" };

const seatIdsOf = (c, personId) => c.sits.filter((x) => x.person === personId).map((x) => x.seat);
const sitsIn = (c, seatId, personId) => c.sits.some((x) => x.seat === seatId && x.person === personId);

/* { items: [{ kind, from, to, person, seat, accountability, text }], summary: { kind: count } }.
 * Seat changes carry from (seats of a) and to (seats of b); levels: seat, accountability,
 * from, to (level ids); moved: person, from (seats left), to (seats joined). */
export function diff(a, b, data) {
  const boss = owner(b) || owner(a);
  const inA = (id) => byId(a.seats, id), inB = (id) => byId(b.seats, id);
  const seat = (id) => inB(id) || inA(id);
  const names = (ids) => listWords(ids.map((id) => (seat(id) || {}).name || id));
  const level = (id) => (byId(data.levels, id) || { name: id }).name;
  const bossIn = (id) => !!boss && (sitsIn(a, id, boss.id) || sitsIn(b, id, boss.id));
  const groups = new Map(), items = [];
  const group = (kind, from, id) => {
    const key = kind + "|" + from.join(",");
    if (!groups.has(key)) groups.set(key, { kind, from, to: [] });
    groups.get(key).to.push(id);
  };
  b.seats.filter((s) => !inA(s.id)).forEach((s) => {
    const from = (s.from || []).filter(seat);
    const gone = from.filter((id) => !inB(id));
    if (gone.length) return group("gone", gone, s.id); // split, merged or replaced: below
    if (from.length) {
      const x = seat(from[0]);
      return group(s.macro === "support" ? "outsourced" : s.macro === x.macro ? "added"
        : bossIn(x.id) ? "delegated" : "separated", from, s.id);
    }
    // no lineage: another seat of a role the company had, or work bought in, or new
    const same = a.seats.find((x) => x.role && x.role === s.role && inB(x.id));
    const none = data.levels[0].id;
    const bossHad = s.macro === "support" ? a.seats.filter((x) => bossIn(x.id) && sitsIn(a, x.id, boss.id)
      && data.accountabilities.some((acc) => x.levels[acc.id] !== none && s.levels[acc.id] !== none)) : [];
    if (same) group("split", [same.id], s.id);
    else if (bossHad.length) group("outsourced", bossHad.map((x) => x.id), s.id);
    else group("added", [], s.id);
  });
  const used = new Set([...groups.values()].flatMap((g) => g.from));
  groups.forEach((g) => items.push({ ...g,
    kind: g.kind !== "gone" ? g.kind : g.to.length > 1 ? "split" : g.from.length > 1 ? "merged" : "replaced" }));
  a.seats.forEach((s) => {
    const t = inB(s.id);
    if (!t) return used.has(s.id) ? null : items.push({ kind: "removed", from: [s.id], to: [] });
    if (t.role !== s.role) items.push({ kind: "replaced", from: [s.id], to: [s.id] });
    if (boss && sitsIn(a, s.id, boss.id) && !sitsIn(b, s.id, boss.id)) items.push({ kind: "delegated", from: [s.id], to: [s.id], person: boss.id });
    data.accountabilities.forEach((acc) => {
      if (s.levels[acc.id] !== t.levels[acc.id]) items.push({ kind: "levels", seat: s.id, accountability: acc.id, from: s.levels[acc.id], to: t.levels[acc.id] });
    });
  });
  a.people.forEach((p) => {
    const was = seatIdsOf(a, p.id), is = seatIdsOf(b, p.id);
    const from = was.filter((id) => !is.includes(id)), to = is.filter((id) => !was.includes(id));
    if (from.length || to.length) items.push({ kind: "moved", person: p.id, from, to });
  });
  const text = {
    added: (i) => `New seat: ${names(i.to)}` + (i.from.length ? ` (beside ${names(i.from)})` : ""),
    split: (i) => `${names(i.from)} splits into ${names(i.to)}`,
    merged: (i) => `${names(i.from)} merge into ${names(i.to)}`,
    delegated: (i) => `${boss ? boss.name || "The owner" : "The owner"} hands on ${names(i.to)}`,
    outsourced: (i) => `${names(i.to)} bought in from outside, taking work from ${names(i.from) || "the owner"}`,
    separated: (i) => `${names(i.to)} separated from ${names(i.from)}`,
    replaced: (i) => (i.to[0] === i.from[0] ? `${names(i.from)} changes its role` : `${names(i.from)} becomes ${names(i.to)}`),
    removed: (i) => `${names(i.from)} removed`,
    levels: (i) => `${names([i.seat])}: ${(byId(data.accountabilities, i.accountability) || {}).name} ${level(i.from)} → ${level(i.to)}`,
    moved: (i) => `${(byId(a.people, i.person) || {}).name || i.person}` + (i.from.length ? ` leaves ${names(i.from)}` : "")
      + (i.from.length && i.to.length ? "," : "") + (i.to.length ? ` joins ${names(i.to)}` : ""),
  };
  items.forEach((i) => { i.text = text[i.kind](i); });
  const summary = Object.fromEntries(KINDS.map((k) => [k, items.filter((i) => i.kind === k).length]));
  return { items, summary };
}

/* [{ id, name, stage, counts: { checkId: findings } }] for every version of the company. */
export function checksSideBySide(company, data) {
  return listVersions(company).map((v) => {
    const c = versionCompany(company, v.id);
    const stage = diagnose(c, data).stage;
    const counts = Object.fromEntries(data.checks.map((k) => [k.id, 0]));
    runChecks(c, data, { stage }).forEach((f) => { counts[f.check] += 1; });
    return { id: v.id, name: v.name, stage, counts };
  });
}
