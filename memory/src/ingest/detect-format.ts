import { open, readFile } from "node:fs/promises";
import { extname } from "node:path";

export type IngestFormat = "locomo" | "jsonl";

/**
 * Which reader a file needs. `.jsonl`/`.ndjson`, or a first non-blank `{`, means JSON Lines without
 * reading further (those files can be huge). A JSON array whose items have `conversation` or `qa`
 * is LoCoMo; either key is enough, so a LoCoMo file with a broken item still gets LoCoMo's error
 * messages instead of "line 1 is not an episode".
 */
export async function detectFormat(path: string): Promise<IngestFormat> {
  const ext = extname(path).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  const first = await firstNonBlankChar(path);
  if (first !== "[") return "jsonl";
  let data: unknown;
  try {
    data = JSON.parse((await readFile(path, "utf8")).replace(/^\uFEFF/, "")); // a BOM is not JSON, but editors write it
  } catch {
    return "jsonl"; // not JSON at all: the JSONL reader reports the line and the parser's message
  }
  const looksLikeSample = (item: unknown) => typeof item === "object" && item !== null && ("conversation" in item || "qa" in item);
  return Array.isArray(data) && data.length > 0 && data.every(looksLikeSample) ? "locomo" : "jsonl";
}

async function firstNonBlankChar(path: string): Promise<string | undefined> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(4096);
    for (let position = 0; ; ) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return undefined;
      const text = buffer.subarray(0, bytesRead).toString("latin1").replace(/^\uFEFF|^\xEF\xBB\xBF/, "");
      const match = /\S/.exec(text);
      if (match) return match[0];
      position += bytesRead;
    }
  } finally {
    await file.close();
  }
}
