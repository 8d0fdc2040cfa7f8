/**
 * The text a stored value is searched by. `fields` are LangGraph index paths ("title", "chapters[*].content",
 * "tags[0]"); "$" means the whole value. Unlike InMemoryStore (which embeds JSON), "$" yields the value's
 * string leaves: BM25 should match words, not braces and key names.
 */
export function indexText(value: Record<string, unknown>, fields: readonly string[], maxChars: number): string | null {
  const parts = fields.flatMap((f) => (f === "$" ? leaves(value) : atPath(value, tokens(f))));
  const text = parts.filter((p) => p.trim().length > 0).join("\n");
  return text.length === 0 ? null : text.slice(0, maxChars);
}

function tokens(path: string): string[] {
  return path.split(/\.|(?=\[)/).filter((t) => t.length > 0);
}

function atPath(value: unknown, path: readonly string[]): string[] {
  if (path.length === 0) return leaves(value);
  const [head, ...rest] = path as [string, ...string[]];
  const index = /^\[(\*|-?\d+)\]$/.exec(head);
  if (index) {
    if (!Array.isArray(value)) return [];
    if (index[1] === "*") return value.flatMap((v) => atPath(v, rest));
    const i = Number(index[1]);
    const item = value[i < 0 ? value.length + i : i];
    return item === undefined ? [] : atPath(item, rest);
  }
  if (value === null || typeof value !== "object" || !(head in value)) return [];
  return atPath((value as Record<string, unknown>)[head], rest);
}

function leaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === "object") return Object.values(value).flatMap(leaves);
  return [];
}
