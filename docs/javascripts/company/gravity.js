/* Role gravity: where a person's ratings of the worksheet's statements place them on all
 * the trait spectra and the four accountabilities, and which playbook roles sit nearest. */

/* { answered, total, face, backbone, positions: {spectrum: -2..+2, unrounded}, likes: [{id, rating}] } */
export function gravityResult(data, answers) {
  const sums = {}, counts = {};
  let face = 0, backbone = 0, answered = 0;
  const likes = [];
  data.statements.forEach((s) => {
    const rating = answers[s.id];
    if (!rating) return;
    answered += 1;
    if (s.spectrum) {
      // a rating of 5 on a statement toward the left pole is -2, toward the right +2
      const signed = (rating - 3) * (s.pole === "left" ? -1 : 1);
      sums[s.spectrum] = (sums[s.spectrum] || 0) + signed;
      counts[s.spectrum] = (counts[s.spectrum] || 0) + 1;
      if (s.pole === "left") face += rating; else backbone += rating;
    } else if (s.accountability) {
      likes.push({ id: s.accountability, rating });
    }
  });
  const positions = {};
  Object.keys(sums).forEach((id) => {
    positions[id] = Math.max(data.scale.min, Math.min(data.scale.max, sums[id] / counts[id]));
  });
  likes.sort((a, b) => b.rating - a.rating);
  return { answered, total: data.statements.length, face, backbone, positions, likes };
}

/* The roles nearest a result: distance on every spectrum answered, plus how far each
 * role's level on an accountability is from how much the person likes that work. */
export function nearestRoles(data, result, howMany = 3) {
  const spectra = Object.keys(result.positions);
  if (!spectra.length && !result.likes.length) return [];
  const top = data.levels.length ? Math.max(...data.levels.map((l) => l.rank)) : 1;
  const rankOf = (id) => (data.levels.find((l) => l.id === id) || { rank: 0 }).rank;
  const span = data.scale.max - data.scale.min;
  return data.roles.map((role) => {
    let distance = spectra.reduce((sum, id) => sum + Math.abs((role.positions[id] ?? 0) - result.positions[id]) / span, 0);
    // a liking of 1..5 against a level's rank, both scaled to 0..1
    distance += result.likes.reduce((sum, like) => sum + Math.abs(rankOf(role.levels[like.id]) / top - (like.rating - 1) / 4), 0);
    return { role, distance };
  }).sort((a, b) => a.distance - b.distance || a.role.name.localeCompare(b.role.name)).slice(0, howMany);
}

export function rounded(position) {
  return Math.round(position);
}
