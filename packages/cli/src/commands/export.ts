import { createWriteStream, openSync, renameSync, rmSync } from "node:fs";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { dirname, resolve } from "node:path";
import { NotFoundError, type GraphStore } from "@hippograph/memory";
import { globals, withMemory } from "../context.js";
import { count, printJson } from "../format.js";
import { writeAll, type CliIO, type Writer } from "../io.js";
import { choice } from "../options.js";
import { graphJson } from "../export/graph-json.js";
import { graphml } from "../export/graphml.js";
import type { GraphSerializer } from "../export/serializer.js";

const FORMATS = { json: graphJson, graphml } as const;
const PAGE = 1000;

export function registerExport(program: Command, io: CliIO): void {
  program
    .command("export")
    .description("write the namespace's nodes and edges as graphology JSON or GraphML, streamed page by page")
    .option("--format <format>", "json (graphology) or graphml", choice(["json", "graphml"] as const), "json")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (options: { format: keyof typeof FORMATS; out?: string }, command: Command) => {
      const g = globals(command);
      const serializer = FORMATS[options.format];
      if (options.out === undefined) {
        await withMemory(g, (memory) => stream(memory.stores.graph, g.ns, serializer, io.stdout), { readOnly: true });
        return;
      }
      // Written beside the target and renamed at the end: a failed export leaves no half file behind.
      const partial = `${options.out}.partial-${process.pid}`;
      // Opened synchronously so that a bad path fails now, not after the graph was buffered for it.
      const file = createWriteStream("", { fd: openOut(partial, options.out), encoding: "utf8" });
      file.on("error", () => {}); // reported by writeAll or finished() below, never as an uncaught event
      let totals: { nodes: number; edges: number };
      try {
        totals = await withMemory(g, (memory) => stream(memory.stores.graph, g.ns, serializer, file), { readOnly: true });
        file.end();
        await finished(file);
        renameSync(partial, options.out);
      } catch (error) {
        file.destroy();
        rmSync(partial, { force: true });
        throw error;
      }
      const summary = { format: options.format, ns: g.ns, out: options.out, ...totals };
      if (g.json) return printJson(io, summary);
      await writeAll(io.stdout, `Exported ${count(totals.nodes)} nodes and ${count(totals.edges)} edges of "${g.ns}" to ${options.out}.\n`);
    });
}

function openOut(partial: string, out: string): number {
  try {
    return openSync(partial, "w");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError(`cannot write ${out}: its directory ${dirname(resolve(out))} does not exist`);
    throw error;
  }
}

/** Pages through nodes, then edges, by keyset (`after` = last id), writing each page as it comes. */
async function stream(graph: GraphStore, ns: string, serializer: GraphSerializer, out: Writer): Promise<{ nodes: number; edges: number }> {
  await writeAll(out, serializer.start(ns));
  let nodes = 0;
  for (let after: string | undefined; ; ) {
    const page = await graph.findNodes({ ns, limit: PAGE, order: "id", ...(after === undefined ? {} : { after }) });
    if (page.length > 0) await writeAll(out, page.map((n) => serializer.node(n, nodes++)).join(""));
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  await writeAll(out, serializer.middle());
  let edges = 0;
  for (let after: string | undefined; ; ) {
    const page = await graph.findEdges({ ns, limit: PAGE, ...(after === undefined ? {} : { after }) });
    if (page.length > 0) await writeAll(out, page.map((e) => serializer.edge(e, edges++)).join(""));
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  await writeAll(out, serializer.end());
  return { nodes, edges };
}
