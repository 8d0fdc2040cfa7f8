/**
 * Deterministic token approximation for the vLLM emulator: one token per whitespace-separated word, plus one
 * marker token per chat message (`<|role|>`) and a generation marker (`<|assistant|>`). The rendering is
 * prefix-stable: the prompt of turn n+1 of a conversation starts with the tokens of turn n's prompt followed by
 * turn n's answer, exactly as a chat template renders it for vLLM, so prefix caching behaves the same way.
 */

export const BLOCK_TOKENS = 16;

export interface ChatMessageLike {
  role?: unknown;
  content?: unknown;
}

export function words(text: string): string[] {
  const out: string[] = [];
  for (const w of text.split(/\s+/)) if (w.length > 0) out.push(w);
  return out;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part !== null && typeof part === "object" && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : ""))
      .join(" ");
  }
  return "";
}

/** Tokens of a chat prompt rendered with the generation marker at the end. */
export function chatTokens(messages: readonly ChatMessageLike[]): string[] {
  const out: string[] = [];
  for (const m of messages) {
    out.push(`<|${typeof m.role === "string" ? m.role : "user"}|>`);
    for (const w of words(contentText(m.content))) out.push(w);
  }
  out.push("<|assistant|>");
  return out;
}

/** Tokens of a completions prompt (string or string[] joined). */
export function promptTokens(prompt: unknown): string[] {
  if (typeof prompt === "string") return words(prompt);
  if (Array.isArray(prompt)) return prompt.flatMap((p) => (typeof p === "string" ? words(p) : Array.isArray(p) ? p.map(String) : []));
  return [];
}

/** cyrb53: a fast 53-bit string hash. */
export function hash53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Chained hashes of the full 16-token blocks of `tokens`: block i's hash covers blocks 0..i. */
export function blockHashes(tokens: readonly string[], limit = Infinity): number[] {
  const out: number[] = [];
  let parent = 0;
  const full = Math.min(Math.floor(tokens.length / BLOCK_TOKENS), limit);
  for (let b = 0; b < full; b++) {
    const text = tokens.slice(b * BLOCK_TOKENS, (b + 1) * BLOCK_TOKENS).join("\u0001");
    parent = hash53(text, (parent % 4294967296) ^ Math.floor(parent / 4294967296));
    out.push(parent);
  }
  return out;
}

const VOCAB = ["the", "model", "answer", "is", "a", "graph", "memory", "of", "and", "to", "in", "that", "it", "we", "can", "see", "node", "edge", "time", "fact"];

/** Deterministic answer words for a prompt (depends only on the prompt's hash and the count). */
export function answerWords(seed: number, count: number): string[] {
  const out: string[] = new Array<string>(count);
  let x = seed % 2147483647 || 1;
  for (let i = 0; i < count; i++) {
    x = (x * 48271) % 2147483647;
    out[i] = VOCAB[x % VOCAB.length]!;
  }
  return out;
}

/** All `[[tag]]` markers in a raw request body: how tests identify their requests at the emulator. */
export function tagsOf(raw: string): string[] {
  const out: string[] = [];
  for (const m of raw.matchAll(/\[\[([A-Za-z0-9_.:-]{1,64})\]\]/g)) out.push(m[1]!);
  return out;
}
