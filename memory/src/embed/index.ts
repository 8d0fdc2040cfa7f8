/** Embedders: the model-free hash embedder and the client for OpenAI-compatible servers. */
export { hashEmbedder, type HashEmbedderOptions } from "./hash-embedder.js";
export { openAIEmbedder, type OpenAIEmbedderOptions } from "./openai-embedder.js";
