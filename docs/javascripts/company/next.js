/* Who next: the seats to fill or hand over first, each with its reasons: the checks it
 * settles (found by running the checks on the company after the change), the owner's hours
 * and money it frees, and the stage it prepares for. */

import { runChecks } from "./checks.js";
import { byId, newId, owner, peopleIn, seatFromRole, seatsOf } from "./model.js";
import { suggest } from "./delegation.js";
import { formatMoney, formatNumber } from "./numbers.js";

const clone = (x) => JSON.parse(JSON.stringify(x));

/* The company with `seatId` given to a new person (the owner leaves it if they sat there). */
function withNewHolder(company, seatId, ownerId) {
  const next = clone(company);
  const id = newId("new-hire-", next.people.map((p) => p.id));
  next.people.push({ id, name: "(new)", hours: 40, rate: null, owner: false, gravity: {} });
  const share = ownerId ? (next.sits.find((s) => s.seat === seatId && s.person === ownerId) || { share: 100 }).share : 100;
  next.sits = next.sits.filter((s) => !(s.seat === seatId && s.person === ownerId));
  next.sits.push({ person: id, seat: seatId, share: Math.min(100, Math.max(share, 50)) });
  return next;
}

function settled(before, after) {
  const keys = new Set(after.map((f) => f.key));
  return before.filter((f) => !keys.has(f.key));
}

/* What handing the owner's part of a seat frees: from the owner's tasks in that seat if
 * there are any (only those the delegation calculator would give away: the ones it says to
 * keep stay with the owner, and are named), else the owner's share of hours in it. */
function ownerTime(company, seat, boss) {
  const tasks = company.tasks.filter((t) => t.seat === seat.id && (t.person === boss.id || !t.person) && t.hours !== null);
  if (tasks.length) {
    const keep = (t) => boss.rate !== null && suggest(t, boss.rate).action === "keep";
    const given = tasks.filter((t) => !keep(t));
    const hours = given.reduce((sum, t) => sum + t.hours, 0);
    const cost = given.reduce((sum, t) => sum + t.hours * (t.cost || 0), 0);
    const kept = tasks.filter(keep).map((t) => t.name || "a task without a name");
    return { hours, money: boss.rate === null ? null : hours * boss.rate - cost, from: "tasks", kept };
  }
  const sit = company.sits.find((s) => s.seat === seat.id && s.person === boss.id);
  const hours = boss.hours === null || !sit ? null : boss.hours * sit.share / 100;
  return { hours, money: hours === null || boss.rate === null ? null : hours * boss.rate, from: "share", kept: [] };
}

/* [{ kind: "hand-over" | "fill" | "add", seat, role, settles: [finding], hours, money, prepares, score }] */
export function whoNext(company, data, diagnosis, howMany = 5) {
  const context = { stage: diagnosis.stage };
  const before = runChecks(company, data, context);
  const boss = owner(company);
  const next = diagnosis.transition ? data.transitions.find((t) => t.id === diagnosis.transition) : null;
  const prepares = (roleId) => (next && next.introduces.includes(roleId) ? next.to : null);
  const out = [];
  if (boss) {
    seatsOf(company, boss.id).filter((s) => s.macro !== "both" && s.role !== "owner-founder").forEach((seat) => {
      const after = runChecks(withNewHolder(company, seat.id, boss.id), data, context);
      const time = ownerTime(company, seat, boss);
      out.push({ kind: "hand-over", seat: seat.id, role: seat.role, settles: settled(before, after), ...time, prepares: prepares(seat.role) });
    });
  }
  company.seats.filter((s) => !peopleIn(company, s.id).length).forEach((seat) => {
    const after = runChecks(withNewHolder(company, seat.id, null), data, context);
    out.push({ kind: "fill", seat: seat.id, role: seat.role, settles: settled(before, after), hours: null, money: null, prepares: prepares(seat.role) });
  });
  if (next) {
    const levelIds = data.levels.map((l) => l.id);
    next.introduces.filter((roleId) => !company.seats.some((s) => s.role === roleId)).forEach((roleId) => {
      const role = byId(data.roles, roleId);
      if (!role) return;
      const trial = clone(company);
      const seat = seatFromRole(role, newId("trial-", trial.seats.map((s) => s.id)), levelIds);
      trial.seats.push(seat);
      const after = runChecks(withNewHolder(trial, seat.id, null), data, context);
      out.push({ kind: "add", seat: null, role: roleId, settles: settled(before, after), hours: null, money: null, prepares: next.to });
    });
  }
  // most checks settled first, then the most owner time freed, then what prepares the next stage
  out.forEach((item) => { item.score = [item.settles.length, item.hours || 0, item.prepares ? 1 : 0]; });
  out.sort((a, b) => b.score[0] - a.score[0] || b.score[1] - a.score[1] || b.score[2] - a.score[2]);
  return out.slice(0, howMany);
}

/* "a" or "an" before a name, by its first letter (good enough for the playbook's role names) */
const article = (name) => (/^[aeiou]/i.test(name || "") ? "an" : "a");

/* One item of whoNext in words, for the workspace, the printed pack and the Markdown summary
 * alike: { title, settles, economics, kept (each a sentence or null), reasons (those
 * sentences present, or "A seat of your next move."), prepares: stage | null, role: role | null,
 * text: the reasons and the stage in one paragraph }. */
export function describeNext(item, company, data, locale) {
  const seat = item.seat ? byId(company.seats, item.seat) : null;
  const role = item.role ? byId(data.roles, item.role) || null : null;
  const boss = owner(company);
  const who = boss ? boss.name || "the owner" : "the owner";
  const title = item.kind === "hand-over" ? `Hand over ${seat.name || "the seat"}` : item.kind === "fill" ? `Fill ${seat.name || "the empty seat"}`
    : `Add ${article(role ? role.name : "")} ${role ? role.name : "new"} seat`;
  const n = item.settles.length;
  const settles = n ? `Settles ${n} check${n > 1 ? "s" : ""}: ${item.settles.map((f) => f.text.split(". ")[0].replace(/\.$/, "")).join("; ")}.` : null;
  const economics = item.hours ? `Frees ${formatNumber(item.hours, locale)} hours a week of ${who}'s time` +
    (item.money !== null ? `, worth ${formatMoney(item.money, locale)} a week (${formatMoney(item.money * 52, locale)} a year)` : "") +
    (item.from === "tasks" ? ", from the tasks listed in the delegation calculator." : ", from the owner's share of hours in this seat.") : null;
  const kept = item.kept && item.kept.length ? `The delegation calculator says ${who} should keep: ${item.kept.join(", ")}` +
    (item.hours ? "; those hours are not counted." : ", so handing this seat over frees none of those hours.") : null;
  const prepares = item.prepares ? byId(data.stages, item.prepares) || null : null;
  const reasons = [settles, economics, kept].filter(Boolean);
  if (!reasons.length && !prepares) reasons.push("A seat of your next move.");
  const text = [...reasons, ...(prepares ? [`Prepares for ${prepares.name}.`] : [])].join(" ");
  return { title, settles, economics, kept, reasons, prepares, role, text };
}
