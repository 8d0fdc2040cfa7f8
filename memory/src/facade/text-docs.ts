import { spokenText, textAttr, type Attrs } from "../model/node.js";
import type { TextDoc } from "../ports/text-index.js";
import { askedOf, IN_REPLY_TO } from "./reply-context.js";

export interface DocSource {
  ns: string;
  id: string;
  kind: string;
  text: string | null;
  attrs: Attrs;
}

/** Reads stored turns a batch does not hold (the questions its replies name). */
export type TurnLookup = (ns: string, ids: readonly string[]) => Promise<readonly DocSource[]>;

/**
 * What the text index sees of each node with text: the text after its speaker's name when it has
 * one — "what did Alice say about the budget" has to match Alice's turns, whose words never name
 * her — then, for a reply, the question sentences of the turn it answers (reply-context.ts), read
 * from `batch` when the same write holds that turn, else through `lookup`. A named turn that no
 * longer exists (erased) adds nothing.
 */
export async function textDocs(nodes: readonly DocSource[], batch: readonly DocSource[], lookup: TurnLookup): Promise<TextDoc[]> {
  const withText = nodes.filter((n) => n.text !== null && n.text.length > 0);
  const turns = new Map(batch.map((n) => [key(n.ns, n.id), n] as const));
  const missing = new Map<string, Set<string>>(); // namespace → ids of named turns not in the batch
  for (const n of withText) {
    const question = textAttr(n.attrs, IN_REPLY_TO);
    if (question === undefined || turns.has(key(n.ns, question))) continue;
    let ids = missing.get(n.ns);
    if (ids === undefined) missing.set(n.ns, (ids = new Set()));
    ids.add(question);
  }
  for (const [ns, ids] of missing) for (const t of await lookup(ns, [...ids])) turns.set(key(t.ns, t.id), t);
  return withText.map((n) => {
    const speaker = textAttr(n.attrs, "speaker");
    const said = speaker && n.text!.startsWith(`${speaker}:`) ? n.text! : spokenText(n.attrs, n.text!);
    const question = textAttr(n.attrs, IN_REPLY_TO);
    const asked = question === undefined ? undefined : askedOf(turns.get(key(n.ns, question))?.text ?? null);
    return { ns: n.ns, id: n.id, kind: n.kind, text: asked ? `${said}\n${asked}` : said };
  });
}

const key = (ns: string, id: string) => `${ns}\u0000${id}`;
