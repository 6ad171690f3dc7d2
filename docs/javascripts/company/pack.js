/* The company pack, printed from the browser: a contents page, the company chart, the
 * diagnosis and checks, the allocation as is and to be, the diff, the charters of the seats
 * and the handoff checklist filled in for them. Also the charters and the chart on their own. */

import { byId, companyName, owner, peopleIn } from "./model.js";
import { runChecks } from "./checks.js";
import { diagnose } from "./diagnosis.js";
import { whoNext, describeNext } from "./next.js";
import { AS_IS, listVersions, versionCompany } from "./versions.js";
import { diff, checksSideBySide } from "./diff.js";
import { layoutChart, chartSvg, BRANCHES } from "./chart.js";
import { formatNumber } from "./numbers.js";
import { el, wideTable } from "./ui.js";

export const CHART_PAGE_PX = 900;  // a chart taller than this prints one branch at a time

/* An SVG element from chart.js's markup (parsed as XML: no script, no HTML). */
export function svgNode(markup) {
  return document.importNode(new DOMParser().parseFromString(markup, "image/svg+xml").documentElement, true);
}

const findingsOf = (c, data) => runChecks(c, data, { stage: diagnose(c, data).stage });
const levelText = (data, id) => { const l = byId(data.levels, id); return l && l.rank ? `${l.symbol} ${l.name}` : "–"; };
const table = (head, rows, cls = "") => wideTable(el("table", { class: "pb-pack-table " + cls },
  el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col", text: h })))),
  el("tbody", {}, rows.map((r) => el("tr", {}, r.map((x, i) => el(i ? "td" : "th", i ? {} : { scope: "row" }, x)))))));

/* The chart of a version: whole, or one figure per branch when it is taller than a page. */
export function chartFigures(c, data, title, wall = false) {
  const findings = findingsOf(c, data);
  const whole = layoutChart(c, data, findings);
  // too tall for a page: whole branches, as many as fit on each page
  const groups = [];
  if (whole.height <= CHART_PAGE_PX || wall) groups.push([null, whole]);
  else {
    BRANCHES.filter(([macro]) => c.seats.some((s) => s.macro === macro)).forEach(([macro, name]) => {
      const last = groups[groups.length - 1];
      const joined = last && layoutChart(c, data, findings, { branches: [...last[2], macro] });
      if (joined && joined.height <= CHART_PAGE_PX) groups[groups.length - 1] = [`${last[0]}, ${name}`, joined, [...last[2], macro]];
      else groups.push([name, layoutChart(c, data, findings, { branches: [macro] }), [macro]]);
    });
  }
  const parts = groups;
  return parts.map(([branch, layout]) => el("figure", { class: "pb-chart-figure" }, svgNode(chartSvg(layout, branch ? `${title}: ${branch}` : title)),
    el("figcaption", { text: branch ? `${title}: ${branch} (a chart too large for one page is printed by branch)` : title })));
}

function allocation(c, data) {
  return table(["Seat", "Who (share of time)", ...data.accountabilities.map((a) => a.name)], c.seats.map((s) => [s.name || "(unnamed)",
    peopleIn(c, s.id).map((p) => `${p.name} (${c.sits.find((x) => x.person === p.id && x.seat === s.id).share} %)`).join(", ") || "nobody yet",
    ...data.accountabilities.map((a) => levelText(data, s.levels[a.id]))]), "pb-pack-alloc");
}

export function checksTable(company, data) {
  const side = checksSideBySide(company, data);
  return table(["Check", ...side.map((v) => v.name)], data.checks.map((k) => [k.name, ...side.map((v) => String(v.counts[k.id]))]), "pb-pack-counts");
}

export function diffList(company, data, a, b) {
  const d = diff(versionCompany(company, a), versionCompany(company, b), data);
  if (!d.items.length) return el("p", { text: "No difference between these two versions." });
  return el("ul", { class: "pb-diff" }, d.items.map((i) => el("li", { "data-kind": i.kind }, el("strong", { text: i.kind === "levels" ? "level" : i.kind }), " ", i.text)));
}

/* The charter of a seat, in the position-contract style. */
export function charter(c, data, seat) {
  const role = seat.role ? byId(data.roles, seat.role) : null;
  const boss = owner(c);
  const held = c.sits.filter((x) => x.seat === seat.id).map((x) => {
    const p = byId(c.people, x.person);
    return `${p.name || "(unnamed)"}: ${x.share} % of their time` + (p.hours ? ` (${formatNumber(p.hours * x.share / 100)} hours a week)` : "");
  });
  const traits = role ? data.spectra.filter((s) => role.positions[s.id]).map((s) => {
    const n = role.positions[s.id];
    return `${s.name}: toward ${n < 0 ? s.left : s.right} (${n > 0 ? "+" : "\u2212"}${Math.abs(n)})`;
  }) : [];
  const other = { "order-acquisition": "order-fulfillment", "order-fulfillment": "order-acquisition" }[seat.macro];
  const names = (list) => list.map((s) => s.name).join(", ");
  const toward = c.seats.filter((s) => s.macro === other);
  const handoffs = [
    ...(role && role.handoffs ? role.handoffs.map((h) => `Gives ${(h.what.charAt(0).toLowerCase() + h.what.slice(1)).replace(/\.$/, "")} to ${names(c.seats.filter((s) => s.role === h.to)) || (byId(data.roles, h.to) || { name: h.to }).name}`) : []),
    ...(toward.length ? [seat.macro === "order-acquisition" ? `Gives each new customer, with every promise made, to ${names(toward)}` : `Receives each new customer from ${names(toward)}`] : []),
  ];
  const responsibilities = seat.responsibilities.length ? seat.responsibilities : role ? role.responsibilities : [];
  const lines = (list, empty) => (list.length ? el("ul", {}, list.map((t) => el("li", { text: t }))) : el("p", { class: "pb-pack-blank", text: empty }));
  return el("section", { class: "pb-charter", "data-seat": seat.id },
    el("h3", { text: `Charter: ${seat.name || "(unnamed seat)"}` }),
    el("p", {}, el("strong", { text: "Purpose: " }), role ? role.summary || role.name : `The ${seat.name || "seat"} of ${c.name}.`),
    el("p", { class: "pb-charter-levels" }, el("strong", { text: "Accountabilities: " }), data.accountabilities.map((a) => `${a.name} ${levelText(data, seat.levels[a.id])}`).join(" · ")),
    el("div", { class: "pb-charter-grid" },
      el("div", {}, el("h4", { text: "Responsibilities" }), lines(responsibilities, "To agree: ______________________")),
      el("div", {}, el("h4", { text: "Traits the seat asks for" }), lines(traits, "A custom seat: agree its traits together.")),
      el("div", {}, el("h4", { text: "Measures" }), lines(role && role.measures ? role.measures : [], "To agree: ______________________")),
      el("div", {}, el("h4", { text: "Handoffs given and received" }), lines(handoffs, "None within the company yet."))),
    el("p", {}, el("strong", { text: "Held by: " }), held.join("; ") || "nobody yet"),
    el("p", { class: "pb-signoff" }, `Seat holder ______________________ Date ________   ${boss ? boss.name || "Owner" : "Owner"} ______________________ Date ________`));
}

/* The handoff checklist, one row per handoff from a seat that wins orders to one that delivers. */
function handoffChecklist(c, data) {
  const who = (s) => peopleIn(c, s.id).map((p) => p.name).join(", ") || "nobody yet";
  const from = c.seats.filter((s) => s.macro === "order-acquisition" || s.macro === "both");
  const to = c.seats.filter((s) => s.macro === "order-fulfillment");
  // a handoff between two seats of one and the same person is no handoff: left out
  const holders = (s) => peopleIn(c, s.id).map((p) => p.id).sort().join(" ");
  const pairs = from.flatMap((a) => to.map((b) => [a, b])).filter(([a, b]) => a.id !== b.id && !(holders(a) && holders(a) === holders(b)));
  if (!pairs.length) return el("p", { text: from.length && to.length ? "The same people sell and deliver: no handoff between people to check yet."
    : "No seat delivers orders yet, so there is no handoff from sales to operations to check." });
  const box = "\u2610 ";
  return table(["Sales hands over (who)", "Operations receives (who)", "Covers when away", "Checks"], pairs.map(([a, b]) => [
    `${a.name} (${who(a)})`, `${b.name} (${who(b)})`, peopleIn(c, b.id).length > 1 ? peopleIn(c, b.id).map((p) => p.name).slice(1).join(", ") : "nobody: a gap",
    el("span", {}, `${box}customer and contacts ${box}every promise ${box}forecast ${box}first update ${box}problem route ${box}introduced`)]), "pb-pack-handoff");
}

/* The first three seats to fill or hand over, with their reasons (as in the workspace). */
function nextList(c, data, d) {
  const items = c.people.length ? whoNext(c, data, d, 3) : [];
  if (!items.length) return el("p", { text: "Nothing to fill or hand over." });
  return el("ol", { class: "pb-pack-next" }, items.map((item) => {
    const { title, text } = describeNext(item, c, data);
    return el("li", {}, el("strong", { text: title }), ": ", text);
  }));
}

/* The whole pack for a company; `to` is the "to be" version taken forward (or the as-is). */
export function buildPack(company, data, to = AS_IS) {
  const versions = listVersions(company);
  const target = versions.find((v) => v.id === to) || versions[0];
  const asIs = versionCompany(company, AS_IS), toBe = versionCompany(company, target.id);
  const d = diagnose(asIs, data);
  const stage = byId(data.stages, d.stage), next = d.transition && byId(data.transitions, d.transition);
  const findings = findingsOf(asIs, data);
  const parts = [
    ["The company chart, as is", () => chartFigures(asIs, data, `${companyName(company)}: as is`)],
    ...(target.id !== AS_IS ? [[`The company chart, ${target.name}`, () => chartFigures(toBe, data, `${companyName(company)}: ${target.name}`)]] : []),
    ["Where the company stands and what is wrong", () => [
      el("p", {}, stage ? `Stage: ${stage.name}. ` : "", next ? `Next move: ${next.name}${d.due ? " (due now)" : ""}.` : "No further move: the last stage."),
      findings.length ? el("ul", { class: "pb-pack-findings" }, findings.map((f) => el("li", { "data-check": f.check }, el("strong", { text: f.name }), ": ", f.text))) : el("p", { text: "No check finds a problem." }),
      el("h3", { text: "Who next" }), nextList(asIs, data, d),
      el("h3", { text: "The checks of each version" }), checksTable(company, data)]],
    ["Allocation, as is and to be", () => [el("h3", { text: "As is" }), allocation(asIs, data),
      ...(target.id !== AS_IS ? [el("h3", { text: target.name }), allocation(toBe, data)] : [el("p", { text: "No \"to be\" design yet." })])]],
    [`What changes: as is → ${target.name}`, () => (target.id === AS_IS ? el("p", { text: "No \"to be\" design yet." }) : diffList(company, data, AS_IS, target.id))],
    [`Charters of the seats (${target.name})`, () => toBe.seats.map((s) => charter(toBe, data, s))],
    ["Sales-to-operations handoff checklist", () => [el("p", { text: "One row for each handoff between the company's seats: tick each item once it is agreed." }), handoffChecklist(toBe, data)]],
  ];
  const contents = el("section", { class: "pb-pack-cover" }, el("h1", { text: `${companyName(company)}: company pack` }),
    el("p", { text: `As is and ${target.id === AS_IS ? "no \"to be\" design yet" : `"${target.name}"`}; ${company.people.length} people, ${company.seats.length} seats. Printed from the Role-Design Playbook's company workspace.` }),
    el("h2", { text: "Contents" }), el("ol", {}, parts.map(([title]) => el("li", { text: title }))));
  return el("div", { class: "pb-pack" }, contents, parts.map(([title, make], i) =>
    el("section", { class: "pb-pack-part", "data-part": String(i + 1), "data-kind": title.startsWith("Charters") ? "charters" : null }, el("h2", { text: `${i + 1}. ${title}` }), make())));
}

/* Only the chart, for the A3 wall sheet. */
export function buildWall(company, data, id = AS_IS) {
  const v = listVersions(company).find((x) => x.id === id) || listVersions(company)[0];
  return el("div", { class: "pb-pack pb-pack-wall" }, chartFigures(versionCompany(company, v.id), data, `${companyName(company)}: ${v.name}`, true));
}
