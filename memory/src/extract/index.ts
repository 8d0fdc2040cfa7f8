/** Extractors: what a text mentions, rule-based by default or through an LLM. */
export { ruleBasedExtractor, type RuleBasedExtractorOptions } from "./rule-based-extractor.js";
export { llmExtractor, type LlmExtractorOptions, type ExtractionEventType } from "./llm-extractor.js";
export { entityKey } from "./entity-key.js";
