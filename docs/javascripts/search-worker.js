/* Role-Design Playbook: site search that forgives a typo.
 *
 * Material for MkDocs 9 runs its search (lunr) in a web worker and has no setting for
 * rewriting the query (custom query transforms were removed in 9.0). The theme override
 * (docs/overrides/main.html) therefore points the page's search worker at this file, which
 * loads Material's own worker unchanged (its file name arrives as ?material=...) and
 * rewrites only the query messages on their way in:
 *
 *   - a word that begins no word of the site (e.g. "delgate") is replaced by the closest
 *     words of the site's own vocabulary, one edit away for words of 4 to 6 letters and
 *     two for longer ones ("delegate"), each followed by its stem ("deleg"): with Material's
 *     usual trailing wildcard, pages with the word itself come first, and "delegated" and
 *     "delegation" are found too;
 *   - everything else (known words, prefixes, "quoted parts", +required, -excluded,
 *     field:, ~fuzzy, ^boost and * wildcards) passes through untouched.
 *
 * A classic worker script (Material starts its worker that way, and importScripts only
 * exists there), not a module. The pure functions are exposed as self.pbSearch for the
 * unit tests (tests/js/search-worker.test.mjs). Nothing is fetched but Material's worker,
 * from this site. */
(function (scope) {
  "use strict";

  var SETUP = 0;   // Material's message types (SearchMessageType)
  var QUERY = 2;

  // ---------- pure functions ----------

  /** The words of one text: tags and entities dropped, split like the index, lowercased,
   *  stripped of punctuation at either end. */
  function words(text, separator) {
    var plain = String(text || "").replace(/<[^>]*>/g, " ").replace(/&[a-z]+;|&#\d+;/gi, " ");
    var out = [];
    plain.split(separator).forEach(function (part) {
      var word = part.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      if (word.length > 1) out.push(word);
    });
    return out;
  }

  /** Every word of the search index's titles and texts, with how often it occurs:
   *  {list: sorted words, count: Map word -> occurrences}. */
  function vocabulary(docs, separator) {
    var count = new Map();
    (docs || []).forEach(function (doc) {
      words(doc.title, separator).concat(words(doc.text, separator)).forEach(function (word) {
        count.set(word, (count.get(word) || 0) + 1);
      });
    });
    return { list: Array.from(count.keys()).sort(), count: count };
  }

  /** True when some word of the (sorted) list begins with prefix. */
  function beginsSomeWord(list, prefix) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo < list.length && list[lo].slice(0, prefix.length) === prefix;
  }

  /** Edits (insert, delete, substitute, swap two neighbours) from a to b; any number above
   *  max is returned as max + 1. */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, previous = [], current = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      current = [i];
      var best = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var value = Math.min(previous[k] + 1, current[k - 1] + 1, previous[k - 1] + cost);
        if (before && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1])
          value = Math.min(value, before[k - 2] + 1);
        current.push(value);
        if (value < best) best = value;
      }
      if (best > max) return max + 1;
      before = previous;
      previous = current;
    }
    return Math.min(previous[b.length], max + 1);
  }

  /** How many edits a typed word of this length may be away from the word meant. */
  function allowedEdits(length) {
    return length < 4 ? 0 : length < 7 ? 1 : 2;
  }

  /** The words of the vocabulary closest to a word that is not in it (at most `limit`,
   *  fewest edits first, then the most frequent); [] when none is close enough. */
  function closestWords(word, vocab, limit) {
    var max = allowedEdits(word.length);
    if (!max) return [];
    var found = [];
    vocab.list.forEach(function (candidate) {
      var distance = editDistance(word, candidate, max);
      if (distance <= max) found.push({ word: candidate, distance: distance, count: vocab.count.get(candidate) });
    });
    found.sort(function (x, y) {
      return x.distance - y.distance || y.count - x.count || (x.word < y.word ? -1 : 1);
    });
    var best = found.length ? found[0].distance : 0;
    return found.filter(function (f) { return f.distance === best; })
      .slice(0, limit || 3).map(function (f) { return f.word; });
  }

  /** The query with each misspelt plain word replaced by its closest words and their stems.
   *  stem: word -> stem (lunr's English stemmer in the worker; identity if absent). */
  function correctQuery(query, vocab, stem) {
    stem = stem || function (word) { return word; };
    if (/"/.test(query)) return query;  // quoted parts are the visitor's exact wording
    return String(query).split(/(\s+)/).map(function (part) {
      var match = /^([+-]?)([\p{L}\p{N}']+)$/u.exec(part);
      if (!match) return part;
      var word = match[2].toLowerCase().replace(/^'+|'+$/g, "");
      if (!word || beginsSomeWord(vocab.list, word)) return part;
      var closest = closestWords(word, vocab, match[1] ? 1 : 3);
      if (!closest.length) return part;
      var terms = [];
      closest.forEach(function (c) {
        [c, stem(c)].forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
      });
      if (match[1]) terms = terms.slice(-1);  // +word or -word: one term, the stem
      return terms.map(function (t) { return match[1] + t; }).join(" ");
    }).join("");
  }

  // ---------- the worker ----------

  var state = { vocab: { list: [], count: new Map() } };

  function lunrStem(word) {
    var lunr = scope.lunr;
    if (!lunr || !lunr.stemmer || !lunr.Token) return word;
    var stem = String(lunr.stemmer(new lunr.Token(word, {})));
    return stem.length >= 3 ? stem : word;
  }

  /** A message from the page, as Material's worker should see it. */
  function rewrite(message) {
    if (!message) return message;
    if (message.type === SETUP && message.data && message.data.config) {
      var separator = new RegExp(message.data.config.separator || "[\\s\\-]+");
      state.vocab = vocabulary(message.data.docs, separator);
    } else if (message.type === QUERY && typeof message.data === "string") {
      return { type: QUERY, data: correctQuery(message.data, state.vocab, lunrStem) };
    }
    return message;
  }

  scope.pbSearch = {
    words: words, vocabulary: vocabulary, beginsSomeWord: beginsSomeWord, editDistance: editDistance,
    allowedEdits: allowedEdits, closestWords: closestWords, correctQuery: correctQuery, rewrite: rewrite,
  };

  // Material's worker file, named by the page (e.g. ?material=search.a7633da7.min.js); it
  // lives in assets/javascripts/workers/ of the same site.
  var name = new URL(scope.location.href).searchParams.get("material");
  if (!name || !/^search\.[0-9a-f]+\.min\.js$/.test(name)) return;  // loaded by the unit tests

  // Material registers its message listener while its script runs: hand it each message
  // after the rewrite above. (Its reply goes straight back to the page.)
  var nativeAdd = scope.addEventListener.bind(scope);
  scope.addEventListener = function (type, listener, options) {
    if (type !== "message") return nativeAdd(type, listener, options);
    return nativeAdd("message", function (event) { return listener({ data: rewrite(event.data) }); }, options);
  };
  try {
    scope.importScripts(new URL("../assets/javascripts/workers/" + name, scope.location.href).href);
  } finally {
    scope.addEventListener = nativeAdd;
  }
})(self);
