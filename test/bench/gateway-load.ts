/**
 * Load generator for the gateway benchmark, run as its own process so that it never shares an event loop with
 * the gateway or the upstream: `node --import tsx/esm --conditions=source test/bench/gateway-load.ts '<job JSON>'`.
 * With a job as argument it writes one JSON result line on stdout; without, it reads jobs as JSON lines on stdin
 * and answers each with `{ ok, result | error }`. Every loop is bounded by a request count and a deadline.
 */
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { BLOCK_TOKENS, blockHashes, chatTokens, words } from "../gateway/emulator/tokens.js";
import { buildWorkload, type WorkloadParams } from "./gateway-workloads.js";

export interface Target {
  name: string;
  origin: string;
  path: string;
  headers?: Record<string, string>;
}

export type Job =
  | { kind: "overhead"; targets: Target[]; rounds: number; warmup: number; body: unknown; maxMs: number }
  | { kind: "throughput"; target: Target; body: unknown; concurrency: number; durationMs: number; maxRequests: number }
  | { kind: "embeddings"; target: Target; requests: number; maxMs: number }
  | { kind: "routing"; target: Target; model: string; workload: WorkloadParams; maxMs: number };

const json = { "content-type": "application/json" };

function pool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
}

async function once(p: Pool, t: Target, body: string): Promise<number> {
  const res = await p.request({ path: t.path, method: "POST", headers: { ...json, ...t.headers }, body });
  await res.body.text();
  return res.statusCode;
}

async function overhead(job: Extract<Job, { kind: "overhead" }>) {
  const pools = job.targets.map((t) => pool(t.origin, 1));
  const body = JSON.stringify(job.body);
  const lat: number[][] = job.targets.map(() => []);
  const errors: number[] = job.targets.map(() => 0);
  const deadline = performance.now() + job.maxMs;
  for (let r = 0; r < job.warmup + job.rounds && performance.now() < deadline; r++) {
    for (let k = 0; k < job.targets.length; k++) {
      const i = (r + k) % job.targets.length; // rotate the order every round: interleaved, no position bias
      const t0 = performance.now();
      let status = 0;
      try {
        status = await once(pools[i]!, job.targets[i]!, body);
      } catch {
        status = -1;
      }
      const dt = performance.now() - t0;
      // Only successful answers count: a fast failure is not a low latency.
      if (status !== 200) errors[i]!++;
      else if (r >= job.warmup) lat[i]!.push(dt);
    }
  }
  await Promise.all(pools.map((p) => p.close()));
  return { latencies: Object.fromEntries(job.targets.map((t, i) => [t.name, lat[i]])), errors: Object.fromEntries(job.targets.map((t, i) => [t.name, errors[i]])) };
}

async function throughput(job: Extract<Job, { kind: "throughput" }>) {
  const p = pool(job.target.origin, job.concurrency);
  const body = JSON.stringify(job.body);
  let sent = 0;
  let ok = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + job.durationMs;
  const worker = async () => {
    while (sent < job.maxRequests && performance.now() < deadline) {
      sent++;
      try {
        if ((await once(p, job.target, body)) === 200) ok++;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  await p.close();
  return { sent, ok, errors, elapsedMs };
}

async function embeddings(job: Extract<Job, { kind: "embeddings" }>) {
  const p = pool(job.target.origin, job.requests);
  const t0 = performance.now();
  let ok = 0;
  let errors = 0;
  const timeout = AbortSignal.timeout(job.maxMs);
  await Promise.all(
    Array.from({ length: job.requests }, async (_, i) => {
      try {
        const res = await p.request({ path: job.target.path, method: "POST", headers: { ...json, ...job.target.headers }, body: JSON.stringify({ model: "emb", input: `[[e${i}]] text number ${i}` }), signal: timeout });
        const parsed = (await res.body.json()) as { data?: Array<{ embedding?: unknown }> };
        if (res.statusCode === 200 && Array.isArray(parsed.data) && parsed.data.length === 1) ok++;
        else errors++;
      } catch {
        errors++;
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  await p.close();
  return { ok, errors, elapsedMs };
}

interface Usage {
  prompt_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number };
}

/** One streamed chat request: time to the first content token and the whole answer. */
async function streamChat(p: Pool, t: Target, body: unknown, signal: AbortSignal): Promise<{ status: number; firstAt: number; content: string; usage: Usage | undefined; done: boolean }> {
  const res = await p.request({ path: t.path, method: "POST", headers: { ...json, ...t.headers }, body: JSON.stringify(body), signal });
  let firstAt = NaN;
  let content = "";
  let usage: Usage | undefined;
  let done = false;
  let buf = "";
  if (res.statusCode !== 200) {
    await res.body.text();
    return { status: res.statusCode, firstAt, content, usage, done };
  }
  for await (const chunk of res.body) {
    buf += (chunk as Buffer).toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line.startsWith("data:")) continue;
      const data = line.slice(5).trim();
      if (data === "[DONE]") {
        done = true;
        continue;
      }
      const ev = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }>; usage?: Usage };
      const piece = ev.choices?.[0]?.delta?.content;
      if (typeof piece === "string" && piece.length > 0) {
        if (Number.isNaN(firstAt)) firstAt = performance.now();
        content += piece;
      }
      if (ev.usage) usage = ev.usage;
    }
  }
  return { status: res.statusCode, firstAt, content, usage, done };
}

/**
 * Open-loop routing run: conversation starts follow the workload's schedule regardless of how the system keeps
 * up; TTFT is measured from each request's intended send time (never from when the generator got around to it).
 * The ideal bound replays every prompt and answer in send order against one unlimited cache.
 */
async function routing(job: Extract<Job, { kind: "routing" }>) {
  const wl = buildWorkload(job.workload);
  const p = pool(job.target.origin, 512);
  const t0 = performance.now();
  const deadline = t0 + job.maxMs;
  const signal = AbortSignal.timeout(job.maxMs);
  const ttft: number[] = [];
  const ideal = new Set<number>();
  let idealPrompt = 0;
  let idealCached = 0;
  let clientPrompt = 0;
  let clientCached = 0;
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let late = 0;
  const sleepUntil = (at: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, at - performance.now())));
  await Promise.all(
    wl.conversations.map(async (c) => {
      const messages: Array<{ role: string; content: string }> = [{ role: "system", content: c.system }];
      let intended = t0 + c.startMs;
      for (const turn of c.turns) {
        intended += turn.thinkMs;
        if (intended > deadline) return;
        await sleepUntil(intended);
        if (performance.now() - intended > 5) late++;
        messages.push({ role: "user", content: turn.user });
        const tokens = chatTokens(messages);
        const hashes = blockHashes(tokens);
        let m = 0;
        while (m < hashes.length && ideal.has(hashes[m]!)) m++;
        idealPrompt += tokens.length;
        idealCached += Math.min(m, Math.floor((tokens.length - 1) / BLOCK_TOKENS)) * BLOCK_TOKENS;
        for (const h of hashes) ideal.add(h);
        sent++;
        try {
          const r = await streamChat(p, job.target, { model: job.model, messages, max_tokens: wl.params.maxTokens, stream: true, stream_options: { include_usage: true } }, signal);
          if (r.status !== 200 || !r.done || Number.isNaN(r.firstAt)) {
            errors++;
            return;
          }
          ok++;
          ttft.push(r.firstAt - intended);
          clientPrompt += r.usage?.prompt_tokens ?? 0;
          clientCached += r.usage?.prompt_tokens_details?.cached_tokens ?? 0;
          messages.push({ role: "assistant", content: r.content });
          for (const h of blockHashes(tokens.concat(words(r.content)))) ideal.add(h);
          intended = performance.now();
        } catch {
          errors++;
          return;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  await p.close();
  return { requests: wl.requests, sent, ok, errors, late, ttft, idealPrompt, idealCached, clientPrompt, clientCached, elapsedMs };
}

const runners = { overhead, throughput, embeddings, routing } as Record<Job["kind"], (j: Job) => Promise<unknown>>;

if (process.argv[2] !== undefined) {
  const job = JSON.parse(process.argv[2]) as Job;
  process.stdout.write(JSON.stringify(await runners[job.kind](job)) + "\n");
  process.exit(0);
} else {
  // Serve jobs one JSON line at a time from stdin, so the orchestrator pays the start-up once.
  const { createInterface } = await import("node:readline");
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim().length === 0) continue;
    const job = JSON.parse(line) as Job;
    try {
      process.stdout.write(JSON.stringify({ ok: true, result: await runners[job.kind](job) }) + "\n");
    } catch (e) {
      process.stdout.write(JSON.stringify({ ok: false, error: String((e as Error).stack ?? e) }) + "\n");
    }
  }
  process.exit(0);
}
