/* The four tools, each a view of the open company (session.js): role gravity rates a
 * person, the delegation calculator lists tasks of people and seats, the allocation builder
 * edits seats x accountabilities, the comparer sets people and seats beside playbook roles. */

import { byId, newId, owner, peopleIn, personLevels, blankLevels } from "./model.js";
import { runChecks } from "./checks.js";
import { diagnose } from "./diagnosis.js";
import { gravityResult, nearestRoles } from "./gravity.js";
import { suggest, handTo, freed } from "./delegation.js";
import { formatMoney, formatNumber } from "./numbers.js";
import { el, button, numberField, textField, select, wideTable, nextId, append } from "./ui.js";
import { companyBar } from "./workspace-view.js";

const signed = (n) => (n > 0 ? "+" + n : n < 0 ? "\u2212" + -n : "0");
function track(position, scale) {
  let out = "";
  for (let p = scale.min; p <= scale.max; p++) out += p === position ? "\u25cf" : p === 0 ? "\u2502" : "\u00b7";
  return out + " " + signed(position);
}
const nameOf = (x, fallback = "(unnamed)") => (x && x.name && x.name.trim()) || fallback;
const levelText = (data, id) => { const l = byId(data.levels, id); return l ? `${l.symbol} ${l.name}` : ""; };

function workspaceNote(data, text) {
  return el("p", { class: "pb-ws-tools" }, text, " ", el("a", { href: data.pages.workspace, text: "Open the company workspace" }), ".");
}

/* ---------- role gravity ---------- */

export function gravityView(root, session) {
  const { data } = session;
  let who = null;
  const picker = el("div", { class: "pb-field" });
  const form = el("form", { class: "pb-form", onsubmit: (e) => e.preventDefault() });
  const result = el("div", { class: "pb-result", "aria-live": "polite" });
  const sections = {};
  data.statements.forEach((s) => {
    if (!sections[s.section]) { sections[s.section] = el("fieldset", { class: "pb-section" }, el("legend", { text: s.section })); form.appendChild(sections[s.section]); }
    const scale = el("div", { class: "pb-scale" });
    [1, 2, 3, 4, 5].forEach((n) => {
      const id = nextId("rate");
      const radio = el("input", { type: "radio", name: "rate-" + s.id, value: String(n), id, "data-statement": s.id });
      radio.addEventListener("change", () => session.change((c) => {
        let person = byId(c.people, who);
        if (!person) { // the first answer on an empty company makes its owner
          person = { id: newId("p", c.people.map((p) => p.id)), name: "Me", hours: null, rate: null, owner: !owner(c), gravity: {} };
          c.people.push(person); who = person.id;
        }
        person.gravity[s.id] = n;
      }));
      scale.appendChild(el("span", { class: "pb-choice" }, radio, el("label", { for: id }, n === 1 ? "1 not me" : n === 5 ? "5 that is me" : String(n))));
    });
    sections[s.section].appendChild(el("fieldset", { class: "pb-rating", "data-statement": s.id }, el("legend", { text: s.label }), scale));
  });
  const clear = button("Clear answers", () => session.change((c) => { const p = byId(c.people, who); if (p) p.gravity = {}; }, { undo: "Cleared the role gravity answers" }));

  function render() {
    const { company } = session;
    if (!byId(company.people, who)) who = (owner(company) || company.people[0] || { id: null }).id;
    const focused = picker.contains(document.activeElement);
    picker.textContent = "";
    if (company.people.length > 1) {
      const s = select(company.people.map((p) => [p.id, nameOf(p) + (p.owner ? " (owner)" : "")]), who, (v) => { who = v; render(); }, { "aria-label": "Whose answers" });
      append(picker, el("label", { for: s.id, text: "Whose answers" }), s);
      if (focused) s.focus(); // drawn anew: a keyboard user choosing with the arrow keys keeps the focus
    }
    const person = byId(company.people, who);
    const answers = person ? person.gravity : {};
    form.querySelectorAll("input[type=radio]").forEach((r) => { r.checked = answers[r.dataset.statement] === Number(r.value); });
    const r = gravityResult(data, answers);
    result.textContent = "";
    result.appendChild(el("h2", { text: person ? `Result for ${nameOf(person)}` : "Your result" }));
    if (r.answered < r.total) result.appendChild(el("p", { class: "pb-note", text: `Answered ${r.answered} of ${r.total} statements. The result uses the ones answered so far.` }));
    if (!r.answered) { result.appendChild(el("p", { text: "Rate a statement to see where you lean." })); return; }
    const lean = r.face > r.backbone ? "the face of the company (Order Acquisition)" : r.backbone > r.face ? "the backbone of the company (Order Fulfillment)" : "both sides equally";
    result.appendChild(el("p", { class: "pb-lean" }, "You lean toward ", el("strong", { text: lean }), `. Your ratings add up to ${r.face} points on the face-side statements and ${r.backbone} on the backbone-side ones.`));
    result.appendChild(el("ul", {}, data.spectra.filter((s) => r.positions[s.id] !== undefined).map((s) =>
      el("li", {}, el("a", { href: s.url, text: s.name }), `: ${track(Math.round(r.positions[s.id]), data.scale)} (${s.left} to ${s.right})`))));
    result.appendChild(el("p", { text: "The roles that sit closest to you, on every spectrum and the customer work you like:" }));
    result.appendChild(el("ul", { class: "pb-nearest" }, nearestRoles(data, r, 3).map((n) => el("li", {}, el("a", { href: n.role.url, text: n.role.name }), ": " + n.role.summary))));
    if (r.likes.length) {
      const top = byId(data.accountabilities, r.likes[0].id);
      const leads = byId(data.levels, "leads");
      const holders = data.roles.filter((role) => { const l = byId(data.levels, role.levels[top.id]); return l && leads && l.rank >= leads.rank; });
      result.appendChild(el("p", {}, "The customer work you rated highest is ", el("a", { href: top.url, text: top.name }), ". Roles that lead or own it: ",
        holders.flatMap((role, i) => [i ? ", " : "", el("a", { href: role.url, text: role.name })]), "."));
    }
    result.appendChild(el("p", {}, "Compare yourself with a role in the ", el("a", { href: data.pages.comparer, text: "role comparer" }), "."));
  }
  append(root, companyBar(session), workspaceNote(data, "The answers are kept with the person in your company."), picker, form, clear, result);
  session.subscribe(render);
  render();
}

/* ---------- delegation calculator ---------- */

const TASK_COLUMNS = ["Task", "Who, in which seat", "Hours and cost", "Makes money? Still needed?", "Suggestion"];

export function delegationView(root, session) {
  const { data } = session;
  const body = el("tbody");
  const totals = el("div", { class: "pb-result", "aria-live": "polite" });
  // five columns, fields stacked in each, so that the table fits a desktop window
  const table = el("table", { class: "pb-tasks" }, el("thead", {}, el("tr", {}, TASK_COLUMNS.map((h) => el("th", { scope: "col", text: h })))), body);
  const add = button("Add a task", () => {
    session.change((c) => {
      const boss = owner(c);
      c.tasks.push({ id: newId("t", c.tasks.map((t) => t.id)), name: "", hours: null, money: false, needed: true, cost: null, person: boss ? boss.id : null, seat: null });
    });
    const inputs = body.querySelectorAll("tr:last-child input");
    if (inputs.length) inputs[0].focus();
  }, { "data-action": "add-task" });
  const suggestions = new Map();

  function suggestion(task) {
    const { company } = session;
    const doer = byId(company.people, task.person) || owner(company);
    const cell = suggestions.get(task.id);
    if (!cell) return;
    cell.textContent = "";
    if (!doer || doer.rate === null) { cell.appendChild(el("span", { class: "pb-note", text: doer ? `Give ${nameOf(doer)}'s hourly worth in the workspace.` : "Add the person who does it." })); return; }
    if (task.hours === null) return;
    const s = suggest(task, doer.rate);
    const to = handTo(task, s.action, company, data);
    append(cell, el("strong", { text: s.action }), ": " + s.why + ".", to ? el("span", { class: "pb-handto", "data-hand-to": to.seat || to.role || "" }, s.action === "outsource" ? ` Buy it in through ${to.text}.` : ` Hand it to ${to.text}.`) : "");
  }

  function build() {
    const { company } = session;
    body.textContent = "";
    suggestions.clear();
    company.tasks.forEach((task, i) => {
      const n = i + 1;
      const quiet = (fn) => (v) => { session.change(() => fn(v), { quiet: true }); suggestion(task); };
      const name = textField(null, task.name, quiet((v) => { task.name = v; }), { "aria-label": `Task ${n}` });
      const person = select([["", "(nobody)"], ...company.people.map((p) => [p.id, nameOf(p)])], task.person || "", quiet((v) => { task.person = v || null; }), { "aria-label": `Who does task ${n}` });
      const seat = select([["", "(no seat)"], ...company.seats.map((s) => [s.id, nameOf(s)])], task.seat || "", quiet((v) => { task.seat = v || null; }), { "aria-label": `Seat of task ${n}` });
      const hours = numberField("Hours a week", task.hours, { max: 168, tooBig: "A week has 168 hours; use a smaller number." }, quiet((v) => { task.hours = v; }), { "aria-label": `Hours a week for task ${n}` });
      const money = el("input", { type: "checkbox", "aria-label": `Task ${n} makes money` });
      money.checked = task.money;
      money.addEventListener("change", () => quiet((v) => { task.money = v; })(money.checked));
      const cost = numberField("Cost to buy an hour", task.cost, { optional: true, max: 1e7 }, quiet((v) => { task.cost = v; }), { "aria-label": `Cost to buy task ${n}, per hour` });
      const needed = el("input", { type: "checkbox", "aria-label": `Task ${n} is still needed` });
      needed.checked = task.needed !== false;
      needed.addEventListener("change", () => quiet((v) => { task.needed = v; })(needed.checked));
      const cell = el("td", { class: "pb-suggestion" });
      suggestions.set(task.id, cell);
      const remove = el("button", { type: "button", class: "pb-remove", "aria-label": `Remove task ${n}`, onclick: () => session.change((c) => { c.tasks = c.tasks.filter((t) => t !== task); }, { undo: `Removed the task ${task.name || n}` }) }, "Remove");
      const tick = (box, text) => el("span", { class: "pb-choice" }, box, el("span", { "aria-hidden": "true", text }));
      // each cell names its column: on a phone the rows become cards without the header row
      const [h1, h2, h3, h4, h5] = TASK_COLUMNS;
      cell.dataset.label = h5;
      body.appendChild(el("tr", {}, el("td", { "data-label": h1 }, name.node), el("td", { class: "pb-stack", "data-label": h2 }, person, seat),
        el("td", { class: "pb-stack", "data-label": h3 }, hours.node, cost.node), el("td", { class: "pb-stack", "data-label": h4 }, tick(money, "makes money"), tick(needed, "still needed"), remove), cell));
      suggestion(task);
    });
  }
  function update() {
    const { company } = session;
    totals.textContent = "";
    totals.appendChild(el("h2", { text: "What you win back" }));
    if (!company.tasks.length) { totals.appendChild(el("p", { text: "Add a task to start." })); return; }
    const f = freed(company.tasks, company);
    const total = company.tasks.reduce((sum, t) => sum + (t.hours || 0), 0);
    if (total > 168 * Math.max(1, company.people.length)) { totals.appendChild(el("p", { class: "pb-error", text: `These tasks add up to ${formatNumber(total)} hours a week. Check the hours.` })); return; }
    // a number being typed that cannot be read is not saved: say so, or the totals seem to count it
    const unread = body.querySelector("[aria-invalid=true]");
    if (unread) totals.appendChild(el("p", { class: "pb-error", "data-unread": "", text: `${unread.getAttribute("aria-label")}: not a number yet, so these totals still use the last number read there.` }));
    totals.appendChild(el("dl", { class: "pb-freed" },
      el("dt", { text: "Hours recaptured" }), el("dd", { "data-total": "hours-week", text: `${formatNumber(f.hours)} a week, ${formatNumber(f.hours * 52)} a year` }),
      el("dt", { text: "Money recaptured" }), el("dd", { "data-total": "money-week", text: `${formatMoney(f.money)} a week, ${formatMoney(f.money * 52)} a year` })));
    totals.appendChild(el("p", { class: "pb-note", text: "A year is counted as 52 weeks. Money is the hours handed off times the doer's hourly worth (from the workspace), less what buying them costs." }));
  }
  append(root, companyBar(session), workspaceNote(data, "Tasks belong to people and seats of your company; each person's hourly worth comes from the workspace."),
    wideTable(table), add, totals);
  session.subscribe((s, quiet) => { if (!quiet) build(); update(); });
  body.addEventListener("input", update);  // after the field: also when what was typed cannot be read
  build();
  update();
}

/* ---------- accountability allocation ---------- */

export function allocationView(root, session) {
  const { data } = session;
  const options = data.levels.map((l) => [l.id, `${l.symbol} ${l.name}`]);
  const body = el("tbody");
  const table = el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Seat (who sits there)" }),
    data.accountabilities.map((a) => el("th", { scope: "col" }, el("a", { href: a.url, text: a.name }))))), body);
  const flags = el("div", { class: "pb-result", "aria-live": "polite" });
  const views = [["levels", "As is"], ["tobe", "To be"]];
  function build() {
    const { company } = session;
    body.textContent = "";
    company.seats.forEach((seat, i) => {
      const who = peopleIn(company, seat.id).map((p) => nameOf(p)).join(", ") || "empty";
      const tr = el("tr", {}, el("th", { scope: "row" }, `${nameOf(seat, "Seat " + (i + 1))} `, el("span", { class: "pb-hint", text: `(${who})` })));
      data.accountabilities.forEach((a) => {
        tr.appendChild(el("td", { class: "pb-levels" }, views.map(([view, label]) => {
          const s = select(options, seat[view][a.id], (v) => session.change(() => { seat[view][a.id] = v; }, { quiet: true }),
            { "data-view": view, "data-accountability": a.id, "aria-label": `${label}: ${a.name} for ${nameOf(seat, "seat " + (i + 1))}` });
          return el("span", { class: "pb-level" }, el("label", { for: s.id, class: "pb-view", text: label }), s);
        })));
      });
      body.appendChild(tr);
    });
  }
  function update() {
    const { company } = session;
    flags.textContent = "";
    flags.appendChild(el("h2", { text: "Conflicts and gaps" }));
    if (!company.seats.length) { flags.appendChild(el("p", {}, "Add the seats of your company in the ", el("a", { href: data.pages.workspace, text: "workspace" }), " to allocate them.")); return; }
    const stage = diagnose(company, data).stage;
    const about = ["shared-ownership", "uncovered", "conflict", "all-four"];
    views.forEach(([view, label]) => {
      const version = JSON.parse(JSON.stringify(company));
      version.seats.forEach((s) => { s.levels = { ...blankLevels(data), ...s[view] }; });
      const found = runChecks(version, data, { stage }).filter((f) => about.includes(f.check));
      flags.appendChild(el("h3", { text: label }));
      flags.appendChild(el("ul", { "data-view": view }, found.length ? found.map((f) => el("li", { class: "pb-flag", "data-check": f.check }, el("strong", { text: f.name }), ": " + f.text)) : el("li", { text: "No conflict and no gap." })));
    });
  }
  append(root, companyBar(session), workspaceNote(data, "The seats and the people in them come from the workspace; here you set each seat's levels as is and as you want them to be, with the same seats and people. To try other seats or people, make a \"to be\" design in the workspace."),
    wideTable(table), flags);
  session.subscribe((s, quiet) => { if (!quiet) build(); update(); });
  build();
  update();
}

/* ---------- comparer ---------- */

export function comparerView(root, session) {
  const { data } = session;
  const picker = el("fieldset", { class: "pb-section" }, el("legend", { text: "Columns to compare (two to four): playbook roles, your seats and your people" }));
  const message = el("p", { class: "pb-field-error", id: nextId("pick-error"), "aria-live": "polite" });
  const output = el("div", { class: "pb-result" });
  function columns(company) {
    return [
      ...company.people.map((p) => ({ key: "person:" + p.id, name: nameOf(p), kind: "person" })),
      ...company.seats.map((s) => ({ key: "seat:" + s.id, name: nameOf(s), kind: "seat" })),
      ...data.roles.map((r) => ({ key: "role:" + r.id, name: r.name, kind: "role" })),
    ];
  }
  function profile(company, key) {
    const [kind, id] = key.split(":");
    if (kind === "role") { const r = byId(data.roles, id); return { name: r.name, url: r.url, macro: r.macro_role, levels: r.levels, positions: r.positions, stages: r.stages }; }
    if (kind === "seat") {
      const s = byId(company.seats, id); const r = s.role ? byId(data.roles, s.role) : null;
      return { name: `${nameOf(s)} (seat)`, macro: s.macro, levels: s.levels, positions: r ? r.positions : {}, stages: r ? r.stages : null };
    }
    const p = byId(company.people, id);
    const positions = Object.fromEntries(Object.entries(gravityResult(data, p.gravity).positions).map(([k, v]) => [k, Math.round(v)]));
    return { name: `${nameOf(p)} (person)`, macro: null, levels: personLevels(company, p.id, data), positions, stages: null };
  }
  // A company that has picked nothing yet is shown the first two roles; once the reader
  // ticks or unticks a box here, their own choice stands, even an empty one. The default is
  // only shown: the company is changed through the session alone.
  let picking = null;
  const shown = (company) => (company.compare.length || picking === company.id ? company.compare : data.roles.slice(0, 2).map((r) => "role:" + r.id));
  function render() {
    const { company } = session;
    const focused = picker.contains(document.activeElement) ? document.activeElement.value : null;
    picker.querySelectorAll(".pb-choice").forEach((n) => n.remove());
    const chosen = shown(company);
    columns(company).forEach((col) => {
      const id = nextId("col");
      const box = el("input", { type: "checkbox", id, value: col.key });
      box.checked = chosen.includes(col.key);
      box.addEventListener("change", () => session.change((c) => {
        c.compare = shown(c).filter((k) => k !== col.key);
        if (box.checked) c.compare.push(col.key);
        picking = c.id;
      }));
      picker.appendChild(el("span", { class: "pb-choice", "data-kind": col.kind }, box, el("label", { for: id, text: col.name + (col.kind === "role" ? "" : col.kind === "seat" ? " (your seat)" : " (your person)") })));
      // the boxes are drawn anew on each change: the one ticked by keyboard keeps the focus
      if (col.key === focused) box.focus();
    });
    // over four: the first four picked stay shown, and the message says how to show another
    const all = chosen.filter((k) => columns(company).some((c) => c.key === k));
    const keys = all.slice(0, 4);
    message.textContent = all.length > 4 ? `Four columns at most: showing the first four picked. Untick one of them to show ${all.length > 5 ? "the others" : "the fifth"}.`
      : keys.length < 2 ? "Pick at least two columns." : "";
    output.textContent = "";
    if (keys.length < 2) { drawProfile(data, []); return; }
    const picked = keys.map((k) => ({ key: k, ...profile(company, k) }));
    const body = el("tbody");
    const row = (label, values) => {
      const shown = values.filter((v) => v !== null);
      const differs = shown.some((v) => v !== shown[0]);
      body.appendChild(el("tr", { class: differs ? "pb-diff" : "" }, el("th", { scope: "row" }, label), values.map((v) => el("td", { text: v === null ? "\u2014" : v })), el("td", { text: differs ? "\u2260 differs" : "same" })));
    };
    row("Macro-role", picked.map((p) => (p.macro ? p.macro.replace("-", " ") : null)));
    data.accountabilities.forEach((a) => row(a.name, picked.map((p) => levelText(data, p.levels[a.id]))));
    data.spectra.forEach((s) => row(el("span", {}, el("a", { href: s.url, text: s.name }), ` (${s.left} to ${s.right})`),
      picked.map((p) => (p.positions[s.id] === undefined ? null : track(p.positions[s.id], data.scale)))));
    data.stages.forEach((st) => row(st.name, picked.map((p) => (p.stages ? (p.stages.includes(st.id) ? "\u2713 yes" : "\u00b7 no") : null))));
    const table = el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "" }), picked.map((p) => el("th", { scope: "col" }, p.url ? el("a", { href: p.url, text: p.name }) : p.name)), el("th", { scope: "col", text: "Differs?" }))), body);
    output.appendChild(wideTable(table));
    drawProfile(data, picked.map((p, k) => ({ id: p.key, name: p.name, positions: p.positions })));
  }
  append(root, companyBar(session), workspaceNote(data, "Your seats and people come from the workspace; a person's traits come from their role gravity answers."), picker, message, output);
  session.subscribe(render);
  render();
}

/* Overlay the picked columns on the trait profile drawn at build time (same geometry). */
const SVG = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
}
function svgMarker(shape, x, y, r, cls) {
  if (shape === "circle") return svgEl("circle", { cx: x, cy: y, r, class: cls });
  if (shape === "square") return svgEl("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, class: cls });
  const pts = shape === "diamond" ? [[x, y - r * 1.3], [x + r * 1.3, y], [x, y + r * 1.3], [x - r * 1.3, y]] : [[x, y - r * 1.3], [x + r * 1.2, y + r], [x - r * 1.2, y + r]];
  return svgEl("polygon", { points: pts.map((p) => p.join(",")).join(" "), class: cls });
}
function drawProfile(data, series) {
  const svg = document.querySelector(".pb-svg-profile");
  if (!svg || !data.profile) return;
  const old = svg.querySelector(".pb-svg-dyn");
  if (old) old.remove();
  const group = svgEl("g", { class: "pb-svg-dyn" });
  // the key: one line per column, so that long names never run into each other
  series.forEach((s, k) => {
    const shape = data.profile.shapes[k % data.profile.shapes.length], cls = `pb-svg-role pb-svg-series-${k}`;
    const col = k % 2, line = Math.floor(k / 2);
    group.appendChild(svgMarker(shape, 16 + col * 330, 14 + line * 16, 6, cls));
    const label = svgEl("text", { x: 28 + col * 330, y: 18 + line * 16, class: "pb-svg-label", "text-anchor": "start" });
    label.textContent = s.name.length > 44 ? s.name.slice(0, 43) + "\u2026" : s.name;
    group.appendChild(label);
    Object.keys(data.profile.y).forEach((spectrum) => {
      const position = s.positions[spectrum];
      if (position === undefined) return;
      const offset = (k - (series.length - 1) / 2) * 5;
      const mark = svgMarker(shape, data.profile.x[String(position)], data.profile.y[spectrum] + offset, 6, cls);
      mark.setAttribute("data-role", s.id);
      mark.setAttribute("data-spectrum", spectrum);
      mark.setAttribute("data-position", String(position));
      group.appendChild(mark);
    });
  });
  svg.appendChild(group);
  const title = svg.querySelector("title");
  if (title) title.textContent = "Trait profile: " + series.map((s) => s.name).join(" and ");
}
