import type { MemoryNode, NodeWrite } from "../model/node.js";
import { spokenText } from "../model/node.js";
import type { StructureContext } from "../structures/context.js";
import { MAX_EVENT_TEXT } from "../structures/events/plan-events.js";

/**
 * An event's text holds its turns, one "speaker: text" line each after its summary (plan-events.ts): a
 * rewritten turn's line is replaced there, so the event is found by the turn's new words and no longer
 * by its old ones. The summary, keywords and entities stay as they were computed. A line the event's
 * length cap cut off is not there to replace. `planned` are event versions this batch already writes
 * (an event new turns extend): those are revised instead, so one commit writes each event once.
 */
export async function refreshEventText(
  ctx: StructureContext, rewritten: readonly { node: NodeWrite; stored: MemoryNode }[], planned: readonly NodeWrite[],
): Promise<{ replaced: Map<string, NodeWrite>; added: NodeWrite[] }> {
  const now = ctx.now();
  const lines = new Map<string, [string, string][]>(); // event id → [old line, new line]
  for (const { node: episode, stored: before } of rewritten) {
    if (!before.text || !episode.text) continue;
    const swap: [string, string] = [spokenText(before.attrs, before.text), spokenText(episode.attrs, episode.text)];
    if (swap[0] === swap[1]) continue;
    const parts = await ctx.stores.graph.findEdges({ ns: ctx.ns, nodeId: episode.id, kinds: ["part_of"], view: { validAt: now, knownAt: now }, limit: 50 });
    for (const e of parts) if (e.from === episode.id) lines.set(e.to, [...(lines.get(e.to) ?? []), swap]);
  }
  const replaced = new Map<string, NodeWrite>();
  for (const n of planned) {
    const swaps = lines.get(n.id);
    if (!swaps || n.text === null) continue;
    replaced.set(n.id, { ...n, text: swapped(n.text, swaps) });
    lines.delete(n.id);
  }
  const stored = await ctx.stores.graph.getNodes({ ns: ctx.ns, ids: [...lines.keys()] });
  const added: NodeWrite[] = [];
  for (const event of stored) {
    if (event.kind !== "event" || event.text === null || event.time.expiredAt !== null) continue;
    const text = swapped(event.text, lines.get(event.id)!);
    if (text === event.text) continue;
    added.push({
      id: event.id, ns: event.ns, kind: event.kind, text, attrs: event.attrs, source: event.source,
      time: { at: event.time.at, validFrom: event.time.validFrom, validTo: event.time.validTo },
      change: ctx.change("a turn of the event was rewritten"), expectedVersion: event.version,
    });
  }
  return { replaced, added };
}

function swapped(text: string, swaps: readonly [string, string][]): string {
  const [summary, ...turns] = text.split("\n");
  for (const [from, to] of swaps) {
    const at = turns.indexOf(from);
    if (at >= 0) turns[at] = to;
  }
  return [summary, ...turns].join("\n").slice(0, MAX_EVENT_TEXT);
}
