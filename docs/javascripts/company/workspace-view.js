/* The company workspace page (/my-company/): people, seats, where the company stands, what
 * is wrong and who next. A thin view over the pure modules; every edit goes through the
 * session, which saves it. */

import { byId, newId, peopleIn, placeOf, seatFromRole, blankLevels, companyFromJson, companyToJson } from "./model.js";
import { runChecks } from "./checks.js";
import { diagnose, chain } from "./diagnosis.js";
import { whoNext, describeNext } from "./next.js";
import { encodeLink } from "./codec.js";
import { designsView } from "./designs-view.js";
import { el, button, numberField, textField, select, wideTable, download, nextId, append } from "./ui.js";

const MACROS = [["order-acquisition", "Order Acquisition"], ["order-fulfillment", "Order Fulfillment"], ["both", "Both"], ["support", "Delegated help"]];
export const STAGE_KEY = "pb-company-stage";

/* A file input that imports a company (JSON or YAML, by `parse`) as a new company beside the
 * saved ones, and says what was left out and where. */
export function importInput(session, accept, parse, { far = false } = {}) {
  const input = el("input", { type: "file", accept, id: nextId("import"), class: "pb-file" });
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const result = parse(await file.text());
    input.value = "";
    if (result.error) session.say(result.error, "error");
    else {
      const copy = session.adopt(result.company, "imported");
      const left = result.problems.map((p) => `${p.line ? `line ${p.line}` : placeOf(p.path)}: ${p.message}`);
      session.say(`Imported ${file.name} as "${copy.name}", beside your other companies.` +
        (left.length ? ` Left out: ${left.join("; ")}.` : ""), left.length ? "error" : "info");
    }
    // an import far below the company bar: bring its message (and the company opened) into view
    if (far) { const status = document.querySelector(".pb-companybar .pb-status"); if (status) status.scrollIntoView({ block: "center" }); }
  });
  return input;
}

export function companyBar(session) {
  const { data } = session;
  const bar = el("div", { class: "pb-companybar" });
  const status = el("p", { class: "pb-status", role: "status", "aria-live": "polite" });
  const fileInput = importInput(session, "application/json,.json", (text) => companyFromJson(text, data));
  function render() {
    const company = session.company;
    bar.textContent = "";
    const list = session.store.list();
    const picker = select(list.map((c) => [c.id, c.name || "(unnamed)"]), company.id, (id) => session.switchTo(id), { "aria-label": "Company" });
    const name = textField("Name", company.name, (value) => session.change((c) => { c.name = value; }, { quiet: true }), { class: "pb-company-name" });
    append(bar,
      el("span", { class: "pb-field" }, el("label", { for: picker.id }, "Company"), picker), name.node,
      el("span", { class: "pb-actions" },
        button("New company", () => session.create(`Company ${list.length + 1}`), { "data-action": "new-company" }),
        button("Copy link", async () => {
          const hash = await encodeLink(session.company, data);
          const url = location.origin + location.pathname + hash;
          try { await navigator.clipboard.writeText(url); session.say(`Link copied (${url.length} characters). Whoever opens it gets a copy; your saved company stays as it is.`); }
          catch (e) { session.say(`Copy this link: ${url}`); }
        }, { "data-action": "copy-link" }),
        button("Export JSON", () => download(`${(company.name || "company").replace(/[^\w-]+/g, "-")}.json`, companyToJson(session.company), "application/json")),
        el("label", { for: fileInput.id, class: "md-button pb-import" }, "Import JSON"), fileInput,
        button("Delete company", () => session.remove(), { "data-action": "delete-company" }),
        button("Undo", () => session.undo(), { "data-action": "undo", disabled: !session.canUndo() })),
    );
    const notice = session.notice;
    status.textContent = notice ? notice.text : "";
    status.className = "pb-status" + (notice && notice.kind === "error" ? " pb-error" : "");
    bar.appendChild(status);
  }
  // the bar is drawn anew on each change: a button pressed by keyboard keeps the focus
  session.subscribe((s, quiet) => {
    if (quiet) return;
    const focused = bar.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    render();
    const again = focused && bar.querySelector(`[data-action="${focused}"]`);
    if (again) (again.disabled ? bar.querySelector("[data-action=new-company]") : again).focus();
  });
  render();
  return bar;
}

function peopleEditor(session) {
  const box = el("section", { class: "pb-ws-people" });
  function render() {
    const { company } = session;
    box.textContent = "";
    const table = el("table", { class: "pb-ws-table" },
      el("thead", {}, el("tr", {}, ["Name", "Hours a week", "An hour is worth", "Owner", ""].map((h) => el("th", { scope: "col", text: h })))));
    const body = el("tbody");
    company.people.forEach((person, i) => {
      const n = i + 1;
      const name = textField(null, person.name, (v) => session.change(() => { person.name = v; }, { quiet: true }), { "aria-label": `Name of person ${n}` });
      const hours = numberField(null, person.hours, { optional: true, max: 168, tooBig: "A week has 168 hours." }, (v) => session.change(() => { person.hours = v; }, { quiet: true }), { "aria-label": `Hours a week of person ${n}` });
      const rate = numberField(null, person.rate, { optional: true, max: 1e7 }, (v) => session.change(() => { person.rate = v; }, { quiet: true }), { "aria-label": `What an hour of person ${n} is worth` });
      const ownerBox = el("input", { type: "radio", name: "pb-owner", "aria-label": `Person ${n} is the owner`, onchange: () => session.change((c) => { c.people.forEach((p) => { p.owner = p === person; }); }, { quiet: true }) });
      ownerBox.checked = person.owner;
      body.appendChild(el("tr", {}, el("td", {}, name.node), el("td", {}, hours.node), el("td", {}, rate.node), el("td", {}, ownerBox),
        el("td", {}, el("button", { type: "button", class: "pb-remove", "aria-label": `Remove person ${n}`, onclick: () => session.change((c) => {
          c.people = c.people.filter((p) => p !== person);
          [c, ...(c.versions || [])].forEach((v) => { v.sits = v.sits.filter((s) => s.person !== person.id); });
          c.tasks.forEach((t) => { if (t.person === person.id) t.person = null; });
        }, { undo: `Removed ${person.name || "a person"}` }) }, "Remove"))));
    });
    table.appendChild(body);
    append(box, el("h2", { text: "People" }),
      el("p", { class: "pb-hint", text: "Everyone who works in or for the company, with the hours they give it and what an hour of their time is worth to the business. Mark the owner." }),
      company.people.length ? wideTable(table) : el("p", { class: "pb-note", text: "Nobody yet: add yourself first, then the people who work with you." }),
      button("Add a person", () => session.change((c) => {
        c.people.push({ id: newId("p", c.people.map((p) => p.id)), name: "", hours: null, rate: null, owner: c.people.length === 0, gravity: {} });
      }), { "data-action": "add-person" }));
  }
  session.subscribe((s, quiet) => { if (!quiet) render(); });
  render();
  return box;
}

/* The seats of the as-is, or (pick, named) those of a "to be" design: pick(company) gives the
 * version edited, an object with seats and sits; its labels then end with " (name)". */
export function seatsEditor(session, { pick = (c) => c, named = "" } = {}) {
  const { data } = session;
  const box = el("section", { class: named ? "pb-ws-seats pb-design-seats" : "pb-ws-seats" });
  const of = named ? ` (${named})` : "";
  const levelOptions = data.levels.map((l) => [l.id, `${l.symbol} ${l.name}`]);
  function render() {
    const { company } = session;
    const v = pick(company);
    box.textContent = "";
    if (!v) return;
    if (!named) box.appendChild(el("h2", { text: "Seats" }));
    if (!named) box.appendChild(el("p", { class: "pb-hint", text: "A seat is a job the company needs done, whoever does it. Start from a playbook role (its levels come with it) or make your own. One person can sit in several seats, for a share of their hours." }));
    v.seats.forEach((seat, i) => {
      const n = i + 1;
      const role = seat.role ? byId(data.roles, seat.role) : null;
      const card = el("fieldset", { class: "pb-ws-seat", "data-seat": seat.id }, el("legend", { text: seat.name || `Seat ${n}` }));
      const name = textField("Seat", seat.name, (v) => session.change(() => { seat.name = v; }, { quiet: true }));
      const roleSelect = select([["", "Custom seat"], ...data.roles.map((r) => [r.id, r.name])], seat.role || "", (v) => session.change(() => {
        seat.role = v || null;
        const picked = v ? byId(data.roles, v) : null;
        if (picked) { seat.macro = picked.macro_role; seat.levels = { ...blankLevels(data), ...picked.levels }; seat.tobe = { ...seat.levels }; if (!seat.name) seat.name = picked.name; }
      }), { "aria-label": `Playbook role of seat ${n}${of}` });
      const macro = select(MACROS, seat.macro, (v) => session.change(() => { seat.macro = v; }, { quiet: true }), { "aria-label": `Macro-role of seat ${n}${of}` });
      const levels = el("div", { class: "pb-ws-levels" }, data.accountabilities.map((a) => el("span", { class: "pb-field" },
        el("label", { text: a.name }), select(levelOptions, seat.levels[a.id], (v) => session.change(() => { seat.levels[a.id] = v; }, { quiet: true }), { "aria-label": `${a.name} in seat ${n}${of}`, "data-accountability": a.id }))));
      levels.querySelectorAll(".pb-field").forEach((f) => f.querySelector("label").setAttribute("for", f.querySelector("select").id));
      const resp = el("textarea", { id: nextId("resp"), rows: "3", "aria-label": `Responsibilities of seat ${n}, one per line` }, seat.responsibilities.join("\n"));
      resp.addEventListener("input", () => session.change(() => { seat.responsibilities = resp.value.split("\n").map((r) => r.trim()).filter(Boolean); }, { quiet: true }));
      resp.addEventListener("change", () => session.change(() => {}));
      const holders = el("ul", { class: "pb-ws-holders" });
      v.sits.filter((s) => s.seat === seat.id).forEach((sit) => {
        const person = byId(company.people, sit.person);
        const share = numberField(null, sit.share, { max: 100, tooBig: "A share is at most 100 %." }, (v) => session.change(() => { sit.share = v; }, { quiet: true }), { "aria-label": `Share of ${person.name || "this person"}'s hours in ${seat.name || "seat " + n}${of}`, class: "pb-short" });
        holders.appendChild(el("li", {}, el("span", { text: person.name || "(unnamed)" }), share.node, el("span", { text: "% of their hours" }),
          el("button", { type: "button", class: "pb-remove", "aria-label": `Take ${person.name || "this person"} out of ${seat.name || "seat " + n}${of}`, onclick: () => session.change((c) => {
            pick(c).sits = pick(c).sits.filter((s) => s !== sit);
          }, { undo: `Took ${person.name || "a person"} out of ${seat.name || "a seat"}` }) }, "Take out")));
      });
      const free = company.people.filter((p) => !v.sits.some((s) => s.seat === seat.id && s.person === p.id));
      const add = free.length ? select([["", "Add someone to this seat…"], ...free.map((p) => [p.id, p.name || "(unnamed)"])], "", (v) => {
        if (v) session.change((c) => { const w = pick(c); w.sits.push({ person: v, seat: seat.id, share: w.sits.some((s) => s.person === v) ? 50 : 100 }); });
      }, { "aria-label": `Add someone to seat ${n}${of}` }) : null;
      append(card,
        el("div", { class: "pb-ws-seat-head" }, name.node, el("span", { class: "pb-field" }, el("label", { for: roleSelect.id, text: "Playbook role" }), roleSelect),
          el("span", { class: "pb-field" }, el("label", { for: macro.id, text: "Macro-role" }), macro)),
        role ? el("p", { class: "pb-hint" }, el("a", { href: role.url, text: `About the ${role.name} role` }), role.charter_url ? " · " : "", role.charter_url ? el("a", { href: role.charter_url, text: "its charter" }) : "") : null,
        el("p", { class: "pb-ws-label", text: "Levels on the four accountabilities" }), levels,
        el("span", { class: "pb-field pb-ws-resp" }, el("label", { for: resp.id, text: "Responsibilities, one per line" }), resp),
        el("p", { class: "pb-ws-label", text: "Who sits here" }), holders.children.length ? holders : el("p", { class: "pb-note", text: "Nobody yet." }), add,
        el("button", { type: "button", class: "pb-remove", "aria-label": `Remove seat ${n}${of}`, onclick: () => session.change((c) => {
          const w = pick(c);
          w.seats = w.seats.filter((s) => s !== seat);
          w.sits = w.sits.filter((s) => s.seat !== seat.id);
          if (w === c) c.tasks.forEach((t) => { if (t.seat === seat.id) t.seat = null; });
        }, { undo: `Removed the seat ${seat.name || n}` }) }, "Remove seat"));
      box.appendChild(card);
    });
    const levelIds = data.levels.map((l) => l.id);
    const adder = select([["", "Add a seat…"], ["custom", "A custom seat"], ...data.roles.map((r) => [r.id, `${r.name} (playbook role)`])], "", (v) => {
      if (!v) return;
      session.change((c) => {
        const id = newId("s", [c, ...(c.versions || [])].flatMap((x) => x.seats.map((s) => s.id)));
        const role = byId(data.roles, v);
        pick(c).seats.push(role ? seatFromRole(role, id, levelIds) : { id, name: "", role: null, macro: "order-acquisition", levels: blankLevels(data), tobe: blankLevels(data), responsibilities: [] });
      });
    }, { "aria-label": "Add a seat" + of, "data-action": "add-seat" });
    box.appendChild(adder);
  }
  session.subscribe((s, quiet) => { if (!quiet) render(); });
  render();
  box.refresh = render;
  return box;
}

function questionsView(session) {
  const { data } = session;
  const box = el("section", { class: "pb-ws-where" });
  const summary = el("div", { class: "pb-ws-diagnosis", "aria-live": "polite" });
  const form = el("div");
  const transitions = chain(data);
  transitions.forEach((t) => {
    if (!t.questions.length) return;
    const group = el("fieldset", { class: "pb-section" }, el("legend", {}, el("a", { href: t.url, text: t.name })));
    t.questions.forEach((q) => {
      const choices = el("span", { class: "pb-ws-answers" });
      const row = el("div", { class: "pb-ws-q", role: "radiogroup", "aria-label": q.text }, el("span", { class: "pb-ws-qtext", text: q.text }), choices);
      [["yes", "Yes"], ["no", "No"], ["", "Not sure"]].forEach(([value, text]) => {
        const id = nextId("q");
        const radio = el("input", { type: "radio", name: "pb-q-" + q.id, id, value, "data-question": q.id });
        radio.addEventListener("change", () => session.change((c) => { if (value) c.answers[q.id] = value; else delete c.answers[q.id]; }));
        choices.appendChild(el("span", { class: "pb-choice" }, radio, el("label", { for: id, text })));
      });
      group.appendChild(row);
    });
    form.appendChild(group);
  });
  function render() {
    const { company } = session;
    form.querySelectorAll("input[type=radio]").forEach((r) => { r.checked = (company.answers[r.dataset.question] || "") === r.value; });
    summary.textContent = "";
    const d = diagnose(company, data);
    const stage = byId(data.stages, d.stage);
    const next = d.transition ? byId(data.transitions, d.transition) : null;
    try { localStorage.setItem(STAGE_KEY, JSON.stringify({ company: company.name, stage: d.stage, stageName: stage.name, transition: d.transition, known: d.known })); } catch (e) { /* not kept */ }
    if (!d.known) { summary.appendChild(el("p", { text: "Add your people and seats, or answer the questions below, to see where your company stands." })); return; }
    summary.appendChild(el("p", { class: "pb-ws-stage", "data-stage": d.stage }, "You are at ", el("a", { href: stage.url, text: stage.name }), next ? "; the next move is " : ".",
      next ? el("a", { href: next.url, text: next.name }) : "", next ? "." : ""));
    if (next) {
      summary.appendChild(el("p", { text: d.due ? `It is due: ${d.signs.length} of its signs are there.` : d.signs.length ? `Not pressing yet: ${d.signs.length} of its signs so far (it is due from ${data.diagnosis.due_at}).` : "None of its signs yet." }));
      if (d.signs.length) summary.appendChild(el("ul", { class: "pb-ws-signs" }, d.signs.map((q) => el("li", { text: q.text }))));
    }
    d.moves.forEach((m) => {
      const t = byId(data.transitions, m.transition);
      const names = (ids) => ids.map((id) => (byId(data.roles, id) || { name: id }).name).join(", ");
      const held = m.held.length ? " (" + names(m.held) + ")" : "";
      const why = m.by === "answer" ? `you answered "${m.question.text}" with ${company.answers[m.question.id]}` :
        `someone other than the owner sits in ${m.held.length} of the ${m.of.length} seats it brings${held}`;
      summary.appendChild(el("p", { class: "pb-hint", text: `${t.name}: ${m.made ? "made" : "not made yet"}, because ${why}.` }));
    });
    if (d.skipped.length) summary.appendChild(el("p", { class: "pb-note", text: `Skipped so far: ${d.skipped.map((id) => byId(data.transitions, id).name).join(", ")}. The checks below show whether that leaves a gap.` }));
    if (d.leftover.length) append(summary, el("p", { class: "pb-note", text: "Signs of earlier moves still show:" }), el("ul", { class: "pb-ws-signs" }, d.leftover.map((q) => el("li", { text: q.text }))));
  }
  append(box, el("h2", { text: "Where are you?" }), summary);
  const questions = el("section", { class: "pb-ws-questions" }, el("h2", { text: "Questions about your company" }),
    el("p", { class: "pb-hint", text: "Answer what you can; each answer sharpens the reading of your stage above." }), form);
  session.subscribe(render);
  render();
  return [box, questions];
}

function findingsView(session) {
  const { data } = session;
  const box = el("section", { class: "pb-ws-findings", "aria-live": "polite" });
  function render() {
    const { company } = session;
    const d = diagnose(company, data);
    const findings = runChecks(company, data, { stage: d.stage });
    box.textContent = "";
    box.appendChild(el("h2", { text: "What is wrong" }));
    if (!company.people.length && !company.seats.length) { box.appendChild(el("p", { text: "Nothing to check yet: add people and seats first." })); return; }
    if (!findings.length) { box.appendChild(el("p", { text: "No check finds a problem." })); return; }
    const list = el("ul", { class: "pb-ws-checks" });
    findings.forEach((f) => list.appendChild(el("li", { class: "pb-flag", "data-check": f.check },
      el("strong", { text: f.name }), ": ", f.text, " ", el("span", { class: "pb-hint", text: f.why }), " ",
      f.url ? el("a", { href: f.url, text: "Read more" }) : "")));
    box.appendChild(list);
  }
  session.subscribe(render);
  render();
  return box;
}

function nextView(session) {
  const { data } = session;
  const box = el("section", { class: "pb-ws-next", "aria-live": "polite" });
  function render() {
    const { company } = session;
    box.textContent = "";
    box.appendChild(el("h2", { text: "Who next" }));
    const d = diagnose(company, data);
    if (!company.people.length) { box.appendChild(el("p", { text: "Add your people and seats to see which seat to fill or hand over first." })); return; }
    const list = whoNext(company, data, d);
    if (!list.length) { box.appendChild(el("p", { text: "Nothing to fill or hand over: every seat has someone, and the owner sits only in their own." })); return; }
    const ol = el("ol", { class: "pb-ws-nextlist" });
    list.forEach((item) => {
      const { title, economics, kept, reasons, prepares, role } = describeNext(item, company, data);
      const mark = (text) => (text === economics ? { "data-economics": "" } : text === kept ? { "data-kept": "" } : {});
      const why = el("ul", {}, reasons.map((text) => el("li", mark(text), text)));
      if (prepares) why.appendChild(el("li", {}, "Prepares for ", el("a", { href: prepares.url, text: prepares.name }), "."));
      const links = role ? el("p", { class: "pb-hint" }, el("a", { href: role.url, text: `The ${role.name} role` }), role.charter_url ? " · " : "", role.charter_url ? el("a", { href: role.charter_url, text: "its charter" }) : "") : null;
      ol.appendChild(el("li", { "data-kind": item.kind }, el("strong", { text: title }), why, links));
    });
    box.appendChild(ol);
  }
  session.subscribe(render);
  render();
  return box;
}

export function workspaceView(root, session) {
  const { data } = session;
  const tools = el("p", { class: "pb-ws-tools" }, "The same company in the tools: ",
    el("a", { href: data.pages["role-gravity"], text: "role gravity" }), ", ",
    el("a", { href: data.pages.delegation, text: "delegation calculator" }), ", ",
    el("a", { href: data.pages.allocation, text: "allocation builder" }), ", ",
    el("a", { href: data.pages.comparer, text: "role comparer" }), ".");
  // what the playbook reads from the company comes first: it answers the owner's question
  const [where, questions] = questionsView(session);
  append(root, companyBar(session), tools, el("div", { class: "pb-ws-read" }, where, findingsView(session), nextView(session)),
    peopleEditor(session), seatsEditor(session), questions, designsView(session));
}


