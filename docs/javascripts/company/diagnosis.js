/* Where is the company? Its stage, the next move and the signs for it, read from who sits
 * in which seat and from the owner's yes-or-no answers (questions from stages.yml). */

import { owner, peopleIn } from "./model.js";

/* The transitions in the order a company meets them, from the first stage on. */
export function chain(data) {
  const out = [];
  let stage = data.stages.length ? data.stages[0].id : null;
  const seen = new Set();
  while (stage && !seen.has(stage)) {
    seen.add(stage);
    const next = data.transitions.find((t) => t.from === stage);
    if (!next) break;
    out.push(next);
    stage = next.to;
  }
  return out;
}

/* Is this move made? By the 'done' answer if given, or else by the seats it brings that
 * someone other than the owner sits in. */
export function moveMade(company, data, transition) {
  const done = transition.questions.find((q) => q.sign === "done");
  const answer = done ? company.answers[done.id] : undefined;
  const boss = owner(company);
  const held = transition.introduces.filter((roleId) => company.seats.some((s) => s.role === roleId &&
    peopleIn(company, s.id).some((p) => !boss || p.id !== boss.id)));
  const bySeats = transition.introduces.length > 0 && held.length * 100 >= data.diagnosis.reached_share * transition.introduces.length;
  return { made: answer === "yes" ? true : answer === "no" ? false : bySeats, by: answer ? "answer" : "seats",
    question: done || null, held, of: transition.introduces };
}

/* { stage, transition, due, signs, moves, skipped, leftover, known }:
 * the stage is where the furthest move made leads (a company may skip a move: a sales team
 * with no bookkeeper is still a sales team; `skipped` names such moves); transition is the
 * next move (null at the last stage); signs are its questions answered yes; leftover, yes
 * answers to moves already made. */
export function diagnose(company, data) {
  const steps = chain(data);
  const moves = steps.map((t) => ({ transition: t.id, ...moveMade(company, data, t) }));
  const last = moves.map((m) => m.made).lastIndexOf(true);
  const stage = last >= 0 ? steps[last].to : (data.stages.length ? data.stages[0].id : null);
  const next = steps[last + 1] || null;
  const yes = (q) => q.sign !== "done" && company.answers[q.id] === "yes";
  const signs = next ? next.questions.filter(yes) : [];
  const leftover = steps.slice(0, last + 1).flatMap((t) => t.questions.filter(yes));
  const answered = Object.keys(company.answers).length;
  return { stage, transition: next ? next.id : null, due: signs.length >= data.diagnosis.due_at, signs,
    moves: moves.slice(0, last + 2), skipped: moves.slice(0, Math.max(last, 0)).filter((m) => !m.made).map((m) => m.transition),
    leftover, known: answered > 0 || company.seats.length > 0 };
}
