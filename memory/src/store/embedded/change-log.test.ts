import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { ChangeLog, KEPT_CHANGES, MAX_NAMED_EDGES } from "./change-log.js";

const dirs: string[] = [];
const dbs: Database.Database[] = [];
afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function connections(): [Database.Database, Database.Database] {
  const dir = mkdtempSync(join(tmpdir(), "hippograph-changes-"));
  dirs.push(dir);
  const a = new Database(join(dir, "db.sqlite"));
  const b = new Database(join(dir, "db.sqlite"));
  dbs.push(a, b);
  return [a, b];
}

/** What the store does when data_version moved: read the changes, apply them, mark them seen. */
function look(log: ChangeLog) {
  const changes = log.changedSince();
  if (changes) log.saw(changes.through);
  return changes?.namespaces;
}

/** A write transaction that logs `namespaces`, as the store runs one; `rewrote` are "ns/edge id" pairs. */
function write(db: Database.Database, log: ChangeLog, namespaces: string[], fail = false, rewrote: string[] = []): void {
  const rewritten = rewrote.map((r) => ({ ns: r.split("/")[0]!, id: r.split("/")[1] ?? "e" }));
  const seq = db.transaction(() => {
    const n = log.record(namespaces, { rewritten });
    if (fail) throw new Error("rolled back");
    return n;
  }).immediate();
  log.saw(seq);
}

describe("ChangeLog", () => {
  it("tells a connection which namespaces the others changed since it last looked, each once", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    write(a, logA, ["t"]);
    // Nothing logged since its own commit. The store asks only after data_version moved, and then
    // "nothing" means a commit that did not log: undefined, rebuild everything.
    expect(look(logA)).toBeUndefined();
    write(b, logB, ["u", "v", "u"]);
    write(b, logB, ["w"]);
    expect(look(logA)?.map((c) => c.ns)).toEqual(["u", "v", "w"]);
    expect(look(logB)).toBeUndefined();
  });

  it("hands the same changes again until they are marked seen (a catch-up that failed part-way is done again)", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    write(b, logB, ["u"]);
    expect(logA.changedSince()?.namespaces.map((c) => c.ns)).toEqual(["u"]);
    expect(logA.changedSince()?.namespaces.map((c) => c.ns)).toEqual(["u"]);
    expect(look(logA)?.map((c) => c.ns)).toEqual(["u"]);
    expect(logA.changedSince()).toBeUndefined();
  });

  it("does not count a rolled-back change as seen, so another connection's commit of the same number is not missed", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    expect(() => write(a, logA, ["t"], true)).toThrow("rolled back");
    write(b, logB, ["u"]); // takes the number a's rolled-back change had
    expect(look(logA)).toEqual([{ ns: "u", rewrittenEdges: [], removedVectors: [] }]);
  });

  it("names the edges changes rewrote since a connection last looked, per namespace", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    write(b, logB, ["t", "u"], false, ["t/e1", "t/e2"]);
    write(b, logB, ["t", "v"]); // a later insert-only change does not hide the rewrite
    write(b, logB, ["v"], false, ["v/e9"]);
    write(b, logB, ["v"], false, ["v/e8", "v/e9"]);
    const seen = (changes: ReturnType<typeof look>) => changes?.map(({ ns, rewrittenEdges }) => [ns, rewrittenEdges && [...rewrittenEdges].sort()]);
    expect(seen(look(logA))).toEqual([["u", []], ["t", ["e1", "e2"]], ["v", ["e8", "e9"]]]);
    write(b, logB, ["t"]);
    expect(seen(look(logA))).toEqual([["t", []]]); // the rewrites were seen already
  });

  it("cannot name what changed when an earlier build wrote since, even before a change of this build", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    // A build before the edge list rewrites t, as its record() did: the mark, and nothing named.
    b.prepare("INSERT INTO ns_changes (ns, seq, rewrote) VALUES ('t', 1, 1)").run();
    write(b, logB, ["t", "u"], false, ["t/e2"]);
    expect(look(logA)?.map((c) => [c.ns, c.rewrittenEdges])).toEqual([["t", undefined], ["u", undefined]]);
    write(b, logB, ["t"], false, ["t/e3"]); // from now on this build alone writes
    expect(look(logA)?.map((c) => [c.ns, c.rewrittenEdges])).toEqual([["t", ["e3"]]]);
  });

  it("names the rewrites of the last KEPT_CHANGES changes, and cannot name them for a connection further behind", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    const logC = new ChangeLog(a); // a third connection's view, looking less often
    write(b, logB, ["t"], false, ["t/e1"]);
    expect(look(logC)?.map((c) => c.rewrittenEdges)).toEqual([["e1"]]);
    b.transaction(() => {
      for (let i = 0; i < KEPT_CHANGES - 1; i++) logB.saw(logB.record(["u"]));
    }).immediate();
    write(b, logB, ["t"], false, ["t/e2"]); // KEPT_CHANGES changes after the one logC saw
    expect(look(logC)?.map((c) => [c.ns, c.rewrittenEdges])).toEqual([["u", []], ["t", ["e2"]]]);
    expect(look(logA)?.map((c) => [c.ns, c.rewrittenEdges])).toEqual([["u", undefined], ["t", undefined]]); // one change more behind
    write(b, logB, ["t"], false, ["t/e3"]);
    // Change KEPT_CHANGES + 2 pruned the rows of changes 1 and 2.
    expect([b.prepare("SELECT min(seq) FROM naming_changes").pluck().get(), b.prepare("SELECT min(seq) FROM edge_rewrites").pluck().get()]).toEqual([3, KEPT_CHANGES + 1]);
  });

  it("names nothing for a change that rewrote over MAX_NAMED_EDGES edges, and names again after it", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    write(b, logB, ["t"], false, Array.from({ length: MAX_NAMED_EDGES + 1 }, (_, i) => `t/e${i}`));
    write(b, logB, ["u"], false, ["u/e1"]);
    expect(look(logA)?.map((c) => [c.ns, c.rewrittenEdges])).toEqual([["t", undefined], ["u", undefined]]);
    expect(b.prepare("SELECT count(*) FROM edge_rewrites").pluck().get()).toBe(1);
    write(b, logB, ["u"], false, ["u/e2"]);
    expect(look(logA)?.map((c) => [c.ns, c.rewrittenEdges])).toEqual([["u", ["e2"]]]);
  });

  it("hands on the vectors other connections' changes removed, per namespace, and only those since it last looked", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    const vec = new Float32Array(2);
    const commit = (changes: { ns: string; kind: string; rid: number; vector?: Float32Array }[]) =>
      logB.saw(b.transaction(() => logB.record([], { vectors: changes })).immediate());
    commit([{ ns: "t", kind: "note", rid: 3 }, { ns: "t", kind: "note", rid: 9, vector: vec }, { ns: "u", kind: "event", rid: 4 }]);
    expect(look(logA)).toEqual([
      { ns: "t", rewrittenEdges: [], removedVectors: [{ kind: "note", rid: 3 }] },
      { ns: "u", rewrittenEdges: [], removedVectors: [{ kind: "event", rid: 4 }] },
    ]);
    commit([{ ns: "t", kind: "note", rid: 9 }]);
    expect(look(logA)).toEqual([{ ns: "t", rewrittenEdges: [], removedVectors: [{ kind: "note", rid: 9 }] }]);
  });

  it("adds its table to a file that lacks it, and cannot tell anything on a read-only connection of such a file", () => {
    const [a] = connections();
    a.exec("CREATE TABLE other (x)");
    const readOnly = new Database(a.name, { readonly: true });
    dbs.push(readOnly);
    expect(new ChangeLog(readOnly).changedSince()).toBeUndefined();
    const logA = new ChangeLog(a);
    write(a, logA, ["t"]);
    expect(a.prepare("SELECT ns FROM ns_changes").pluck().all()).toEqual(["t"]);
  });
});
