// The company workspace's pure modules (docs/javascripts/company/), with Node's own test
// runner, on the playbook's real data: tests/js/fixtures/tool-data.json is what the build
// gives the workspace page (tests/test_workspace.py checks it is up to date).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { parseNumber, formatNumber } from "../../docs/javascripts/company/numbers.js";
import { blankCompany, seatFromRole, validateCompany, companyFromJson, companyToJson } from "../../docs/javascripts/company/model.js";
import { runChecks, fill } from "../../docs/javascripts/company/checks.js";
import { diagnose, chain } from "../../docs/javascripts/company/diagnosis.js";
import { whoNext, describeNext } from "../../docs/javascripts/company/next.js";
import { gravityResult, nearestRoles } from "../../docs/javascripts/company/gravity.js";
import { suggest, handTo } from "../../docs/javascripts/company/delegation.js";
import { pack, unpack, encodeLink, decodeLink } from "../../docs/javascripts/company/codec.js";
import { createStore } from "../../docs/javascripts/company/store.js";
import { makeDesign } from "../../docs/javascripts/company/versions.js";

const data = JSON.parse(readFileSync(new URL("./fixtures/tool-data.json", import.meta.url), "utf8"));
const levelIds = data.levels.map((l) => l.id);
const role = (id) => data.roles.find((r) => r.id === id);

/* A company from a compact description: people [name, hours, rate, owner], seats by role id
 * (or {name, macro, levels}), sits [personIndex, seatIndex, share]. */
function company({ people = [], seats = [], sits = [], answers = {}, tasks = [] }) {
  const c = blankCompany("test", "Test Ltd");
  people.forEach(([name, hours, rate, owner], i) => c.people.push({ id: "p" + i, name, hours, rate, owner: !!owner, gravity: {} }));
  seats.forEach((s, i) => {
    const seat = typeof s === "string" ? seatFromRole(role(s), "s" + i, levelIds)
      : { id: "s" + i, name: s.name, role: null, macro: s.macro || "order-acquisition", levels: { servicing: "none", farming: "none", hunting: "none", sourcing: "none", ...s.levels }, tobe: {}, responsibilities: s.responsibilities || [] };
    c.seats.push(seat);
  });
  sits.forEach(([p, s, share]) => c.sits.push({ person: "p" + p, seat: "s" + s, share }));
  Object.assign(c.answers, answers);
  tasks.forEach((t, i) => c.tasks.push({ id: "t" + i, money: false, needed: true, cost: null, person: null, seat: null, ...t }));
  return c;
}
const fired = (c, context = {}) => runChecks(c, data, context).map((f) => f.check);

// ---------- numbers ----------

test("a comma or a point before one or two digits is a decimal mark", () => {
  assert.deepEqual(parseNumber("10,5"), { value: 10.5 });
  assert.deepEqual(parseNumber("10.5"), { value: 10.5 });
  assert.deepEqual(parseNumber(" 2,25 "), { value: 2.25 });
});

test("a lone separator before three digits is ambiguous, never a silent thousand", () => {
  assert.match(parseNumber("1,000").error, /ambiguous/);
  assert.match(parseNumber("1.000").error, /ambiguous/);
});

test("grouped thousands and both separators read as people write them", () => {
  assert.deepEqual(parseNumber("1,000,000"), { value: 1000000 });
  assert.deepEqual(parseNumber("1.234,5"), { value: 1234.5 });
  assert.deepEqual(parseNumber("1,234.5"), { value: 1234.5 });
  assert.deepEqual(parseNumber("1 500"), { value: 1500 });
});

test("a number out of range or not a number says so", () => {
  assert.ok(parseNumber("abc").error);
  assert.ok(parseNumber("12,34,5").error);
  assert.ok(parseNumber("-3").error);
  assert.equal(parseNumber("200", { max: 168, tooBig: "A week has 168 hours." }).error, "A week has 168 hours.");
  assert.deepEqual(parseNumber("", { optional: true }), { value: null });
  assert.ok(parseNumber("").error);
});

test("numbers are shown in the reader's locale", () => {
  assert.equal(formatNumber(10.5, "de-DE"), "10,5");
  assert.equal(formatNumber(10.5, "en-GB"), "10.5");
});

// ---------- checks: each fires when it should, and not otherwise ----------

test("an empty company has no findings at all", () => {
  assert.deepEqual(runChecks(blankCompany("x"), data, { stage: "one-person-business" }), []);
});

test("empty seat", () => {
  assert.ok(fired(company({ seats: ["bookkeeper"] })).includes("empty-seat"));
  assert.ok(!fired(company({ people: [["Ann", 40, 50]], seats: ["bookkeeper"], sits: [[0, 0, 100]] })).includes("empty-seat"));
});

test("a person in more than one seat (the owner has a check of their own)", () => {
  const two = company({ people: [["Ann", 40, 50]], seats: ["bookkeeper", "virtual-assistant"], sits: [[0, 0, 50], [0, 1, 50]] });
  const found = runChecks(two, data).find((f) => f.check === "several-seats");
  assert.equal(found.text, "Ann sits in 2 seats: Bookkeeper and Virtual Assistant.");
  assert.ok(!fired(company({ people: [["Ann", 40, 50]], seats: ["bookkeeper"], sits: [[0, 0, 100]] })).includes("several-seats"));
  const owner = company({ people: [["Olga", 50, 100, true]], seats: ["bookkeeper", "virtual-assistant"], sits: [[0, 0, 50], [0, 1, 50]] });
  assert.ok(!fired(owner).includes("several-seats"));
});

test("two people who own the same accountability", () => {
  const hunters = company({ people: [["Ann", 40, 50], ["Bo", 40, 50]], seats: [{ name: "East", levels: { hunting: "owns" } }, { name: "West", levels: { hunting: "owns" } }], sits: [[0, 0, 100], [1, 1, 100]] });
  const found = runChecks(hunters, data).filter((f) => f.check === "shared-ownership");
  assert.equal(found.length, 1);
  assert.equal(found[0].accountability, "hunting");
  assert.match(found[0].text, /Ann and Bo each own Hunting/);
  const split = company({ people: [["Ann", 40, 50], ["Bo", 40, 50]], seats: [{ name: "East", levels: { hunting: "owns" } }, { name: "West", levels: { hunting: "leads" } }], sits: [[0, 0, 100], [1, 1, 100]] });
  assert.ok(!fired(split).includes("shared-ownership"));
});

test("an accountability the stage needs that nobody leads, never before levels are entered", () => {
  const blank = company({ people: [["Ann", 40, 50, true]], seats: [{ name: "Everything" }], sits: [[0, 0, 100]] });
  assert.ok(!fired(blank, { stage: "first-delegation" }).includes("uncovered"));
  const partial = company({ people: [["Ann", 40, 50, true]], seats: [{ name: "Sales", levels: { hunting: "owns", sourcing: "leads", farming: "leads" } }], sits: [[0, 0, 100]] });
  const gaps = runChecks(partial, data, { stage: "first-delegation" }).filter((f) => f.check === "uncovered");
  assert.deepEqual(gaps.map((f) => f.accountability), ["servicing"]);
  const full = company({ people: [["Ann", 40, 50, true]], seats: ["owner-founder"], sits: [[0, 0, 100]] });
  assert.ok(!fired(full, { stage: "first-delegation" }).includes("uncovered"));
});

test("conflicts within one person, across their seats", () => {
  const c = company({ people: [["Ann", 40, 50]], seats: [{ name: "Desk", levels: { servicing: "leads" } }, { name: "Visits", levels: { farming: "leads" } }], sits: [[0, 0, 50], [0, 1, 50]] });
  const found = runChecks(c, data).filter((f) => f.check === "conflict");
  assert.deepEqual(found.map((f) => f.conflict), ["servicing-vs-farming"]);
  const apart = company({ people: [["Ann", 40, 50], ["Bo", 40, 50]], seats: [{ name: "Desk", levels: { servicing: "leads" } }, { name: "Visits", levels: { farming: "leads" } }], sits: [[0, 0, 100], [1, 1, 100]] });
  assert.ok(!fired(apart).includes("conflict"));
});

test("all four accountabilities on one person", () => {
  const c = company({ people: [["Ann", 40, 50]], seats: ["b2b-sales-executive"], sits: [[0, 0, 100]] });
  const exec = role("b2b-sales-executive");
  const all = data.accountabilities.every((a) => data.levels.find((l) => l.id === exec.levels[a.id]).rank >= data.levels.find((l) => l.id === data.overload.from_level).rank);
  assert.equal(fired(c).includes("all-four"), all);
  const narrow = company({ people: [["Ann", 40, 50]], seats: ["account-manager"], sits: [[0, 0, 100]] });
  assert.ok(!fired(narrow).includes("all-four"));
});

test("a person asked for more than their week", () => {
  const c = company({ people: [["Ann", 40, 50]], seats: ["bookkeeper", "virtual-assistant"], sits: [[0, 0, 70], [0, 1, 40]] });
  assert.match(runChecks(c, data).find((f) => f.check === "over-hours").text, /110 %/);
  const ok = company({ people: [["Ann", 40, 50]], seats: ["bookkeeper", "virtual-assistant"], sits: [[0, 0, 60], [0, 1, 40]] });
  assert.ok(!fired(ok).includes("over-hours"));
});

test("the owner in too many seats", () => {
  const limit = data.checks.find((c) => c.id === "owner-seats").limit;
  const seats = ["owner-founder", "bookkeeper", "virtual-assistant", "operations-lead"].slice(0, limit + 1);
  const c = company({ people: [["Olga", 50, 100, true]], seats, sits: seats.map((_, i) => [0, i, 10]) });
  assert.ok(fired(c).includes("owner-seats"));
  const fewer = company({ people: [["Olga", 50, 100, true]], seats: seats.slice(0, limit), sits: seats.slice(0, limit).map((_, i) => [0, i, 10]) });
  assert.ok(!fired(fewer).includes("owner-seats"));
});

test("more responsibilities in a seat than the data allows", () => {
  const limit = data.checks.find((c) => c.id === "responsibilities").limit;
  const many = company({ seats: [{ name: "Ops", responsibilities: Array.from({ length: limit + 1 }, (_, i) => "r" + i) }] });
  assert.ok(fired(many).includes("responsibilities"));
  const few = company({ seats: [{ name: "Ops", responsibilities: Array.from({ length: limit }, (_, i) => "r" + i) }] });
  assert.ok(!fired(few).includes("responsibilities"));
});

test("every check of the data has a rule, and every finding links the page that explains it", () => {
  const c = company({ people: [["Ann", 40, 50]], seats: ["bookkeeper"] });
  runChecks(c, data).forEach((f) => assert.ok(f.url, f.check));
  assert.equal(fill("{seat} and {nope}", { seat: "Ops" }), "Ops and {nope}");
});

// ---------- diagnosis ----------

test("the transitions chain from the first stage", () => {
  assert.deepEqual(chain(data).map((t) => t.id), ["owner-first-delegation", "separating-roles", "converging-growth-leader"]);
});

test("a one-person company is at the first stage, its first move due when its signs say so", () => {
  const solo = company({ people: [["Olga", 60, 120, true]], seats: ["owner-founder"], sits: [[0, 0, 100]] });
  let d = diagnose(solo, data);
  assert.equal(d.stage, "one-person-business");
  assert.equal(d.transition, "owner-first-delegation");
  assert.equal(d.due, false);
  solo.answers["week-full"] = "yes";
  solo.answers["follow-ups-slip"] = "yes";
  d = diagnose(solo, data);
  assert.equal(d.due, true);
  assert.deepEqual(d.signs.map((q) => q.id), ["week-full", "follow-ups-slip"]);
});

test("a move counts as made when others sit in enough of the seats it brings, or when the owner says so", () => {
  const delegated = company({ people: [["Olga", 50, 120, true], ["Ben", 40, 30], ["Cy", 20, 25]],
    seats: ["owner-founder", "order-fulfillment", "bookkeeper"], sits: [[0, 0, 100], [1, 1, 100], [2, 2, 50]] });
  let d = diagnose(delegated, data);
  assert.equal(d.stage, "first-delegation");
  assert.equal(d.transition, "separating-roles");
  assert.deepEqual(d.moves[0].held, ["order-fulfillment", "bookkeeper"]);
  delegated.answers["delivery-handed-over"] = "no";
  assert.equal(diagnose(delegated, data).stage, "one-person-business");
  const told = company({ people: [["Olga", 50, 120, true]], answers: { "delivery-handed-over": "yes" } });
  assert.equal(diagnose(told, data).stage, "first-delegation");
});

test("a move skipped does not hold the company back, and is named", () => {
  const team = company({ people: [["Olga", 50, 120, true], ["Ann", 40, 50], ["Bo", 40, 50], ["Cy", 40, 50], ["Di", 40, 50]],
    seats: ["sales-manager", "account-manager", "new-business-developer", "customer-service-rep", "owner-founder"],
    sits: [[1, 0, 100], [2, 1, 100], [3, 2, 100], [4, 3, 100], [0, 4, 100]] });
  const d = diagnose(team, data);
  assert.equal(d.stage, "growing-sales-team");
  assert.equal(d.transition, "converging-growth-leader");
  assert.deepEqual(d.skipped, ["owner-first-delegation"]);
});

test("the owner in a new seat does not make the move", () => {
  const self = company({ people: [["Olga", 50, 120, true]], seats: ["order-fulfillment", "bookkeeper"], sits: [[0, 0, 50], [0, 1, 50]] });
  assert.equal(diagnose(self, data).stage, "one-person-business");
});

// ---------- who next ----------

/* The owner's journey of the browser test, in one function call: six people, the owner in
 * four seats and selling. */
function sixPeople() {
  const c = company({
    people: [["Olga", 55, 150, true], ["Ben", 40, 35], ["Cara", 40, 35], ["Dan", 16, 30], ["Eve", 40, 30], ["Finn", 20, 22]],
    seats: ["owner-founder", "b2b-sales-executive", "operations-lead", "marketing-lead", "order-fulfillment", "bookkeeper", "customer-service-rep", "virtual-assistant"],
    sits: [[0, 0, 20], [0, 1, 45], [0, 2, 25], [0, 3, 10], [1, 4, 100], [2, 4, 100], [3, 5, 100], [4, 6, 100], [5, 7, 100]],
    answers: { "too-many-to-coach": "no", "results-swing": "yes", "sellers-finish-orders": "yes", "customers-chase-sellers": "yes" },
  });
  // the owner's own seat keeps the direction; the customer work sits in the seats below it
  Object.keys(c.seats[0].levels).forEach((a) => { c.seats[0].levels[a] = "supports"; });
  return c;
}

test("who next: the owner's own seats come first, with the hours and money they free", () => {
  const c = sixPeople();
  const d = diagnose(c, data);
  assert.equal(d.stage, "first-delegation");
  assert.equal(d.due, true);
  const list = whoNext(c, data, d);
  assert.equal(list[0].kind, "hand-over");
  assert.ok(list[0].settles.some((f) => f.check === "owner-seats" || f.check === "conflict" || f.check === "all-four"));
  assert.ok(list[0].hours > 0 && list[0].money > 0);
  // ordered: checks settled never increase down the list
  list.slice(1).forEach((item, i) => assert.ok(item.settles.length <= list[i].settles.length));
  // seats of the next move that the company lacks are offered, with the stage they prepare
  const adds = whoNext(c, data, d, 50).filter((x) => x.kind === "add");
  assert.ok(adds.some((x) => x.role === "sales-manager" && x.prepares === "growing-sales-team"));
});

test("who next: handing over settles what it claims to settle", () => {
  const c = sixPeople();
  const item = whoNext(c, data, diagnose(c, data))[0];
  const before = runChecks(c, data, { stage: "first-delegation" }).map((f) => f.key);
  item.settles.forEach((f) => assert.ok(before.includes(f.key)));
});

test("who next: a seat's tasks the delegation calculator keeps with the owner free no hours", () => {
  const c = sixPeople();
  const handOver = (x) => whoNext(x, data, diagnose(x, data), 50).find((i) => i.kind === "hand-over" && i.seat === "s1");
  const bySeatShare = handOver(c);
  assert.equal(bySeatShare.from, "share");
  assert.equal(bySeatShare.hours, 55 * 45 / 100);
  // the owner's sales calls make money and nobody cheaper can make them: kept, and not counted
  c.tasks.push({ id: "t0", name: "Sales calls", hours: 20, money: true, needed: true, cost: null, person: "p0", seat: "s1" });
  const keptOnly = handOver(c);
  assert.equal(keptOnly.from, "tasks");
  assert.equal(keptOnly.hours, 0);
  assert.deepEqual(keptOnly.kept, ["Sales calls"]);
  // quoting admin can be bought for less than the owner's hour: it is what handing over frees
  c.tasks.push({ id: "t1", name: "Quote admin", hours: 6, money: false, needed: true, cost: 40, person: "p0", seat: "s1" });
  const both = handOver(c);
  assert.equal(both.hours, 6);
  assert.equal(both.money, 6 * (150 - 40));
  assert.deepEqual(both.kept, ["Sales calls"]);
});

test("who next in words: the title, the checks settled, the hours freed, the stage prepared", () => {
  const c = sixPeople();
  const [first] = whoNext(c, data, diagnose(c, data));
  const words = describeNext(first, c, data, "en");
  assert.equal(words.title, `Hand over ${c.seats.find((s) => s.id === first.seat).name}`);
  assert.match(words.reasons[0], /^Settles \d+ checks?: /);
  // 55 hours at 45 % is 24.75 hours, at 150 an hour 3,712.5: shown to one decimal and to the unit
  assert.equal(first.hours, 24.75);
  assert.ok(words.reasons.includes("Frees 24.8 hours a week of Olga's time, worth 3,713 a week (193,050 a year), from the owner's share of hours in this seat."), words.reasons);
  const add = whoNext(c, data, diagnose(c, data), 50).find((x) => x.kind === "add" && x.role === "order-fulfillment")
    || { kind: "add", role: "order-fulfillment", seat: null, settles: [], hours: null, money: null, prepares: null };
  assert.equal(describeNext(add, c, data).title, "Add an Order Fulfillment seat");
});

test("who next: an empty seat is offered to fill", () => {
  const c = company({ people: [["Olga", 50, 120, true]], seats: ["owner-founder", "bookkeeper"], sits: [[0, 0, 100]] });
  const list = whoNext(c, data, diagnose(c, data));
  const fillIt = list.find((x) => x.kind === "fill");
  assert.equal(fillIt.seat, "s1");
  assert.ok(fillIt.settles.some((f) => f.check === "empty-seat"));
});

// ---------- role gravity on all seven spectra ----------

function answersFor(target) {
  const answers = {};
  data.statements.forEach((s) => {
    if (s.spectrum) {
      const toward = s.pole === "left" ? -target.positions[s.spectrum] : target.positions[s.spectrum];
      answers[s.id] = Math.max(1, Math.min(5, 3 + toward));
    } else {
      const rank = data.levels.find((l) => l.id === target.levels[s.accountability]).rank;
      answers[s.id] = 1 + rank;
    }
  });
  return answers;
}

test("the statements cover all seven spectra", () => {
  assert.deepEqual(new Set(data.statements.filter((s) => s.spectrum).map((s) => s.spectrum)), new Set(data.spectra.map((s) => s.id)));
});

test("strongly face and hunting answers land nearest a hunting role", () => {
  const answers = {};
  data.statements.forEach((s) => { answers[s.id] = s.spectrum ? (s.pole === "left" ? 5 : 1) : (s.accountability === "hunting" ? 5 : 1); });
  const nearest = nearestRoles(data, gravityResult(data, answers), 1)[0].role;
  const hunting = data.levels.find((l) => l.id === nearest.levels.hunting).rank;
  assert.ok(hunting >= data.levels.find((l) => l.id === "leads").rank, nearest.id);
  assert.notEqual(nearest.id, "account-manager");
});

test("answering as each role would places that role nearest (or one placed exactly like it)", () => {
  data.roles.forEach((r) => {
    const result = gravityResult(data, answersFor(r));
    const [first] = nearestRoles(data, result, 1);
    const own = nearestRoles(data, result, data.roles.length).find((n) => n.role.id === r.id);
    assert.equal(own.distance, first.distance, `${r.id}: nearest was ${first.role.id}`);
  });
});

// ---------- delegation ----------

test("a task is kept, delegated, outsourced or dropped by its economics", () => {
  assert.equal(suggest({ money: true, cost: 30 }, 100).action, "delegate");
  assert.equal(suggest({ money: false, cost: 20 }, 100).action, "outsource");
  assert.equal(suggest({ money: false, needed: false, cost: 20 }, 100).action, "drop");
  assert.equal(suggest({ money: false, cost: null }, 100).action, "keep");
  assert.equal(suggest({ money: true, cost: 200 }, 100).action, "keep");
});

test("a handed-off task names a seat: its own if someone else sits there, else a support seat, else a new one", () => {
  const c = company({ people: [["Olga", 50, 120, true], ["Vi", 10, 20]], seats: ["owner-founder", "virtual-assistant", "order-fulfillment"], sits: [[0, 0, 100], [1, 1, 100]] });
  assert.match(handTo({ person: "p0", seat: "s1" }, "outsource", c, data).text, /Virtual Assistant \(Vi\)/);
  assert.match(handTo({ person: "p0", seat: null }, "outsource", c, data).text, /Vi/);
  assert.match(handTo({ person: "p0", seat: "s2" }, "delegate", c, data).text, /Order Fulfillment, once someone sits in it/);
  assert.equal(handTo({ person: "p0", seat: "s1" }, "keep", c, data), null);
});

// ---------- import, links, storage ----------

test("an export read back gives the same company", () => {
  const c = sixPeople();
  const back = companyFromJson(companyToJson(c), data);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.company, c);
});

test("a damaged import says why and where", () => {
  const text = companyToJson(sixPeople());
  const broken = companyFromJson(text.replace('"Ben"', '"Ben'), data);
  assert.match(broken.error, /not valid JSON \(line \d+, column \d+\)/);
  const wrong = JSON.parse(text);
  wrong.company.people[1].hours = "forty";
  wrong.company.seats[2].levels.hunting = "boss";
  const result = companyFromJson(JSON.stringify(wrong), data);
  assert.deepEqual(result.problems.map((p) => p.path), ["people[1].hours", "seats[2].levels.hunting"]);
  assert.match(companyFromJson("[1, 2]", data).error, /not a company/);
});

test("a link packs and unpacks to the same company", () => {
  const c = sixPeople();
  c.compare = ["role:sales-leader", "seat:s1", "person:p2"];
  const { company: back, problems } = validateCompany(unpack(JSON.parse(JSON.stringify(pack(c, data))), data), data);
  assert.deepEqual(problems, []);
  // the same company, its ids renumbered
  assert.deepEqual(pack(back, data), pack(c, data));
  assert.deepEqual(back.people.map((p) => p.id), ["p1", "p2", "p3", "p4", "p5", "p6"]);
  assert.deepEqual(back.compare, ["role:sales-leader", "seat:s2", "person:p3"]);  // the comparer's columns, renumbered
});

test("a link with two designs round-trips, their seats the same seats as the as-is's", async () => {
  let c = sixPeople();
  c = makeDesign(c, data, { name: "Lean" }).company;
  c.versions[0].seats[1].levels.hunting = "owns";
  c.versions[0].sits.pop();
  c.versions[0].seats.push({ ...seatFromRole(role("account-manager"), "s99", levelIds), from: [c.seats[1].id] });
  c = makeDesign(c, data, { from: c.versions[0].id, name: "Bold" }).company;
  const link = await encodeLink(c, data);
  const back = validateCompany(await decodeLink(link, data), data);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.company.versions.map((v) => v.name), ["Lean", "Bold"]);
  assert.deepEqual(pack(back.company, data), pack(c, data));
  const added = back.company.versions[1].seats.at(-1);
  assert.equal(added.role, "account-manager");
  assert.deepEqual(added.from, [back.company.seats[1].id]);
  assert.equal(back.company.versions[0].seats[1].id, back.company.seats[1].id);
  // and the JSON export carries them as they are
  assert.deepEqual(companyFromJson(companyToJson(back.company), data).company, back.company);
});

test("a 10-person, 12-seat company fits in a link of under 2,000 characters", async () => {
  const names = ["Olga Petrova", "Benjamin Walker", "Cara O'Neill", "Daniel Schmidt", "Evelyn Moreau", "Finn Larsen", "Grace Okafor", "Hugo Almeida", "Isla Fraser", "Jonas Becker"];
  const roles = data.roles.slice(0, 12);
  const c = company({ people: names.map((n, i) => [n, 40, 40 + i * 5, i === 0]), seats: roles.map((r) => r.id),
    sits: roles.map((_, i) => [i % 10, i, 50]) });
  c.seats.forEach((s) => { s.responsibilities = ["Answer for the weekly numbers", "Keep the customer list current", "Report problems early"]; });
  data.statements.forEach((s, i) => { c.people[0].gravity[s.id] = 1 + (i % 5); });
  const link = await encodeLink(c, data);
  assert.ok(link.length < 2000, `${link.length} characters`);
  const back = validateCompany(await decodeLink(link, data), data);
  assert.deepEqual(back.problems, []);
  assert.equal(back.company.people[3].name, "Daniel Schmidt");
  assert.equal(back.company.seats.length, 12);
});

test("a damaged link says so instead of opening half a company", async () => {
  const link = await encodeLink(sixPeople(), data);
  await assert.rejects(decodeLink(link.slice(0, 40), data), /damaged or cut short/);
});

function memoryStorage() {
  const map = new Map();
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k) };
}

test("several companies are kept side by side, and undo gives back what was removed", () => {
  const store = createStore(memoryStorage(), memoryStorage());
  const a = { ...blankCompany("a", "Alpha") }, b = { ...blankCompany("b", "Beta") };
  store.save(a); store.save(b);
  assert.deepEqual(store.list().map((c) => c.name), ["Alpha", "Beta"]);
  assert.equal(store.current(), "b");
  store.push("Delete Beta", store.load("b"));
  store.remove("b");
  assert.deepEqual(store.list().map((c) => c.id), ["a"]);
  const undo = store.pop();
  assert.equal(undo.label, "Delete Beta");
  store.save(undo.company);
  assert.equal(store.load("b").name, "Beta");
  assert.equal(store.pop(), null);
});

test("a company opened as a copy gets a name no kept company has, without piling up suffixes", async () => {
  const { copyName } = await import("../../docs/javascripts/company/model.js");
  assert.equal(copyName("Acme", "shared copy", []), "Acme (shared copy)");
  assert.equal(copyName("Acme", "shared copy", ["Acme (shared copy)"]), "Acme (shared copy 2)");
  assert.equal(copyName("Acme", "shared copy", ["Acme (shared copy)", "Acme (shared copy 2)"]), "Acme (shared copy 3)");
  assert.equal(copyName("Acme (shared copy)", "shared copy", ["Acme (shared copy)"]), "Acme (shared copy 2)");
  assert.equal(copyName("Acme (shared copy 2)", "imported", []), "Acme (shared copy 2) (imported)");
  assert.equal(copyName("A+B (x)", "imported", ["A+B (x) (imported)"]), "A+B (x) (imported 2)");
});

test("a company name cleared on purpose stays cleared through a save and a reload", () => {
  const c = sixPeople();
  c.name = "";
  assert.equal(companyFromJson(companyToJson(c), data).company.name, "");
  const unnamed = { ...JSON.parse(companyToJson(c)) };
  delete unnamed.company.name;
  assert.equal(companyFromJson(JSON.stringify(unnamed), data).company.name, "My company");
});

test("an import's problem is placed in words, with the path to find it in the file", async () => {
  const { placeOf } = await import("../../docs/javascripts/company/model.js");
  assert.equal(placeOf("people[1].hours"), "person 2, hours a week (people[1].hours)");
  assert.equal(placeOf("seats[2].levels.hunting"), "seat 3, levels, hunting (seats[2].levels.hunting)");
  assert.equal(placeOf("versions[0].sits[1].person"), "design 1, seating 2, person (versions[0].sits[1].person)");
  assert.equal(placeOf("name"), "name (name)");
});
