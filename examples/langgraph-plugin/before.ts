// A plain LangGraph ReAct app, written as a LangGraph user would. after.ts is the same app with Hippograph memory.
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { tool } from "@langchain/core/tools";
import { z } from "zod";

const getWeather = tool(async ({ city }) => `It is sunny and 21°C in ${city}.`, {
  name: "get_weather",
  description: "Current weather in a city.",
  schema: z.object({ city: z.string() }),
});

export async function buildApp(model: BaseChatModel) {
  const tools = [getWeather];
  const llm = model.bindTools!(tools);
  const callModel = async (state: typeof MessagesAnnotation.State) => ({ messages: [await llm.invoke(state.messages)] });
  return new StateGraph(MessagesAnnotation)
    .addNode("agent", callModel)
    .addNode("tools", new ToolNode(tools))
    .addEdge(START, "agent")
    .addConditionalEdges("agent", toolsCondition, ["tools", END])
    .addEdge("tools", "agent")
    .compile();
}
