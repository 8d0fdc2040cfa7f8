/** Server-reported load: parsing vLLM/SGLang metrics, and routing that sees other clients' requests. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { chatCompletion, type Script } from "../testing/scripted-upstream.js";
import { chatBody, harness, post } from "../testing/harness.js";
import { parseLoadReport } from "./load-report.js";

const h = harness();
afterEach(h.closeAll);

const vllm = (running: number, waiting: number, kv: number) => `# HELP vllm:num_requests_running x
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{model_name="m"} ${running}
vllm:num_requests_waiting{model_name="m"} ${waiting}
vllm:gpu_cache_usage_perc{model_name="m"} ${kv}
vllm:kv_cache_usage_perc{model_name="m"} ${kv}
vllm:num_requests_running_total 999
`;

const server = (metrics: string): Script => (req) =>
  req.path === "/metrics" ? { text: metrics } : req.path === "/health" ? { text: "ok" } : { json: chatCompletion("x") };

describe("load reports", () => {
  it("parses vLLM and SGLang names; nothing known → undefined", () => {
    expect(parseLoadReport(vllm(3, 7, 0.42))).toEqual({ running: 3, waiting: 7, kvUsage: 0.42 });
    expect(parseLoadReport("sglang:num_running_reqs 2\nsglang:num_queue_reqs 1\nsglang:token_usage 0.5\n")).toEqual({ running: 2, waiting: 1, kvUsage: 0.5 });
    expect(parseLoadReport("process_cpu_seconds_total 1\n")).toBeUndefined();
  });

  for (const policy of ["least-outstanding", "prefix-aware"] as const) {
    it(`${policy}: a replica busy with other clients' requests gets none of ours`, async () => {
      const busy = await h.upstream(server(vllm(20, 30, 0.9)));
      const idle = await h.upstream(server(vllm(0, 0, 0.1)));
      const g = h.gateway({
        upstreams: [{ id: "busy", url: busy.url, loadMetricsPath: "/metrics" }, { id: "idle", url: idle.url, loadMetricsPath: "/metrics" }],
        models: [{ name: "m", targets: [{ upstreams: ["busy", "idle"] }], routing: { policy, sessionAffinity: false } }],
        health: { intervalMs: 20 },
      });
      // Metrics are scraped on a timer: wait for the first scrape of both rather than a fixed time, which a loaded CI machine can outlast.
      await vi.waitFor(() => expect(g.replicas().map((r) => [r.id, r.load, r.kvUsage])).toEqual([["busy", 50, 0.9], ["idle", 0, 0.1]]), { timeout: 5000, interval: 10 });
      for (let i = 0; i < 6; i++) expect((await post(g, "/v1/chat/completions", chatBody(`q${i}`))).status).toBe(200);
      expect(busy.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(0);
      expect(idle.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(6);
    });
  }
});
