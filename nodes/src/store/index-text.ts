/**
 * The text a stored value is searched by. `fields` are LangGraph index paths, with the forms
 * InMemoryStore reads (its reader is not exported, so this mirrors it): "title", "meta.author",
 * "chapters[*].content", "tags[0]", "tags[-1]", "meta.*" (every value of an object or array),
 * "{title,meta.author}" (several fields). Where a path ends on an object or array, its string,
 * number and boolean leaves are the text; "$" is the whole value read that way. InMemoryStore embeds
 * JSON there instead, but BM25 should match words, not braces and key names.
 */
export function indexText(value: Record<string, unknown>, fields: readonly string[], maxChars: number): string | null {
  const parts = fields.flatMap((f) => (f === "$" ? leaves(value) : atPath(value, tokens(f))));
  const text = parts.filter((p) => p.trim().length > 0).join("\n");
  return text.length === 0 ? null : text.slice(0, maxChars);
}

/** "a.b[0].{c,d.e}" → ["a", "b", "[0]", "{c,d.e}"]: dots split outside brackets and braces. */
function tokens(path: string): string[] {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  for (const char of path) {
    if (depth === 0 && (char === "[" || char === "{") && current) {
      out.push(current);
      current = "";
    }
    if (char === "[" || char === "{") depth++;
    if (char === "]" || char === "}") depth--;
    if (depth === 0 && char === ".") {
      if (current) out.push(current);
      current = "";
      continue;
    }
    current += char;
    if (depth === 0 && (char === "]" || char === "}")) {
      out.push(current);
      current = "";
    }
  }
  if (current) out.push(current);
  return out;
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
  if (value === null || typeof value !== "object") return [];
  if (head === "*") return Object.values(value).flatMap((v) => atPath(v, rest));
  const fields = /^\{(.*)\}$/.exec(head);
  if (fields) return fields[1]!.split(",").flatMap((f) => atPath(value, [...tokens(f.trim()), ...rest]));
  if (Array.isArray(value) || !(head in value)) return [];
  return atPath((value as Record<string, unknown>)[head], rest);
}

function leaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === "object") return Object.values(value).flatMap(leaves);
  return [];
}
