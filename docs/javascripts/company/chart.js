/* The company chart: seats as boxes in one band per macro-role (its shape, as in the site's
 * diagrams), each with its accountabilities by level, the people in it and a badge per failed
 * check; a person in several seats is linked across them. Pure: a version of the company in,
 * a layout (every label's box, for the tests) and SVG markup out. */

import { byId, peopleIn } from "./model.js";

export const WIDTH = 680, MIN_FONT = 10;
const FONT = 12, SMALL = 11, PAD = 8, GAP = 12, COLS = 3, LINE = 15;
export const BRANCHES = [["both", "Owner and leadership"], ["order-acquisition", "Order Acquisition"],
  ["order-fulfillment", "Order Fulfillment"], ["support", "Delegated help"]];
const SHAPES = { "order-acquisition": "circle", "order-fulfillment": "square", both: "diamond", support: "triangle" };
const LINKS = ["#1565c0", "#6a1b9a", "#00695c", "#e65100", "#ad1457", "#37474f"];

/* A label's width: generous averages of the theme's sans-serif, so that estimates never fall short. */
export const textWidth = (text, size, bold) => [...String(text)].length * size * (bold ? 0.66 : 0.6);

/* Lines of at most `width` px, broken between words (a word too long is cut with an ellipsis). */
export function wrap(text, size, width, bold) {
  const lines = [];
  String(text).split(/\s+/).filter(Boolean).forEach((word) => {
    const last = lines.length ? lines[lines.length - 1] + " " + word : null;
    if (last !== null && textWidth(last, size, bold) <= width) lines[lines.length - 1] = last;
    else lines.push(word);
  });
  return lines.map((l) => (textWidth(l, size, bold) <= width ? l : fit(l, size, width, bold)));
}
const fit = (text, size, width, bold) => { let t = text; while (t.length > 1 && textWidth(t + "…", size, bold) > width) t = t.slice(0, -1); return t + "…"; };

/* Which checks fail on which seat: a finding naming the seat, else naming a person in it;
 * findings on no seat (an accountability nobody covers) are the company's. One badge per
 * check and seat: { check, name, count }. */
export function badgesOf(company, findings) {
  const bySeat = new Map(company.seats.map((s) => [s.id, []])), loose = [];
  const put = (list, f) => { const b = list.find((x) => x.check === f.check); if (b) b.count += 1; else list.push({ check: f.check, name: f.name, count: 1 }); };
  findings.forEach((f) => {
    // a finding about people goes on the first seat of each of them (their seats are linked)
    const seats = f.seats.length ? f.seats : f.people.map((p) => (company.sits.find((x) => x.person === p) || {}).seat);
    const known = [...new Set(seats)].filter((id) => bySeat.has(id));
    if (known.length) known.forEach((id) => put(bySeat.get(id), f)); else put(loose, f);
  });
  return { bySeat, company: loose };
}

/* { width, height, seats: [{ id, x, y, w, h, labels }], bands, links, labels } where every
 * label is { text, x, y, w, h, size, bold, kind, ... } with (x, y) its top-left corner. */
export function layoutChart(company, data, findings = [], { branches } = {}) {
  const { bySeat, company: loose } = badgesOf(company, findings);
  const seatsOf = (p) => company.sits.filter((x) => x.person === p).map((x) => x.seat);
  const shared = company.people.filter((p) => seatsOf(p.id).length > 1).map((p) => p.id);
  const boxW = (WIDTH - GAP * (COLS - 1)) / COLS, inner = boxW - 2 * PAD;
  const out = { width: WIDTH, seats: [], bands: [], links: [], labels: [] };
  let y = 0;
  const label = (text, x, top, size, bold, extra = {}) => {
    const l = { text, x, y: top, w: textWidth(text, size, bold), h: size * 1.25, size, bold, ...extra };
    out.labels.push(l);
    return l;
  };
  BRANCHES.filter(([macro]) => !branches || branches.includes(macro)).forEach(([macro, title]) => {
    const seats = company.seats.filter((s) => s.macro === macro);
    if (!seats.length) return;
    const band = { macro, y, title, shape: SHAPES[macro] };
    label(`${title}: ${seats.length} seat${seats.length > 1 ? "s" : ""}`, 22, y + 2, FONT, true, { kind: "band" });
    y += 24;
    for (let row = 0; row < seats.length; row += COLS) {
      const boxes = seats.slice(row, row + COLS).map((seat, col) => seatBox(seat, col * (boxW + GAP), y));
      const h = Math.max(...boxes.map((b) => b.h));
      boxes.forEach((b) => { b.h = h; out.seats.push(b); });
      y += h + GAP;
    }
    band.h = y - band.y;
    out.bands.push(band);
  });
  function seatBox(seat, x, top) {
    const box = { id: seat.id, macro: seat.macro, name: seat.name, x, y: top, w: boxW, labels: [] };
    let at = top + PAD;
    const add = (text, size, bold, extra, dx = 0) => { const l = label(text, x + PAD + dx, at, size, bold, { seat: seat.id, ...extra }); box.labels.push(l); at += Math.max(LINE, l.h + 2); return l; };
    wrap(seat.name || "(unnamed seat)", FONT, inner - 22, true).forEach((line) => add(line, FONT, true, { kind: "name" }, 22));
    const role = seat.role && byId(data.roles, seat.role);
    if (role && role.name !== seat.name) wrap(`Role: ${role.name}`, MIN_FONT, inner, false).forEach((line) => add(line, MIN_FONT, false, { kind: "role" }));
    at += 2;
    const held = data.accountabilities.filter((a) => seat.levels[a.id] && seat.levels[a.id] !== data.levels[0].id);
    held.forEach((a) => { const lv = byId(data.levels, seat.levels[a.id]); add(`${lv.symbol} ${a.name}: ${lv.name}`, SMALL, false, { kind: "level", accountability: a.id, level: lv.id }); });
    if (!held.length) add("No accountability yet", SMALL, false, { kind: "level" });
    at += 4;
    const people = peopleIn(company, seat.id);
    people.forEach((p) => {
      const sit = company.sits.find((x) => x.seat === seat.id && x.person === p.id);
      const n = seatsOf(p.id).length;
      wrap(`${p.name || "(unnamed)"} · ${sit.share} %${n > 1 ? ` · in ${n} seats` : ""}`, SMALL, inner - 12, false).forEach((line, i) =>
        add(line, SMALL, i === 0, i ? { kind: "more" } : { kind: "person", person: p.id, share: sit.share, link: shared.includes(p.id) ? shared.indexOf(p.id) : null }, 12));
    });
    if (!people.length) add("Nobody in this seat", SMALL, false, { kind: "person" });
    at = badges(bySeat.get(seat.id), x + PAD, x + boxW - PAD, at, { seat: seat.id }).reduce((a, l) => { box.labels.push(l); return Math.max(a, l.y + l.h + 6); }, at);
    box.h = at - top + PAD;
    return box;
  }
  if (loose.length && !branches) {
    label("Company-wide:", 0, y + 2, FONT, true, { kind: "band" });
    y = badges(loose, textWidth("Company-wide:", FONT, true) + 8, WIDTH, y + 4, {}).reduce((a, l) => Math.max(a, l.y + l.h + 6), y + 24);
  }
  /* Badges in rows from (left, top) to right: a name too long for one line wraps in its badge. */
  function badges(list, left, right, top, extra) {
    let bx = left, rowH = 0;
    return list.map((f) => {
      const lines = wrap(f.count > 1 ? `${f.name} ×${f.count}` : f.name, MIN_FONT, right - left - 10, true);
      const w = Math.max(...lines.map((l) => textWidth(l, MIN_FONT, true))) + 10, h = lines.length * MIN_FONT * 1.25;
      if (bx + w > right && bx > left) { bx = left; top += rowH + 6; rowH = 0; }
      const l = label(lines.join(" "), bx + 5, top + 2, MIN_FONT, true, { kind: "check", check: f.check, count: f.count, lines, w: w - 10, h, ...extra });
      bx += w + 4; rowH = Math.max(rowH, h + 3);
      return l;
    });
  }
  // a person in several seats: a line from each of their seats to the next
  shared.forEach((person, i) => {
    const boxes = seatsOf(person).map((id) => out.seats.find((b) => b.id === id)).filter(Boolean);
    for (let j = 1; j < boxes.length; j++) out.links.push({ person, index: i, from: boxes[j - 1].id, to: boxes[j].id, a: boxes[j - 1], b: boxes[j] });
  });
  out.height = Math.max(y, 10);
  return out;
}

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function shape(kind, cx, cy, r) {
  const at = (pts) => pts.map(([x, y]) => `${(cx + x * r).toFixed(1)},${(cy + y * r).toFixed(1)}`).join(" ");
  if (kind === "circle") return `<circle cx="${cx}" cy="${cy}" r="${r}"/>`;
  if (kind === "square") return `<rect x="${cx - r * 0.9}" y="${cy - r * 0.9}" width="${r * 1.8}" height="${r * 1.8}"/>`;
  return `<polygon points="${at(kind === "diamond" ? [[0, -1.15], [1.15, 0], [0, 1.15], [-1.15, 0]] : [[0, -1.1], [1.1, 0.9], [-1.1, 0.9]])}"/>`;
}

const text = (l, attrs = "") => `<text x="${l.x.toFixed(1)}" y="${(l.y + l.size).toFixed(1)}" font-size="${l.size}"${l.bold ? ' font-weight="700"' : ""}${attrs}>${
  l.lines ? l.lines.map((t, i) => `<tspan x="${l.x.toFixed(1)}" dy="${i ? l.size * 1.25 : 0}">${esc(t)}</tspan>`).join("") : esc(l.text)}</text>`;

/* The SVG markup of a layout. */
export function chartSvg(layout, title = "Company chart") {
  const parts = [];
  layout.links.forEach((k) => {
    const [ax, ay, bx, by] = [k.a.x + k.a.w / 2, k.a.y + k.a.h / 2, k.b.x + k.b.w / 2, k.b.y + k.b.h / 2];
    const bend = ay === by ? -Math.min(60, Math.abs(bx - ax) / 3) : 0;
    parts.push(`<path class="pb-chart-link" data-link="${esc(k.person)}" data-seats="${esc(k.from)} ${esc(k.to)}" d="M${ax},${ay} Q${(ax + bx) / 2 + (ay === by ? 0 : 40)},${(ay + by) / 2 + bend} ${bx},${by}" stroke="${LINKS[k.index % LINKS.length]}"/>`);
  });
  layout.bands.forEach((b) => parts.push(`<g class="pb-chart-shape">${shape(b.shape, 9, b.y + 10, 7)}</g>`));
  layout.labels.filter((l) => !l.seat && l.kind === "band").forEach((l) => parts.push(text(l, ' class="pb-chart-band"')));
  layout.seats.forEach((s) => {
    parts.push(`<g data-seat="${esc(s.id)}" data-macro="${esc(s.macro)}" data-name="${esc(s.name)}"><rect class="pb-chart-box" x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="4"/>`,
      `<g class="pb-chart-shape">${shape(SHAPES[s.macro], s.x + PAD + 8, s.y + PAD + 8, 7)}</g>`);
    s.labels.forEach((l) => parts.push(label(l)));
    parts.push("</g>");
  });
  layout.labels.filter((l) => !l.seat && l.kind === "check").forEach((l) => parts.push(label(l)));
  return `<svg xmlns="http://www.w3.org/2000/svg" class="pb-chart" viewBox="0 0 ${layout.width} ${Math.ceil(layout.height)}" width="${layout.width}" height="${Math.ceil(layout.height)}" role="img"><title>${esc(title)}</title>${parts.join("")}</svg>`;
}

function label(l) {
  if (l.kind === "check") {
    return `<g data-check="${esc(l.check)}" class="pb-chart-badge"><rect x="${(l.x - 5).toFixed(1)}" y="${(l.y - 2).toFixed(1)}" width="${(l.w + 10).toFixed(1)}" height="${(l.h + 3).toFixed(1)}" rx="6"/>${text(l)}</g>`;
  }
  if (l.kind === "person") {
    const dot = l.link === null || l.link === undefined ? "" : `<circle class="pb-chart-dot" cx="${(l.x - 6).toFixed(1)}" cy="${(l.y + l.size * 0.6).toFixed(1)}" r="4" fill="${LINKS[l.link % LINKS.length]}"/>`;
    return dot + text(l, l.person ? ` data-person="${esc(l.person)}" data-share="${l.share}"` : ' class="pb-chart-empty"');
  }
  return text(l, l.kind === "level" && l.level ? ` data-accountability="${esc(l.accountability)}" data-level="${esc(l.level)}"` : "");
}
