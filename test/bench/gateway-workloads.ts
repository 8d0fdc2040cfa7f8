/**
 * Routing workloads for the gateway benchmark, generated deterministically from a seed (the load generator and
 * the orchestrator build the same one), plus the cache demand they put on a cluster:
 *
 * - `chat`: multi-turn conversations. Conversation starts are an open-loop Poisson process; each next turn is
 *   sent a think time after the previous answer arrived and carries the whole history (the answer included),
 *   so the prompt of turn n+1 extends turn n's prompt + answer, as chat clients do.
 * - `system`: single requests, each with one of a few long shared system prompts and a unique question.
 * - `unique`: single requests with unique prompts: no reuse at all (the control: cache-awareness can only cost).
 *
 * Words are seed- and conversation-specific pseudo-words; one word is one emulator token.
 */
import { BLOCK_TOKENS } from "../gateway/emulator/tokens.js";
import { mulberry32, type Rng } from "./synthetic.js";

export type WorkloadKind = "chat" | "system" | "unique";

export interface WorkloadParams {
  kind: WorkloadKind;
  seed: number;
  /** Window over which new conversations/requests start, ms. */
  windowMs: number;
  /** New conversations (chat) or requests per second. */
  rate: number;
  maxTokens: number;
  /** Prefixed to every word: the same schedule and shapes with different text (one salt per compared policy). */
  salt?: string;
}

export interface Turn {
  user: string;
  /** Think time before this turn is sent, after the previous answer (0 for the first). */
  thinkMs: number;
}

export interface Conversation {
  id: number;
  startMs: number;
  system: string;
  /** Conversations sharing a system prompt share this key. */
  systemKey: string;
  turns: Turn[];
}

export interface Workload {
  params: WorkloadParams;
  conversations: Conversation[];
  requests: number;
  /** Time-averaged live KV demand in blocks (see cacheDemand). */
  demandBlocks: number;
}

export const DEFAULT_PARAMS: Record<WorkloadKind, Omit<WorkloadParams, "kind" | "seed">> = {
  chat: { windowMs: 2500, rate: 16, maxTokens: 8 },
  system: { windowMs: 2500, rate: 80, maxTokens: 8 },
  unique: { windowMs: 2500, rate: 80, maxTokens: 8 },
};

const CHAT_TURNS = 6;
const CHAT_THINK_MS = 150;
const SYSTEM_PROMPTS = 8;
const SYSTEM_TOKENS = 400;
const NOMINAL_TURN_MS = 40;

function text(rng: Rng, tag: string, n: number): string {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = `${tag}${Math.floor(rng() * 46656).toString(36)}`;
  return out.join(" ");
}

function exp(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}

function between(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function buildWorkload(params: WorkloadParams): Workload {
  const rng = mulberry32(params.seed * 7919 + params.kind.length);
  const s = `${params.salt ?? ""}s${params.seed}`;
  const conversations: Conversation[] = [];
  const shared = Array.from({ length: SYSTEM_PROMPTS }, (_, i) => text(rng, `${s}p${i}`, SYSTEM_TOKENS - 1));
  const chatSystem = text(rng, `${s}cs`, 31);
  let t = 0;
  for (let id = 0; id < 100_000; id++) {
    t += exp(rng, 1000 / params.rate);
    if (t >= params.windowMs) break;
    const c = `${s}c${id}x`;
    if (params.kind === "chat") {
      const turns = Array.from({ length: CHAT_TURNS }, (_, k) => ({ user: `[[${c}t${k}]] ${text(rng, c, between(rng, 30, 70))}`, thinkMs: k === 0 ? 0 : exp(rng, CHAT_THINK_MS) }));
      conversations.push({ id, startMs: t, system: chatSystem, systemKey: "chat", turns });
    } else if (params.kind === "system") {
      const k = Math.floor(rng() * SYSTEM_PROMPTS);
      conversations.push({ id, startMs: t, system: shared[k]!, systemKey: `p${k}`, turns: [{ user: `[[${c}]] ${text(rng, c, between(rng, 20, 60))}`, thinkMs: 0 }] });
    } else {
      conversations.push({ id, startMs: t, system: text(rng, `${c}u`, between(rng, 100, 400)), systemKey: c, turns: [{ user: `[[${c}]] ${text(rng, c, between(rng, 20, 60))}`, thinkMs: 0 }] });
    }
  }
  const requests = conversations.reduce((n, c) => n + c.turns.length, 0);
  return { params, conversations, requests, demandBlocks: cacheDemand(conversations, params) };
}

/**
 * Live KV demand at steady state: every shared system prompt in use once, plus each live conversation's own
 * context (user turns and answers so far), each turn taking its think time plus a nominal 40 ms to answer.
 * A conversation is live from its start until its last turn is answered.
 */
export function cacheDemand(conversations: readonly Conversation[], params: WorkloadParams): number {
  const steps = 50;
  const samples: number[] = [];
  for (let k = 0; k < steps; k++) {
    const at = ((k + 0.5) * params.windowMs) / steps;
    const systems = new Map<string, number>();
    let own = 0;
    for (const c of conversations) {
      if (c.startMs > at) continue;
      let when = c.startMs;
      let tokens = 0;
      let live = false;
      for (const turn of c.turns) {
        when += turn.thinkMs + NOMINAL_TURN_MS;
        if (when > at) {
          live = true;
          break;
        }
        tokens += turn.user.split(" ").length + 2 + params.maxTokens;
      }
      if (!live) continue;
      systems.set(c.systemKey, c.system.split(" ").length + 1);
      own += tokens;
    }
    let sys = 0;
    for (const v of systems.values()) sys += v;
    samples.push((sys + own) / BLOCK_TOKENS);
  }
  // Steady state, not the ramp-up: the 90th percentile of the sampled live demand.
  samples.sort((a, b) => a - b);
  let demand = samples[Math.floor(0.9 * (samples.length - 1))] ?? 0;
  // Single-request workloads: the shared prompts are the whole reusable demand.
  if (conversations.every((c) => c.turns.length === 1)) {
    const keys = new Map<string, number>();
    for (const c of conversations) keys.set(c.systemKey, (keys.get(c.systemKey) ?? 0) + 1);
    let reusable = 0;
    for (const c of conversations) if ((keys.get(c.systemKey) ?? 0) > 1 && keys.delete(c.systemKey)) reusable += Math.floor((c.system.split(" ").length + 1) / BLOCK_TOKENS);
    demand = reusable;
  }
  return Math.round(demand);
}
