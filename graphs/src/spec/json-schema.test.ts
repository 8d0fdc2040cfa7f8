import { describe, expect, it } from "vitest";
import { graphSpecJsonSchema } from "./json-schema.js";
import { NODE_TYPES } from "./node-spec.js";

describe("graphSpecJsonSchema", () => {
  it("exports every node type and the required top-level fields", () => {
    const schema = graphSpecJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(["name", "state", "nodes"]));
    const text = JSON.stringify(schema);
    for (const type of NODE_TYPES) expect(text).toContain(`"const":"${type}"`);
    expect(text).toContain("has_tool_calls");
  });
});
