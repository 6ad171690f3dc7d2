/* The open company: loaded from this browser, or from a shared link as a copy, saved on
 * every change; destructive changes keep an undo step. The views subscribe to it. */

import { blankCompany, copyName, validateCompany } from "./model.js";
import { createStore, freshCompanyId } from "./store.js";
import { decodeLink, LINK_PREFIX } from "./codec.js";

export function createSession(data, store = createStore()) {
  const listeners = new Set();
  let notice = null;
  const open = (id) => {
    const stored = id ? store.load(id) : null;
    return stored ? validateCompany(stored, data).company : null;
  };
  let company = open(store.current());
  if (!company) { company = blankCompany(freshCompanyId(store.list()), "My company"); store.save(company); }

  const session = {
    data, store,
    get company() { return company; },
    get notice() { return notice; },
    say(text, kind = "info") { notice = { text, kind }; emit(); },
    /* Change the company in place; `undo` names a destructive change so it can be undone. */
    change(mutate, { undo, quiet } = {}) {
      if (undo) store.push(undo, company);
      mutate(company);
      store.save(company);
      if (undo) notice = { text: `${undo}. You can undo this.`, kind: "undo" };
      emit(quiet);
    },
    undo() {
      const step = store.pop();
      if (!step) return;
      company = validateCompany(step.company, data).company;
      store.save(company);
      notice = { text: `Undone: ${step.label.charAt(0).toLowerCase() + step.label.slice(1)}.`, kind: "info" };
      emit();
    },
    canUndo: () => store.peek() !== null,
    switchTo(id) { const next = open(id); if (next) { company = next; store.open(id); notice = null; emit(); } },
    create(name) {
      company = blankCompany(freshCompanyId(store.list()), name);
      store.save(company);
      notice = { text: `Started ${name}. Your other companies are kept: pick them under "Company".`, kind: "info" };
      emit();
    },
    /* Keep a company that came from outside (a link or a file) as a new company. */
    adopt(incoming, how) {
      const copy = { ...incoming, id: freshCompanyId(store.list()), name: copyName(incoming.name, how, store.list().map((c) => c.name)) };
      company = copy;
      store.save(company);
      emit();
      return copy;
    },
    remove() {
      const gone = company;
      store.push(`Deleted ${gone.name}`, gone);
      store.remove(gone.id);
      company = open(store.current()) || blankCompany(freshCompanyId(store.list()), "My company");
      store.save(company);
      notice = { text: `Deleted ${gone.name}. You can undo this.`, kind: "undo" };
      emit();
    },
    subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    /* Material's instant navigation replaced the page: the old views are gone. */
    forgetViews() { listeners.clear(); },
  };
  function emit(quiet) { listeners.forEach((fn) => fn(session, quiet)); }
  return session;
}

/* A "#c=" link opens as a new company beside the saved ones; an old "#s=" tool link is
 * told plainly that it is out of date. Clears the address so a reload does not repeat it. */
const handled = new Set();  // a link is opened once per page, whichever event saw it first

export async function openFromAddress(session) {
  const hash = location.hash;
  if (handled.has(hash)) { history.replaceState(history.state, "", location.pathname + location.search); return; }
  if (/^#[cs]=/.test(hash)) handled.add(hash);
  if (hash.startsWith("#s=")) {
    history.replaceState(history.state, "", location.pathname + location.search);
    session.say("This link was made by an older version of the playbook's tools, before they shared one company model, and cannot be opened any more. Nothing was changed.", "error");
    return;
  }
  if (!hash.startsWith(LINK_PREFIX)) return;
  history.replaceState(history.state, "", location.pathname + location.search);
  try {
    const { company, problems } = validateCompany(await decodeLink(hash, session.data), session.data);
    const copy = session.adopt(company, "shared copy");
    const extra = problems.length ? ` ${problems.length} part(s) of it could not be read and were left out.` : "";
    session.say(`Opened a shared company as a copy, "${copy.name}". Your own saved companies are unchanged.${extra}`, "info");
  } catch (error) {
    session.say(`This shared link could not be opened: ${error.message}. Nothing was changed.`, "error");
  }
}
