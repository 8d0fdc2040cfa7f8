import { HippographError, validatePipeline, type Issue, type PipelineSpec, type ValidationError } from "@hippograph/memory";
import type { GraphSpec } from "../spec/graph-spec.js";

/**
 * What can be checked of memory nodes' options without a memory: a `retrieve` node's `pipeline` is
 * data, validated by @hippograph/memory's `validatePipeline`, so a bad one is named at its path
 * (`nodes[2].options.pipeline.steps[1].from[0]`) by `validateGraph`, before any compile. The other
 * options are checked when the node is made (compile, which needs the memory).
 */
export function memoryOptionIssues(spec: GraphSpec, at: string): Issue[] {
  const issues: Issue[] = [];
  spec.nodes.forEach((node, i) => {
    if (node.type !== "memory" || node.op !== "retrieve" || node.options.pipeline === undefined) return;
    const p = `${at}nodes[${i}].options.pipeline`;
    try {
      validatePipeline(node.options.pipeline as PipelineSpec);
    } catch (error) {
      if (!(HippographError.isInstance(error) && error.code === "VALIDATION")) throw error;
      for (const issue of (error as ValidationError).issues) {
        issues.push({ path: issue.path && issue.path !== "(root)" ? `${p}.${issue.path}` : p, message: issue.message });
      }
    }
  });
  return issues;
}
