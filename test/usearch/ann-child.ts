/**
 * One workload on AnnIndex, in a process of its own: usearch 2.25.3 hung (a `remove` that never
 * returned) or aborted (a heap corrupted on `load`) on these, which no test can survive in-process.
 * `churn N OPS`: N random vectors, then OPS random adds and removes. `shrink N REMOVE`: N keys, the
 * first REMOVE removed, saved, loaded. Prints {"size", "expected", "found"} as one JSON line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnnIndex } from "../../memory/src/store/embedded/ann-index.js";

const DIMS = 16;
const [mode, a, b] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
let seed = 1;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return (seed >>> 8) % n;
};
const vector = () => Float32Array.from({ length: DIMS }, () => rand(1000) / 1000 + 0.01);

let ann = new AnnIndex(DIMS);
const live: number[] = [];
let next = 1;
const add = () => {
  const v = vector();
  ann.addMany([next], v);
  live.push(next++);
  return v;
};
let probe = add(); // churn: key 1 stays, and is searched for; shrink: the key added last
for (let i = 1; i < a; i++) add();
if (mode === "churn") {
  for (let step = 0; step < b; step++) {
    if (rand(2) === 0 || live.length < 2) add();
    else ann.remove(live.splice(1 + rand(live.length - 1), 1)[0]!); // the first key, probe's, stays
  }
} else {
  for (const key of live.splice(0, b)) ann.remove(key);
  probe = add();
  const dir = mkdtempSync(join(tmpdir(), "hippograph-ann-child-"));
  try {
    ann.save(join(dir, "p.usearch"));
    ann = AnnIndex.load(join(dir, "p.usearch"), DIMS)!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const found = ann.search(probe, 1)[0]?.key;
process.stdout.write(`${JSON.stringify({ size: ann.size, expected: live.length, found, probe: live.at(mode === "churn" ? 0 : -1) })}\n`);
