import { randomUUID } from "node:crypto";
import { HippographError, type ErrorCode, type EdgeWrite, type Change, type NodeWrite, type Source } from "@hippograph/memory";
import { expect } from "vitest";

/** A fixed world clock, so time assertions never depend on when the suite runs. */
export const T0 = Date.UTC(2024, 0, 1);
export const HOUR = 3_600_000;

/** Unique per call: cases share nothing, even when a backend keeps state between cases. */
export function uid(prefix = "n"): string {
  return `${prefix}-${randomUUID()}`;
}

export function freshNs(prefix = "conf"): string {
  return `${prefix}-${randomUUID().slice(0, 13)}`;
}

export function change(at = T0, over: Partial<Change> = {}): Change {
  return { actor: "conformance", reason: "test", at, ...over };
}

export function source(id = "src-default", over: Partial<Source> = {}): Source {
  return { id, type: "user", trust: 0.9, ...over };
}

type NodeOverrides = Omit<Partial<NodeWrite>, "time"> & { time?: Partial<NodeWrite["time"]> };

export function nodeWrite(ns: string, over: NodeOverrides = {}): NodeWrite {
  const { time, ...rest } = over;
  return {
    id: uid(),
    ns,
    kind: "note",
    text: "a note",
    attrs: {},
    source: source(),
    change: change(),
    ...rest,
    time: { at: null, validFrom: null, validTo: null, ...time },
  };
}

type EdgeOverrides = Omit<Partial<EdgeWrite>, "time"> & { time?: Partial<EdgeWrite["time"]> };

export function edgeWrite(ns: string, from: string, to: string, over: EdgeOverrides = {}): EdgeWrite {
  const { time, ...rest } = over;
  return {
    id: uid("e"),
    ns,
    kind: "link",
    from,
    to,
    weight: 1,
    attrs: {},
    source: source(),
    ...rest,
    time: { validFrom: null, validTo: null, ...time },
  };
}

/**
 * Asserts a rejection by stable error code, never by message or class identity: a backend may live
 * in another package with its own copy of the error classes.
 */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a ${code} error, but the call resolved`).toBeDefined();
  expect(HippographError.isInstance(caught), `expected a HippographError, got ${String(caught)}`).toBe(true);
  expect((caught as HippographError).code).toBe(code);
}

/** Deterministic PRNG: a failing vector case reproduces exactly. */
export { mulberry32 as rng } from "../bench/synthetic.js";

export function randomVector(next: () => number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) v[i] = next() * 2 - 1;
  return v;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/** Brute-force k nearest by cosine: the ground truth every vector index is held to. */
export function bruteForce(points: ReadonlyMap<string, Float32Array>, query: Float32Array, k: number): string[] {
  return [...points]
    .map(([id, v]) => ({ id, s: cosine(v, query) }))
    .sort((x, y) => y.s - x.s)
    .slice(0, k)
    .map((x) => x.id);
}

export const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
