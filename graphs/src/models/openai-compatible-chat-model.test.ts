import { describe, expect, it } from "vitest";
import { HumanMessage, SystemMessage, type AIMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { OpenAICompatibleChatModel } from "./openai-compatible-chat-model.js";
import { modelFromEnv } from "./model-from-env.js";
import { ScriptedChatModel } from "./scripted-chat-model.js";

/** A scripted HTTP double of /v1/chat/completions that records what it was sent. */
function fakeEndpoint(replies: unknown[]) {
  const requests: { url: string; body: Record<string, unknown>; auth: string | null }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    requests.push({ url, body: JSON.parse(String(init.body)), auth: new Headers(init.headers).get("authorization") });
    return new Response(JSON.stringify({ choices: [{ message: replies.shift() }] }), { status: 200 });
  }) as unknown as typeof fetch;
  return { requests, fetchFn };
}

describe("OpenAICompatibleChatModel", () => {
  it("sends messages and bound tools, and reads tool calls back", async () => {
    const { requests, fetchFn } = fakeEndpoint([
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Lisbon"}' } }] },
    ]);
    const weather = tool(async () => "sunny", { name: "get_weather", description: "weather", schema: z.object({ city: z.string() }) });
    const model = new OpenAICompatibleChatModel({ baseURL: "http://llm.test/v1/", model: "m1", apiKey: "k", fetch: fetchFn }).bindTools([weather]);
    const reply = (await model.invoke([new SystemMessage("be brief"), new HumanMessage("weather?")])) as AIMessage;
    expect(reply.tool_calls).toEqual([expect.objectContaining({ id: "c1", name: "get_weather", args: { city: "Lisbon" } })]);
    expect(requests[0]!.url).toBe("http://llm.test/v1/chat/completions");
    expect(requests[0]!.auth).toBe("Bearer k");
    expect(requests[0]!.body.messages).toEqual([{ role: "system", content: "be brief" }, { role: "user", content: "weather?" }]);
    expect((requests[0]!.body.tools as { function: { name: string } }[])[0]!.function.name).toBe("get_weather");
  });

  it("HTTP errors are errors, with the status", async () => {
    const fetchFn = (async () => new Response("overloaded", { status: 503 })) as unknown as typeof fetch;
    const model = new OpenAICompatibleChatModel({ baseURL: "http://llm.test/v1", model: "m", fetch: fetchFn, maxRetries: 0 });
    await expect(model.invoke("hi")).rejects.toThrow(/503/);
  });

  it("modelFromEnv picks the endpoint only when OPENAI_BASE_URL is set", () => {
    const offline = new ScriptedChatModel([]);
    expect(modelFromEnv(offline, {})).toBe(offline);
    expect(modelFromEnv(offline, { OPENAI_BASE_URL: "http://x/v1" })).toBeInstanceOf(OpenAICompatibleChatModel);
  });
});
