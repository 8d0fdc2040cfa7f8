import { createHash } from "node:crypto";
import { z } from "zod";
import { parseInput, sourceInputSchema, type NoteInput } from "@hippograph/memory";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitTrace } from "../trace/emit.js";
import { baseOptionsSchema, channelSchema, requireMemory, resolveNs, shownNs, type AnyState, type NodeRuntime, type StateUpdate } from "./node-options.js";

const optionsSchema = baseOptionsSchema.extend({
  from: channelSchema.default("notes"),
  to: channelSchema.default("written"),
  /** Tags added to every note this node writes (e.g. the agent's name). */
  tags: z.array(z.string().max(128)).max(16).default([]),
  /** Provenance of the notes (the agent that wrote them); a note in the channel may name its own. */
  source: sourceInputSchema.prefault({ id: "agent", type: "agent" }),
}).strict();

/** Enough to name the note by its text; the memory validates the rest (addNotes). */
const noteShape = z.looseObject({ text: z.string({ error: "a note is a string or { text: string, … }" }).min(1) });

export type WriteNotesNodeOptions = z.input<typeof optionsSchema> & NodeRuntime;

/**
 * Writes the notes in a channel (strings or `{ text, tags?, keywords? }`) as memory notes. A note's id
 * comes from its text, and notes already in the namespace are not written again: the channel is
 * checkpointed and outlives the turn that filled it, so every later pass through this node (the next
 * turn, a loop) would store the same notes again, and pay their linking again.
 */
export function writeNotesNode(options: WriteNotesNodeOptions) {
  const { memory, trace } = requireMemory(options, "writeNotesNode");
  const { memory: _m, trace: _t, ...rest } = options;
  const o = parseInput(optionsSchema, rest, "writeNotesNode", "options");
  return async (state: AnyState, config?: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const ns = resolveNs(o.ns, config);
    const raw: unknown[] = Array.isArray(state[o.from]) ? state[o.from] : state[o.from] ? [state[o.from]] : [];
    const notes: NoteInput[] = parseInput(z.array(noteShape), raw.map((n) => (typeof n === "string" ? { text: n } : n)), "writeNotesNode", o.from)
      .map((n) => ({ source: o.source, ...(n as NoteInput), tags: [...((n as NoteInput).tags ?? []), ...o.tags] }));
    if (notes.length === 0) return {};
    const byId = new Map<string, NoteInput>(); // the first note of each text
    for (const n of notes) {
      const id = noteId(n.text);
      if (!byId.has(id)) byId.set(id, { ...n, id });
    }
    const ids = [...byId.keys()];
    for (const stored of await memory.stores.graph.getNodes({ ns: ns ?? memory.namespace, ids })) byId.delete(stored.id);
    const fresh = [...byId.values()];
    if (fresh.length > 0) await memory.addNotes(fresh, { ns, reason: "written by agent" });
    emitTrace(trace, config, o.name ?? "write_notes", "memory-write", shownNs(ns), { kind: "note", ids, written: fresh.length });
    return { [o.to]: ids };
  };
}

/** Same text, same note: `note-` and 32 hex digits of the text's SHA-256. */
function noteId(text: string): string {
  return `note-${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}
