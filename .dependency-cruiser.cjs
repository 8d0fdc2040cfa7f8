/**
 * Import rules, checked in `npm test`. Layers only point downwards:
 *   model ← ports ← (store, embed, search, text) ← structures, extract ← retrieval ← facade ← ingest   (inside @hippograph/memory)
 *   memory ← nodes ← graphs ← packages/*                              (across workspaces)
 *   memory ← studio (server → wire ← client) ← cli
 */
const layer = (name, mayNotImport) => ({
  name: `${name}-layer`,
  comment: `memory/src/${name} must not import ${mayNotImport.join(", ")}`,
  severity: "error",
  // Tests and test fixtures wire layers together on purpose.
  from: { path: `^memory/src/${name}/`, pathNot: "(\\.test\\.ts|/test-[^/]+\\.ts)$" },
  to: { path: `^memory/src/(${mayNotImport.join("|")})/` },
});

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "memory-is-the-base",
      comment: "@hippograph/memory depends on no other workspace",
      severity: "error",
      from: { path: "^memory/" },
      to: { path: "^(nodes|graphs|packages)/" },
    },
    {
      name: "nodes-below-graphs",
      comment: "@hippograph/nodes may use memory only; graphs may use nodes and memory; no package imports the CLI",
      severity: "error",
      from: { path: "^nodes/" },
      to: { path: "^(graphs|packages)/" },
    },
    {
      name: "graphs-below-packages",
      severity: "error",
      from: { path: "^graphs/" },
      to: { path: "^packages/" },
    },
    {
      name: "gateway-stands-alone",
      comment: "the gateway depends on nothing of ours: memory reaches models through its own ports",
      severity: "error",
      from: { path: "^packages/gateway/" },
      to: { path: "^(memory|nodes|graphs|packages/(?!gateway/))" },
    },
    {
      name: "backends-use-memory-ports-only",
      severity: "error",
      from: { path: "^packages/(neo4j|qdrant)/" },
      to: { path: "^(nodes|graphs|packages/(?!neo4j/|qdrant/))" },
    },
    {
      name: "studio-uses-memory-only",
      comment: "the studio reads memory through its facade; the CLI depends on the studio, never the reverse",
      severity: "error",
      from: { path: "^packages/studio/" },
      to: { path: "^(nodes|graphs|packages/(?!studio/))" },
    },
    {
      name: "studio-client-runs-in-the-browser",
      comment: "the page's code is bundled for the browser: no Node built-ins, no server code, no memory package; the wire types are the contract",
      severity: "error",
      from: { path: "^packages/studio/src/client/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(memory/|packages/studio/src/server/)" },
    },
    {
      name: "studio-client-no-node-builtins",
      severity: "error",
      from: { path: "^packages/studio/src/client/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "studio-server-serves-the-client-as-source",
      comment: "the server bundles src/client with esbuild; importing it would run browser code in Node",
      severity: "error",
      from: { path: "^packages/studio/src/server/" },
      to: { path: "^packages/studio/src/client/" },
    },
    {
      name: "no-dev-deps-in-src",
      severity: "error",
      from: { path: "^(memory|nodes|graphs|packages/[^/]+)/src/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["npm-dev"] },
    },
    layer("model", ["ports", "store", "embed", "search", "facade", "ingest", "retrieval"]),
    layer("ports", ["store", "embed", "search", "facade", "ingest", "retrieval"]),
    layer("store", ["embed", "search", "facade", "ingest", "retrieval"]),
    layer("embed", ["store", "search", "facade", "ingest", "retrieval"]),
    layer("search", ["store", "embed", "facade", "ingest", "retrieval"]),
    layer("text", ["ports", "store", "embed", "search", "facade", "ingest", "retrieval"]),
    layer("facade", ["ingest"]),
    // Retrieval reads through ports and the extractor's parsers; stores and the facade wire it in.
    layer("retrieval", ["store", "facade", "ingest", "llm"]),
    layer("http", ["model", "ports", "store", "embed", "search", "facade", "ingest", "structures", "trace", "extract", "llm", "text", "retrieval"]),
    layer("trace", ["ports", "store", "embed", "search", "facade", "ingest", "structures", "extract", "llm", "retrieval"]),
    layer("structures", ["store", "embed", "search", "facade", "ingest", "extract", "llm", "retrieval"]),
    // Extraction and model clients use model, ports, errors and text only; the facade wires them in.
    layer("extract", ["store", "embed", "search", "facade", "ingest", "structures", "trace", "llm", "retrieval"]),
    layer("llm", ["store", "embed", "search", "facade", "ingest", "structures", "trace", "extract", "retrieval"]),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(node_modules|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { conditionNames: ["source", "import", "default"], exportsFields: ["exports"] },
  },
};
