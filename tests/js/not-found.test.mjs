// Unit tests of docs/javascripts/not-found.js (node --test tests/js/).
import assert from "node:assert/strict"
import { test } from "node:test"

import { closestPages, editDistance, likeness, pagesOf, wordsOf } from "../../docs/javascripts/not-found.js"

const INDEX = {
  docs: [
    { location: "", title: "Role-Design Playbook" },
    { location: "#start-from-your-situation", title: "Start from your situation" },
    { location: "roles/", title: "Roles" },
    { location: "roles/growth-leader/", title: "Growth Leader" },
    { location: "roles/growth-leader/#traits", title: "Traits" },
    { location: "roles/sales-manager/", title: "Sales Manager" },
    { location: "roles/sales-leader/", title: "Sales Leader" },
    { location: "charters/growth-leader/", title: "Role charter: Growth Leader" },
    { location: "charters/sales-manager/", title: "Role charter: Sales Manager" },
    { location: "worksheets/delegation-audit/", title: "Delegation audit" },
    { location: "tools/delegation/", title: "Delegation calculator" },
    { location: "glossary/", title: "Glossary" },
  ],
}
const PAGES = pagesOf(INDEX)

test("an address splits into its words, without file endings or query", () => {
  assert.deepEqual(wordsOf("/roles/Growth-Leadr/index.html?x=1#top"), ["roles", "growth", "leadr"])
  assert.deepEqual(wordsOf("/work_sheets/role%20gravity.md"), ["work", "sheets", "role", "gravity"])
  assert.deepEqual(wordsOf("/%E0%A4%A"), ["e0", "a4", "a"])  // a broken escape is kept as typed
  assert.deepEqual(wordsOf(""), [])
})

test("the pages of an index leave out sections and repeats", () => {
  assert.deepEqual(PAGES.map(p => p.location), ["", "roles/", "roles/growth-leader/", "roles/sales-manager/",
    "roles/sales-leader/", "charters/growth-leader/", "charters/sales-manager/", "worksheets/delegation-audit/",
    "tools/delegation/", "glossary/"])
  assert.deepEqual(pagesOf({ docs: [{ location: "a/", title: "<b>A</b>" }] }), [{ location: "a/", title: "A" }])
  assert.deepEqual(pagesOf(null), [])
})

test("edit distance and likeness", () => {
  assert.equal(editDistance("leadr", "leader"), 1)
  assert.equal(editDistance("", "abc"), 3)
  assert.equal(editDistance("same", "same"), 0)
  assert.equal(likeness("roles", "roles"), 1)
  assert.ok(likeness("role", "roles") >= 0.9)
  assert.ok(likeness("leadr", "leader") > 0.8)
  assert.ok(likeness("glossary", "hunting") < 0.3)
})

test("a typo in a role's address suggests the role page first", () => {
  const found = closestPages("/roles/growth-leadr/", PAGES)
  assert.equal(found[0].location, "roles/growth-leader/")
  assert.ok(found.some(p => p.location === "charters/growth-leader/"))
  assert.ok(!found.some(p => p.location === "glossary/"))
})

test("a wrong section with a right name finds the page in the right section", () => {
  assert.equal(closestPages("/charter/sales-manager", PAGES)[0].location, "charters/sales-manager/")
  assert.equal(closestPages("/sales-manager.html", PAGES)[0].location, "roles/sales-manager/")
})

test("words of the title count too", () => {
  assert.equal(closestPages("/delegation-calculator/", PAGES)[0].location, "tools/delegation/")
  assert.equal(closestPages("/delegation-audti/", PAGES)[0].location, "worksheets/delegation-audit/")
  const found = closestPages("/delegation/", PAGES).map(p => p.location)
  assert.ok(found.includes("tools/delegation/") && found.includes("worksheets/delegation-audit/"))
})

test("nothing alike, or nothing asked, suggests nothing", () => {
  assert.deepEqual(closestPages("/zzqx/wvvk/", PAGES), [])
  assert.deepEqual(closestPages("/", PAGES), [])
  assert.equal(closestPages("/roles/", PAGES, 2).length, 2)
})
