/* The companies saved in this browser (localStorage), and the undo history of the open
 * one (sessionStorage, so that it survives a reload of the tab). Nothing leaves the browser. */

const INDEX = "pb-companies";
const COMPANY = "pb-company:";
const UNDO = "pb-company-undo";
const UNDO_DEPTH = 30;

function read(storage, key, fallback) {
  try { const text = storage.getItem(key); return text === null ? fallback : JSON.parse(text); } catch (e) { return fallback; }
}

function write(storage, key, value) {
  try { storage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
}

export function createStore(local = globalThis.localStorage, session = globalThis.sessionStorage) {
  const index = () => read(local, INDEX, { current: null, list: [] });
  return {
    list: () => index().list,
    current: () => index().current,
    load: (id) => read(local, COMPANY + id, null),
    save(company) {
      const idx = index();
      const entry = { id: company.id, name: company.name };
      const at = idx.list.findIndex((c) => c.id === company.id);
      if (at >= 0) idx.list[at] = entry; else idx.list.push(entry);
      idx.current = company.id;
      return write(local, COMPANY + company.id, company) && write(local, INDEX, idx);
    },
    open(id) { const idx = index(); idx.current = id; write(local, INDEX, idx); },
    remove(id) {
      const idx = index();
      idx.list = idx.list.filter((c) => c.id !== id);
      if (idx.current === id) idx.current = idx.list.length ? idx.list[0].id : null;
      try { local.removeItem(COMPANY + id); } catch (e) { /* already gone */ }
      write(local, INDEX, idx);
    },
    /* Undo: each entry is { label, company } as it was before a destructive action. */
    push(label, company) {
      const stack = read(session, UNDO, []);
      stack.push({ label, company: JSON.parse(JSON.stringify(company)) });
      write(session, UNDO, stack.slice(-UNDO_DEPTH));
    },
    peek: () => { const stack = read(session, UNDO, []); return stack.length ? stack[stack.length - 1] : null; },
    pop() { const stack = read(session, UNDO, []); const top = stack.pop() || null; write(session, UNDO, stack); return top; },
  };
}

/* A fresh id that no saved company has. */
export function freshCompanyId(list, now = Date.now()) {
  let id = "c" + now.toString(36);
  while (list.some((c) => c.id === id)) id += "x";
  return id;
}
