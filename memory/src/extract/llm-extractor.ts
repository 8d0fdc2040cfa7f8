/**
 * Extraction by an LLM: ONE structured call per batch of items (Graphiti's users pay for a call per
 * message — design/anchors.md), validated as a whole. Any defect — unknown, missing or repeated ids, a
 * wrong type, an unparseable date, a truncated or non-JSON answer — rejects the WHOLE batch; a partial
 * result is never returned. A rejected batch then goes to the fallback extractor, or fails the call.
 */
import { z } from "zod";
import { type Issue, ValidationError } from "../errors.js";
import { formatPath, parseInput } from "../model/validate.js";
import type { StructuredChatModel } from "../ports/chat-model.js";
import type { ExtractedDate, ExtractedEntity, Extraction, ExtractionInput, Extractor } from "../ports/extractor.js";
import { DATE_WORDS } from "./date-words.js";
import { entityKey } from "./entity-key.js";
import {
  EXTRACTION_JSON_SCHEMA, EXTRACTION_SYSTEM_PROMPT, type ExtractionAnswer, extractionAnswerSchema, extractionUserPrompt, parseIsoDate,
} from "./llm-extraction-contract.js";

export type ExtractionEventType = "extraction-rejected" | "extraction-fallback";

export interface LlmExtractorOptions {
  model: StructuredChatModel;
  /** Used for a rejected batch when `onFailure` is "fallback" (usually `ruleBasedExtractor()`). */
  fallback?: Extractor;
  /** Default "fallback" when a fallback is given, else "fail". */
  onFailure?: "fallback" | "fail";
  /** Items per model call (default 20). */
  batchSize?: number;
  /** Output-token budget per item (default 400); the request asks for batch size × this. */
  maxTokensPerItem?: number;
  /** Most keywords kept per item (default 8). */
  maxKeywords?: number;
  /** Why a batch was rejected and what happened next; the lead wires this into trace events. */
  onEvent?: (type: ExtractionEventType, data: Record<string, unknown>) => void;
}

const fn = <T>() => z.custom<T>((v) => typeof v === "function", "must be a function");
const optionsSchema = z.strictObject({
  model: z.custom<StructuredChatModel>((v) => typeof (v as StructuredChatModel | undefined)?.complete === "function", "must be a StructuredChatModel"),
  fallback: z.custom<Extractor>((v) => typeof (v as Extractor | undefined)?.extract === "function", "must be an Extractor").optional(),
  onFailure: z.enum(["fallback", "fail"]).optional(),
  batchSize: z.number().int().min(1).max(200).default(20),
  maxTokensPerItem: z.number().int().min(16).default(400),
  maxKeywords: z.number().int().min(0).max(100).default(8),
  onEvent: fn<NonNullable<LlmExtractorOptions["onEvent"]>>().optional(),
});

export function llmExtractor(options: LlmExtractorOptions): Extractor {
  const opts = parseInput(optionsSchema, options, "llmExtractor");
  const onFailure = opts.onFailure ?? (opts.fallback ? "fallback" : "fail");
  if (onFailure === "fallback" && !opts.fallback) {
    throw new ValidationError([{ path: "fallback", message: 'is required when onFailure is "fallback"' }], "llmExtractor");
  }
  const emit = (type: ExtractionEventType, data: Record<string, unknown>) => opts.onEvent?.(type, data);

  async function batch(items: readonly ExtractionInput[], signal: AbortSignal | undefined): Promise<Extraction[]> {
    try {
      const answer = await opts.model.complete(
        {
          name: "extraction",
          system: EXTRACTION_SYSTEM_PROMPT,
          user: extractionUserPrompt(items),
          schema: EXTRACTION_JSON_SCHEMA,
          maxTokens: opts.maxTokensPerItem * items.length,
        },
        signal ? { signal } : {},
      );
      return toExtractions(items, answer, opts.maxKeywords);
    } catch (err) {
      // The caller's abort is not the model's failure: no fallback, no event.
      if (signal?.aborted) throw signal.reason;
      const reason = reasonOf(err);
      emit("extraction-rejected", {
        model: opts.model.id,
        ids: items.map((i) => i.id),
        reason,
        message: err instanceof Error ? err.message : String(err),
        ...(err instanceof ValidationError ? { issues: err.issues.slice(0, 10) } : {}),
      });
      if (onFailure === "fail" || !opts.fallback) throw err;
      emit("extraction-fallback", { model: opts.model.id, fallback: opts.fallback.id, ids: items.map((i) => i.id), reason });
      return opts.fallback.extract(items, signal ? { signal } : {});
    }
  }

  return {
    id: `llm:${opts.model.id}`,
    async extract(items, extractOptions) {
      const signal = extractOptions?.signal;
      signal?.throwIfAborted();
      const out: Extraction[] = [];
      // Batches run one after another: a local model serves one at a time, and order stays simple.
      for (let i = 0; i < items.length; i += opts.batchSize) out.push(...(await batch(items.slice(i, i + opts.batchSize), signal)));
      return out;
    },
  };
}

function reasonOf(err: unknown): string {
  const reason = (err as { reason?: unknown } | undefined)?.reason;
  if (typeof reason === "string") return reason;
  return err instanceof ValidationError ? "invalid-output" : "error";
}

/** Validate the whole answer against the batch; any issue rejects all of it. */
function toExtractions(items: readonly ExtractionInput[], answer: unknown, maxKeywords: number): Extraction[] {
  const parsed = extractionAnswerSchema.safeParse(answer);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ path: formatPath(i.path) || "(root)", message: i.message })),
      "model output",
    );
  }
  const issues: Issue[] = [];
  const byId = new Map<string, ExtractionAnswer["items"][number]>();
  const wanted = new Set(items.map((i) => i.id));
  parsed.data.items.forEach((item, n) => {
    if (!wanted.has(item.id)) issues.push({ path: `items[${n}].id`, message: `unknown id ${JSON.stringify(item.id)}` });
    else if (byId.has(item.id)) issues.push({ path: `items[${n}].id`, message: `repeated id ${JSON.stringify(item.id)}` });
    else byId.set(item.id, item);
  });
  for (const id of wanted) if (!byId.has(id)) issues.push({ path: "items", message: `missing id ${JSON.stringify(id)}` });
  const speakers = new Set(items.flatMap((i) => (i.speaker ? [entityKey(i.speaker)] : [])));
  const out = items.map((input) => {
    const item = byId.get(input.id);
    return item ? toExtraction(input.id, item, parsed.data.items.indexOf(item), speakers, maxKeywords, issues) : undefined;
  });
  if (issues.length > 0) throw new ValidationError(issues, "model output");
  return out as Extraction[];
}

function toExtraction(
  id: string,
  item: ExtractionAnswer["items"][number],
  n: number,
  speakers: ReadonlySet<string>,
  maxKeywords: number,
  issues: Issue[],
): Extraction {
  const entities: ExtractedEntity[] = [];
  item.entities.forEach((e, j) => {
    const key = entityKey(e.name);
    if (!key) issues.push({ path: `items[${n}].entities[${j}].name`, message: "has no letters or digits" });
    else if (!entities.some((x) => x.key === key)) entities.push({ name: e.name.trim(), key, type: e.type });
  });
  const dates: ExtractedDate[] = [];
  item.dates.forEach((d, j) => {
    const resolved = parseIsoDate(d.iso);
    if (!resolved) issues.push({ path: `items[${n}].dates[${j}].iso`, message: `unparseable date ${JSON.stringify(d.iso)}` });
    else dates.push({ text: d.text, ...resolved });
  });
  const keys = new Set([...entities.map((e) => e.key), ...speakers]);
  // Endpoints share the rule-based extractor's canonical keys, so both extractors' graphs join up.
  const endpoint = (s: string) => (keys.has(entityKey(s)) ? entityKey(s) : s.trim().toLowerCase());
  // A-MEM's rule, enforced rather than trusted: no speaker names, no dates among the keywords.
  const dateTexts = new Set(dates.map((d) => d.text.trim().toLowerCase()));
  const keywords = unique(item.keywords.map((k) => k.trim().toLowerCase()))
    .filter((k) => !speakers.has(entityKey(k)) && !dateTexts.has(k) && !k.split(/\s+/).every((w) => DATE_WORDS.has(w)))
    .slice(0, maxKeywords);
  return {
    id,
    entities,
    keywords,
    dates,
    nounPhrases: unique(item.nounPhrases.map((p) => p.trim().toLowerCase())),
    relations: item.relations.map((r) => ({ subject: endpoint(r.subject), predicate: r.predicate.trim().toLowerCase(), object: endpoint(r.object) })),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
