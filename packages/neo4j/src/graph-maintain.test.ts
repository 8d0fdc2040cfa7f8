import { describe, expect, it } from "vitest";
import { KindRegistry, type MemoryNode } from "@hippograph/memory";
import type { Row } from "./connection.js";
import type { Statement } from "./cypher/statement.js";
import { fakeConnection } from "./fake-connection.test-support.js";
import { eraseIn, invalidateIn } from "./graph-maintain.js";
import { propsOfNode, versionProps } from "./rows.js";

const kinds = new KindRegistry();
const change = { actor: "t", reason: "gdpr", at: 300 };
const d1: MemoryNode = {
  id: "d", ns: "ns1", kind: "note", text: "clean version of d", attrs: { state: "clean" },
  source: { id: "K", type: "user", trust: 0.9 }, time: { at: null, validFrom: null, validTo: null, recordedAt: 100, expiredAt: null }, version: 1,
};
const d2: MemoryNode = { ...d1, text: "tainted", attrs: { state: "tainted" }, version: 2 };
const is = (s: Statement, marker: string) => s.text.includes(marker);

/** Answers the erase sequence for: A, B, F erased (4 versions, 2 edges); D carries one version from S. */
function responder(s: Statement): Row[] {
  if (is(s, "RETURN n.id AS id")) return [{ id: "a" }, { id: "b" }, { id: "f" }];
  if (is(s, "e.source_id = $sourceId OR")) return [{ deleted: 2 }];
  if (is(s, "RETURN count(v) AS versions")) return [{ versions: 4 }];
  if (is(s, "RETURN id, count(*) AS versions")) return [{ id: "d", versions: 1 }];
  if (is(s, "hg_lock") && (s.params.ids as string[])[0] === "d") return [{ n: propsOfNode(d2) }];
  if (is(s, "RETURN properties(v) AS v")) return [{ v: versionProps(d1, "create", { actor: "t", reason: "r", at: 100 }) }];
  if (is(s, "RETURN d.kind AS kind")) return [{ kind: "note" }];
  return [];
}

describe("erase-by-source orchestration", () => {
  it("reports what went, and rolls a tainted survivor back to its clean version, re-indexing its text", async () => {
    const fake = fakeConnection(responder);
    const report = await fake.connection.write((tx) => eraseIn(tx, kinds, "ns1", "S", change));
    expect(report).toEqual({ nodeIds: ["a", "b", "f"], edges: 2, versions: 5, restored: ["d"] });
    const upsert = fake.sent.find((s) => is(s, "MERGE (n:HgNode"))!;
    expect(upsert.params.rows).toMatchObject([{ id: "d", text: "clean version of d", attrs: JSON.stringify({ state: "clean" }), version: 3, source_id: "K" }]);
    const version = fake.sent.find((s) => is(s, "CREATE (v:HgVersion)"))!;
    expect(version.params.rows).toMatchObject([{ id: "d", version: 3, op: "restore", source_id: "K", reason: "gdpr" }]);
    const doc = fake.sent.find((s) => is(s, "MERGE (d:HgDoc"))!;
    expect(doc.params.rows).toMatchObject([{ id: "d", text: "clean version of d" }]);
    expect(fake.sent.every((s) => s.params.ns === undefined || s.params.ns === "ns1")).toBe(true);
  });

  it("a node whose every version came from the source goes whole, with its edges", async () => {
    const fake = fakeConnection((s) => {
      if (is(s, "RETURN id, count(*) AS versions")) return [{ id: "d", versions: 2 }];
      if (is(s, "hg_lock")) return [{ n: propsOfNode(d2) }];
      if (is(s, "WITH DISTINCT e")) return [{ deleted: 3 }];
      return [];
    });
    const report = await fake.connection.write((tx) => eraseIn(tx, kinds, "ns1", "S", change));
    expect(report).toEqual({ nodeIds: ["d"], edges: 3, versions: 2, restored: [] });
  });
});

describe("invalidate orchestration", () => {
  it("closes node windows with a new full version, edges in place, and counts both", async () => {
    const fake = fakeConnection((s) => {
      if (is(s, "hg_lock")) return [{ n: propsOfNode(d1) }];
      if (is(s, "RETURN count(e) AS changed")) return [{ changed: 2 }];
      return [];
    });
    const count = await fake.connection.write((tx) => invalidateIn(tx, kinds, { ns: "ns1", nodeIds: ["d", "d"], edgeIds: ["e1", "e2"], validTo: 500, change }, 1_000));
    expect(count).toBe(3);
    expect(fake.sent.find((s) => is(s, "MERGE (n:HgNode"))!.params.rows).toMatchObject([{ id: "d", valid_to: 500, version: 2 }]);
    expect(fake.sent.find((s) => is(s, "CREATE (v:HgVersion)"))!.params.rows).toMatchObject([{ id: "d", version: 2, op: "invalidate" }]);
    expect(fake.sent.find((s) => is(s, "hg_lock"))!.params.ids).toEqual(["d"]);
  });
});
