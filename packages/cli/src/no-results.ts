/**
 * What to say when a query finds nothing: a namespace that holds no memories is the usual cause (an
 * ingest of a LoCoMo file writes under `<ns>/<conversation>`), so the message lists those that do.
 */
export function noResults(ns: string, namespaces: readonly string[]): string {
  if (namespaces.includes(ns)) return `No results in namespace "${ns}".\n`;
  if (namespaces.length === 0) return `No results: namespace "${ns}" holds no memories, and neither does any other in this file.\n`;
  const shown = namespaces.slice(0, 10).join(", ");
  const more = namespaces.length > 10 ? `, … (${namespaces.length} in all)` : "";
  return `No results: namespace "${ns}" holds no memories. Namespaces in this file: ${shown}${more}. Pass one with --ns.\n`;
}
