import { describe, expect, it } from "vitest";
import { HumanMessage, SystemMessage, ToolMessage, type AIMessage } from "@langchain/core/messages";
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

  it("HTTP errors are model failures with the status; a 5xx is retried, a 4xx is not", async () => {
    const answers = [new Response("overloaded", { status: 503 }), new Response(JSON.stringify({ choices: [{ message: { role: "assistant", content: "hi" } }] }))];
    let calls = 0;
    const flaky = (async () => (calls++, answers.shift() ?? new Response("gone", { status: 503 }))) as unknown as typeof fetch;
    const retried = new OpenAICompatibleChatModel({ baseURL: "http://llm.test/v1", model: "m", fetch: flaky, maxRetries: 1 });
    expect(((await retried.invoke("hi")) as AIMessage).content).toBe("hi");
    expect(calls).toBe(2);
    calls = 0;
    const refused = (async () => (calls++, new Response("invalid api key", { status: 401 }))) as unknown as typeof fetch;
    const model = new OpenAICompatibleChatModel({ baseURL: "http://llm.test/v1", model: "m", fetch: refused, maxRetries: 3 });
    await expect(model.invoke("hi")).rejects.toMatchObject({ code: "MODEL", status: 401, message: expect.stringContaining("HTTP 401") });
    expect(calls).toBe(1);
  });

  it("an answer off the contract, an unreachable server or a timeout is a model failure, never a TypeError", async () => {
    const answering = (body: string) => (async () => new Response(body)) as unknown as typeof fetch;
    const make = (fetchFn: typeof fetch, extra = {}) => new OpenAICompatibleChatModel({ baseURL: "http://llm.test/v1", model: "m", fetch: fetchFn, maxRetries: 0, ...extra });
    await expect(make(answering("<html>oops</html>")).invoke("hi")).rejects.toMatchObject({ code: "MODEL", message: expect.stringContaining("not JSON") });
    await expect(make(answering("{}")).invoke("hi")).rejects.toMatchObject({ code: "MODEL", message: expect.stringContaining("choices[0].message") });
    await expect(make(answering(JSON.stringify({ choices: [{ message: { content: null, tool_calls: [{ id: "c", type: "function" }] } }] }))).invoke("hi"))
      .rejects.toMatchObject({ code: "MODEL", message: expect.stringContaining("tool_calls[0].function.name") });
    const down = (async () => { throw new TypeError("fetch failed"); }) as unknown as typeof fetch;
    await expect(make(down).invoke("hi")).rejects.toMatchObject({ code: "MODEL", message: expect.stringContaining("cannot reach") });
    const silent = ((_url: string, init: RequestInit) => new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    await expect(make(silent, { timeoutMs: 30 }).invoke("hi")).rejects.toMatchObject({ code: "MODEL", message: expect.stringContaining("within 30 ms") });
  });

  it("gives a tool call the server left without an id one, so the tool's answer can name it", async () => {
    const { requests, fetchFn } = fakeEndpoint([
      { role: "assistant", content: null, tool_calls: [{ type: "function", function: { name: "get_weather", arguments: "{}" } }] },
      { role: "assistant", content: "sunny" },
    ]);
    const model = new OpenAICompatibleChatModel({ baseURL: "http://llm.test/v1", model: "m", fetch: fetchFn });
    const call = (await model.invoke("weather?")) as AIMessage;
    const id = call.tool_calls![0]!.id!;
    expect(id).toMatch(/^call_0_/);
    await model.invoke([new HumanMessage("weather?"), call, new ToolMessage({ content: "sunny", tool_call_id: id })]);
    const sent = requests[1]!.body.messages as { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[];
    expect(sent[1]!.tool_calls![0]!.id).toBe(id);
    expect(sent[2]!.tool_call_id).toBe(id);
  });

  it("modelFromEnv picks the endpoint only when OPENAI_BASE_URL is set", () => {
    const offline = new ScriptedChatModel([]);
    expect(modelFromEnv(offline, {})).toBe(offline);
    expect(modelFromEnv(offline, { OPENAI_BASE_URL: "http://x/v1" })).toBeInstanceOf(OpenAICompatibleChatModel);
  });
});
