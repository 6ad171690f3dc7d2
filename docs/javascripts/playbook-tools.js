/* Role-Design Playbook: sortable comparison tables and the interactive tools.
 * Data comes from the page's JSON island (#pb-data, a hidden element's data-json
 * attribute), rendered from the playbook YAML.
 * State lives in the address (#s=...) and in localStorage; nothing is sent anywhere.
 * Runs on every page load, including Material's instant navigation (document$). */
(function () {
  "use strict";

  var STORE = "pb-tool:";
  var FORMAT = 1;

  // ---------- small helpers ----------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  var uid = 0;
  function nextId(prefix) { uid += 1; return prefix + "-" + uid; }

  function byId(list, id) { for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i]; return null; }

  function readIsland() {
    var node = document.getElementById("pb-data");
    return node ? JSON.parse(node.getAttribute("data-json")) : null;
  }

  function signed(n) { return n > 0 ? "+" + n : n < 0 ? "\u2212" + (-n) : "0"; }

  function track(position, scale) {
    var out = "";
    for (var p = scale.min; p <= scale.max; p++) out += p === position ? "\u25cf" : p === 0 ? "\u2502" : "\u00b7";
    return out + " " + signed(position);
  }

  function money(n) { return n.toLocaleString("en", { maximumFractionDigits: 0 }); }
  function hours(n) { return n.toLocaleString("en", { maximumFractionDigits: 1 }); }

  // ---------- state: the address, localStorage, JSON files ----------

  function stateFromHash() {
    var match = /^#s=(.*)$/.exec(location.hash);
    if (!match) return null;
    try { return JSON.parse(decodeURIComponent(match[1])); } catch (e) { return null; }
  }

  function saveState(tool, state) {
    var hash = "#s=" + encodeURIComponent(JSON.stringify(state));
    history.replaceState(history.state, "", location.pathname + location.search + hash);
    try { localStorage.setItem(STORE + tool, JSON.stringify(state)); } catch (e) { /* private mode: the address still holds it */ }
  }

  function storedState(tool) {
    try { return JSON.parse(localStorage.getItem(STORE + tool) || "null"); } catch (e) { return null; }
  }

  /* The first valid state of: the address, this browser's last state, the default. */
  function initialState(tool, validate, fallback) {
    var candidates = [stateFromHash(), storedState(tool)];
    for (var i = 0; i < candidates.length; i++) {
      var checked = candidates[i] === null ? null : validate(candidates[i]);
      if (checked) return checked;
    }
    return fallback();
  }

  function fileBar(tool, title, getState, validate, apply) {
    var status = el("p", { class: "pb-status", role: "status" });
    var input = el("input", { type: "file", accept: "application/json,.json", id: nextId("import"), class: "pb-file" });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var parsed;
        try { parsed = JSON.parse(text); } catch (e) {
          status.textContent = "That file is not JSON, so nothing was imported.";
          status.className = "pb-status pb-error";
          return;
        }
        var state = parsed && parsed.tool === tool && parsed.format === FORMAT ? validate(parsed.state) : null;
        if (!state) {
          status.textContent = "That file is not a " + title + " export, so nothing was imported.";
          status.className = "pb-status pb-error";
          return;
        }
        apply(state);
        status.textContent = "Imported " + file.name + ".";
        status.className = "pb-status";
      }).finally(function () { input.value = ""; });
    });
    var exportButton = el("button", { type: "button", class: "md-button", onclick: function () {
      var blob = new Blob([JSON.stringify({ tool: tool, format: FORMAT, state: getState() }, null, 2)], { type: "application/json" });
      var link = el("a", { href: URL.createObjectURL(blob), download: "playbook-" + tool + ".json" });
      document.body.appendChild(link);
      link.click();
      link.remove();
      status.textContent = "Exported playbook-" + tool + ".json.";
      status.className = "pb-status";
    } }, "Export JSON");
    var printButton = el("button", { type: "button", class: "md-button", onclick: function () { window.print(); } }, "Print");
    return el("div", { class: "pb-filebar" }, exportButton,
      el("label", { for: input.id, class: "md-button pb-import" }, "Import JSON"), input, printButton, status);
  }

  /* A number typed by a person: the value, or a message saying what is wrong with it. */
  function parseAmount(raw, rule) {
    var text = String(raw === undefined || raw === null ? "" : raw).trim().replace(/,/g, "");
    if (text === "") return rule.optional ? { value: null } : { error: "Enter a number." };
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return { error: "Enter a number, like 4 or 2.5." };
    var value = Number(text);
    if (value < 0) return { error: "Use 0 or more." };
    if (rule.positive && value === 0) return { error: "Use more than 0." };
    if (value > rule.max) return { error: rule.tooBig };
    return { value: value };
  }

  function field(labelText, input, hint) {
    var error = el("span", { class: "pb-field-error", id: input.id + "-error", "aria-live": "polite" });
    input.setAttribute("aria-describedby", error.id);
    return { node: el("div", { class: "pb-field" }, el("label", { for: input.id }, labelText), input, hint ? el("span", { class: "pb-hint" }, hint) : null, error), error: error };
  }

  /* Empty fields are only called out once the person has typed in them or left them. */
  var touched = new WeakSet();
  function watch(input) {
    var mark = function () { touched.add(input); };
    input.addEventListener("input", mark);
    input.addEventListener("blur", function () { if (!touched.has(input)) { touched.add(input); input.dispatchEvent(new Event("input")); } });
    return input;
  }

  function showError(input, errorNode, message, isEmpty) {
    if (isEmpty && !touched.has(input)) message = "";
    errorNode.textContent = message || "";
    if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }

  // ---------- comparison tables: sort and filter ----------

  function enhanceTables(root, data) {
    var ranks = {};
    if (data) data.levels.forEach(function (lv) { ranks[lv.name] = lv.rank; });
    root.querySelectorAll(".pb-compare").forEach(function (box) {
      if (box.dataset.ready) return;
      box.dataset.ready = "1";
      var table = box.querySelector("table");
      if (!table) return;
      var body = table.tBodies[0];
      var filter = el("input", { type: "search", id: nextId("filter"), class: "pb-filter" });
      var count = el("span", { class: "pb-count", "aria-live": "polite" });
      box.insertBefore(el("div", { class: "pb-field pb-filterbar" }, el("label", { for: filter.id }, "Filter rows"), filter, count), box.firstChild);
      function applyFilter() {
        var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
        var shown = 0;
        Array.prototype.forEach.call(body.rows, function (row) {
          var text = row.textContent.toLowerCase();
          var match = words.every(function (w) { return text.indexOf(w) >= 0; });
          row.hidden = !match;
          if (match) shown += 1;
        });
        count.textContent = shown + " of " + body.rows.length + " roles";
      }
      filter.addEventListener("input", applyFilter);
      applyFilter();
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, column) {
        var button = el("button", { type: "button", class: "pb-sort" }, cell.textContent);
        cell.textContent = "";
        cell.appendChild(button);
        cell.setAttribute("aria-sort", "none");
        button.addEventListener("click", function () {
          var ascending = cell.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
          cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) { return compareCells(a.cells[column], b.cells[column], ranks) * (ascending ? 1 : -1); });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }

  function sortKey(cell, ranks) {
    var text = cell.textContent.trim();
    for (var name in ranks) if (text.slice(-name.length) === name) return ranks[name];
    var number = /([+\u2212-]?\d+(\.\d+)?)$/.exec(text);
    if (number) return Number(number[1].replace("\u2212", "-"));
    if (/yes$/.test(text)) return 1;
    if (/no$/.test(text)) return 0;
    return text.toLowerCase();
  }

  function compareCells(a, b, ranks) {
    var x = sortKey(a, ranks), y = sortKey(b, ranks);
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x).localeCompare(String(y));
  }

  // ---------- role gravity: scoring shared with the comparer ----------

  function gravityResult(data, answers) {
    var spectra = {}, face = 0, backbone = 0, answered = 0, accountabilities = [];
    data.statements.forEach(function (s) {
      var rating = answers[s.id];
      if (!rating) return;
      answered += 1;
      if (s.spectrum) {
        var entry = spectra[s.spectrum] || (spectra[s.spectrum] = { left: [], right: [] });
        entry[s.pole].push(rating);
        if (s.pole === "left") face += rating; else backbone += rating;
      } else if (s.accountability) {
        accountabilities.push({ id: s.accountability, rating: rating });
      }
    });
    var positions = {};
    Object.keys(spectra).forEach(function (id) {
      var mean = function (xs) { return xs.length ? xs.reduce(function (a, b) { return a + b; }, 0) / xs.length : 3; };
      var raw = (mean(spectra[id].right) - mean(spectra[id].left)) / 2;  // ratings 1..5 give -2..+2
      positions[id] = Math.max(data.scale.min, Math.min(data.scale.max, Math.round(raw)));
    });
    accountabilities.sort(function (a, b) { return b.rating - a.rating; });
    return { answered: answered, total: data.statements.length, face: face, backbone: backbone,
      positions: positions, accountabilities: accountabilities };
  }

  function nearestRoles(data, positions, howMany) {
    var ids = Object.keys(positions);
    if (!ids.length) return [];
    return data.roles.map(function (role) {
      var distance = ids.reduce(function (sum, id) { return sum + Math.abs(role.positions[id] - positions[id]); }, 0);
      return { role: role, distance: distance };
    }).sort(function (a, b) { return a.distance - b.distance || a.role.name.localeCompare(b.role.name); }).slice(0, howMany);
  }

  function validGravity(data) {
    return function (state) {
      if (!state || typeof state !== "object" || !state.answers || typeof state.answers !== "object") return null;
      var answers = {};
      data.statements.forEach(function (s) {
        var v = state.answers[s.id];
        if (v === 1 || v === 2 || v === 3 || v === 4 || v === 5) answers[s.id] = v;
      });
      return { answers: answers };
    };
  }

  function gravityTool(root, data) {
    var validate = validGravity(data);
    var state = initialState("gravity", validate, function () { return { answers: {} }; });
    var form = el("form", { class: "pb-form", onsubmit: function (e) { e.preventDefault(); } });
    var result = el("div", { class: "pb-result", "aria-live": "polite" });
    var sections = {};
    data.statements.forEach(function (s) {
      if (!sections[s.section]) {
        sections[s.section] = el("fieldset", { class: "pb-section" }, el("legend", { text: s.section }));
        form.appendChild(sections[s.section]);
      }
      var group = el("fieldset", { class: "pb-rating", "data-statement": s.id }, el("legend", { text: s.label }));
      var scale = el("div", { class: "pb-scale" });
      [1, 2, 3, 4, 5].forEach(function (n) {
        var id = nextId("rate");
        var radio = el("input", { type: "radio", name: "rate-" + s.id, value: String(n), id: id });
        radio.addEventListener("change", function () { state.answers[s.id] = n; update(); });
        scale.appendChild(el("span", { class: "pb-choice" }, radio,
          el("label", { for: id }, n === 1 ? "1 not me" : n === 5 ? "5 that is me" : String(n))));
      });
      group.appendChild(scale);
      sections[s.section].appendChild(group);
    });
    var clear = el("button", { type: "button", class: "md-button", onclick: function () { apply({ answers: {} }); } }, "Clear answers");

    function apply(next) { state = next; render(); update(); }
    function render() {
      form.querySelectorAll("input[type=radio]").forEach(function (radio) {
        var id = radio.name.slice(5);
        radio.checked = state.answers[id] === Number(radio.value);
      });
    }
    function update() {
      saveState("gravity", state);
      var r = gravityResult(data, state.answers);
      result.textContent = "";
      result.appendChild(el("h2", { text: "Your result" }));
      if (r.answered < r.total) {
        result.appendChild(el("p", { class: "pb-note", text: "Answered " + r.answered + " of " + r.total + " statements. The result uses the ones answered so far." }));
      }
      if (!r.answered) { result.appendChild(el("p", { text: "Rate a statement to see where you lean." })); return; }
      var lean = r.face > r.backbone ? "the face of the company (Order Acquisition)" :
        r.backbone > r.face ? "the backbone of the company (Order Fulfillment)" : "both sides equally";
      result.appendChild(el("p", { class: "pb-lean" }, "You lean toward ", el("strong", { text: lean }),
        ". Face statements: " + r.face + ", backbone statements: " + r.backbone + "."));
      var list = el("ul");
      data.spectra.forEach(function (s) {
        if (r.positions[s.id] === undefined) return;
        list.appendChild(el("li", {}, el("a", { href: s.url, text: s.name }), ": " + track(r.positions[s.id], data.scale) + " (" + s.left + " to " + s.right + ")"));
      });
      result.appendChild(list);
      var near = nearestRoles(data, r.positions, 3);
      result.appendChild(el("p", { text: "The roles that sit closest to you on these spectra:" }));
      var roles = el("ul");
      near.forEach(function (n) { roles.appendChild(el("li", {}, el("a", { href: n.role.url, text: n.role.name }), ": " + n.role.summary)); });
      result.appendChild(roles);
      if (r.accountabilities.length) {
        var top = r.accountabilities[0];
        var acc = byId(data.accountabilities, top.id);
        var holders = data.roles.filter(function (role) {
          var level = byId(data.levels, role.levels[top.id]);
          return level && level.rank >= byId(data.levels, "leads").rank;
        });
        var p = el("p", {}, "The customer work you rated highest is ", el("a", { href: acc.url, text: acc.name }), ". Roles that lead or own it: ");
        holders.forEach(function (role, i) { p.appendChild(el("a", { href: role.url, text: role.name })); if (i < holders.length - 1) p.appendChild(document.createTextNode(", ")); });
        p.appendChild(document.createTextNode("."));
        result.appendChild(p);
      }
      var next = el("p", {}, "Next: ");
      ["role-gravity", "partner-fit", "delegation-audit"].forEach(function (id, i) {
        var w = byId(data.worksheets, id);
        if (!w) return;
        if (i) next.appendChild(document.createTextNode(", "));
        next.appendChild(el("a", { href: w.url, text: w.name }));
      });
      result.appendChild(next);
      result.appendChild(el("p", {}, "Compare yourself with a role in the ", el("a", { href: "../comparer/", text: "role comparer" }), "."));
    }
    root.appendChild(fileBar("gravity", "role gravity", function () { return state; }, validate, apply));
    root.appendChild(form);
    root.appendChild(clear);
    root.appendChild(result);
    render();
    update();
  }

  // ---------- role comparer ----------

  function comparerTool(root, data) {
    function validate(state) {
      if (!state || !Array.isArray(state.roles)) return null;
      var roles = state.roles.filter(function (id, i) { return typeof id === "string" && byId(data.roles, id) && state.roles.indexOf(id) === i; });
      return { roles: roles.slice(0, 4), me: state.me === true };
    }
    var state = initialState("comparer", validate, function () { return { roles: data.roles.slice(0, 2).map(function (r) { return r.id; }), me: false }; });
    var picker = el("fieldset", { class: "pb-section" }, el("legend", { text: "Roles to compare (two to four)" }));
    var message = el("p", { class: "pb-field-error", id: nextId("pick-error"), "aria-live": "polite" });
    picker.setAttribute("aria-describedby", message.id);
    var boxes = {};
    data.roles.forEach(function (role) {
      var id = nextId("role");
      boxes[role.id] = el("input", { type: "checkbox", id: id, value: role.id });
      boxes[role.id].addEventListener("change", function () {
        // columns follow the order in which roles were picked
        state.roles = state.roles.filter(function (rid) { return rid !== role.id; });
        if (boxes[role.id].checked) state.roles.push(role.id);
        update();
      });
      picker.appendChild(el("span", { class: "pb-choice" }, boxes[role.id], el("label", { for: id, text: role.name })));
    });
    var meId = nextId("me");
    var me = el("input", { type: "checkbox", id: meId });
    me.addEventListener("change", function () { state.me = me.checked; update(); });
    var meNote = el("span", { class: "pb-hint" });
    picker.appendChild(el("div", { class: "pb-me" }, el("span", { class: "pb-choice" }, me, el("label", { for: meId, text: "Include me, from my role gravity answers" })), meNote));
    var output = el("div", { class: "pb-result" });

    function apply(next) { state = next; update(); }
    function update() {
      Object.keys(boxes).forEach(function (id) { boxes[id].checked = state.roles.indexOf(id) >= 0; });
      me.checked = state.me;
      var gravity = storedState("gravity");
      var mine = gravity && validGravity(data)(gravity) ? gravityResult(data, validGravity(data)(gravity).answers) : null;
      meNote.textContent = mine && mine.answered ? "" : " (fill in the role gravity self-assessment first)";
      var columns = state.roles.length + (state.me && mine && mine.answered ? 1 : 0);
      var problem = state.roles.length > 4 ? "Pick at most four roles." : columns < 2 ? "Pick at least two roles, or one role and yourself." : "";
      message.textContent = problem;
      saveState("comparer", state);
      output.textContent = "";
      if (problem) { drawProfile(data, []); return; }
      var picked = state.roles.map(function (id) { return byId(data.roles, id); });
      var heads = picked.map(function (r) { return el("th", { scope: "col" }, el("a", { href: r.url, text: r.name })); });
      if (columns > picked.length) heads.push(el("th", { scope: "col", text: "You" }));
      var table = el("table");
      var headRow = el("tr", {}, el("th", { scope: "col", text: "" }));
      heads.forEach(function (h) { headRow.appendChild(h); });
      headRow.appendChild(el("th", { scope: "col", text: "Differs?" }));
      table.appendChild(el("thead", {}, headRow));
      var body = el("tbody");
      function row(label, values) {
        var differs = values.filter(function (v) { return v !== null; }).some(function (v, i, all) { return v !== all[0]; });
        var tr = el("tr", { class: differs ? "pb-diff" : "" }, el("th", { scope: "row" }, label));
        values.forEach(function (v) { tr.appendChild(el("td", { text: v === null ? "\u2014" : v })); });
        tr.appendChild(el("td", { text: differs ? "\u2260 differs" : "same" }));
        body.appendChild(tr);
      }
      var withMe = columns > picked.length;
      row("Macro-role", picked.map(function (r) { return r.macro_role.replace("-", " "); }).concat(withMe ? [null] : []));
      data.accountabilities.forEach(function (a) {
        row(a.name, picked.map(function (r) { var lv = byId(data.levels, r.levels[a.id]); return lv.symbol + " " + lv.name; }).concat(withMe ? [null] : []));
      });
      data.spectra.forEach(function (s) {
        var label = el("span", {}, el("a", { href: s.url, text: s.name }), " (" + s.left + " to " + s.right + ")");
        var mineValue = withMe && mine.positions[s.id] !== undefined ? track(mine.positions[s.id], data.scale) : null;
        row(label, picked.map(function (r) { return track(r.positions[s.id], data.scale); }).concat(withMe ? [mineValue] : []));
      });
      data.stages.forEach(function (st) {
        row(st.name, picked.map(function (r) { return r.stages.indexOf(st.id) >= 0 ? "\u2713 yes" : "\u00b7 no"; }).concat(withMe ? [null] : []));
      });
      table.appendChild(body);
      output.appendChild(el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table)));
      var series = picked.map(function (r) { return { name: r.name, id: r.id, positions: r.positions }; });
      if (withMe) series.push({ name: "You", id: "you", positions: mine.positions });
      drawProfile(data, series);
    }
    root.appendChild(fileBar("comparer", "role comparer", function () { return state; }, validate, apply));
    root.appendChild(picker);
    root.appendChild(message);
    root.appendChild(output);
    update();
  }

  /* Overlay the picked roles on the trait profile drawn at build time (same geometry). */
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function svgMarker(shape, x, y, r, cls) {
    if (shape === "circle") return svgEl("circle", { cx: x, cy: y, r: r, class: cls });
    if (shape === "square") return svgEl("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, class: cls });
    var pts = shape === "diamond" ? [[x, y - r * 1.3], [x + r * 1.3, y], [x, y + r * 1.3], [x - r * 1.3, y]]
      : [[x, y - r * 1.3], [x + r * 1.2, y + r], [x - r * 1.2, y + r]];
    return svgEl("polygon", { points: pts.map(function (p) { return p.join(","); }).join(" "), class: cls });
  }
  function drawProfile(data, series) {
    var svg = document.querySelector(".pb-svg-profile");
    if (!svg || !data.profile) return;
    var old = svg.querySelector(".pb-svg-dyn");
    if (old) old.remove();
    var group = svgEl("g", { class: "pb-svg-dyn" });
    series.forEach(function (s, k) {
      var shape = data.profile.shapes[k % data.profile.shapes.length], cls = "pb-svg-role pb-svg-series-" + k;
      group.appendChild(svgMarker(shape, 16 + k * 150, 14, 6, cls));
      var label = svgEl("text", { x: 28 + k * 150, y: 18, class: "pb-svg-label", "text-anchor": "start" });
      label.textContent = s.name;
      group.appendChild(label);
      Object.keys(data.profile.y).forEach(function (spectrum) {
        var position = s.positions[spectrum];
        if (position === undefined) return;
        var offset = (k - (series.length - 1) / 2) * 5;
        var mark = svgMarker(shape, data.profile.x[String(position)], data.profile.y[spectrum] + offset, 6, cls);
        mark.setAttribute("data-role", s.id);
        mark.setAttribute("data-spectrum", spectrum);
        mark.setAttribute("data-position", String(position));
        group.appendChild(mark);
      });
    });
    svg.appendChild(group);
    var title = svg.querySelector("title");
    if (title) title.textContent = "Trait profile: " + series.map(function (s) { return s.name; }).join(" and ");
  }

  // ---------- delegation calculator ----------

  var HOURS = { max: 168, tooBig: "A week has 168 hours; use a smaller number." };
  var RATE = { max: 1000000, positive: true, tooBig: "That is more than 1,000,000 an hour; check the number." };
  var COST = { max: 1000000, optional: true, tooBig: "That is more than 1,000,000 an hour; check the number." };

  function suggest(task, rate) {
    if (!task.needed) return { action: "drop", why: "Not needed: stop doing it." };
    var cheaper = task.cost !== null && task.cost < rate;
    if (task.money && !cheaper) return { action: "keep", why: "It makes money and nobody cheaper can do it." };
    if (task.money) return { action: "delegate", why: "It makes money, and a colleague can do it for less than your hour." };
    if (cheaper) return { action: "outsource", why: "It earns nothing and can be bought for less than your hour." };
    return { action: "keep", why: "It earns nothing but cannot be bought for less: review it." };
  }

  function validDelegation(state) {
    if (!state || typeof state !== "object" || !Array.isArray(state.tasks) || state.tasks.length > 60) return null;
    var text = function (v) { return typeof v === "string" || typeof v === "number" ? String(v).slice(0, 200) : ""; };
    return {
      rate: text(state.rate),
      tasks: state.tasks.filter(function (t) { return t && typeof t === "object"; }).map(function (t) {
        return { name: text(t.name), hours: text(t.hours), money: t.money === true, cost: text(t.cost), needed: t.needed !== false };
      }),
    };
  }

  function delegationTool(root) {
    var state = initialState("delegation", validDelegation, function () {
      return { rate: "", tasks: [{ name: "", hours: "", money: false, cost: "", needed: true }] };
    });
    var rateInput = watch(el("input", { type: "text", inputmode: "decimal", id: nextId("rate"), autocomplete: "off" }));
    var rateField = field("What an hour of your time is worth", rateInput, "in your currency, e.g. 120");
    rateInput.addEventListener("input", function () { state.rate = rateInput.value; update(); });
    var table = el("table");
    table.appendChild(el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "Task" }), el("th", { scope: "col", text: "Hours a week" }),
      el("th", { scope: "col", text: "Makes money?" }), el("th", { scope: "col", text: "Cost to buy, per hour" }),
      el("th", { scope: "col", text: "Still needed?" }), el("th", { scope: "col", text: "Suggestion" }),
      el("th", { scope: "col", text: "" }))));
    var body = el("tbody");
    table.appendChild(body);
    var add = el("button", { type: "button", class: "md-button", onclick: function () {
      if (state.tasks.length >= 60) return;
      state.tasks.push({ name: "", hours: "", money: false, cost: "", needed: true });
      build(); update();
      var inputs = body.querySelectorAll("tr:last-child input");
      if (inputs.length) inputs[0].focus();
    } }, "Add a task");
    var totals = el("div", { class: "pb-result", "aria-live": "polite" });
    var rows = [];

    function build() {
      body.textContent = "";
      rows = state.tasks.map(function (task, index) {
        var n = index + 1;
        var name = el("input", { type: "text", id: nextId("task"), "aria-label": "Task " + n, value: task.name });
        var hoursInput = watch(el("input", { type: "text", inputmode: "decimal", id: nextId("hours"), "aria-label": "Hours a week for task " + n, value: task.hours }));
        var moneyBox = el("input", { type: "checkbox", id: nextId("money"), "aria-label": "Task " + n + " makes money" });
        moneyBox.checked = task.money;
        var cost = watch(el("input", { type: "text", inputmode: "decimal", id: nextId("cost"), "aria-label": "Cost to buy task " + n + ", per hour", value: task.cost }));
        var needed = el("input", { type: "checkbox", id: nextId("needed"), "aria-label": "Task " + n + " is still needed" });
        needed.checked = task.needed;
        var hoursError = el("span", { class: "pb-field-error", id: hoursInput.id + "-error" });
        var costError = el("span", { class: "pb-field-error", id: cost.id + "-error" });
        hoursInput.setAttribute("aria-describedby", hoursError.id);
        cost.setAttribute("aria-describedby", costError.id);
        var suggestion = el("td", { class: "pb-suggestion" });
        var remove = el("button", { type: "button", class: "pb-remove", "aria-label": "Remove task " + n, onclick: function () {
          state.tasks.splice(index, 1); build(); update(); add.focus();
        } }, "Remove");
        name.addEventListener("input", function () { task.name = name.value; update(); });
        hoursInput.addEventListener("input", function () { task.hours = hoursInput.value; update(); });
        moneyBox.addEventListener("change", function () { task.money = moneyBox.checked; update(); });
        cost.addEventListener("input", function () { task.cost = cost.value; update(); });
        needed.addEventListener("change", function () { task.needed = needed.checked; update(); });
        body.appendChild(el("tr", {}, el("td", {}, name), el("td", {}, hoursInput, hoursError), el("td", {}, moneyBox),
          el("td", {}, cost, costError), el("td", {}, needed), suggestion, el("td", {}, remove)));
        return { hours: hoursInput, hoursError: hoursError, cost: cost, costError: costError, suggestion: suggestion };
      });
    }

    function update() {
      rateInput.value = state.rate;
      saveState("delegation", state);
      var rate = parseAmount(state.rate, RATE);
      showError(rateInput, rateField.error, rate.error, !state.rate.trim());
      var valid = !rate.error, weekHours = 0, weekMoney = 0, totalHours = 0;
      state.tasks.forEach(function (task, i) {
        var h = parseAmount(task.hours, HOURS), c = parseAmount(task.cost, COST);
        showError(rows[i].hours, rows[i].hoursError, h.error, !task.hours.trim());
        showError(rows[i].cost, rows[i].costError, c.error);
        rows[i].suggestion.textContent = "";
        if (h.error || c.error || rate.error) { valid = false; return; }
        totalHours += h.value;
        var s = suggest({ money: task.money, cost: c.value, needed: task.needed }, rate.value);
        rows[i].suggestion.appendChild(el("strong", { text: s.action }));
        rows[i].suggestion.appendChild(document.createTextNode(": " + s.why));
        if (s.action !== "keep") {
          weekHours += h.value;
          weekMoney += h.value * (rate.value - (s.action === "drop" ? 0 : c.value));
        }
      });
      totals.textContent = "";
      totals.appendChild(el("h2", { text: "What you win back" }));
      if (!state.tasks.length) { totals.appendChild(el("p", { text: "Add a task to start." })); return; }
      if (!valid) {
        var blank = !state.rate.trim() || state.tasks.some(function (t) { return !t.hours.trim(); });
        totals.appendChild(el("p", { class: blank ? "pb-note" : "pb-error",
          text: blank ? "Fill in your hourly worth and the hours of each task to see the totals." : "Fix the fields marked above to see the totals." }));
        return;
      }
      if (totalHours > 168) { totals.appendChild(el("p", { class: "pb-error", text: "These tasks add up to " + hours(totalHours) + " hours, more than the 168 hours in a week. Check the hours." })); return; }
      totals.appendChild(el("dl", { class: "pb-totals" },
        el("dt", { text: "Hours recaptured" }), el("dd", { "data-total": "hours-week", text: hours(weekHours) + " a week, " + hours(weekHours * 52) + " a year" }),
        el("dt", { text: "Money recaptured" }), el("dd", { "data-total": "money-week", text: money(weekMoney) + " a week, " + money(weekMoney * 52) + " a year" })));
      totals.appendChild(el("p", { class: "pb-note", text: "A year is counted as 52 weeks. Money is the hours handed off times your hourly worth, less what buying them costs." }));
    }

    function apply(next) { state = next; build(); update(); }
    root.appendChild(fileBar("delegation", "delegation calculator", function () { return state; }, validDelegation, apply));
    root.appendChild(rateField.node);
    root.appendChild(el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table)));
    root.appendChild(add);
    root.appendChild(totals);
    build();
    update();
  }

  // ---------- accountability allocation builder ----------

  function allocationTool(root, data) {
    var levelIds = data.levels.map(function (lv) { return lv.id; });
    var views = [["asis", "As is"], ["tobe", "To be"]];
    function validate(state) {
      if (!state || !Array.isArray(state.rows) || state.rows.length > 30) return null;
      return { rows: state.rows.filter(function (r) { return r && typeof r === "object"; }).map(function (r) {
        var clean = { name: typeof r.name === "string" ? r.name.slice(0, 120) : "" };
        views.forEach(function (v) {
          clean[v[0]] = {};
          data.accountabilities.forEach(function (a) {
            var level = r[v[0]] && r[v[0]][a.id];
            clean[v[0]][a.id] = levelIds.indexOf(level) >= 0 ? level : levelIds[0];
          });
        });
        return clean;
      }) };
    }
    function blankRow(name) {
      var row = { name: name };
      views.forEach(function (v) { row[v[0]] = {}; data.accountabilities.forEach(function (a) { row[v[0]][a.id] = levelIds[0]; }); });
      return row;
    }
    var state = initialState("allocation", validate, function () { return { rows: [blankRow("")] }; });
    var table = el("table");
    var body = el("tbody");
    var head = el("tr", {}, el("th", { scope: "col", text: "Role or person" }));
    data.accountabilities.forEach(function (a) { head.appendChild(el("th", { scope: "col" }, el("a", { href: a.url, text: a.name }))); });
    head.appendChild(el("th", { scope: "col", text: "" }));
    table.appendChild(el("thead", {}, head));
    table.appendChild(body);
    var add = el("button", { type: "button", class: "md-button", onclick: function () {
      if (state.rows.length >= 30) return;
      state.rows.push(blankRow("")); build(); update();
      body.querySelector("tr:last-child input").focus();
    } }, "Add a row");
    var flags = el("div", { class: "pb-result", "aria-live": "polite" });
    var nameInputs = [];

    function build() {
      body.textContent = "";
      nameInputs = state.rows.map(function (row, index) {
        var n = index + 1;
        var name = watch(el("input", { type: "text", id: nextId("who"), "aria-label": "Name of row " + n, value: row.name }));
        var error = el("span", { class: "pb-field-error", id: name.id + "-error" });
        name.setAttribute("aria-describedby", error.id);
        name.addEventListener("input", function () { row.name = name.value; update(); });
        var tr = el("tr", {}, el("td", {}, name, error));
        data.accountabilities.forEach(function (a) {
          var cell = el("td", { class: "pb-levels" });
          views.forEach(function (v) {
            var select = el("select", { id: nextId("lvl"), "data-view": v[0], "data-accountability": a.id });
            data.levels.forEach(function (lv) { select.appendChild(el("option", { value: lv.id, text: lv.symbol + " " + lv.name })); });
            select.value = row[v[0]][a.id];
            select.addEventListener("change", function () { row[v[0]][a.id] = select.value; update(); });
            cell.appendChild(el("span", { class: "pb-level" }, el("label", { for: select.id, class: "pb-view" }, v[1]), select));
            select.setAttribute("aria-label", v[1] + ": " + a.name + " for row " + n);
          });
          tr.appendChild(cell);
        });
        tr.appendChild(el("td", {}, el("button", { type: "button", class: "pb-remove", "aria-label": "Remove row " + n, onclick: function () {
          state.rows.splice(index, 1); build(); update(); add.focus();
        } }, "Remove")));
        body.appendChild(tr);
        return { input: name, error: error };
      });
    }

    function rank(id) { return byId(data.levels, id).rank; }
    function strongest(levels, ids) { return ids.reduce(function (best, id) { return rank(levels[id]) > rank(best) ? levels[id] : best; }, levelIds[0]); }
    function levelName(id) { var lv = byId(data.levels, id); return lv.symbol + " " + lv.name; }

    function findings(view) {
      var out = [];
      state.rows.forEach(function (row) {
        var who = row.name.trim() || "(unnamed row)";
        var levels = row[view];
        data.conflicts.forEach(function (c) {
          var a = strongest(levels, c.first), b = strongest(levels, c.second);
          if (rank(a) >= rank(c.from_level) && rank(b) >= rank(c.from_level)) {
            out.push({ kind: "conflict", text: who + ": " + c.name + " (" + levelName(a) + " and " + levelName(b) + "). " + c.remedy });
          }
        });
        var all = data.accountabilities.every(function (a) { return rank(levels[a.id]) >= rank(data.overload.from_level); });
        if (all) out.push({ kind: "overload", text: who + ": holds all four accountabilities. " + data.overload.why });
      });
      data.accountabilities.forEach(function (a) {
        var covered = state.rows.some(function (row) { return rank(row[view][a.id]) >= rank("leads"); });
        if (!covered) out.push({ kind: "gap", text: "Nobody leads or owns " + a.name + "." });
      });
      return out;
    }

    function update() {
      saveState("allocation", state);
      state.rows.forEach(function (row, i) {
        showError(nameInputs[i].input, nameInputs[i].error, row.name.trim() ? "" : "Give this row a name.", true);
      });
      flags.textContent = "";
      flags.appendChild(el("h2", { text: "Conflicts and gaps" }));
      views.forEach(function (v) {
        var found = findings(v[0]);
        var list = el("ul", { "data-view": v[0] });
        found.forEach(function (f) { list.appendChild(el("li", { class: "pb-flag pb-flag-" + f.kind }, el("strong", { text: f.kind === "gap" ? "Gap" : f.kind === "overload" ? "All four" : "Conflict" }), ": " + f.text)); });
        if (!found.length) list.appendChild(el("li", { text: "No conflict and no gap." }));
        flags.appendChild(el("h3", { text: v[1] }));
        flags.appendChild(list);
      });
    }

    function apply(next) { state = next; build(); update(); }
    root.appendChild(fileBar("allocation", "accountability allocation", function () { return state; }, validate, apply));
    root.appendChild(el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table)));
    root.appendChild(add);
    root.appendChild(flags);
    build();
    update();
  }

  // ---------- printable worksheets ----------

  /* Each worksheet a tool fills: the tool, and how its saved state maps onto the sheet. */
  var SHEET_FILLERS = {
    "role-gravity": { tool: "gravity", fill: function (sheet, state, data) {
      var answers = state.answers || {};
      Object.keys(answers).forEach(function (id) {
        var radio = sheet.querySelector('input[type=radio][data-field="' + CSS.escape(id) + '"][value="' + Number(answers[id]) + '"]');
        if (radio) radio.checked = true;
      });
      // the two totals boxes, once every statement that counts in them is rated
      if (data && data.statements.every(function (s) { return !s.pole || answers[s.id]; })) {
        var r = gravityResult(data, answers);
        setText(sheet, "total-left", r.face);
        setText(sheet, "total-right", r.backbone);
      }
    } },
    "delegation-audit": { tool: "delegation", fill: function (sheet, state) {
      setText(sheet, "owner-rate", state.rate);
      var rate = parseAmount(state.rate, RATE);
      var weekHours = 0, weekMoney = 0, complete = !rate.error;
      (state.tasks || []).forEach(function (task, row) {
        var h = parseAmount(task.hours, HOURS), c = parseAmount(task.cost, COST);
        var action = "";
        if (!rate.error && !h.error && !c.error) {
          action = suggest({ money: task.money, cost: c.value, needed: task.needed }, rate.value).action;
          if (action !== "keep") { weekHours += h.value; weekMoney += h.value * (rate.value - (action === "drop" ? 0 : c.value)); }
        } else complete = false;
        [task.name, task.hours, task.money ? "yes" : "no", task.cost, action].forEach(function (value, col) {
          setCell(sheet, "tasks", row, col, value);
        });
      });
      if (complete) { setText(sheet, "hours-recaptured", hours(weekHours)); setText(sheet, "money-recaptured", money(weekMoney)); }
    } },
    "accountability-allocation": { tool: "allocation", fill: function (sheet, state, data) {
      [["as-is", "asis"], ["to-be", "tobe"]].forEach(function (pair) {
        (state.rows || []).forEach(function (row, r) {
          var cells = [row.name].concat(data.accountabilities.map(function (a) {
            var lv = byId(data.levels, row[pair[1]] && row[pair[1]][a.id]); return lv ? lv.name : "";
          }));
          cells.forEach(function (value, col) { setCell(sheet, pair[0], r, col, value); });
        });
      });
    } },
  };

  function setText(sheet, field, value) {
    var input = sheet.querySelector('input[data-field="' + field + '"], textarea[data-field="' + field + '"]');
    if (input) input.value = value === undefined || value === null ? "" : String(value);
  }

  function setCell(sheet, field, row, col, value) {
    var cell = '[data-field="' + field + '"][data-row="' + row + '"][data-col="' + col + '"]';
    var input = sheet.querySelector("textarea" + cell + ", input[type=text]" + cell);  // a table cell to write in
    if (input) input.value = value === undefined || value === null ? "" : String(value);
  }

  function enhanceSheet(sheet, data) {
    if (sheet.dataset.ready) return;
    sheet.dataset.ready = "1";
    var bar = el("div", { class: "pb-sheet-tools" });
    var paper = el("select", { id: nextId("paper") });
    // "auto" first and by default: no named page, so the sheet prints on the paper the print
    // dialog offers (A4 or US Letter); a named paper is only forced once the reader picks one
    var papers = ["auto"].concat((sheet.dataset.papers || "a4 letter").split(" "));  // A3: the wall copy, where the sheet offers it
    var paperNames = { auto: "Your printer's paper (A4 or US Letter)", a4: "A4", letter: "US Letter", a3: "A3 (wall copy)" };
    papers.forEach(function (p) { paper.appendChild(el("option", { value: p, text: paperNames[p] || p })); });
    var chosen = "auto";
    try { chosen = localStorage.getItem(STORE + "paper") || "auto"; } catch (e) { /* not kept */ }
    paper.value = papers.indexOf(chosen) >= 0 ? chosen : "auto";
    function applyPaper() {
      papers.concat(["a4", "letter", "a3"]).forEach(function (p) { document.body.classList.remove("pb-paper-" + p); });
      if (paper.value !== "auto") document.body.classList.add("pb-paper-" + paper.value);
    }
    paper.addEventListener("change", function () {
      applyPaper();
      try { localStorage.setItem(STORE + "paper", paper.value); } catch (e) { /* not kept */ }
    });
    applyPaper();
    bar.appendChild(el("label", { for: paper.id, text: "Paper" }));
    bar.appendChild(paper);
    bar.appendChild(el("button", { type: "button", class: "md-button", onclick: function () { window.print(); } }, "Print"));
    // Clear is offered by worksheet-drafts.js, beside the note that answers are kept, with Undo
    var filler = SHEET_FILLERS[sheet.dataset.worksheet];
    var status = el("span", { class: "pb-status", role: "status" });
    if (filler) {
      bar.appendChild(el("button", { type: "button", class: "md-button", onclick: function () {
        var state = storedState(filler.tool);
        if (!state) { status.textContent = "Nothing saved in the tool yet: fill it in there first."; return; }
        sheet.reset();
        filler.fill(sheet, state, data);
        status.textContent = "Filled in from the tool's saved state.";
      } }, "Fill from the tool"));
      bar.appendChild(status);
    }
    sheet.parentNode.insertBefore(bar, sheet);
  }

  // ---------- start-up, on every page Material shows ----------

  var TOOLS = { comparer: comparerTool, gravity: gravityTool, delegation: delegationTool, allocation: allocationTool };

  function start() {
    var data = readIsland();
    enhanceTables(document, data);
    document.querySelectorAll(".pb-sheet").forEach(function (sheet) { enhanceSheet(sheet, data); });
    document.querySelectorAll(".pb-tool").forEach(function (root) {
      if (root.dataset.ready || !data) return;
      root.dataset.ready = "1";
      var make = TOOLS[root.dataset.tool];
      if (make) make(root, data);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
