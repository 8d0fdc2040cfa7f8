/**
 * Child process of the two-writers test: `node --import tsx/esm --conditions=source writer-child.ts
 * <db> <seed> <steps>`. Writes a seeded-random sequence of edge inserts and rewrites, invalidations
 * and vector writes to namespaces "t" and "u" of the file (store-ops.ts), then exits 0.
 */
import { openEmbeddedStore } from "../../memory/src/store/embedded/embedded-store.js";
import { randomStoreOp } from "./store-ops.js";

const [db, seedArg, stepsArg] = process.argv.slice(2);
const store = await openEmbeddedStore({ path: db!, dimensions: 8 });
let seed = Number(seedArg);
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return (seed >>> 8) % n;
};
for (let step = 0; step < Number(stepsArg); step++) await randomStoreOp(store, rand, `w${seedArg}-`);
await store.close();
