/**
 * Ids to slots per namespace. A map per namespace, rather than one map keyed by "ns\0id": building
 * an adjacency looks up three keys an edge, and the joined strings were garbage made only to hash.
 */
export class ScopedIndex {
  private readonly spaces = new Map<string, Map<string, number>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(ns: string, id: string): number | undefined {
    return this.spaces.get(ns)?.get(id);
  }

  set(ns: string, id: string, slot: number): void {
    let space = this.spaces.get(ns);
    if (space === undefined) this.spaces.set(ns, (space = new Map()));
    if (!space.has(id)) this.count++;
    space.set(id, slot);
  }

  delete(ns: string, id: string): void {
    const space = this.spaces.get(ns);
    if (!space?.delete(id)) return;
    this.count--;
    if (space.size === 0) this.spaces.delete(ns);
  }
}
