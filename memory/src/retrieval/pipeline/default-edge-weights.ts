/**
 * Edge kinds activation crosses by default, and how strongly. `next` (turn order in a thread) is
 * the strongest: a turn's neighbours are its question and its answer. Mentions, membership and
 * provenance carry activation between what an episode names, the units and events it belongs to,
 * and what was derived from it; `relates` and `link` join memories by shared entity or A-MEM link.
 */
export const DEFAULT_EDGE_WEIGHTS: Readonly<Record<string, number>> = {
  next: 1,
  part_of: 0.5,
  member: 0.3,
  before: 0.3,
  relates: 0.3,
  mentions: 0.1,
  derived_from: 0,
  link: 0,
  causes: 0.3,
  child: 0.3,
  depends_on: 0.3,
};
