import { graphSpecJsonSchema } from "./json-schema.js";

interface Prop { type?: string; const?: unknown; enum?: unknown[]; default?: unknown; description?: string; items?: Prop; $ref?: string; anyOf?: Prop[]; oneOf?: Prop[] }
interface Obj { properties?: Record<string, Prop>; required?: string[]; additionalProperties?: Obj | boolean; items?: { oneOf?: Obj[] } & Obj }

/**
 * Markdown reference of the spec, rendered from its JSON Schema — docs/agent-graphs.md embeds this output
 * between markers, and a test fails when the two differ, so the docs cannot drift from the validator.
 */
export function specReference(): string {
  const root = graphSpecJsonSchema() as Obj;
  const props = root.properties!;
  const out = ["### Top level", "", table(root)];
  out.push("### State channel (`state.<name>`)", "", table((props.state as Obj).additionalProperties as Obj));
  out.push("### Edge (`edges[]`)", "", table((props.edges as Obj).items!));
  for (const node of (props.nodes as Obj).items!.oneOf!) {
    const type = String(node.properties!.type!.const);
    out.push(`### Node \`type: ${type}\``, "", table(node, ["type"]));
  }
  const condition = ((props.nodes as Obj).items!.oneOf!.find((n) => n.properties!.type!.const === "router")!.properties!.routes as Obj).items!.properties!.when as Obj;
  out.push("### Router condition (`routes[].when`)", "", table(condition));
  return out.join("\n");
}

function table(schema: Obj, skip: string[] = []): string {
  const rows = Object.entries(schema.properties ?? {}).filter(([name]) => !skip.includes(name)).map(([name, p]) => {
    const required = schema.required?.includes(name) && p.default === undefined ? "yes" : "";
    const dflt = p.default === undefined ? "" : `\`${JSON.stringify(p.default)}\``;
    return `| \`${name}\` | ${typeOf(p)} | ${required} | ${dflt} | ${(p.description ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ")} |`;
  });
  return ["| field | type | required | default | meaning |", "|---|---|---|---|---|", ...rows, ""].join("\n");
}

function typeOf(p: Prop): string {
  if (p.const !== undefined) return `\`${JSON.stringify(p.const)}\``;
  if (p.enum) return p.enum.map((e) => `\`${String(e)}\``).join(" \\| ");
  if (p.type === "array") {
    const item = p.items ? typeOf(p.items) : "any";
    return item.includes("|") ? `(${item})[]` : `${item}[]`;
  }
  if (p.$ref) return "graph spec";
  // The node types are all objects: "object", once, and the description says which.
  if (p.anyOf ?? p.oneOf) return [...new Set((p.anyOf ?? p.oneOf)!.map(typeOf))].join(" \\| ");
  return p.type ?? "any";
}
