/* Designs: the as-is and up to three "to be" designs, their seats, a diff of any two, the
 * checks of each side by side, the company chart; the exports; printing the pack. */

import { byId, companyName } from "./model.js";
import { AS_IS, MAX_DESIGNS, listVersions, makeDesign, versionCompany } from "./versions.js";
import { toYaml, fromYaml, seatsCsv, matrixCsv, summaryMarkdown } from "./exports.js";
import { buildPack, buildWall, chartFigures, checksTable, diffList } from "./pack.js";
import { importInput, seatsEditor } from "./workspace-view.js";
import { el, button, textField, select, download, append } from "./ui.js";

const PAPERS = [["a4", "A4"], ["letter", "US Letter"]];

export function designsView(session) {
  const { data } = session;
  const box = el("section", { class: "pb-ws-designs" });
  const pack = el("div", { class: "pb-pack-holder" });
  const ui = { edit: null, a: AS_IS, b: null, chart: AS_IS, paper: "a4" };
  const designs = () => session.company.versions || [];
  const pick = (c) => (c.versions || []).find((v) => v.id === ui.edit) || null;
  const editor = seatsEditor(session, { pick, named: "design" });

  function start(from) {
    const result = makeDesign(session.company, data, { from });
    if (result.error) { session.say(result.error, "error"); return; }
    ui.edit = result.design.id; ui.b = result.design.id;
    session.change((c) => { c.versions = result.company.versions; });
  }

  function versionsList() {
    const rows = designs().map((v, i) => {
      const name = textField(null, v.name, (t) => session.change((c) => { pick2(c, v.id).name = t || `To be ${i + 1}`; }, { quiet: true }),
        { "aria-label": `Name of design ${i + 1}` });
      return el("li", { "data-version": v.id }, name.node,
        button(ui.edit === v.id ? "Editing" : "Edit its seats", () => { ui.edit = v.id; render(); }, { "aria-pressed": String(ui.edit === v.id) }),
        el("button", { type: "button", class: "pb-remove", "aria-label": `Delete design ${i + 1}`, onclick: () => session.change((c) => {
          c.versions = c.versions.filter((x) => x.id !== v.id);
          if (!c.versions.length) delete c.versions;
        }, { undo: `Deleted the design ${v.name}` }) }, "Delete"));
    });
    const full = designs().length >= MAX_DESIGNS;
    const from = select([["", full ? `At most ${MAX_DESIGNS} designs` : "Start a \"to be\" design from…"], ...(full ? [] : [[AS_IS, "the as-is"],
      ["next-stage", "the next stage of the playbook"], ...designs().map((v) => [v.id, v.name])])], "", (v) => { if (v) start(v); },
    { "aria-label": "Start a design from", "data-action": "new-design", disabled: full });
    return [el("ol", { class: "pb-designs" }, el("li", { "data-version": AS_IS }, el("strong", { text: "As is" }), " (edited above, under Seats)"), rows), from];
  }

  function compare() {
    const options = listVersions(session.company).map((v) => [v.id, v.name]);
    const a = select(options, ui.a, (v) => { ui.a = v; render(); }, { "aria-label": "Compare" });
    const b = select(options, ui.b, (v) => { ui.b = v; render(); }, { "aria-label": "with" });
    return [el("h3", { text: "Compare two versions" }), el("p", { class: "pb-ws-compare" }, el("label", { for: a.id, text: "Compare " }), a, el("label", { for: b.id, text: " with " }), b),
      el("div", { class: "pb-ws-diff", "aria-live": "polite" }, diffList(session.company, data, ui.a, ui.b)),
      el("h3", { text: "The checks of each version" }), checksTable(session.company, data)];
  }

  function chart() {
    const options = listVersions(session.company).map((v) => [v.id, v.name]);
    const which = select(options, ui.chart, (v) => { ui.chart = v; render(); }, { "aria-label": "Chart of" });
    const v = listVersions(session.company).find((x) => x.id === ui.chart);
    return [el("h3", { text: "Company chart" }), el("p", {}, el("label", { for: which.id, text: "Chart of " }), which),
      el("p", { class: "pb-hint", text: "Shapes show the macro-role: circle Order Acquisition, square Order Fulfillment, diamond both (the owner's seat), triangle delegated help. A coloured dot and line link a person who sits in several seats; red badges are the checks that fail." }),
      el("div", { class: "pb-ws-chart" }, chartFigures(versionCompany(session.company, v.id), data, `${companyName(session.company)}: ${v.name}`, true))];
  }

  function exportsBar() {
    const c = session.company, base = (c.name || "company").replace(/[^\w-]+/g, "-");
    const input = importInput(session, ".yml,.yaml,text/yaml", (text) => fromYaml(text, data), { far: true });
    return el("p", { class: "pb-actions pb-ws-exports" },
      button("Export YAML", () => download(`${base}.yml`, toYaml(session.company), "application/yaml")),
      el("label", { for: input.id, class: "md-button pb-import" }, "Import YAML"), input,
      button("Seats CSV", () => download(`${base}-seats.csv`, seatsCsv(session.company), "text/csv")),
      button("Accountability matrix CSV", () => download(`${base}-matrix.csv`, matrixCsv(session.company, data), "text/csv")),
      button("Markdown summary", () => download(`${base}.md`, summaryMarkdown(session.company, data), "text/markdown")));
  }

  function printBar() {
    const paper = select(PAPERS, ui.paper, (v) => { ui.paper = v; }, { "aria-label": "Paper" });
    return el("p", { class: "pb-actions pb-ws-print" }, el("label", { for: paper.id, text: "Paper " }), paper,
      button("Print the company pack", () => print(buildPack(session.company, data, ui.b || AS_IS), ui.paper), { "data-action": "print-pack" }),
      button("Print the charters", () => print(buildPack(session.company, data, ui.b || AS_IS), ui.paper, ".pb-charter"), { "data-action": "print-charters" }),
      button("Print the chart as an A3 wall sheet", () => print(buildWall(session.company, data, ui.chart), "a3"), { "data-action": "print-wall" }));
  }

  /* Print one part of the page: the rest is hidden while printing (pack.css). */
  function print(node, paper, only) {
    pack.textContent = "";
    if (only) {  // one part alone: without the contents page, or its number
      node.querySelectorAll(".pb-pack-cover, .pb-pack-part").forEach((p) => { if (!p.querySelector(only)) p.remove(); });
      node.querySelectorAll(".pb-pack-part > h2").forEach((h) => { h.textContent = h.textContent.replace(/^\d+\. /, ""); });
    }
    pack.appendChild(node);
    document.body.classList.remove("pb-paper-auto", "pb-paper-a4", "pb-paper-letter", "pb-paper-a3", "pb-wall-landscape");
    document.body.classList.add("pb-printing-pack", "pb-paper-" + paper);
    // a wall sheet of a chart wider than tall is printed across the A3 page: larger labels
    const svg = paper === "a3" && node.querySelector("svg[viewBox]");
    if (svg) { const [, , w, h] = svg.getAttribute("viewBox").split(/\s+/).map(Number); if (w > h) document.body.classList.add("pb-wall-landscape"); }
    window.print();
  }
  window.addEventListener("afterprint", () => document.body.classList.remove("pb-printing-pack", "pb-wall-landscape"));

  function render() {
    const ids = listVersions(session.company).map((v) => v.id);
    if (!ids.includes(ui.edit)) ui.edit = designs().length ? designs()[0].id : null;
    if (!ids.includes(ui.a)) ui.a = AS_IS;
    if (!ids.includes(ui.b)) ui.b = designs().length ? designs()[designs().length - 1].id : AS_IS;
    if (!ids.includes(ui.chart)) ui.chart = AS_IS;
    const editing = pick(session.company);
    box.textContent = "";
    append(box, el("h2", { text: "Designs: as is and to be" }),
      el("p", { class: "pb-hint", text: `Up to ${MAX_DESIGNS} named "to be" designs, each started from the as-is, from the next stage of the playbook or from another design. Compare any two, print the pack.` }),
      ...versionsList(),
      editing ? el("h3", { text: `Seats of ${editing.name}` }) : null, editing ? editor : null,
      ...compare(), ...chart(),
      el("div", { class: "pb-screen-only" }, el("h3", { text: "Take it away" }), exportsBar(), printBar()), pack);
    editor.refresh();
  }
  session.subscribe((s, quiet) => { if (!quiet) render(); });
  render();
  return box;
}

const pick2 = (c, id) => byId(c.versions, id);
