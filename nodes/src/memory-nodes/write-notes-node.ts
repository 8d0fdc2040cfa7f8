import { z } from "zod";
import { parseInput, type NoteInput } from "@hippograph/memory";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitTrace } from "../trace/emit.js";
import { baseOptionsSchema, channelSchema, requireMemory, resolveNs, shownNs, type AnyState, type NodeRuntime, type StateUpdate } from "./node-options.js";

const optionsSchema = baseOptionsSchema.extend({
  from: channelSchema.default("notes"),
  to: channelSchema.default("written"),
  /** Tags added to every note this node writes (e.g. the agent's name). */
  tags: z.array(z.string().max(128)).max(16).default([]),
}).strict();

export type WriteNotesNodeOptions = z.input<typeof optionsSchema> & NodeRuntime;

/** Writes the notes in a channel (strings or `{ text, tags?, keywords? }`) as memory notes. */
export function writeNotesNode(options: WriteNotesNodeOptions) {
  const { memory, trace } = requireMemory(options, "writeNotesNode");
  const { memory: _m, trace: _t, ...rest } = options;
  const o = parseInput(optionsSchema, rest, "writeNotesNode", "options");
  return async (state: AnyState, config?: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const ns = resolveNs(o.ns, config);
    const raw: unknown[] = Array.isArray(state[o.from]) ? state[o.from] : state[o.from] ? [state[o.from]] : [];
    const notes: NoteInput[] = raw.map((n) => (typeof n === "string" ? { text: n } : (n as NoteInput)))
      .map((n) => ({ ...n, tags: [...(n.tags ?? []), ...o.tags] }));
    if (notes.length === 0) return {};
    const written = await memory.addNotes(notes, { ns, reason: "written by agent" });
    const ids = written.map((n) => n.id);
    emitTrace(trace, config, o.name ?? "write_notes", "memory-write", shownNs(ns), { kind: "note", ids });
    return { [o.to]: ids };
  };
}
