// Versions of a company, the diff between them and the open exports, on the playbook's real
// data. Until tool-data.json carries transitions[].role_changes, they come from
// fixtures/role-changes.json (written by hand from playbook_data/stages.yml).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { blankCompany, seatFromRole, validateCompany } from "../../docs/javascripts/company/model.js";
import { makeDesign, listVersions, versionCompany, validateVersions, AS_IS } from "../../docs/javascripts/company/versions.js";
import { diff, checksSideBySide, KIND_OF_CHANGE } from "../../docs/javascripts/company/diff.js";
import { toYaml, fromYaml, seatsCsv, matrixCsv, summaryMarkdown, csv, SCHEMA_LINE } from "../../docs/javascripts/company/exports.js";

const data = JSON.parse(readFileSync(new URL("./fixtures/tool-data.json", import.meta.url), "utf8"));
const roleChanges = JSON.parse(readFileSync(new URL("./fixtures/role-changes.json", import.meta.url), "utf8"));
data.transitions.forEach((t) => { t.role_changes ??= roleChanges[t.id]; });
const levelIds = data.levels.map((l) => l.id);
const role = (id) => data.roles.find((r) => r.id === id);

/* A company with one seat per role id; person i sits in seat i, person 0 is the owner. */
function company(roleIds, { names = [] } = {}) {
  const c = blankCompany("test", "Test Ltd");
  roleIds.forEach((r, i) => {
    c.seats.push(seatFromRole(role(r), "s" + i, levelIds));
    c.people.push({ id: "p" + i, name: names[i] || "Person " + i, hours: 40, rate: null, owner: i === 0, gravity: {} });
    c.sits.push({ person: "p" + i, seat: "s" + i, share: 100 });
  });
  return c;
}
const seatOf = (c, roleId) => c.seats.find((s) => s.role === roleId);
/* A design made by hand from the as-is: `edit` changes its seats and sits. */
function design(c, edit) {
  const { company: next, design: d } = makeDesign(c, data, { name: "Edited" });
  edit(d);
  return next;
}
const kinds = (c) => diff(versionCompany(c, AS_IS), versionCompany(c, c.versions.at(-1).id), data).items.map((i) => i.kind);

// ---------- versions ----------

test("a company lists its as-is first and holds at most three designs", () => {
  let c = company(["owner-founder"]);
  for (const name of ["A", "B", "C"]) c = makeDesign(c, data, { name }).company;
  assert.deepEqual(listVersions(c).map((v) => v.name), ["As is", "A", "B", "C"]);
  assert.match(makeDesign(c, data, {}).error, /At most 3/);
});

test("a design from the as-is or from another design is a copy that does not touch its source", () => {
  let c = company(["owner-founder", "order-fulfillment"]);
  const first = makeDesign(c, data, { name: "First" });
  c = first.company;
  first.design.sits.pop();
  assert.equal(c.sits.length, 2);
  const second = makeDesign(c, data, { from: first.design.id, name: "Second" });
  assert.deepEqual(second.design.seats, first.design.seats);
  assert.equal(second.design.sits.length, 1);
  assert.notEqual(second.design.id, first.design.id);
  assert.match(makeDesign(c, data, { from: "nope" }).error, /no version/);
});

test("the next-stage design follows the company's diagnosed next move", () => {
  const c = company(["owner-founder"]);
  const { design: d } = makeDesign(c, data, { from: "next-stage" });
  assert.deepEqual(d.seats.map((s) => s.role).sort(), ["bookkeeper", "order-fulfillment", "owner-founder", "virtual-assistant"]);
  assert.deepEqual(d.sits, c.sits, "the new seats wait for people");
  // an owner who sits in the seat handed on leaves it
  const both = company(["owner-founder", "order-fulfillment"]);
  both.sits = [{ person: "p0", seat: "s0", share: 50 }, { person: "p0", seat: "s1", share: 50 }];
  const next = makeDesign(both, data, { from: "next-stage" }).company;
  assert.deepEqual(next.versions[0].sits, [{ person: "p0", seat: "s0", share: 50 }]);
  assert.ok(diff(versionCompany(next, AS_IS), versionCompany(next, "v1"), data).items.some((i) => i.kind === "delegated" && i.to[0] === "s1"));
});

test("validateVersions keeps good designs and names the place of each problem", () => {
  const c = makeDesign(company(["owner-founder"]), data, { from: "next-stage", name: "Next" }).company;
  const input = JSON.parse(JSON.stringify(c.versions));
  input[0].seats[0].role = "wizard";
  input[0].sits.push({ person: "ghost", seat: "s0", share: 10 });
  input.push({ id: input[0].id }, { id: "v9" }, { id: "v10" }, { id: "v11" });
  const { versions, problems } = validateVersions(input, c, data);
  assert.equal(versions.length, 2);
  assert.equal(versions[0].seats[0].role, null);
  assert.deepEqual(versions[0].seats.map((s) => s.from), c.versions[0].seats.map((s) => s.from));
  const paths = problems.map((p) => p.path);
  for (const p of ["versions", "versions[0].seats[0].role", "versions[0].sits[1].person", "versions[1].id"]) assert.ok(paths.includes(p), p);
});

// ---------- diff: one case for each kind ----------

test("added: a seat with no forebear", () => {
  const c = design(company(["owner-founder"]), (d) => d.seats.push(seatFromRole(role("marketing-lead"), "new", levelIds)));
  assert.deepEqual(kinds(c), ["added"]);
});

test("split: one seat becomes several, or a role gets a second seat", () => {
  const c = design(company(["owner-founder", "b2b-sales-executive"]), (d) => {
    d.seats = d.seats.filter((s) => s.id !== "s1");
    d.seats.push({ ...seatFromRole(role("account-manager"), "n1", levelIds), from: ["s1"] }, { ...seatFromRole(role("inside-sales-rep"), "n2", levelIds), from: ["s1"] });
    d.sits = d.sits.map((x) => (x.seat === "s1" ? { ...x, seat: "n1" } : x));
  });
  assert.deepEqual(kinds(c), ["split", "moved"]);
  const twice = design(company(["owner-founder", "account-manager"]), (d) => d.seats.push(seatFromRole(role("account-manager"), "n", levelIds)));
  assert.deepEqual(kinds(twice), ["split"]);
});

test("merged, replaced and removed", () => {
  const c = design(company(["owner-founder", "sales-leader", "sales-manager", "bookkeeper", "marketing-lead"]), (d) => {
    d.seats = d.seats.filter((s) => !["s1", "s2", "s3", "s4"].includes(s.id));
    d.seats.push({ ...seatFromRole(role("growth-leader"), "g", levelIds), from: ["s1", "s2"] }, { ...seatFromRole(role("virtual-assistant"), "va", levelIds), from: ["s3"] });
    d.sits = d.sits.filter((x) => x.person === "p0");
  });
  assert.deepEqual(kinds(c).filter((k) => k !== "moved"), ["merged", "replaced", "removed"]);
});

test("delegated: the owner leaves a seat that someone else takes", () => {
  const start = company(["owner-founder", "order-fulfillment"]);
  start.sits.push({ person: "p0", seat: "s1", share: 50 });
  const c = design(start, (d) => { d.sits = d.sits.filter((x) => !(x.person === "p0" && x.seat === "s1")); });
  const { items } = diff(versionCompany(c, AS_IS), versionCompany(c, c.versions[0].id), data);
  assert.deepEqual(items.map((i) => i.kind), ["delegated", "moved"]);
  assert.match(items[0].text, /Person 0 hands on/);
});

test("outsourced: a support seat takes work the owner had", () => {
  const c = design(company(["owner-founder"]), (d) => d.seats.push(seatFromRole(role("bookkeeper"), "b", levelIds)));
  const { items } = diff(versionCompany(c, AS_IS), versionCompany(c, c.versions[0].id), data);
  assert.deepEqual(items.map((i) => [i.kind, i.from, i.to]), [["outsourced", ["s0"], ["b"]]]);
});

test("separated: work moves to a seat of the other macro-role", () => {
  const c = design(company(["owner-founder", "order-acquisition"]), (d) => d.seats.push({ ...seatFromRole(role("operations-lead"), "o", levelIds), from: ["s1"] }));
  assert.deepEqual(kinds(c), ["separated"]);
});

test("levels moved and people moved", () => {
  const c = design(company(["owner-founder", "account-manager"]), (d) => {
    d.seats[1].levels.farming = "leads";
    d.sits[1].seat = "s0";
  });
  const { items, summary } = diff(versionCompany(c, AS_IS), versionCompany(c, c.versions[0].id), data);
  assert.deepEqual(items.map((i) => i.text), ["Account Manager: Farming Owns → Leads", "Person 1 leaves Account Manager, joins Owner / Founder"]
    .map((t) => t.replace("Owner / Founder", role("owner-founder").name)));
  assert.equal(summary.levels, 1);
  assert.equal(summary.moved, 1);
  assert.equal(summary.added, 0);
});

test("no change, no items", () => {
  const c = design(company(["owner-founder", "bookkeeper"]), () => {});
  assert.deepEqual(kinds(c), []);
});

// ---------- diff against the playbook's own transitions ----------

for (const t of data.transitions) {
  test(`the stage-derived design of "${t.id}" shows the role changes stages.yml declares`, () => {
    // the as-is: a seat for each role the changes start from (not the ones an earlier change makes)
    const made = new Set(), start = [];
    t.role_changes.forEach((ch) => {
      ch.from.forEach((r) => { if (!made.has(r) && !start.includes(r)) start.push(r); });
      ch.to.forEach((r) => made.add(r));
    });
    const c = makeDesign(company(start), data, { from: "next-stage", transition: t.id }).company;
    const { items } = diff(versionCompany(c, AS_IS), versionCompany(c, c.versions[0].id), data);
    const all = [...c.seats, ...c.versions[0].seats];
    const roles = (ids) => ids.map((id) => all.find((s) => s.id === id).role).sort();
    const seen = items.filter((i) => !["levels", "moved"].includes(i.kind)).map((i) => ({ kind: i.kind, from: roles(i.from), to: roles(i.to) }));
    const declared = t.role_changes.map((ch) => ({
      kind: KIND_OF_CHANGE[ch.change], from: [...ch.from].sort(),
      to: (["split", "merge"].includes(ch.change) ? ch.to : ch.to.filter((r) => !ch.from.includes(r))).sort(),
    }));
    const key = (x) => JSON.stringify(x);
    assert.deepEqual(seen.map(key).sort(), declared.map(key).sort());
    assert.ok(t.introduces.every((r) => c.versions[0].seats.some((s) => s.role === r)), "every role the move introduces has a seat");
  });
}

test("checks side by side: a count per check for every version", () => {
  const c = makeDesign(company(["owner-founder"]), data, { from: "next-stage" }).company;
  const table = checksSideBySide(c, data);
  assert.deepEqual(table.map((v) => v.id), [AS_IS, c.versions[0].id]);
  assert.deepEqual(Object.keys(table[0].counts), data.checks.map((k) => k.id));
  assert.equal(table[0].counts["empty-seat"], 0);
  assert.equal(table[1].counts["empty-seat"], 3);
});

// ---------- exports ----------

function rich() {
  let c = company(["owner-founder", "b2b-sales-executive"], { names: ["Ann: \"the boss\"", "yes"] });
  c.people[1].hours = 37.5;
  c.people[0].gravity = { [data.statements[0].id]: 4 };
  c.seats[1].responsibilities = ["=SUM(A1)", "Calls, visits\nand notes", "# not a comment", "- dash", "plain words"];
  c.seats[0].name = "2nd seat ";
  c.answers = { [data.transitions[0].questions[0].id]: "yes" };
  c.tasks.push({ id: "t1", name: "Invoices", hours: 3, money: false, needed: true, cost: null, person: "p0", seat: null });
  c.compare = ["role:owner-founder"];
  c = makeDesign(c, data, { from: "next-stage", name: "Next: stage" }).company;
  const clean = validateCompany(c, data);
  assert.deepEqual(clean.problems, []);
  return { ...clean.company, versions: validateVersions(c.versions, clean.company, data).versions };
}

test("the YAML export names its schema and reads back as the same company", () => {
  const c = rich();
  const yaml = toYaml(c, data);
  assert.equal(yaml.split("\n")[0], SCHEMA_LINE);
  assert.match(yaml, /\npeople:\n {2}- id: p0\n {4}name: "Ann: \\"the boss\\""\n/);
  assert.match(yaml, /\n {6}- plain words\n/);
  const back = fromYaml(yaml, data);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.company, c);
  assert.equal(toYaml(back.company, data), yaml);
});

test("texts a YAML reader could mistake are quoted, and read back as they were", () => {
  const odd = ["", " lead", "trail ", "yes", "No", "null", "~", "true", "1.5", "007", "-x", "- x", "a: b", "a:b", "a #b", "#x", "x:",
    "[x]", "{x}", "&a", "*a", "!t", "|", ">", "%", "@", "`", "'q'", '"q"', "multi\nline", "tab\tin", "ünï ✓", "\u2028", ".5", "+1", "?", ",", "back\\slash"];
  const c = blankCompany("id: 1", "Odd");
  odd.forEach((name, i) => c.people.push({ id: "p" + i, name, hours: null, rate: null, owner: false, gravity: {} }));
  const yaml = toYaml(c, data);
  assert.match(yaml, /\n {4}name: a:b\n/);
  assert.match(yaml, /\n {4}name: "yes"\n/);
  const back = fromYaml(yaml, data);
  assert.deepEqual(back.company.people.map((p) => p.name), odd);
  assert.equal(back.company.id, "id: 1");
});

test("a damaged YAML is refused with its line named", () => {
  const lines = toYaml(rich(), data).split("\n");
  const at = lines.findIndex((l) => /^ {4}name:/.test(l));
  const cases = [
    [lines.map((l, i) => (i === at ? l + ' "' : l)), at + 1],
    [lines.map((l, i) => (i === at ? " " + l : l)), at + 1],
    [lines.map((l, i) => (i === at ? "    name: &anchor x" : l)), at + 1],
    [lines.map((l, i) => (i === at ? "\tname: x" : l)), at + 1],
    [[...lines.slice(0, at), "    name: twice", ...lines.slice(at)], at + 2],
    [[...lines.slice(0, at), "    | block", ...lines.slice(at)], at + 1],
  ];
  cases.forEach(([text, line]) => {
    const result = fromYaml(text.join("\n"), data);
    assert.equal(result.company, undefined);
    assert.equal(result.line, line, result.error);
    assert.match(result.error, new RegExp(`line ${line}\\b`));
  });
});

test("a YAML the workspace reads but does not accept says where, by line", () => {
  const text = toYaml(rich(), data).replace("role: b2b-sales-executive", "role: wizard");
  const { company: c, problems } = fromYaml(text, data);
  assert.equal(c.seats[1].role, null);
  assert.equal(problems[0].path, "seats[1].role");
  assert.equal(text.split("\n")[problems[0].line - 1].trim(), "role: wizard");
});

test("CSV cells follow RFC 4180 and never start a formula", () => {
  assert.equal(csv([["a,b", 'say "hi"', "two\nlines", "=1+1", "+1", "-1", "@x", "\tt", 3, null]]),
    '"a,b","say ""hi""","two\nlines",\'=1+1,\'+1,\'-1,\'@x,\'\tt,3,\r\n');
  const seats = seatsCsv(rich()).split("\r\n");
  assert.equal(seats[0], "Seat,Person,Share of time (%),Macro-role,Responsibilities");
  assert.ok(seats[2].startsWith(`${role("b2b-sales-executive").name},yes,100,order-acquisition,"'=SUM(A1); Calls, visits\nand notes`));
});

test("the matrix CSV gives seats and people a RACI-like level per accountability", () => {
  const rows = matrixCsv(rich(), data).trim().split("\r\n");
  assert.equal(rows[0], "Kind,Name,Seats or people," + data.accountabilities.map((a) => a.name).join(","));
  assert.equal(rows.length, 1 + 2 + 2);
  assert.ok(rows[1].endsWith(",A (Owns),A (Owns),A (Owns),A (Owns)"));
  assert.ok(rows.some((r) => r.startsWith("Person,yes,")));
});

test("the Markdown summary names the stage, the next move, the checks, who next and who sits where", () => {
  const c = rich();
  c.seats.push(seatFromRole(role("bookkeeper"), "sx", levelIds));
  const text = summaryMarkdown(c, data);
  assert.match(text, /^# Test Ltd\n/);
  assert.match(text, /\*\*Stage:\*\* One-person business/);
  assert.match(text, new RegExp(`\\*\\*Next move:\\*\\* ${data.transitions[0].name.replace(/'/g, ".")}`));
  assert.match(text, /Empty seat/);
  assert.match(text, /\| Bookkeeper \| support \| nobody yet \|/);
  assert.match(text, /Ann: "the boss" \(100 %\)/);
  // and who next, as the workspace lists it: the empty Bookkeeper seat is one to fill
  assert.match(text, /## Who next\n\n1\. \*\*/);
  assert.match(text, /\d\. \*\*Fill Bookkeeper:\*\* Settles 1 check: /);
});
