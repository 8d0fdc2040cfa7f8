import { createGateway } from "./src/index.js";
import type { Upstream } from "./src/index.js";
const answer = JSON.stringify({ id: "x", object: "chat.completion", created: 1, model: "up", choices: [{ index: 0, message: { role: "assistant", content: "hello there" }, finish_reason: "stop" }], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } });
const bytes = new TextEncoder().encode(answer);
const inproc = (id: string): Upstream => ({ id, send: async () => ({ status: 200, header: () => undefined, body: (async function* () { yield bytes; })(), text: async () => answer, discard() {} }) });
for (const policy of (process.env.P ? [process.env.P] : ["least-outstanding", "prefix-aware"]) as ("prefix-aware")[]) {
  const g = createGateway({ upstreams: [{ id: "a", url: "http://x" }, { id: "b", url: "http://y" }], models: [{ name: "m", targets: [{ upstreams: ["a", "b"] }], routing: { policy } }] }, { upstreams: (u) => inproc(u.id) });
  const body = JSON.stringify({ model: "m", messages: [{ role: "system", content: "You are helpful. ".repeat(30) }, { role: "user", content: "hello" }] });
  const parsed = JSON.parse(body);
  for (const mode of ["fetch", "typed", "fetch", "typed"]) {
    const N = 20000;
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      if (mode === "fetch") { const r = await g.fetch(new Request("http://gw/v1/chat/completions", { method: "POST", body })); await r.text(); }
      else await g.chat(parsed);
    }
    const us = ((performance.now() - t0) / N) * 1000;
    console.log(policy, mode, us.toFixed(1), "µs/req", (1e6 / us).toFixed(0), "req/s");
  }
}
