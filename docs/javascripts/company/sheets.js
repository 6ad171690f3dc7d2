/* Printable worksheets: the paper picker, Print, and "Fill from your company", which
 * writes the open company's answers, tasks or seats onto the sheet. */

import { byId, owner, peopleIn } from "./model.js";
import { gravityResult } from "./gravity.js";
import { suggest, freed } from "./delegation.js";
import { formatMoney, formatNumber } from "./numbers.js";
import { el, nextId, append } from "./ui.js";

const PAPER_KEY = "pb-tool:paper";

function setText(sheet, field, value) {
  const input = sheet.querySelector(`input[data-field="${field}"], textarea[data-field="${field}"]`);
  if (input) input.value = value === undefined || value === null ? "" : String(value);
}

function setCell(sheet, field, row, col, value) {
  const cell = `[data-field="${field}"][data-row="${row}"][data-col="${col}"]`;
  const input = sheet.querySelector("textarea" + cell + ", input[type=text]" + cell);
  if (input) input.value = value === undefined || value === null ? "" : String(value);
}

/* Each worksheet the company fills: how. Returns false when there is nothing to fill in. */
const FILLERS = {
  "role-gravity": (sheet, company, data) => {
    const person = owner(company) || company.people[0];
    const answers = person ? person.gravity : {};
    if (!Object.keys(answers).length) return false;
    Object.entries(answers).forEach(([id, n]) => {
      const radio = sheet.querySelector(`input[type=radio][data-field="${CSS.escape(id)}"][value="${Number(n)}"]`);
      if (radio) radio.checked = true;
    });
    if (data.statements.every((s) => !s.pole || answers[s.id])) {
      const r = gravityResult(data, answers);
      setText(sheet, "total-left", r.face);
      setText(sheet, "total-right", r.backbone);
    }
    return true;
  },
  "delegation-audit": (sheet, company) => {
    const boss = owner(company);
    const tasks = company.tasks.filter((t) => !boss || !t.person || t.person === boss.id);
    if (!tasks.length) return false;
    setText(sheet, "owner-rate", boss && boss.rate !== null ? formatNumber(boss.rate) : "");
    tasks.forEach((task, row) => {
      const action = boss && boss.rate !== null && task.hours !== null ? suggest(task, boss.rate).action : "";
      [task.name, task.hours === null ? "" : formatNumber(task.hours), task.money ? "yes" : "no", task.cost === null ? "" : formatNumber(task.cost), action]
        .forEach((value, col) => setCell(sheet, "tasks", row, col, value));
    });
    const f = freed(tasks, company);
    setText(sheet, "hours-recaptured", formatNumber(f.hours));
    setText(sheet, "money-recaptured", formatMoney(f.money));
    return true;
  },
  "accountability-allocation": (sheet, company, data) => {
    if (!company.seats.length) return false;
    [["as-is", "levels"], ["to-be", "tobe"]].forEach(([field, view]) => {
      company.seats.forEach((seat, r) => {
        const who = peopleIn(company, seat.id).map((p) => p.name).join(", ");
        [seat.name + (who ? ` (${who})` : ""), ...data.accountabilities.map((a) => (byId(data.levels, seat[view][a.id]) || { name: "" }).name)]
          .forEach((value, col) => setCell(sheet, field, r, col, value));
      });
    });
    return true;
  },
};

export function enhanceSheet(sheet, data, session) {
  if (sheet.dataset.ready) return;
  sheet.dataset.ready = "1";
  const bar = el("div", { class: "pb-sheet-tools" });
  const paper = el("select", { id: nextId("paper") });
  // "auto" first and by default: no named page, so the sheet prints on the paper the print
  // dialog offers (A4 or US Letter); a named paper is only forced once the reader picks one
  const papers = ["auto", ...(sheet.dataset.papers || "a4 letter").split(" ")];
  const paperNames = { auto: "Your printer's paper (A4 or US Letter)", a4: "A4", letter: "US Letter", a3: "A3 (wall copy)" };
  papers.forEach((p) => paper.appendChild(el("option", { value: p, text: paperNames[p] || p })));
  let chosen = "auto";
  try { chosen = localStorage.getItem(PAPER_KEY) || "auto"; } catch (e) { /* not kept */ }
  paper.value = papers.includes(chosen) ? chosen : "auto";
  const applyPaper = () => {
    ["auto", "a4", "letter", "a3"].forEach((p) => document.body.classList.remove("pb-paper-" + p));
    if (paper.value !== "auto") document.body.classList.add("pb-paper-" + paper.value);
  };
  paper.addEventListener("change", () => {
    applyPaper();
    try { localStorage.setItem(PAPER_KEY, paper.value); } catch (e) { /* not kept */ }
  });
  applyPaper();
  append(bar, el("label", { for: paper.id, text: "Paper" }), paper, el("button", { type: "button", class: "md-button", onclick: () => window.print() }, "Print"));
  // Clear is offered by worksheet-drafts.js, beside the note that answers are kept, with Undo
  const fill = FILLERS[sheet.dataset.worksheet];
  if (fill && session) {
    const status = el("span", { class: "pb-status", role: "status" });
    append(bar, el("button", { type: "button", class: "md-button", onclick: () => {
      sheet.reset();
      const filled = fill(sheet, session.company, data);
      status.textContent = filled ? `Filled in from ${session.company.name || "your company"}.` : `Nothing to fill in yet: add it to ${session.company.name || "your company"} in the workspace or the tool first.`;
    } }, "Fill from your company"), status);
  }
  sheet.parentNode.insertBefore(bar, sheet);
}
