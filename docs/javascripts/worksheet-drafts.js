/* Role-Design Playbook: worksheet answers kept in this browser while they are typed.
 *
 * Every worksheet and charter page keeps its own draft in localStorage ("pb-draft:" + the
 * page's path), saved on every change and put back when the page is shown again (a reload,
 * the back button, instant navigation). The page says so, and offers a Clear that can be
 * undone. Saved work is never replaced without a word: a Clear, or "Fill from the tool",
 * keeps the answers it replaced for Undo, and a draft changed in another tab stops this one
 * from saving until the person chooses which answers to keep.
 *
 * The functions exported here are pure (no DOM, no storage), so Node's own test runner
 * checks them (tests/js/worksheet-drafts.test.mjs); start() wires them to the page and is
 * run from Material's document$ on every page it shows. Nothing is sent anywhere.
 */

export const FORMAT = 1;
export const PREFIX = "pb-draft:";
const MAX_ANSWERS = 2000;
const MAX_TEXT = 20000;
const MAX_KEY = 300;

/* The storage key of a page: its path, with "index.html" dropped and a trailing slash. */
export function storageKey(pathname) {
  let path = String(pathname || "/").replace(/index\.html$/, "");
  if (!path.endsWith("/")) path += "/";
  return PREFIX + path;
}

/* The answer key of one control, described as plain data:
 * {type, name, id, field, row, col}; null for a control that holds no answer. */
export function controlKey(control) {
  const { type, name, field, row, col } = control;
  if (type === "radio") return name ? "radio:" + name : null;
  if (!field) return null;
  if (row !== undefined && row !== null && row !== "") return "cell:" + field + ":" + row + ":" + col;
  return (type === "checkbox" ? "check:" : "text:") + field;
}

/* The answers the controls hold: text typed (not empty), the option of each radio group
 * that is checked, true for each checked box. */
export function snapshot(controls) {
  const answers = {};
  for (const control of controls) {
    const key = controlKey(control);
    if (key === null) continue;
    if (control.type === "radio" || control.type === "checkbox") {
      if (control.checked) answers[key] = control.type === "radio" ? String(control.value) : true;
    } else if (control.value !== "" && control.value !== undefined && control.value !== null) {
      answers[key] = String(control.value);
    }
  }
  return answers;
}

export function isEmpty(answers) {
  return !answers || Object.keys(answers).length === 0;
}

export function sameAnswers(a, b) {
  const ka = Object.keys(a || {}), kb = Object.keys(b || {});
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/* What to change so that the controls show `answers`: [{index, value}] for text,
 * [{index, checked}] for radios and boxes; controls already right are left out. */
export function restorePlan(controls, answers) {
  const changes = [];
  controls.forEach((control, index) => {
    const key = controlKey(control);
    if (key === null) return;
    const has = Object.prototype.hasOwnProperty.call(answers, key);
    if (control.type === "radio") {
      const checked = has && answers[key] === String(control.value);
      if (checked !== Boolean(control.checked)) changes.push({ index, checked });
    } else if (control.type === "checkbox") {
      const checked = has && answers[key] === true;
      if (checked !== Boolean(control.checked)) changes.push({ index, checked });
    } else {
      const value = has && typeof answers[key] === "string" ? answers[key] : "";
      if (value !== (control.value || "")) changes.push({ index, value });
    }
  });
  return changes;
}

function validAnswers(answers) {
  if (!answers || typeof answers !== "object" || Array.isArray(answers)) return null;
  const keys = Object.keys(answers);
  if (keys.length > MAX_ANSWERS) return null;
  const clean = {};
  for (const key of keys) {
    const value = answers[key];
    if (key.length > MAX_KEY || key === "__proto__" || !/^(radio|cell|text|check):/.test(key)) return null;
    if (value === true || (typeof value === "string" && value.length <= MAX_TEXT)) clean[key] = value;
    else return null;
  }
  return clean;
}

/* A stored draft read back, or null when it is missing or not one of ours (then ignored). */
export function parseDraft(text) {
  if (typeof text !== "string" || !text) return null;
  let data;
  try { data = JSON.parse(text); } catch (e) { return null; }
  if (!data || typeof data !== "object" || data.format !== FORMAT) return null;
  if (!Number.isInteger(data.rev) || data.rev < 1) return null;
  if (typeof data.saved !== "string" || Number.isNaN(Date.parse(data.saved))) return null;
  const answers = validAnswers(data.answers);
  if (answers === null) return null;
  const previous = data.previous === null || data.previous === undefined ? null : validAnswers(data.previous);
  if (previous === null && data.previous !== null && data.previous !== undefined) return null;
  return { format: FORMAT, rev: data.rev, saved: data.saved, answers, previous };
}

export function makeDraft(answers, rev, now, previous = null) {
  return { format: FORMAT, rev, saved: new Date(now).toISOString(), answers, previous: isEmpty(previous) ? null : previous };
}

/* Before saving: "save" when the stored draft is the one this page last read or wrote,
 * "adopt" when another tab saved the very same answers, "conflict" when it saved others
 * (or cleared them): then this page must not write over them without asking. */
export function decideSave(stored, knownRev, answers) {
  const storedRev = stored ? stored.rev : 0;
  if (storedRev === knownRev) return "save";
  if (stored && sameAnswers(stored.answers, answers)) return "adopt";
  return "conflict";
}

/* "just now", "5 minutes ago", "3 hours ago", or the date. */
export function describeSaved(savedIso, now) {
  const minutes = Math.floor((now - Date.parse(savedIso)) / 60000);
  if (!(minutes >= 1)) return "just now";
  if (minutes < 60) return minutes === 1 ? "a minute ago" : minutes + " minutes ago";
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hours === 1 ? "an hour ago" : hours + " hours ago";
  return "on " + new Date(savedIso).toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" });
}

// ---------- the page ----------

function storage() {
  try {
    const probe = PREFIX + "probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch (e) {
    return null;
  }
}

function button(text, onclick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "md-button";
  b.textContent = text;
  b.addEventListener("click", onclick);
  return b;
}

const attached = new Set();

function attach(form) {
  if (form.dataset.drafts) return;
  form.dataset.drafts = "1";
  const store = storage();
  const key = storageKey(window.location.pathname);
  const elements = () => Array.from(form.querySelectorAll("input, textarea"))
    .filter((c) => c.type !== "hidden" && c.type !== "file" && c.type !== "button");
  const describe = (c) => ({ type: c.type, name: c.name, id: c.id, field: c.dataset.field, row: c.dataset.row,
    col: c.dataset.col, value: c.value, checked: c.checked });
  const current = () => snapshot(elements().map(describe));

  const bar = document.createElement("div");
  bar.className = "pb-drafts";
  const message = document.createElement("p");
  message.setAttribute("role", "status");
  const clear = button("Clear answers", () => clearAnswers());
  const undo = button("Undo", () => undoLast());
  const loadTheirs = button("Load the newer answers", () => resolve(true));
  const keepMine = button("Keep the answers on this page", () => resolve(false));
  [undo, loadTheirs, keepMine].forEach((b) => { b.hidden = true; });
  bar.append(message, clear, undo, loadTheirs, keepMine);
  form.parentNode.insertBefore(bar, form);

  let knownRev = 0;     // the revision of the draft this page last read or wrote
  let kept = {};        // the answers of that draft
  let previous = null;  // the answers a Clear or a fill replaced, for Undo
  let conflict = false; // another tab saved other answers: stop saving until the person chooses

  function read() {
    if (!store) return null;
    try { return parseDraft(store.getItem(key)); } catch (e) { return null; }
  }
  function write(answers, prev) {
    const draft = makeDraft(answers, knownRev + 1, Date.now(), prev);
    try {
      store.setItem(key, JSON.stringify(draft));
    } catch (e) {
      say("Your answers could not be kept in this browser (its storage is full or off). Print the sheet before you leave.");
      return false;
    }
    knownRev = draft.rev;
    kept = answers;
    return true;
  }
  function show(answers) {
    const controls = elements();
    restorePlan(controls.map(describe), answers).forEach((change) => {
      const control = controls[change.index];
      if ("value" in change) control.value = change.value; else control.checked = change.checked;
    });
  }
  function say(text, buttons = []) {
    message.textContent = text;
    undo.hidden = !buttons.includes(undo);
    loadTheirs.hidden = !buttons.includes(loadTheirs);
    keepMine.hidden = !buttons.includes(keepMine);
  }
  const KEPT = "Your answers are kept in this browser, on this device only, as you type.";

  /* May this page write now? Adopts another tab's identical save; warns on a different one. */
  function clearToWrite(answers) {
    if (conflict) { warnConflict(); return false; }
    const stored = read();
    const decision = decideSave(stored, knownRev, answers);
    if (decision === "adopt") { knownRev = stored.rev; kept = stored.answers; }
    if (decision === "conflict") { warnConflict(); return false; }
    return true;
  }
  function save() {
    if (!store) return;
    const answers = current();
    if (!clearToWrite(answers) || sameAnswers(kept, answers)) return;
    if (write(answers, null) && !undo.hidden) { previous = null; say(KEPT); }
  }
  function warnConflict() {
    conflict = true;
    say("These answers were changed in another tab or window, so this page has stopped saving them. " +
      "Which answers do you want to keep?", [loadTheirs, keepMine]);
  }
  function resolve(theirs) {
    const stored = read();
    conflict = false;
    knownRev = stored ? stored.rev : 0;
    kept = stored ? stored.answers : {};
    if (theirs) {
      previous = current();
      show(kept);
      say("The answers saved in the other tab are on the page. " + KEPT, isEmpty(previous) ? [] : [undo]);
    } else {
      previous = stored ? stored.answers : null;
      write(current(), previous);
      say("The answers on this page are kept. " + KEPT, isEmpty(previous) ? [] : [undo]);
    }
  }
  let clearing = false;
  function clearAnswers() {
    clearing = true;
    form.reset(); // the reset listener below keeps what was there for Undo
  }
  function undoLast() {
    if (isEmpty(previous)) return;
    const back = previous;
    if (store && !clearToWrite(back)) return;
    previous = null;
    show(back);
    if (store) write(back, null);
    say("Your answers are back. " + KEPT);
  }
  /* Another tab saved this page's draft. */
  function check() {
    if (conflict) return;
    const stored = read();
    const answers = current();
    const decision = decideSave(stored, knownRev, answers);
    if (decision === "save") return;
    if (decision === "adopt" || sameAnswers(answers, kept)) {
      // nothing typed here since the last save: show the newer answers, nothing is lost
      knownRev = stored ? stored.rev : 0;
      kept = stored ? stored.answers : {};
      show(kept);
      if (decision !== "adopt") say("Updated with the answers saved in another tab. " + KEPT);
      return;
    }
    warnConflict();
  }

  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("reset", () => {
    const before = current();
    // the reset happens after this event; "Fill from the tool" fills the sheet right after it
    const cleared = clearing;
    clearing = false;
    window.setTimeout(() => {
      const after = current();
      if (isEmpty(before) || sameAnswers(before, after)) {
        save();
        if (cleared) say("There is nothing to clear. " + KEPT);
        return;
      }
      if (store && !clearToWrite(after)) return;
      previous = before;
      if (store) write(after, before);
      say(cleared ? "Answers cleared." : "Your earlier answers were replaced.", [undo]);
    }, 0);
  });

  if (!store) {
    say("This browser is not keeping your answers (its storage is off): print the sheet or finish it before you leave the page.");
    return;
  }
  const draft = read();
  if (draft) {
    knownRev = draft.rev;
    kept = draft.answers;
    if (!isEmpty(draft.answers)) {
      show(draft.answers);
      say("Your answers are back (saved " + describeSaved(draft.saved, Date.now()) + "). " + KEPT);
    } else if (!isEmpty(draft.previous)) {
      previous = draft.previous;
      say("You cleared your answers " + describeSaved(draft.saved, Date.now()) + ". " + KEPT, [undo]);
    } else {
      say(KEPT);
    }
  } else {
    say(KEPT);
  }
  attached.add({ form, key, check });
}

function onStorage(event) {
  for (const entry of Array.from(attached)) {
    if (!entry.form.isConnected) { attached.delete(entry); continue; }
    if (event.key === entry.key || event.key === null) entry.check();
  }
}

export function start() {
  document.querySelectorAll("form.pb-sheet").forEach(attach);
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  window.addEventListener("storage", onStorage);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
