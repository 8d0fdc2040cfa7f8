/** A starting point for a graph operator, typically a hit of a seed channel (BM25, vectors, entities). */
export interface Seed {
  id: string;
  activation: number;
}

/** Seeds by id with repeated ids summed; activations <= 0 (or NaN) carry nothing and are dropped. */
export function sumSeeds(seeds: readonly Seed[]): Map<string, number> {
  const summed = new Map<string, number>();
  for (const seed of seeds) if (seed.activation > 0) summed.set(seed.id, (summed.get(seed.id) ?? 0) + seed.activation);
  return summed;
}
