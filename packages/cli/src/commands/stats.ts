import type { Command } from "commander";
import type { GraphStats, Memory } from "@hippograph/memory";
import { globals, withMemory } from "../context.js";
import { count, printJson, table } from "../format.js";
import { writeAll, type CliIO } from "../io.js";

interface Counts {
  nodes: Record<string, number>;
  edges: Record<string, number>;
  totalNodes: number;
  totalEdges: number;
}

export function registerStats(program: Command, io: CliIO): void {
  program
    .command("stats")
    .description("node and edge counts per kind: of --ns when given, otherwise of every namespace with totals")
    .action(async (_options: unknown, command: Command) => {
      const g = globals(command);
      const report = await withMemory(g, async (memory) =>
        g.nsGiven ? { ns: g.ns, ...counts(await memory.stats({ ns: g.ns })) } : everyNamespace(memory), { readOnly: true });
      if (g.json) return printJson(io, report);
      const rows = "namespaces" in report ? [...report.namespaces.map((r) => row(r.ns, r)), row("(total)", report.totals)] : [row(report.ns, report)];
      await writeAll(io.stdout, table(["namespace", "nodes", "edges", "nodes by kind", "edges by kind"], rows));
    });
}

async function everyNamespace(memory: Memory) {
  const namespaces = [];
  for (const ns of await memory.namespaces()) namespaces.push({ ns, ...counts(await memory.stats({ ns })) });
  return { namespaces, totals: counts(await memory.stats()) };
}

function counts(stats: GraphStats): Counts {
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  return { nodes: stats.nodes, edges: stats.edges, totalNodes: sum(stats.nodes), totalEdges: sum(stats.edges) };
}

function row(name: string, c: Counts): string[] {
  const kinds = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${k} ${count(n)}`).join(", ") || "-";
  return [name, count(c.totalNodes), count(c.totalEdges), kinds(c.nodes), kinds(c.edges)];
}
