/* A company in a link: packed into arrays (no repeated keys, ids renumbered), deflated with
 * the browser's CompressionStream and written in base64url, after "#c=". A 10-person,
 * 12-seat company fits in well under 2,000 characters (tests/js/codec.test.mjs). */

import { FORMAT } from "./model.js";

const MACROS = ["order-acquisition", "order-fulfillment", "both", "support"];
export const LINK_PREFIX = "#c=";

/* The company as compact arrays; `data` gives the order of levels, statements, questions. */
export function pack(company, data) {
  const person = new Map(company.people.map((p, i) => [p.id, i]));
  // one number per seat id across the as-is and the designs: the same seat in every version
  const seat = new Map();
  [company.seats, ...(company.versions || []).map((v) => v.seats)].flat().forEach((s) => { if (!seat.has(s.id)) seat.set(s.id, seat.size); });
  const levelIndex = (id) => Math.max(0, data.levels.findIndex((l) => l.id === id));
  const levels = (map) => data.accountabilities.map((a) => levelIndex(map[a.id])).join("");
  const questions = data.transitions.flatMap((t) => t.questions.map((q) => q.id));
  const num = (n) => (n === null || n === undefined ? -1 : n);
  return [
    FORMAT, company.name,
    company.people.map((p) => [p.name, num(p.hours), num(p.rate), p.owner ? 1 : 0,
      data.statements.map((s) => p.gravity[s.id] || 0).join("").replace(/0+$/, "")]),
    company.seats.map((s) => [s.name, s.role || "", MACROS.indexOf(s.macro), levels(s.levels), levels(s.tobe), s.responsibilities]),
    sitsOf(company.sits),
    questions.map((q) => (company.answers[q] === "yes" ? "y" : company.answers[q] === "no" ? "n" : "-")).join("").replace(/-+$/, ""),
    company.tasks.map((t) => [t.name, num(t.hours), t.money ? 1 : 0, num(t.cost), person.has(t.person) ? person.get(t.person) : -1,
      seat.has(t.seat) ? seat.get(t.seat) : -1, t.needed === false ? 0 : 1]),
    (company.versions || []).map((v) => [v.name, sitsOf(v.sits), v.seats.map((s) => [seat.get(s.id), s.name, s.role || "",
      MACROS.indexOf(s.macro), levels(s.levels), s.responsibilities, (s.from || []).filter((id) => seat.has(id)).map((id) => seat.get(id))])]),
    // the comparer's columns: a role by id, a seat or a person by number
    (company.compare || []).map((key) => {
      const [kind, id] = key.split(":");
      return kind === "seat" ? "s:" + seat.get(id) : kind === "person" ? "p:" + person.get(id) : key;
    }),
  ];
  function sitsOf(sits) { return sits.map((x) => [person.get(x.person), seat.get(x.seat), x.share]); }
}

/* The plain company object back from `pack` (to be checked with validateCompany). */
export function unpack(packed, data) {
  if (!Array.isArray(packed) || packed[0] !== FORMAT) throw new Error("this link was made by another version of the workspace");
  const [, name, people = [], seats = [], sits = [], answers = "", tasks = [], versions = [], compare = []] = packed;
  const val = (n) => (n === -1 ? null : n);
  const levels = (text) => Object.fromEntries(data.accountabilities.map((a, i) => [a.id, (data.levels[Number(String(text)[i])] || data.levels[0]).id]));
  const questions = data.transitions.flatMap((t) => t.questions.map((q) => q.id));
  return {
    format: FORMAT, id: "shared", name,
    people: people.map((p, i) => ({ id: "p" + (i + 1), name: p[0], hours: val(p[1]), rate: val(p[2]), owner: p[3] === 1,
      gravity: Object.fromEntries([...String(p[4] || "")].map((d, j) => [data.statements[j] && data.statements[j].id, Number(d)]).filter(([k, v]) => k && v)) })),
    seats: seats.map((s, i) => ({ id: "s" + (i + 1), name: s[0], role: s[1] || null, macro: MACROS[s[2]] || MACROS[0],
      levels: levels(s[3]), tobe: levels(s[4]), responsibilities: s[5] || [] })),
    sits: unpackSits(sits),
    answers: Object.fromEntries([...String(answers)].map((c, i) => [questions[i], c === "y" ? "yes" : c === "n" ? "no" : null]).filter(([k, v]) => k && v)),
    tasks: tasks.map((t, i) => ({ id: "t" + (i + 1), name: t[0], hours: val(t[1]), money: t[2] === 1, needed: t[6] !== 0, cost: val(t[3]),
      person: t[4] >= 0 ? "p" + (t[4] + 1) : null, seat: t[5] >= 0 ? "s" + (t[5] + 1) : null })),
    compare: compare.map((key) => (key.startsWith("s:") ? "seat:s" + (Number(key.slice(2)) + 1) : key.startsWith("p:") ? "person:p" + (Number(key.slice(2)) + 1) : key)),
    ...(versions.length ? { versions: versions.map(([vName, vSits, vSeats], i) => ({ id: "v" + (i + 1), name: vName, sits: unpackSits(vSits),
      seats: (vSeats || []).map((s) => ({ id: "s" + (s[0] + 1), name: s[1], role: s[2] || null, macro: MACROS[s[3]] || MACROS[0],
        levels: levels(s[4]), tobe: levels(s[4]), responsibilities: s[5] || [], ...(s[6] && s[6].length ? { from: s[6].map((n) => "s" + (n + 1)) } : {}) })) })) } : {}),
  };
}

function unpackSits(sits) {
  return (sits || []).map((x) => ({ person: "p" + (x[0] + 1), seat: "s" + (x[1] + 1), share: x[2] }));
}

async function through(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes) {
  let binary = "";
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/* "#c=..." for a company. */
export async function encodeLink(company, data) {
  const json = new TextEncoder().encode(JSON.stringify(pack(company, data)));
  return LINK_PREFIX + toBase64Url(await through(json, new CompressionStream("deflate-raw")));
}

/* The plain company object of a "#c=..." hash, or throws with a reason a person can read. */
export async function decodeLink(hash, data) {
  if (!hash.startsWith(LINK_PREFIX)) throw new Error("this is not a company link");
  let text;
  try {
    text = new TextDecoder().decode(await through(fromBase64Url(hash.slice(LINK_PREFIX.length)), new DecompressionStream("deflate-raw")));
  } catch (error) {
    throw new Error("the link is damaged or cut short; ask for it again");
  }
  return unpack(JSON.parse(text), data);
}
