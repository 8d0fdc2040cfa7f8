import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { openEmbeddedStore } from "@hippograph/memory";
import { runConformance, type ConformanceBackend } from "./kit.js";

type Store = Awaited<ReturnType<typeof openEmbeddedStore>>;

/** One engine behind all three ports; closing the backend closes it once. */
function wrap(store: Store): ConformanceBackend {
  return { graph: store, vectors: store, text: store, close: () => store.close() };
}

runConformance({
  name: "embedded (:memory:)",
  create: async ({ dimensions }) => wrap(await openEmbeddedStore({ path: ":memory:", dimensions })),
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hippograph-conformance-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Which file a backend lives in, so reopen() and attach() find the same storage. */
const files = new WeakMap<ConformanceBackend, { file: string; dimensions: number }>();
let counter = 0;

async function openAt(file: string, dimensions: number): Promise<ConformanceBackend> {
  const backend = wrap(await openEmbeddedStore({ path: file, dimensions }));
  files.set(backend, { file, dimensions });
  return backend;
}

function fileOf(backend: ConformanceBackend): { file: string; dimensions: number } {
  const found = files.get(backend);
  if (!found) throw new Error("conformance: backend was not opened by this target");
  return found;
}

runConformance({
  name: "embedded (file)",
  create: ({ dimensions }) => openAt(path.join(dir, `db-${++counter}.sqlite`), dimensions),
  reopen: async (backend) => {
    const { file, dimensions } = fileOf(backend);
    await backend.close();
    return openAt(file, dimensions);
  },
  attach: (backend) => {
    const { file, dimensions } = fileOf(backend);
    return openAt(file, dimensions);
  },
});
