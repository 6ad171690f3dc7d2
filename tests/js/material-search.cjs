// Runs Material for MkDocs' own search worker (the file the built site ships) in Node, so
// that tests can ask the real search engine what a visitor would see, without a browser.
//
//   node tests/js/material-search.cjs SITE_DIR < queries.json   ->  JSON results on stdout
//
// queries.json is a list of query strings; the answer lists, for each query, the result
// groups in the order the search box shows them: [{location, title}] (the page first).
// The worker is loaded as the site loads it: through the worker named in the page's
// __config (our search-worker.js, which itself imports Material's worker).
"use strict"
const fs = require("node:fs")
const path = require("node:path")
const vm = require("node:vm")

function loadWorker(site) {
  const home = fs.readFileSync(path.join(site, "index.html"), "utf8")
  const config = JSON.parse(/<script id="__config" type="application\/json">([\s\S]*?)<\/script>/.exec(home)[1])
  const base = new URL("http://site.invalid/")
  const workerUrl = new URL(config.search, base)
  const listeners = []
  const replies = []
  const context = {
    console, URL, Promise, setTimeout, clearTimeout,
    location: workerUrl,
    addEventListener: (type, fn) => { if (type === "message") listeners.push(fn) },
    postMessage: message => replies.push(message),
    importScripts: (...urls) => {
      for (const url of urls) run(new URL(url, context.location))
    },
  }
  context.self = context
  vm.createContext(context)
  function run(url) {
    const file = path.join(site, decodeURIComponent(url.pathname))
    vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file })
  }
  run(workerUrl)
  async function send(message) {
    replies.length = 0
    for (const fn of listeners) await fn({ data: message })
    // the worker answers asynchronously: wait until it has posted
    for (let i = 0; i < 200 && !replies.length; i++) await new Promise(r => setTimeout(r, 5))
    return replies[replies.length - 1]
  }
  return send
}

async function main() {
  const site = process.argv[2]
  const queries = JSON.parse(fs.readFileSync(0, "utf8"))
  const send = loadWorker(site)
  const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"))
  await send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } })
  const answers = {}
  for (const query of queries) {
    const reply = await send({ type: 2, data: query })
    answers[query] = reply.data.items.map(group => group.map(item => ({
      location: item.location, title: item.title.replace(/<[^>]+>/g, ""), score: item.score,
    })))
  }
  process.stdout.write(JSON.stringify(answers))
}

main().catch(error => { console.error(error); process.exit(1) })
