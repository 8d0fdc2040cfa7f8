import type { StructuredChatModel } from "../../ports/chat-model.js";
import type { CandidateView, LinkDecider, NoteView } from "./link-decision.js";

const SYSTEM = `You maintain a Zettelkasten of atomic notes. A new note arrives with candidate neighbours.
Decide which candidates the new note should link to (genuinely related, not merely similar in wording),
and how linked neighbours should evolve: an updated one-sentence context and tags that reflect the new
connection. Refer to notes ONLY by the ids given. Never refer to a note by its position in the list.
Only update notes from the candidate list. Return JSON matching the schema.`;

/**
 * A-MEM's link-and-evolve decision by an LLM (one structured call per note), with the candidate ids
 * as an enum in the JSON Schema so constrained decoding cannot even produce a foreign id. The output
 * is still validated by the caller: not every server enforces the schema.
 */
export function llmDecider(model: StructuredChatModel): LinkDecider {
  return {
    id: `llm:${model.id}`,
    async decide({ note, candidates }: { note: NoteView; candidates: readonly CandidateView[] }, options?: { signal?: AbortSignal }) {
      const ids = candidates.map((c) => c.id);
      const idSchema = ids.length > 0 ? { type: "string", enum: ids } : { type: "string" };
      const schema = {
        type: "object",
        additionalProperties: false,
        required: ["links", "updates"],
        properties: {
          links: { type: "array", items: idSchema },
          updates: {
            type: "array",
            items: {
              type: "object", additionalProperties: false, required: ["id"],
              properties: { id: idSchema, context: { type: "string" }, tags: { type: "array", items: { type: "string" } }, keywords: { type: "array", items: { type: "string" } } },
            },
          },
          note: { type: "object", additionalProperties: false, properties: { context: { type: "string" }, tags: { type: "array", items: { type: "string" } } } },
        },
      };
      return model.complete({ name: "zettel_link_decision", system: SYSTEM, user: render(note, candidates), schema, maxTokens: 800 }, options);
    },
  };
}

function render(note: NoteView, candidates: readonly CandidateView[]): string {
  const line = (n: NoteView) => `content: ${n.text}\n  keywords: ${n.keywords.join(", ")}\n  tags: ${n.tags.join(", ")}\n  context: ${n.context}`;
  const shown = candidates.map((c) => `- id: ${c.id} (similarity ${c.similarity.toFixed(2)})\n  ${line(c)}`).join("\n");
  return `New note:\n  ${line(note)}\n\nCandidates:\n${shown || "(none)"}`;
}
