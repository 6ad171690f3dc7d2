/* Entry point on every page (also after Material's instant navigation): the comparison
 * tables, the worksheets' bar, the company workspace and the four tools, the "you are
 * here" mark on the stage pages. */

import { createSession, openFromAddress, readIsland } from "./session.js";
import { workspaceView } from "./workspace-view.js";
import { gravityView, delegationView, allocationView, comparerView } from "./tool-views.js";
import { enhanceTables } from "./tables.js";
import { enhanceSheet } from "./sheets.js";
import { markStage } from "./you-are-here.js";

let open = null;  // the session of the page shown, for links opened without a page load

const VIEWS = { workspace: workspaceView, gravity: gravityView, delegation: delegationView, allocation: allocationView, comparer: comparerView };

async function start() {
  const data = readIsland();
  enhanceTables(document, data);
  markStage(document);
  const roots = [...document.querySelectorAll(".pb-tool")].filter((root) => !root.dataset.ready);
  const sheets = [...document.querySelectorAll(".pb-sheet")];
  if (!data || (!roots.length && !sheets.length)) return;
  // one session per document: instant navigation (even to a "#c=" link) keeps the company
  // and its notice, and only the views are made anew
  const session = open && open.data.checks.length === data.checks.length ? open : createSession(data);
  if (roots.length) session.forgetViews();
  sheets.forEach((sheet) => enhanceSheet(sheet, data, session));
  roots.forEach((root) => {
    root.dataset.ready = "1";
    const view = VIEWS[root.dataset.tool];
    if (view) view(root, session);
  });
  if (roots.length) { open = session; await openFromAddress(session); }
}

// a shared link pasted into the address bar of an open workspace changes only the hash
window.addEventListener("hashchange", () => {
  if (open && document.querySelector(".pb-tool[data-ready]") && /^#[cs]=/.test(location.hash)) openFromAddress(open);
});

if (window.document$ && window.document$.subscribe) window.document$.subscribe(() => { start(); });
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
