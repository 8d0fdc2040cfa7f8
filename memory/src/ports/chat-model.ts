/**
 * The smallest model surface memory needs: one structured completion, constrained by a JSON Schema
 * (OpenAI `response_format: json_schema`, vLLM guided decoding). Output is returned unparsed-safe:
 * the caller validates it against its own Zod schema and rejects anything off-contract.
 */
export interface StructuredChatModel {
  readonly id: string;
  complete(request: StructuredRequest, options?: { signal?: AbortSignal }): Promise<unknown>;
}

export interface StructuredRequest {
  /** Names the schema (OpenAI requires one); also used in trace events. */
  name: string;
  system: string;
  user: string;
  /** JSON Schema of the expected output object. */
  schema: Record<string, unknown>;
  maxTokens?: number;
}
