/* The comparison tables (/compare/): a filter box and sortable columns. */

import { el, nextId } from "./ui.js";

export function enhanceTables(root, data) {
  const ranks = {};
  if (data) data.levels.forEach((lv) => { ranks[lv.name] = lv.rank; });
  root.querySelectorAll(".pb-compare").forEach((box) => {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    const table = box.querySelector("table");
    if (!table) return;
    const body = table.tBodies[0];
    const filter = el("input", { type: "search", id: nextId("filter"), class: "pb-filter" });
    const count = el("span", { class: "pb-count", "aria-live": "polite" });
    box.insertBefore(el("div", { class: "pb-field pb-filterbar" }, el("label", { for: filter.id }, "Filter rows"), filter, count), box.firstChild);
    const applyFilter = () => {
      const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      Array.from(body.rows).forEach((row) => {
        const text = row.textContent.toLowerCase();
        const match = words.every((w) => text.includes(w));
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = `${shown} of ${body.rows.length} roles`;
    };
    filter.addEventListener("input", applyFilter);
    applyFilter();
    Array.from(table.tHead.rows[0].cells).forEach((cell, column) => {
      const sortButton = el("button", { type: "button", class: "pb-sort" }, cell.textContent);
      cell.textContent = "";
      cell.appendChild(sortButton);
      cell.setAttribute("aria-sort", "none");
      sortButton.addEventListener("click", () => {
        const ascending = cell.getAttribute("aria-sort") !== "ascending";
        Array.from(table.tHead.rows[0].cells).forEach((c) => c.setAttribute("aria-sort", "none"));
        cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        Array.from(body.rows).sort((a, b) => compareCells(a.cells[column], b.cells[column], ranks) * (ascending ? 1 : -1))
          .forEach((row) => body.appendChild(row));
      });
    });
  });
}

export function sortKey(text, ranks) {
  text = text.trim();
  for (const name in ranks) if (text.endsWith(name)) return ranks[name];
  const number = /([+\u2212-]?\d+(\.\d+)?)$/.exec(text);
  if (number) return Number(number[1].replace("\u2212", "-"));
  if (/yes$/.test(text)) return 1;
  if (/no$/.test(text)) return 0;
  return text.toLowerCase();
}

function compareCells(a, b, ranks) {
  const x = sortKey(a.textContent, ranks), y = sortKey(b.textContent, ranks);
  if (typeof x === "number" && typeof y === "number") return x - y;
  return String(x).localeCompare(String(y));
}
