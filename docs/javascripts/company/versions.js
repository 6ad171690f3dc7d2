/* A company's "as is" (its seats and sits) and up to three "to be" designs,
 * company.versions = [{ id, name, seats, sits }]. A seat id means the same seat in every
 * version; a design's new seat may name the seats it comes from (seat.from = [seatId]),
 * which is how a diff tells a split from an added seat. */

import { FORMAT, LIMITS, byId, newId, owner, seatFromRole, validateCompany } from "./model.js";
import { diagnose } from "./diagnosis.js";

export const AS_IS = "as-is";
export const MAX_DESIGNS = 3;
const clone = (x) => JSON.parse(JSON.stringify(x));

export function listVersions(company) {
  return [{ id: AS_IS, name: "As is", seats: company.seats, sits: company.sits }, ...(company.versions || [])];
}

/* The company as it is in one version: what runChecks, diff and the exports read. */
export function versionCompany(company, id) {
  const v = listVersions(company).find((x) => x.id === id);
  return v ? { ...company, seats: v.seats, sits: v.sits } : null;
}

/* { company, design } or { error }. from: "as-is", a design id, or "next-stage": the as-is
 * with the role changes of the next move (or of `transition`). */
export function makeDesign(company, data, { from = AS_IS, name, transition } = {}) {
  const designs = company.versions || [];
  if (designs.length >= MAX_DESIGNS) return { error: `At most ${MAX_DESIGNS} "to be" designs.` };
  const base = versionCompany(company, from === "next-stage" ? AS_IS : from);
  if (!base) return { error: `There is no version ${JSON.stringify(from)}.` };
  let design = { id: newId("v", designs.map((d) => d.id)), name: name || `To be ${designs.length + 1}`, seats: clone(base.seats), sits: clone(base.sits) };
  if (from === "next-stage") {
    const t = byId(data.transitions, transition || diagnose(company, data).transition);
    if (!t) return { error: "There is no next move after the last stage." };
    design = applyTransition(design, company, data, t);
  }
  return { design, company: { ...company, versions: [...designs, design] } };
}

/* The version with a transition's role changes applied, in their order (see stages.yml). */
export function applyTransition(version, company, data, transition) {
  let seats = version.seats, sits = version.sits;
  const taken = listVersions(company).flatMap((v) => v.seats.map((s) => s.id)).concat(seats.map((s) => s.id));
  const levelIds = data.levels.map((l) => l.id);
  const boss = owner(company);
  const make = (roleId, from) => {
    const role = byId(data.roles, roleId);
    if (!role) return null;
    const seat = seatFromRole(role, newId("s", taken), levelIds);
    taken.push(seat.id);
    if (from.length) seat.from = from;
    return seat;
  };
  const roleOf = (id) => (byId(seats, id) || {}).role;
  (transition.role_changes || []).forEach(({ change, from, to }) => {
    const src = seats.filter((s) => from.includes(s.role)).map((s) => s.id);
    const missing = (roles) => roles.filter((r) => !seats.some((s) => s.role === r));
    if (change === "split" || change === "merge") {
      if (!src.length) return;
      const made = missing(change === "merge" ? to.slice(0, 1) : to).map((r) => make(r, src)).filter(Boolean);
      seats = [...seats.filter((s) => !src.includes(s.id)), ...made];
      const target = seats.find((s) => s.role === to[0]);
      const moving = sits.filter((x) => src.includes(x.seat));
      sits = sits.filter((x) => !src.includes(x.seat));
      // a split's people go to its first seat; a merge's only when one person held them all
      const people = [...new Set(moving.map((x) => x.person))];
      if (target && (change === "split" || people.length === 1)) {
        people.filter((person) => !sits.some((x) => x.person === person && x.seat === target.id)).forEach((person) => sits.push({ person, seat: target.id,
          share: Math.min(100, moving.filter((x) => x.person === person).reduce((n, x) => n + x.share, 0)) }));
      }
    } else {
      seats = [...seats, ...missing(to.filter((r) => !from.includes(r))).map((r) => make(r, src)).filter(Boolean)];
      // delegating: the owner leaves a seat of the roles handed on
      if (change === "delegate" && boss) sits = sits.filter((x) => x.person !== boss.id || from.includes(roleOf(x.seat)) || !to.includes(roleOf(x.seat)));
    }
  });
  return { ...version, seats, sits };
}

/* { versions, problems } for company.versions as read from outside; problem paths are like
 * "versions[1].seats[0].role". `company` is the already validated as-is (its people). */
export function validateVersions(input, company, data) {
  const problems = [], versions = [], ids = new Set([AS_IS]);
  if (input === undefined || input === null) return { versions, problems };
  if (!Array.isArray(input)) return { versions, problems: [{ path: "versions", message: "must be a list" }] };
  if (input.length > MAX_DESIGNS) problems.push({ path: "versions", message: `more than ${MAX_DESIGNS} designs; the rest were left out` });
  input.slice(0, MAX_DESIGNS).forEach((v, i) => {
    const at = `versions[${i}]`;
    if (!v || typeof v !== "object" || typeof v.id !== "string" || !v.id || ids.has(v.id)) {
      problems.push({ path: `${at}.id`, message: "missing, or used twice" });
      return;
    }
    ids.add(v.id);
    const r = validateCompany({ format: FORMAT, people: company.people, seats: v.seats, sits: v.sits }, data);
    r.problems.forEach((p) => problems.push({ path: `${at}.${p.path}`, message: p.message }));
    r.company.seats.forEach((s) => {
      const raw = Array.isArray(v.seats) && v.seats.find((x) => x && x.id === s.id);
      const from = raw && Array.isArray(raw.from) ? raw.from.filter((x) => typeof x === "string").slice(0, LIMITS.seats) : [];
      if (from.length) s.from = from;
    });
    const name = typeof v.name === "string" && v.name.trim() ? v.name.slice(0, LIMITS.text) : `To be ${versions.length + 1}`;
    versions.push({ id: v.id, name, seats: r.company.seats, sits: r.company.sits });
  });
  return { versions, problems };
}
