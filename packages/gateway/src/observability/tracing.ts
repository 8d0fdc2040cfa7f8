/**
 * OpenTelemetry spans through @opentelemetry/api: a no-op unless the application registers a tracer provider,
 * so the gateway never forces an SDK on anyone. One span per request, attributes after GenAI conventions.
 */
import { SpanStatusCode, trace, type Span } from "@opentelemetry/api";

const tracer = trace.getTracer("@hippograph/gateway", "0.1.0");

export function startRequestSpan(operation: string, model: string): Span {
  return tracer.startSpan(`gateway ${operation}`, { attributes: { "gen_ai.operation.name": operation, "gen_ai.request.model": model } });
}

export function endSpan(span: Span, status: number, replica: string | undefined, usage?: { prompt_tokens?: number; completion_tokens?: number }): void {
  if (!span.isRecording()) return span.end();
  span.setAttribute("http.response.status_code", status);
  if (replica) span.setAttribute("server.address", replica);
  if (usage?.prompt_tokens !== undefined) span.setAttribute("gen_ai.usage.input_tokens", usage.prompt_tokens);
  if (usage?.completion_tokens !== undefined) span.setAttribute("gen_ai.usage.output_tokens", usage.completion_tokens);
  if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
