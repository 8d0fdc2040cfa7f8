/** Readers for the formats memories are loaded from; shared by the CLI and the benchmarks. */
export {
  scanEpisodesJsonl, validateEpisodesJsonl, readEpisodesJsonl, episodeBatchesJsonl, episodeSchema, DEFAULT_MAX_ERRORS,
  type JsonlOptions, type JsonlEpisode, type JsonlEntry,
} from "./jsonl-episodes.js";
export {
  parseLocomo, readLocomo, locomoEpisodeId, locomoSchema, parseLocomoDate, cleanEvidence,
  type LocomoConversation, type LocomoQuestion,
} from "./locomo.js";
export { detectFormat, type IngestFormat } from "./detect-format.js";
