/* Entry point on every page (also after Material's instant navigation): the comparison
 * tables, the worksheets' bar, the company workspace and the four tools, the "you are
 * here" mark on the stage pages. */

// Most pages need none of the company code: each part is fetched only by a page that uses it
import { markStage } from "./you-are-here.js";

function readIsland() {
  const node = document.getElementById("pb-data");
  return node ? JSON.parse(node.getAttribute("data-json")) : null;
}

let open = null;  // the session of the page shown, for links opened without a page load
let openPath = null;

// the views are loaded only by the pages that show them
const VIEWS = {
  workspace: async () => (await import("./workspace-view.js")).workspaceView,
  gravity: async () => (await import("./tool-views.js")).gravityView,
  delegation: async () => (await import("./tool-views.js")).delegationView,
  allocation: async () => (await import("./tool-views.js")).allocationView,
  comparer: async () => (await import("./tool-views.js")).comparerView,
};

async function start() {
  const data = readIsland();
  if (document.querySelector(".pb-compare")) (await import("./tables.js")).enhanceTables(document, data);
  markStage(document);
  const roots = [...document.querySelectorAll(".pb-tool")].filter((root) => !root.dataset.ready);
  const sheets = [...document.querySelectorAll(".pb-sheet")];
  if (!data) {  // a sheet with no tool behind it (a charter): the paper and Print only
    if (sheets.length) { const { enhanceSheet } = await import("./sheets.js"); sheets.forEach((sheet) => enhanceSheet(sheet, null, null)); }
    return;
  }
  if (!roots.length && !sheets.length) return;
  // one session per page: instant navigation to the same page (a "#c=" link) keeps the
  // company and its notice, and only the views are made anew. Another page has its own
  // data island, whose links are relative to that page.
  const { createSession, openFromAddress } = await import("./session.js");
  const session = open && openPath === location.pathname ? open : createSession(data);
  if (roots.length) session.forgetViews();
  if (sheets.length) {
    const { enhanceSheet } = await import("./sheets.js");
    sheets.forEach((sheet) => enhanceSheet(sheet, data, session));
  }
  for (const root of roots) {
    root.dataset.ready = "1";
    const load = VIEWS[root.dataset.tool];
    if (load) (await load())(root, session);
  }
  if (roots.length) { open = session; openPath = location.pathname; await openFromAddress(session); }
}

// a shared link pasted into the address bar of an open workspace changes only the hash
window.addEventListener("hashchange", () => {
  if (open && document.querySelector(".pb-tool[data-ready]") && /^#[cs]=/.test(location.hash)) {
    import("./session.js").then(({ openFromAddress }) => openFromAddress(open));
  }
});

if (window.document$ && window.document$.subscribe) window.document$.subscribe(() => { start(); });
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
