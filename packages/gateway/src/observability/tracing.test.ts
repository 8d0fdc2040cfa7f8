/** Spans reach whatever tracer provider the application registers (none registered: a no-op). */
import { afterAll, describe, expect, it } from "vitest";
import { trace, type Span, type Tracer, type TracerProvider } from "@opentelemetry/api";
import { chatCompletion } from "../testing/scripted-upstream.js";
import { chatConfig } from "../testing/config.js";
import { chatBody, harness, post } from "../testing/harness.js";

const h = harness();
afterAll(async () => {
  trace.disable();
  await h.closeAll();
});

interface Recorded { name: string; attributes: Record<string, unknown>; ended: boolean }

function recordingProvider(spans: Recorded[]): TracerProvider {
  const tracer = {
    startSpan(name: string, options?: { attributes?: Record<string, unknown> }): Span {
      const rec: Recorded = { name, attributes: { ...options?.attributes }, ended: false };
      spans.push(rec);
      const span = {
        isRecording: () => true,
        setAttribute: (k: string, v: unknown) => ((rec.attributes[k] = v), span),
        setStatus: () => span,
        end: () => void (rec.ended = true),
      };
      return span as unknown as Span;
    },
  } as unknown as Tracer;
  return { getTracer: () => tracer };
}

describe("OpenTelemetry", () => {
  it("one span per request with model, replica, status and token usage", async () => {
    const spans: Recorded[] = [];
    trace.setGlobalTracerProvider(recordingProvider(spans));
    const u = await h.upstream(() => ({ json: chatCompletion("x") }));
    const g = h.gateway(chatConfig([u.url]));
    await post(g, "/v1/chat/completions", chatBody());
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ name: "gateway chat", ended: true, attributes: {
      "gen_ai.request.model": "m", "server.address": "r0", "http.response.status_code": 200, "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 3,
    } });
  });
});
