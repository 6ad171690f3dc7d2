/* "You are here" on the stage pages and the stage flow, from the stage the workspace last
 * read for the open company (kept in localStorage by the workspace). */

import { el } from "./ui.js";

export function readStage(storage = globalThis.localStorage) {
  try { const value = JSON.parse(storage.getItem("pb-company-stage") || "null"); return value && value.known ? value : null; } catch (e) { return null; }
}

export function markStage(root) {
  const here = readStage();
  if (!here) return;
  // a stage page (its body carries data-stage-page) or the overview's stage flow
  root.querySelectorAll("[data-stage-page]").forEach((node) => {
    if (node.dataset.ready) return;
    node.dataset.ready = "1";
    if (node.dataset.stagePage !== here.stage) return;
    node.appendChild(el("p", { class: "pb-here", role: "note" }, el("strong", { text: "You are here." }), ` The company workspace reads ${here.company || "your company"} as at this stage.`));
  });
  root.querySelectorAll("[data-stage-index]").forEach((node) => {
    if (node.dataset.ready) return;
    node.dataset.ready = "1";
    node.appendChild(el("p", { class: "pb-here", role: "note" }, el("strong", { text: "You are here: " }),
      el("a", { href: `${here.stage}/`, text: here.stageName || here.stage }), ` (the company workspace's reading of ${here.company || "your company"}).`));
  });
  // the stage flow: its column heading for that stage
  root.querySelectorAll("svg [data-stage-name]").forEach((node) => {
    node.classList.toggle("pb-svg-here", node.getAttribute("data-stage-name") === here.stage);
  });
}
