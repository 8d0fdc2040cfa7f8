/**
 * Child process of the crash-safety test: `node --import tsx/esm --conditions=source ingest-child.ts
 * <db> <run> <firstBatch>`. Opens a file memory and writes batches firstBatch, firstBatch+1, … through
 * `memory.addEpisodes` until it is killed, printing `ack <k>` to stdout after batch k's promise
 * resolved. The ack is written synchronously, so once the parent has drained our stdout it has
 * seen every ack we wrote before dying.
 */
import { writeSync } from "node:fs";
import { createMemory } from "@hippograph/memory";
import { MAX_BATCHES_PER_RUN, MEMORY_OPTIONS, batchEpisodes } from "./batch.js";

async function main(): Promise<void> {
  const [path, runArg, firstArg] = process.argv.slice(2);
  const run = Number(runArg);
  const first = Number(firstArg);
  if (!path || !Number.isInteger(run) || !Number.isInteger(first)) {
    throw new Error("usage: ingest-child.ts <db> <run> <firstBatch>");
  }
  const memory = await createMemory({ path , ...MEMORY_OPTIONS });
  writeSync(1, "ready\n");
  for (let k = first; k < first + MAX_BATCHES_PER_RUN; k++) {
    await memory.addEpisodes(batchEpisodes(run, k));
    writeSync(1, `ack ${k}\n`);
  }
  await memory.close();
  throw new Error(`wrote ${MAX_BATCHES_PER_RUN} batches without being killed`);
}

main().catch((error: unknown) => {
  writeSync(2, `ingest-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
