// The company chart (docs/javascripts/company/chart.js): its geometry (labels of at least
// 10 px, inside their seat, never overlapping) and its SVG, read back as a test would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { blankCompany, seatFromRole } from "../../docs/javascripts/company/model.js";
import { runChecks } from "../../docs/javascripts/company/checks.js";
import { diagnose } from "../../docs/javascripts/company/diagnosis.js";
import { layoutChart, chartSvg, wrap, textWidth, MIN_FONT, WIDTH } from "../../docs/javascripts/company/chart.js";

const data = JSON.parse(readFileSync(new URL("./fixtures/tool-data.json", import.meta.url), "utf8"));
const levelIds = data.levels.map((l) => l.id);

/* Every playbook role as a seat; people in them, the owner in three, a seat left empty. */
function bigCompany() {
  const c = blankCompany("t", "Chart Ltd");
  data.roles.forEach((r, i) => c.seats.push(seatFromRole(r, "s" + i, levelIds)));
  ["Olga Petrovna-Smythe", "Ben", "Cara", "Dan", "Eve", "Finn", "Grace", "Hugo", "Isla", "Jonas", "Kim", "Lou"].forEach((name, i) =>
    c.people.push({ id: "p" + i, name, hours: 40, rate: 50, owner: i === 0, gravity: {} }));
  c.seats[0].name = "An extraordinarily long seat name that has to wrap over several lines of the box";
  c.seats[1].responsibilities = Array.from({ length: 9 }, (_, i) => "r" + i);
  c.sits.push({ person: "p0", seat: "s11", share: 50 }, { person: "p0", seat: "s1", share: 40 }, { person: "p0", seat: "s2", share: 30 });
  for (let i = 1; i < 12; i++) c.sits.push({ person: "p" + i, seat: "s" + (i < 9 ? i + 2 : i + 3), share: 100 });
  return c;
}
const findingsOf = (c) => runChecks(c, data, { stage: diagnose(c, data).stage });

const boxOf = (l) => (l.kind === "check" ? [l.x - 5, l.y - 2, l.x + l.w + 5, l.y + l.h + 1] : [l.x, l.y, l.x + l.w, l.y + l.h]);
const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

test("labels are at least 10 px, inside their seat and the chart, and never overlap", () => {
  const c = bigCompany();
  const layout = layoutChart(c, data, findingsOf(c));
  const labels = layout.labels.map(boxOf);
  layout.labels.forEach((l, i) => {
    assert.ok(l.size >= MIN_FONT, l.text);
    const [x0, , x1, y1] = labels[i];
    assert.ok(x0 >= 0 && x1 <= WIDTH && y1 <= layout.height, `${l.text} leaves the chart`);
    if (l.seat) {
      const s = layout.seats.find((b) => b.id === l.seat);
      assert.ok(x0 >= s.x && x1 <= s.x + s.w && labels[i][1] >= s.y && y1 <= s.y + s.h, `${l.text} leaves its seat`);
    }
  });
  labels.forEach((a, i) => labels.slice(i + 1).forEach((b, j) => assert.ok(!overlap(a, b), `${layout.labels[i].text} overlaps ${layout.labels[i + 1 + j].text}`)));
  layout.seats.forEach((a, i) => layout.seats.slice(i + 1).forEach((b) => assert.ok(!overlap([a.x, a.y, a.x + a.w, a.y + a.h], [b.x, b.y, b.x + b.w, b.y + b.h]), `${a.id} overlaps ${b.id}`)));
});

test("a long name wraps within its width, and a word too long is cut", () => {
  const lines = wrap("Supercalifragilisticexpialidocious-and-more seat of the company", 12, 100, true);
  lines.forEach((l) => assert.ok(textWidth(l, 12, true) <= 100, l));
  assert.match(lines[0], /…$/);
});

/* The chart read back from its SVG: seats, the people in each, the checks on each. */
function readBack(svg) {
  const seats = {};
  svg.split("<g data-seat=").slice(1).forEach((chunk) => {
    const [, id, macro] = /^"([^"]+)" data-macro="([^"]+)"/.exec(chunk);
    const body = chunk.split(/<\/svg>/)[0];
    seats[id] = { macro, people: [...body.matchAll(/data-person="([^"]+)"/g)].map((x) => x[1]),
      checks: [...body.matchAll(/data-check="([^"]+)"/g)].map((x) => x[1]) };
  });
  return { seats, links: [...svg.matchAll(/data-link="([^"]+)" data-seats="([^"]+)"/g)].map((m) => [m[1], m[2]]) };
}

test("the SVG follows the model: a seat added, a person moved, a check failing", () => {
  const c = bigCompany();
  const draw = () => readBack(chartSvg(layoutChart(c, data, findingsOf(c))));
  let chart = draw();
  assert.deepEqual(Object.keys(chart.seats).sort(), c.seats.map((s) => s.id).sort());
  assert.equal(chart.seats.s11.macro, "both");
  assert.deepEqual(chart.seats.s11.people, ["p0"]);
  assert.ok(chart.seats.s0.checks.includes("empty-seat"));
  assert.ok(chart.seats.s1.checks.includes("responsibilities"));
  assert.ok(chart.seats.s11.checks.includes("owner-seats"));
  // the owner in three seats is linked across them
  assert.deepEqual(chart.links.filter(([p]) => p === "p0").map(([, s]) => s), ["s11 s1", "s1 s2"]);
  // a seat added, a person moved into the empty seat
  c.seats.push({ ...seatFromRole(data.roles[0], "new", levelIds), name: "Key accounts" });
  c.sits.find((x) => x.person === "p1").seat = "s0";
  chart = draw();
  assert.ok(chart.seats.new.checks.includes("empty-seat"));
  assert.deepEqual(chart.seats.s0.people, ["p1"]);
  assert.ok(!chart.seats.s0.checks.includes("empty-seat"));
  assert.ok(chart.seats.s3.checks.includes("empty-seat"), "the seat p1 left is empty now");
});

test("labels are escaped, and a chart of one branch holds only that branch", () => {
  const c = bigCompany();
  c.people[1].name = "<b>Ben & Co</b>";
  const svg = chartSvg(layoutChart(c, data, []));
  assert.ok(svg.includes("&lt;b&gt;Ben &amp; Co&lt;/b&gt;") && !svg.includes("<b>"));
  const part = readBack(chartSvg(layoutChart(c, data, findingsOf(c), { branches: ["support"] })));
  assert.deepEqual(Object.values(part.seats).map((s) => s.macro), ["support", "support"]);
});
