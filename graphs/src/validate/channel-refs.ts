import type { Issue } from "@hippograph/memory";
import type { GraphSpec, NodeSpec } from "../spec/graph-spec.js";

/** Default `from`/`to` channels of each memory op (the @hippograph/nodes defaults). */
export const MEMORY_OP_CHANNELS: Record<string, { from: string; to: string }> = {
  observe: { from: "messages", to: "written" },
  write_notes: { from: "notes", to: "written" },
  retrieve: { from: "messages", to: "memories" },
  spread: { from: "memories", to: "activated" },
  update_tasks: { from: "plan", to: "written" },
};

/** Every channel a node names must be declared in `state`; the issue points at the field that names it. */
export function channelIssues(spec: GraphSpec, at: string): Issue[] {
  const issues: Issue[] = [];
  const declared = new Set(Object.keys(spec.state));
  const check = (channel: unknown, path: string) => {
    if (typeof channel === "string" && !declared.has(channel)) {
      issues.push({ path, message: `channel "${channel}" is not declared in state (declared: ${[...declared].join(", ") || "none"})` });
    }
  };
  /** A model reads a conversation, or one string as the user's turn; a tool node reads and appends messages. */
  const typed = (channel: string, path: string, types: readonly string[]) => {
    const type = spec.state[channel]?.type;
    if (type !== undefined && !types.includes(type)) issues.push({ path, message: `channel "${channel}" is a ${type}; this field needs a ${types.join(" or ")} channel` });
  };
  spec.nodes.forEach((node: NodeSpec, i) => {
    const p = `${at}nodes[${i}]`;
    switch (node.type) {
      case "llm": check(node.input, `${p}.input`); check(node.output, `${p}.output`); typed(node.input, `${p}.input`, ["messages", "string", "any"]); break;
      case "tool": check(node.messages, `${p}.messages`); typed(node.messages, `${p}.messages`, ["messages", "any"]); break;
      case "interrupt": check(node.output, `${p}.output`); node.show?.forEach((c, k) => check(c, `${p}.show[${k}]`)); break;
      case "router": node.routes.forEach((r, k) => check(r.when.channel, `${p}.routes[${k}].when.channel`)); break;
      case "memory": {
        const defaults = MEMORY_OP_CHANNELS[node.op]!;
        check(node.options.from ?? defaults.from, `${p}.options.from`);
        check(node.options.to ?? defaults.to, `${p}.options.to`);
        if (node.op === "retrieve") check(node.options.contextTo, `${p}.options.contextTo`);
        break;
      }
      default: break;
    }
  });
  return issues;
}
