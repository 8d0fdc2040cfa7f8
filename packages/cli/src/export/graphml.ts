import type { MemoryEdge, MemoryNode, Source } from "@hippograph/memory";
import type { GraphSerializer } from "./serializer.js";

// One declared key per field; times are epoch milliseconds (long), attrs a JSON string, since
// GraphML values are flat. Absent (null) values are simply left out, as GraphML allows.
const KEYS: [id: string, scope: "node" | "edge" | "graph" | "all", type: string][] = [
  ["ns", "graph", "string"], ["kind", "all", "string"], ["text", "node", "string"], ["weight", "edge", "double"],
  ["attrs", "all", "string"], ["source_id", "all", "string"], ["source_type", "all", "string"], ["trust", "all", "double"],
  ["at", "node", "long"], ["valid_from", "all", "long"], ["valid_to", "all", "long"], ["recorded_at", "all", "long"],
  ["expired_at", "all", "long"], ["version", "node", "int"],
];

// XML 1.0 cannot carry most control characters nor unpaired surrogates, even escaped: they become U+FFFD.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Tab, LF and CR too: a parser turns them into spaces in attributes (ids would collide) and CRLF into LF in text. */
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };

export function xmlEscape(value: string): string {
  return value.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]!);
}

function data(fields: Record<string, string | number | null>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<data key="${k}">${xmlEscape(String(v))}</data>`)
    .join("");
}

function provenance(s: Source) {
  return { source_id: s.id, source_type: s.type, trust: s.trust };
}

export const graphml: GraphSerializer = {
  start: (ns) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
    `xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n` +
    KEYS.map(([id, scope, type]) => `  <key id="${id}" for="${scope}" attr.name="${id}" attr.type="${type}"/>\n`).join("") +
    `  <graph id="${xmlEscape(ns)}" edgedefault="directed">\n    ${data({ ns })}\n`,
  node: (n: MemoryNode) =>
    `    <node id="${xmlEscape(n.id)}">${data({
      kind: n.kind, text: n.text, attrs: JSON.stringify(n.attrs), ...provenance(n.source), at: n.time.at, valid_from: n.time.validFrom,
      valid_to: n.time.validTo, recorded_at: n.time.recordedAt, expired_at: n.time.expiredAt, version: n.version,
    })}</node>\n`,
  middle: () => "",
  edge: (e: MemoryEdge) =>
    `    <edge id="${xmlEscape(e.id)}" source="${xmlEscape(e.from)}" target="${xmlEscape(e.to)}">${data({
      kind: e.kind, weight: e.weight, attrs: JSON.stringify(e.attrs), ...provenance(e.source), valid_from: e.time.validFrom,
      valid_to: e.time.validTo, recorded_at: e.time.recordedAt, expired_at: e.time.expiredAt,
    })}</edge>\n`,
  end: () => `  </graph>\n</graphml>\n`,
};
