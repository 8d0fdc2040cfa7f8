/**
 * Turns text into vectors. The hash embedder needs no model; the OpenAI-compatible client reaches
 * vLLM, TEI, Ollama or OpenAI. `id` names the model and its dimensions: a database remembers the
 * embedder it was built with and refuses to mix vectors from another.
 */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}
