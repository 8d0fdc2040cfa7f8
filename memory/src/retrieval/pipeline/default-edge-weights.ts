/**
 * Edge kinds activation crosses by default, and how strongly; a kind at 0 is not crossed. `next`
 * (turn order in a thread) is the strongest: a turn's neighbours are its question and its answer.
 * Events (`part_of`, `before`, `relates`) and hyperedges (`member`) carry activation between the
 * turns of one episode of life and the units they form; `mentions` weakly, since a named entity
 * joins many turns. `derived_from` lets an A-MEM note that matches pass its activation to the
 * episode it came from (and back), and `link` carries it between related notes, so a note's keywords
 * and links count towards its turn (docs/retrieval.md has the ablations).
 */
export const DEFAULT_EDGE_WEIGHTS: Readonly<Record<string, number>> = {
  next: 1,
  part_of: 0.5,
  member: 0.3,
  before: 0.3,
  relates: 0.3,
  mentions: 0.1,
  derived_from: 0.7,
  link: 0.5,
  causes: 0.3,
  child: 0.3,
  depends_on: 0.3,
};
