/**
 * The entity seed channel: the entity nodes a query names, for spreading activation or PPR to start
 * from. Entities are found two ways, both ending on the ingest's own ids (`entity:<key>`):
 *   1. the memory's extractor run on the query — the same one that built the entity nodes, so keys
 *      agree (weight 1);
 *   2. every 1–3 word run of the query folded by `entityKey`, looked up as an id — this catches the
 *      lower-case mentions a rule-based extractor skips ("what does ana paint?"). A run that opens
 *      or closes on a function word, or is all common or date words, is never tried, and a run inside
 *      an extracted entity adds nothing; such exact-key matches weigh `nameMatchWeight` (default 0.5): weaker evidence than a
 *      recognised name, but still a key match, never a fuzzy one.
 * All candidates are fetched with ONE getNodes call; only visible nodes of kind "entity" count.
 *
 * Score: weight × specificity, where specificity = 1 / (1 + ln(1 + mentions)) — IDF-like, so an
 * entity mentioned by 2 episodes outweighs one mentioned by 200 (1 mention: 0.59, 10: 0.29, 100:
 * 0.18). Mentions are counted with ONE `neighbors` call (incoming `mentions` edges, capped per entity
 * at `mentionCap`, so a hub costs a bounded read); `idf: false` skips it and scores weight alone.
 */
import { entityKey } from "../../extract/entity-key.js";
import { COMMON_WORDS } from "../../extract/common-words.js";
import { DATE_WORDS } from "../../extract/date-words.js";
import { visibleIn } from "../../model/time.js";
import { entityId } from "../../structures/entity-id.js";
import { STOPWORDS } from "../../text/stopwords.js";
import type { RetrievalContext } from "../retrieval-context.js";
import type { ScoredItem } from "../scored.js";

export interface EntitySeedOptions {
  /** At most this many seeds, best first. */
  k: number;
  /** Also look up the query's word runs as entity keys (default true). */
  matchNames?: boolean;
  /** Weight of an entity found only by a word run (default 0.5; an extracted one weighs 1). */
  nameMatchWeight?: number;
  /** Scale by how rarely the entity is mentioned (default true). */
  idf?: boolean;
  /** Mentions counted per entity at most (default 256): bounds the read on hub entities. */
  mentionCap?: number;
}

const MAX_RUN = 3;
const MAX_WORDS = 64;

export async function entitySeeds(ctx: RetrievalContext, options: EntitySeedOptions): Promise<ScoredItem[]> {
  if (options.k <= 0 || ctx.query.trim() === "") return [];
  ctx.signal?.throwIfAborted();
  const [extraction] = await ctx.extractor.extract([{ id: "query", text: ctx.query, at: ctx.now }], ctx.signal ? { signal: ctx.signal } : undefined);
  const weights = new Map<string, number>();
  const extractedWords = new Set<string>();
  for (const e of extraction?.entities ?? []) {
    if (e.key === "") continue;
    weights.set(entityId(e.key), 1);
    for (const w of e.key.split(" ")) extractedWords.add(w);
  }
  if (options.matchNames ?? true) {
    const weight = options.nameMatchWeight ?? 0.5;
    for (const key of wordRunKeys(ctx.query, extractedWords)) {
      const id = entityId(key);
      if (!weights.has(id)) weights.set(id, weight);
    }
  }
  if (weights.size === 0) return [];

  const { graph } = ctx.stores;
  const nodes = (await graph.getNodes({ ns: ctx.ns, ids: [...weights.keys()], view: ctx.view }))
    .filter((n) => n.kind === "entity" && visibleIn(n.time, ctx.view));
  if (nodes.length === 0) return [];

  let specificity = (_id: string) => 1;
  if (options.idf ?? true) {
    const rows = await graph.neighbors({
      ns: ctx.ns, ids: nodes.map((n) => n.id), direction: "in", edgeKinds: ["mentions"], view: ctx.view, limitPerNode: options.mentionCap ?? 256,
    });
    const mentions = new Map<string, number>();
    for (const r of rows) mentions.set(r.node, (mentions.get(r.node) ?? 0) + 1);
    specificity = (id) => 1 / (1 + Math.log1p(mentions.get(id) ?? 0));
  }
  const scored = nodes.map((n) => ({ id: n.id, score: weights.get(n.id)! * specificity(n.id) }));
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, options.k).map((s, i) => ({ id: s.id, score: s.score, evidence: {} }));
}

/**
 * Canonical keys of the query's 1–3 word runs worth looking up: not opening or closing on a function
 * word, not all common or date words, and not wholly inside an entity the extractor already found.
 */
export function wordRunKeys(query: string, covered: ReadonlySet<string> = new Set()): string[] {
  const words = query
    .split(/[^\p{L}\p{N}'’&.-]+/u)
    .map((w) => w.replace(/^[.'’-]+|[.'’-]+$/g, ""))
    .filter((w) => w !== "")
    .slice(0, MAX_WORDS);
  const keys = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= MAX_RUN && i + n <= words.length; n++) {
      const key = entityKey(words.slice(i, i + n).join(" "));
      if (key === "") continue;
      const parts = key.split(" ");
      // A name neither starts nor ends with a function word ("University of Lagos" keeps its "of").
      if (STOPWORDS.has(parts[0]!) || STOPWORDS.has(parts.at(-1)!)) continue;
      if (parts.every((w) => STOPWORDS.has(w) || COMMON_WORDS.has(w) || DATE_WORDS.has(w) || /^\d+$/.test(w))) continue;
      if (parts.every((w) => covered.has(w))) continue;
      keys.add(key);
    }
  }
  return [...keys];
}
