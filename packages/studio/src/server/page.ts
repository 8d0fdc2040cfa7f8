/** The studio's one page: a query bar, the pipeline's steps, the graph, and the inspector. Its script is `/studio.js`. */
export function page(defaultNs: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hippograph studio</title>
<style>
  :root { --bg: #0f1216; --panel: #171b21; --line: #2a313b; --text: #d8dee9; --dim: #8a94a3; --accent: #f0b429; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 13px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--text); height: 100vh; display: grid;
         grid-template-rows: auto 1fr; grid-template-columns: 300px 1fr 340px; grid-template-areas: "bar bar bar" "steps graph inspector"; }
  header { grid-area: bar; display: flex; gap: 8px; align-items: center; padding: 8px 12px; border-bottom: 1px solid var(--line); background: var(--panel); }
  header h1 { font-size: 14px; margin: 0 8px 0 0; color: var(--accent); }
  header input, header select, header button { font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 5px 8px; }
  header input#query { flex: 1; }
  header button { cursor: pointer; background: #243041; }
  #steps { grid-area: steps; overflow: auto; border-right: 1px solid var(--line); padding: 8px; }
  #graph { grid-area: graph; position: relative; min-height: 0; }
  #inspector { grid-area: inspector; overflow: auto; border-left: 1px solid var(--line); padding: 8px 12px; }
  .step { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; margin-bottom: 8px; cursor: pointer; background: var(--panel); }
  .step.selected { border-color: var(--accent); }
  .step .name { font-weight: 600; } .step .op { color: var(--dim); }
  .bar { height: 4px; background: var(--accent); border-radius: 2px; margin-top: 4px; }
  .dim { color: var(--dim); } .error { color: #ff6b6b; white-space: pre-wrap; }
  ol.items { padding-left: 18px; } ol.items li { margin-bottom: 6px; cursor: pointer; }
  .path span.via { color: var(--accent); }
  .legend { position: absolute; left: 8px; bottom: 8px; background: #171b21cc; padding: 6px 8px; border-radius: 6px; }
  .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 8px; }
  dialog { background: var(--panel); color: var(--text); border: 1px solid var(--line); border-radius: 8px; }
  dialog textarea { font: 12px/1.4 ui-monospace, monospace; color: var(--text); background: var(--bg); border: 1px solid var(--line); width: 100%; }
  pre { white-space: pre-wrap; word-break: break-word; }
</style>
</head>
<body>
<header>
  <h1>Hippograph studio</h1>
  <select id="view" aria-label="what to show"><option value="">memory</option></select>
  <select id="ns" aria-label="namespace"></select>
  <input id="query" placeholder="Ask the memory…" aria-label="query">
  <label class="dim" for="as-of">as of</label>
  <input id="as-of" type="datetime-local" step="1" aria-label="as of" title="facts valid then, as known then; empty: now">
  <button id="run">Retrieve</button>
  <button id="edit" title="edit the pipeline as JSON">Pipeline…</button>
</header>
<section id="steps"><p class="dim">Run a query to see each operator of the pipeline: what it read, what it found, how long it took.</p></section>
<main id="graph"></main>
<aside id="inspector"><p class="dim">Click a node to see it, and the path that activated it.</p></aside>
<dialog id="pipeline-dialog">
  <p>The pipeline, as JSON steps (docs/retrieval.md). It is validated by the memory when you run it.</p>
  <textarea id="pipeline" rows="22" cols="72" spellcheck="false" aria-label="pipeline"></textarea>
  <p><button id="pipeline-reset">Default</button> <button id="pipeline-close">Done</button></p>
</dialog>
<script>window.HIPPOGRAPH_NS = ${JSON.stringify(defaultNs).replace(/</g, "\\u003c")};</script>
<script type="module" src="/studio.js"></script>
</body>
</html>
`;
}
