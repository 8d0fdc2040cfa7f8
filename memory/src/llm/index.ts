/** Model clients memory uses through its ports (StructuredChatModel). */
export { openAIChatModel, type OpenAIChatModel, type OpenAIChatModelOptions, type ChatCallInfo } from "./openai-chat-model.js";
export { isModelFailure, modelFailure, type ModelFailure, type ModelFailureReason } from "./model-failure.js";
