// Unit tests of docs/javascripts/search-worker.js (node --test tests/js/). The worker is a
// classic script: it is run here in a context of its own, without Material's worker.
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { test } from "node:test"
import vm from "node:vm"

const source = readFileSync(new URL("../../docs/javascripts/search-worker.js", import.meta.url), "utf8")

function load(href = "http://site.invalid/javascripts/search-worker.js") {
  const imported = []
  const listeners = []
  const context = {
    URL, location: new URL(href),
    importScripts: url => imported.push(url),
    addEventListener: (type, fn) => listeners.push([type, fn]),
  }
  context.self = context
  vm.createContext(context)
  vm.runInContext(source, context)
  return { search: context.pbSearch, imported, listeners, context }
}

const { search } = load()
const plain = value => JSON.parse(JSON.stringify(value))  // objects of the worker's own context
const SEPARATOR = /[\s\-]+/
const DOCS = [
  { location: "tools/delegation/", title: "Delegation calculator", text: "<p>Delegate, outsource or drop.</p>" },
  { location: "worksheets/delegation-audit/", title: "Delegation audit", text: "Who should the owner delegate to?" },
  { location: "roles/growth-leader/", title: "Growth Leader", text: "Leads the team &amp; the leaders." },
  { location: "roles/sales-manager/", title: "Sales Manager", text: "Runs the sales process." },
]
const VOCAB = search.vocabulary(DOCS, SEPARATOR)
const stem = word => word.replace(/(ation|ate|ing|er|s)$/, "")

test("words: tags, entities and punctuation at the ends are dropped", () => {
  assert.deepEqual(plain(search.words("<p>Delegate, outsource &amp; (drop).</p>", SEPARATOR)), ["delegate", "outsource", "drop"])
  assert.deepEqual(plain(search.words("owner's one-man band", SEPARATOR)), ["owner's", "one", "man", "band"])
})

test("the vocabulary is sorted and counted", () => {
  assert.ok(VOCAB.list.includes("delegation"))
  assert.equal(VOCAB.count.get("delegation"), 2)
  assert.deepEqual([...VOCAB.list], [...VOCAB.list].sort())
  assert.ok(search.beginsSomeWord(VOCAB.list, "deleg"))
  assert.ok(!search.beginsSomeWord(VOCAB.list, "delgate"))
})

test("edit distance counts a swap of neighbours as one edit and stops past the limit", () => {
  assert.equal(search.editDistance("delgate", "delegate", 2), 1)
  assert.equal(search.editDistance("laeder", "leader", 2), 1)
  assert.equal(search.editDistance("manager", "manger", 2), 1)
  assert.equal(search.editDistance("sales", "growth", 2), 3)
  assert.equal(search.editDistance("abc", "abcdefgh", 2), 3)
})

test("short words are never corrected; longer ones may be two edits away", () => {
  assert.equal(search.allowedEdits(3), 0)
  assert.equal(search.allowedEdits(5), 1)
  assert.equal(search.allowedEdits(8), 2)
  assert.deepEqual(plain(search.closestWords("delgate", VOCAB)), ["delegate"])
  assert.deepEqual(plain(search.closestWords("xyz", VOCAB)), [])
})

test("a misspelt word becomes the closest word and its stem; the rest is left alone", () => {
  assert.equal(search.correctQuery("delgate", VOCAB, stem), "delegate deleg")
  assert.equal(search.correctQuery("growth leadr", VOCAB, stem), "growth leader lead leads")  // two words one edit away
  assert.equal(search.correctQuery("Growth  Manger", VOCAB, stem), "Growth  manager manag")
  assert.equal(search.correctQuery("+delgate -sales", VOCAB, stem), "+deleg -sales")
  assert.equal(search.correctQuery("deleg", VOCAB, stem), "deleg")  // a prefix of a word: kept
  assert.equal(search.correctQuery("delgate~1 title:leadr dele*", VOCAB, stem), "delgate~1 title:leadr dele*")
  assert.equal(search.correctQuery('"delgate audit"', VOCAB, stem), '"delgate audit"')
  assert.equal(search.correctQuery("qqqqqq", VOCAB, stem), "qqqqqq")  // nothing close: as typed
  assert.equal(search.correctQuery("delgate", VOCAB), "delegate")       // without a stemmer
})

test("the worker reads the vocabulary from the set-up message and rewrites queries only", () => {
  const { search: worker } = load()
  const setup = { type: 0, data: { config: { separator: "[\\s\\-]+" }, docs: DOCS } }
  assert.equal(worker.rewrite(setup), setup)
  assert.deepEqual(plain(worker.rewrite({ type: 2, data: "delgate" })), { type: 2, data: "delegate" })
  const other = { type: 3, data: "delgate" }
  assert.equal(worker.rewrite(other), other)
})

test("Material's worker is loaded from the same site, and only a worker file name is accepted", () => {
  const good = load("http://site.invalid/sub/javascripts/search-worker.js?material=search.a7633da7.min.js")
  assert.deepEqual(plain(good.imported), ["http://site.invalid/sub/assets/javascripts/workers/search.a7633da7.min.js"])
  for (const bad of ["https://elsewhere.invalid/x.js", "../../evil.js", "search.js"]) {
    const loaded = load(`http://site.invalid/javascripts/search-worker.js?material=${encodeURIComponent(bad)}`)
    assert.deepEqual(loaded.imported, [])
  }
})

test("Material's message listener receives the rewritten query", () => {
  const loaded = load("http://site.invalid/javascripts/search-worker.js?material=search.0123abcd.min.js")
  // the import above was a stub: register a listener as Material's worker would, through
  // the wrapper that was in place while it ran
  const received = []
  loaded.context.importScripts = () => loaded.context.addEventListener("message", ev => received.push(ev.data))
  vm.runInContext(source, loaded.context)
  const [, wrapped] = loaded.listeners.find(([type], i) => type === "message" && i === loaded.listeners.length - 1)
  wrapped({ data: { type: 0, data: { config: { separator: "[\\s\\-]+" }, docs: DOCS } } })
  wrapped({ data: { type: 2, data: "delgate" } })
  assert.equal(received[1].data, "delegate")  // no lunr in this context: the word, not its stem
})
