/**
 * @hippograph/memory — the typed memory graph, its store ports, the embedded backend,
 * embedders and the Memory facade.
 */
export * from "./errors.js";
export * from "./model/kinds.js";
export * from "./model/namespace.js";
export * from "./model/provenance.js";
export * from "./model/time.js";
export * from "./model/ids.js";
export type * from "./model/node.js";
export type * from "./model/edge.js";
export type * from "./model/version.js";
export type * from "./ports/graph-store.js";
export type * from "./ports/vector-store.js";
export type * from "./ports/text-index.js";
export type * from "./ports/embedder.js";
export type { MemoryBatch, AtomicCommit } from "./ports/memory-batch.js";
export { hasAtomicCommit } from "./ports/memory-batch.js";
export { EmbeddedStore, openEmbeddedStore, type EmbeddedStoreOptions } from "./store/embedded/embedded-store.js";
export { hashEmbedder, openAIEmbedder, type OpenAIEmbedderOptions } from "./embed/index.js";
export { createMemory, type MemoryOptions } from "./facade/create-memory.js";
export { Memory, type WriteScope } from "./facade/memory.js";
export { DEFAULT_LIMITS, type Limits, type EpisodeInput, type NoteInput, type GraphInput, type NodePatch } from "./facade/inputs.js";
export { reciprocalRankFusion, type FusedHit, type RankedList, type ChannelEvidence } from "./search/rrf.js";
export type { SearchHit, SearchOptions } from "./search/hybrid-search.js";
export { parseInput, formatPath } from "./model/validate.js";
export {
  scanEpisodesJsonl, validateEpisodesJsonl, readEpisodesJsonl, episodeBatchesJsonl, episodeSchema, DEFAULT_MAX_ERRORS,
  parseLocomo, readLocomo, locomoEpisodeId, locomoSchema, parseLocomoDate, cleanEvidence, detectFormat,
  type JsonlOptions, type JsonlEpisode, type JsonlEntry, type LocomoConversation, type LocomoQuestion, type IngestFormat,
} from "./ingest/index.js";
export * from "./structures/hypergraph/index.js";
export * from "./structures/tasks/index.js";
export { STRUCTURES, type StructureName, type IngestReport } from "./facade/ingest-structures.js";
export type { StructureContext } from "./structures/context.js";
export { Zettelkasten, type ZettelNoteInput, type ZettelOptions, type ZettelReport } from "./structures/zettel/zettelkasten.js";
export { thresholdDecider, type ThresholdDeciderOptions } from "./structures/zettel/threshold-decider.js";
export { llmDecider } from "./structures/zettel/llm-decider.js";
export type { LinkDecider, LinkDecision, CandidateView, NoteView, NeighbourUpdate } from "./structures/zettel/link-decision.js";
export { segmentEpisodes, type SegmentEpisode, type SegmentOptions, type Segment } from "./structures/events/segment.js";
export { navigateEvents, type NavigateOptions, type NavigatedEvent } from "./structures/events/navigate.js";
export type * from "./ports/extractor.js";
export type * from "./ports/chat-model.js";
export type { TraceEvent, TraceSink } from "./trace/trace-event.js";
export { RingBufferSink } from "./trace/ring-buffer-sink.js";
export { ruleBasedExtractor, llmExtractor, entityKey, type RuleBasedExtractorOptions, type LlmExtractorOptions, type ExtractionEventType } from "./extract/index.js";
export { openAIChatModel, isModelFailure, modelFailure, type OpenAIChatModel, type OpenAIChatModelOptions, type ChatCallInfo, type ModelFailure, type ModelFailureReason } from "./llm/index.js";
export { DEFAULT_PIPELINE } from "./retrieval/pipeline/default-pipeline.js";
export { DEFAULT_EDGE_WEIGHTS } from "./retrieval/pipeline/default-edge-weights.js";
export { pipelineSchema, SEED_OPS, stepSchema, type PipelineSpec, type StepSpec, type Step } from "./retrieval/pipeline/spec.js";
export { validatePipeline, type ResolvedPipeline, type ResolvedStep } from "./retrieval/pipeline/validate-pipeline.js";
export type { RetrievalResult, RetrievedItem, Reranker, OperatorTrace } from "./retrieval/pipeline/run-pipeline.js";
export type { RetrieveOptions } from "./retrieval/retrieve.js";
export type { ScoredItem, ScoredList, Explanation, PathStep } from "./retrieval/scored.js";
export type { TraversalGraph } from "./ports/traversal.js";
export { spreadActivation, spreadOptionsSchema, type SpreadOptions, type ActivationResult, type ActivationStats } from "./retrieval/activation/spreading-activation.js";
export { forwardPush, pprOptionsSchema, type PprOptions, type PprResult } from "./retrieval/activation/forward-push.js";
export { fuseLists, type FuseOptions } from "./retrieval/fuse/fuse-lists.js";
export { packContext, estimateTokens, type PackedContext, type PackedItem, type PackOptions } from "./retrieval/pack/pack-context.js";
export { traversalOf } from "./retrieval/activation/traversal-of.js";
export { baseLevel } from "./retrieval/activation/base-level.js";
