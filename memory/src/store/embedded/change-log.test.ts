import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { ChangeLog, KEPT_CHANGES } from "./change-log.js";

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
function write(db: Database.Database, log: ChangeLog, namespaces: string[], fail = false, rewrote: string[] = [], ridFloor?: number): void {
  const rewritten = rewrote.map((r) => ({ ns: r.split("/")[0]!, id: r.split("/")[1] ?? "e" }));
  const seq = db.transaction(() => {
    const n = log.record(namespaces, { rewritten, ...(ridFloor === undefined ? {} : { ridFloor }) });
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
    expect(look(logA)).toEqual([{ ns: "u", rewrittenEdges: [], ridFloor: undefined, removedVectors: [] }]);
  });

  it("names the edges changes rewrote since a connection last looked, per namespace, with the lowest rid floor a deletion left", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    write(b, logB, ["t", "u"], false, ["t/e1", "t/e2"]);
    write(b, logB, ["t", "v"]); // a later insert-only change does not hide the rewrite
    write(b, logB, ["v"], false, ["v/e9"], 40);
    write(b, logB, ["v"], false, ["v/e8"], 35);
    write(b, logB, ["v"], false, ["v/e9"], 50);
    const seen = (changes: ReturnType<typeof look>) => changes?.map(({ ns, rewrittenEdges, ridFloor }) => [ns, rewrittenEdges && [...rewrittenEdges].sort(), ridFloor]);
    expect(seen(look(logA))).toEqual([["u", [], undefined], ["t", ["e1", "e2"], undefined], ["v", ["e8", "e9"], 35]]);
    write(b, logB, ["t"]);
    expect(seen(look(logA))).toEqual([["t", [], undefined]]); // the rewrites were seen already
  });

  it("cannot name the rewritten edges when the last rewrite named none (an earlier build wrote it) or the log pruned some", () => {
    const [a, b] = connections();
    const logA = new ChangeLog(a);
    const logB = new ChangeLog(b);
    write(b, logB, ["t"], false, ["t/e1"]);
    b.prepare("UPDATE ns_changes SET seq = seq + 1, rewrote = seq + 1 WHERE ns = 't'").run(); // as a build without the edge list marks a rewrite
    expect(look(logA)?.map((c) => c.rewrittenEdges)).toEqual([undefined]);
    write(b, logB, ["u"], false, ["u/e1"]);
    b.prepare("UPDATE ns_changes SET seq = seq + ? WHERE ns = 'u'").run(KEPT_CHANGES + 1); // as after as many more changes elsewhere
    expect(look(logA)?.map((c) => c.rewrittenEdges)).toEqual([undefined]);
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
      { ns: "t", rewrittenEdges: [], ridFloor: undefined, removedVectors: [{ kind: "note", rid: 3 }] },
      { ns: "u", rewrittenEdges: [], ridFloor: undefined, removedVectors: [{ kind: "event", rid: 4 }] },
    ]);
    commit([{ ns: "t", kind: "note", rid: 9 }]);
    expect(look(logA)).toEqual([{ ns: "t", rewrittenEdges: [], ridFloor: undefined, removedVectors: [{ kind: "note", rid: 9 }] }]);
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
