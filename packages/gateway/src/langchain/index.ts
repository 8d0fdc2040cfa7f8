/** `@hippograph/gateway/langchain`: LangChain adapters that call a gateway in-process. */
export { GatewayChatModel, type GatewayChatModelFields, type GatewayChatModelCallOptions } from "./chat-model.js";
export { GatewayEmbeddings, type GatewayEmbeddingsFields } from "./embeddings.js";
