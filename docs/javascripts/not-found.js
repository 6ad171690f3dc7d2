/* Role-Design Playbook: the "page not found" page suggests the pages closest to the address
 * that was asked for, from the site's own search index (search/search_index.json), and
 * fills the page's search box with the words of that address.
 *
 * Loaded only by the 404 page (docs/overrides/404.html), as a module. The pure functions
 * are exported for the unit tests (tests/js/not-found.test.mjs); nothing leaves the site. */

const IGNORED = new Set(["index", "html", "htm", "md", "php", "aspx", "www"]);

/** The words of an address or a title: lowercased, split at slashes, dashes, underscores,
 *  dots and other punctuation, without file endings such as "index.html". */
export function wordsOf(text) {
  let value = String(text || "");
  try {
    value = decodeURIComponent(value);
  } catch {
    // keep the address as typed
  }
  return value.split(/[?#]/)[0].toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(word => word && !IGNORED.has(word));
}

/** The pages of a search index ({docs: [{location, title}]}), one entry per page: the
 *  sections (locations with a #) are left out. */
export function pagesOf(index) {
  const seen = new Set();
  const pages = [];
  for (const doc of (index && index.docs) || []) {
    if (doc.location.includes("#") || seen.has(doc.location)) continue;
    seen.add(doc.location);
    pages.push({ location: doc.location, title: String(doc.title).replace(/<[^>]*>/g, "") });
  }
  return pages;
}

/** Edits (insert, delete, substitute) from a to b. */
export function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length];
}

/** How alike two words are, from 0 to 1: 1 for the same word, close to 1 for a typo or
 *  for one word beginning the other ("role", "roles"). */
export function likeness(a, b) {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  let score = 1 - editDistance(a, b) / longest;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) score = Math.max(score, 0.75 + 0.25 * short.length / long.length);
  return score;
}

/** The pages closest to a missing address, best first: [{location, title, score}].
 *  Each word of the address is matched to its most alike word of the page's address or
 *  title; the page's score is the mean of those, less a little for each word of the page's
 *  address that the missing one does not have, so the shorter match wins a tie. */
export function closestPages(path, pages, limit = 5, threshold = 0.6) {
  const asked = wordsOf(path);
  if (!asked.length) return [];
  const scored = [];
  for (const page of pages) {
    const own = wordsOf(page.location);
    const known = new Set([...own, ...wordsOf(page.title)]);
    if (!known.size) continue;
    let total = 0;
    for (const word of asked) {
      let best = 0;
      for (const candidate of known) best = Math.max(best, likeness(word, candidate));
      total += best;
    }
    const unmatched = own.filter(word => !asked.some(a => likeness(a, word) >= 0.75)).length;
    const score = total / asked.length - 0.03 * unmatched;
    if (score >= threshold) scored.push({ ...page, score });
  }
  scored.sort((x, y) => y.score - x.score || x.location.length - y.location.length
    || (x.location < y.location ? -1 : 1));
  return scored.slice(0, limit);
}

// ---------- the page ----------

function siteBase() {
  const config = document.getElementById("__config");
  let base = "/";
  try {
    base = JSON.parse(config.textContent).base || "/";
  } catch {
    // the theme's configuration is missing: assume the site is at the root
  }
  return new URL(base.endsWith("/") ? base : `${base}/`, location.href);
}

async function start() {
  const box = document.querySelector("[data-pb-not-found]");
  if (!box || box.dataset.pbDone) return;
  box.dataset.pbDone = "1";
  const base = siteBase();
  const input = document.getElementById("pb-not-found-query");
  const missing = location.pathname.startsWith(base.pathname)
    ? location.pathname.slice(base.pathname.length) : location.pathname;
  if (missing === "404.html") return;  // the page itself, opened by its own name: nothing was missed
  if (input && !input.value) input.value = wordsOf(missing).join(" ");
  let index;
  try {
    const response = await fetch(new URL("search/search_index.json", base));
    if (!response.ok) return;
    index = await response.json();
  } catch {
    return;  // no suggestions, the search box and the sections remain
  }
  const found = closestPages(missing, pagesOf(index));
  if (!found.length) return;
  const list = box.querySelector("ul");
  for (const page of found) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = new URL(page.location, base).href;
    link.textContent = page.title || page.location;
    item.append(link, ` (/${page.location})`);
    list.append(item);
  }
  box.hidden = false;
}

if (typeof document !== "undefined") {
  if (typeof window.document$ !== "undefined") window.document$.subscribe(() => start());
  else start();
}
