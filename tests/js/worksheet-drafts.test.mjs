// The pure functions of docs/javascripts/worksheet-drafts.js, with Node's own test runner:
//   node --test tests/js/worksheet-drafts.test.mjs
// (tests/test_worksheet_drafts.py runs it, and checks the same module in Chromium.)
// The module is loaded from its source as a data: URL, so that any Node from 18 on reads
// it as an ES module whatever the package.json says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const source = readFileSync(new URL("../../docs/javascripts/worksheet-drafts.js", import.meta.url), "utf8");
const drafts = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
const {
  FORMAT, storageKey, controlKey, snapshot, restorePlan, parseDraft, makeDraft, decideSave, describeSaved, isEmpty,
  sameAnswers,
} = drafts;

// the controls of a small sheet, as the module describes them: a text, a textarea, a
// table cell, a rating (five radios), a box to tick
function sheet(values = {}) {
  const radios = [1, 2, 3, 4, 5].map((n) => ({ type: "radio", name: "ws-g-rate", field: "rate", value: String(n),
    checked: values.rate === String(n) }));
  return [
    { type: "text", id: "ws-g-name", field: "name", value: values.name || "" },
    { type: "textarea", id: "ws-g-why", field: "why", value: values.why || "" },
    { type: "textarea", field: "tasks", row: "2", col: "1", value: values.cell || "" },
    ...radios,
    { type: "checkbox", id: "ws-g-ok", field: "ok", checked: Boolean(values.ok) },
  ];
}

function apply(controls, plan) {
  const copy = controls.map((c) => ({ ...c }));
  for (const change of plan) {
    if ("value" in change) copy[change.index].value = change.value;
    else copy[change.index].checked = change.checked;
  }
  return copy;
}

test("each page keeps its own draft, whatever form its address takes", () => {
  assert.equal(storageKey("/worksheets/role-gravity/"), "pb-draft:/worksheets/role-gravity/");
  assert.equal(storageKey("/worksheets/role-gravity/index.html"), storageKey("/worksheets/role-gravity/"));
  assert.equal(storageKey("/worksheets/role-gravity"), storageKey("/worksheets/role-gravity/"));
  assert.notEqual(storageKey("/charters/sales-leader/"), storageKey("/worksheets/role-charter/"));
});

test("every control that holds an answer has a key of its own", () => {
  const keys = sheet().map(controlKey);
  assert.deepEqual(keys.slice(0, 3), ["text:name", "text:why", "cell:tasks:2:1"]);
  assert.equal(new Set(keys.slice(3, 8)).size, 1); // the five radios of one rating share it
  assert.equal(keys[8], "check:ok");
  assert.equal(controlKey({ type: "text" }), null); // no field: not an answer
  assert.equal(controlKey({ type: "radio" }), null);
});

test("a snapshot holds only what was answered", () => {
  assert.deepEqual(snapshot(sheet()), {});
  assert.ok(isEmpty(snapshot(sheet())));
  assert.deepEqual(snapshot(sheet({ name: "Ana", rate: "4", ok: true, cell: "3" })),
    { "text:name": "Ana", "radio:ws-g-rate": "4", "check:ok": true, "cell:tasks:2:1": "3" });
});

test("a draft read back puts every answer where it was", () => {
  const answers = snapshot(sheet({ name: "Ana", why: "Two lines\nof text", rate: "2", ok: true, cell: "x" }));
  const stored = JSON.stringify(makeDraft(answers, 3, Date.UTC(2026, 0, 2)));
  const draft = parseDraft(stored);
  assert.equal(draft.rev, 3);
  assert.equal(draft.format, FORMAT);
  const restored = apply(sheet(), restorePlan(sheet(), draft.answers));
  assert.deepEqual(snapshot(restored), answers);
  assert.deepEqual(restorePlan(restored, draft.answers), []); // nothing left to change
});

test("restoring a draft also clears what the draft does not hold", () => {
  const typed = sheet({ name: "Old", rate: "5", ok: true });
  const after = apply(typed, restorePlan(typed, { "text:why": "new" }));
  assert.deepEqual(snapshot(after), { "text:why": "new" });
});

test("anything stored that is not a draft of ours is ignored", () => {
  const good = makeDraft({ "text:name": "Ana" }, 1, Date.UTC(2026, 0, 2));
  const cases = [
    "", "not json", "null", "[]", "42",
    JSON.stringify({ ...good, format: 2 }),
    JSON.stringify({ ...good, rev: 0 }),
    JSON.stringify({ ...good, rev: 1.5 }),
    JSON.stringify({ ...good, saved: "yesterday" }),
    JSON.stringify({ ...good, answers: [] }),
    JSON.stringify({ ...good, answers: { "text:name": 42 } }),
    JSON.stringify({ ...good, answers: { "text:name": false } }),
    JSON.stringify({ ...good, answers: { "script:x": "a" } }),
    JSON.stringify({ ...good, answers: { "text:name": "x".repeat(20001) } }),
    '{"format":1,"rev":1,"saved":"2026-01-02T00:00:00.000Z","answers":{"__proto__":"a"}}',
    JSON.stringify({ ...good, previous: "everything" }),
  ];
  for (const text of cases) assert.equal(parseDraft(text), null, text);
  assert.notEqual(parseDraft(JSON.stringify(good)), null);
});

test("a page saves only over the draft it last read or wrote", () => {
  const mine = { "text:name": "Mine" };
  assert.equal(decideSave(null, 0, mine), "save"); // nothing stored yet
  assert.equal(decideSave(parseDraft(JSON.stringify(makeDraft(mine, 4, 0))), 4, mine), "save");
  const theirs = parseDraft(JSON.stringify(makeDraft({ "text:name": "Theirs" }, 5, 0)));
  assert.equal(decideSave(theirs, 4, mine), "conflict"); // another tab saved other answers
  assert.equal(decideSave(theirs, 4, { "text:name": "Theirs" }), "adopt"); // the very same answers
  assert.equal(decideSave(null, 4, mine), "conflict"); // another tab removed it
});

test("a Clear keeps the answers it replaced, for Undo", () => {
  const before = { "text:name": "Ana" };
  const cleared = parseDraft(JSON.stringify(makeDraft({}, 2, 0, before)));
  assert.deepEqual(cleared.answers, {});
  assert.deepEqual(cleared.previous, before);
  assert.equal(parseDraft(JSON.stringify(makeDraft(before, 3, 0, {}))).previous, null);
});

test("answers compare by content", () => {
  assert.ok(sameAnswers({ a: "1", b: true }, { b: true, a: "1" }));
  assert.ok(!sameAnswers({ a: "1" }, { a: "1", b: true }));
  assert.ok(!sameAnswers({ a: "1" }, { a: "2" }));
  assert.ok(sameAnswers({}, {}));
});

test("the page says plainly when the answers were saved", () => {
  const now = Date.UTC(2026, 2, 3, 12, 0, 0);
  const ago = (ms) => new Date(now - ms).toISOString();
  assert.equal(describeSaved(ago(20 * 1000), now), "just now");
  assert.equal(describeSaved(ago(60 * 1000), now), "a minute ago");
  assert.equal(describeSaved(ago(25 * 60 * 1000), now), "25 minutes ago");
  assert.equal(describeSaved(ago(3 * 3600 * 1000), now), "3 hours ago");
  assert.match(describeSaved(ago(3 * 86400 * 1000), now), /^on .*2026/);
  assert.equal(describeSaved(ago(-5000), now), "just now"); // a clock a little behind
});
