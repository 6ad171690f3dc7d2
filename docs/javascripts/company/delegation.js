/* Delegation economics: what to do with each task, whom to hand it to, and what it frees. */

import { byId, owner, peopleIn } from "./model.js";

/* keep, delegate, outsource or drop, with the reason. `rate` is what the doer's hour is worth. */
export function suggest(task, rate) {
  if (rate === null || rate === undefined) return { action: "", why: "" };
  if (task.needed === false) return { action: "drop", why: "not needed: stop doing it" };
  const cheaper = task.cost !== null && task.cost !== undefined && task.cost < rate;
  if (task.money && !cheaper) return { action: "keep", why: "it makes money and nobody cheaper can do it" };
  if (task.money) return { action: "delegate", why: "it makes money, and someone else can do it for less than this hour is worth" };
  if (cheaper) return { action: "outsource", why: "it earns nothing and can be bought for less than this hour is worth" };
  return { action: "keep", why: "it earns nothing but cannot be bought for less: review it" };
}

/* The seat a task should go to: { seat, person, text } or null.
 * In order: its own seat if someone else sits there; a support seat for outsourced work;
 * a seat of the same macro-role held by someone else; else a new seat of a playbook role. */
export function handTo(task, action, company, data) {
  if (action !== "delegate" && action !== "outsource") return null;
  const doer = task.person;
  const others = (seat) => peopleIn(company, seat.id).filter((p) => p.id !== doer);
  const own = task.seat ? byId(company.seats, task.seat) : null;
  if (own && others(own).length) return { seat: own.id, person: others(own)[0].id, text: `${own.name} (${others(own)[0].name})` };
  const macro = action === "outsource" ? "support" : own ? own.macro : "order-fulfillment";
  const match = company.seats.find((s) => s.macro === macro && others(s).length);
  if (match) return { seat: match.id, person: others(match)[0].id, text: `${match.name} (${others(match)[0].name})` };
  if (own && !peopleIn(company, own.id).length) return { seat: own.id, person: null, text: `${own.name}, once someone sits in it` };
  const role = data.roles.find((r) => r.macro_role === macro && r.id !== (own && own.role));
  return role ? { seat: null, role: role.id, person: null, text: `a new ${role.name} seat` } : null;
}

/* Hours and money a week freed by handing off the tasks the suggestions hand off. */
export function freed(tasks, company) {
  let hours = 0, money = 0;
  tasks.forEach((task) => {
    const doer = byId(company.people, task.person) || owner(company);
    const rate = doer ? doer.rate : null;
    if (task.hours === null || rate === null) return;
    const { action } = suggest(task, rate);
    if (action === "delegate" || action === "outsource" || action === "drop") {
      hours += task.hours;
      money += task.hours * (rate - (action === "drop" ? 0 : task.cost || 0));
    }
  });
  return { hours, money };
}
