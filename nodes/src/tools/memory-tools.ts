import type { StructuredToolInterface } from "@langchain/core/tools";
import { linkTool } from "./link-tool.js";
import { recallTool } from "./recall-tool.js";
import { rememberTool } from "./remember-tool.js";
import type { MemoryToolOptions } from "./tool-options.js";
import { updateTaskTool } from "./update-task-tool.js";

/** All four memory tools, ready for `model.bindTools(tools)` and a `ToolNode`. */
export function memoryTools(options: MemoryToolOptions): StructuredToolInterface[] {
  return [rememberTool(options), recallTool(options), linkTool(options), updateTaskTool(options)];
}
