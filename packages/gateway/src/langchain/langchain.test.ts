/** The LangChain adapters against a gateway in-process: invoke, stream, tools, usage, embeddings. */
import { afterEach, describe, expect, it } from "vitest";
import { HumanMessage } from "@langchain/core/messages";
import { chatChunks, chatCompletion } from "../testing/scripted-upstream.js";
import { chatConfig } from "../testing/config.js";
import { harness } from "../testing/harness.js";
import { GatewayChatModel, GatewayEmbeddings } from "./index.js";

const h = harness();
afterEach(h.closeAll);

describe("LangChain adapters", () => {
  it("invoke: content, usage with cached tokens, tools sent in OpenAI format", async () => {
    const u = await h.upstream(() => ({ json: chatCompletion("bonjour", { cached: 5 }) }));
    const g = h.gateway(chatConfig([u.url]));
    const model = new GatewayChatModel({ gateway: g, model: "m", temperature: 0.2 });
    const tool = { type: "function", function: { name: "lookup", description: "find", parameters: { type: "object", properties: {} } } };
    const msg = await model.bindTools([tool]).invoke([new HumanMessage("hello")]);
    expect(msg.content).toBe("bonjour");
    expect(msg.usage_metadata).toMatchObject({ input_tokens: 10, output_tokens: 3, input_token_details: { cache_read: 5 } });
    expect(u.requests[0]!.body["tools"]).toEqual([tool]);
    expect(u.requests[0]!.body["messages"]).toEqual([{ role: "user", content: "hello" }]);
  });

  it("stream: tokens in order, tool calls parsed", async () => {
    const u = await h.upstream((req) => {
      if ((req.body["messages"] as unknown[]).length === 1) return { sse: chatChunks(["a", "b", "c"]) };
      return { json: { ...chatCompletion(""), choices: [{ index: 0, finish_reason: "tool_calls", message: { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: '{"x":1}' } }] } }] } };
    });
    const g = h.gateway(chatConfig([u.url]));
    const model = new GatewayChatModel({ gateway: g, model: "m" });
    let text = "";
    for await (const chunk of await model.stream([new HumanMessage("hi")])) text += String(chunk.content);
    expect(text).toBe("abc");
    const called = await model.invoke([new HumanMessage("hi"), new HumanMessage("again")]);
    expect(called.tool_calls).toEqual([{ id: "c1", name: "f", args: { x: 1 }, type: "tool_call" }]);
  });

  it("embeddings: queries and documents", async () => {
    const u = await h.upstream((req) => {
      const input = req.body["input"];
      const inputs = Array.isArray(input) ? (input as string[]) : [input as string];
      return { json: { object: "list", data: inputs.map((s, index) => ({ object: "embedding", index, embedding: [s.length] })), usage: { prompt_tokens: 1, total_tokens: 1 } } };
    });
    const g = h.gateway({ upstreams: [{ id: "e", url: u.url }], models: [{ name: "emb", type: "embedding", targets: [{ upstreams: ["e"] }] }] });
    const e = new GatewayEmbeddings({ gateway: g, model: "emb" });
    expect(await e.embedQuery("abcd")).toEqual([4]);
    expect(await e.embedDocuments(["a", "bb", "ccc"])).toEqual([[1], [2], [3]]);
    const qs = await Promise.all(["x", "yy", "zzz"].map((q) => e.embedQuery(q)));
    expect(qs).toEqual([[1], [2], [3]]);
  });
});
