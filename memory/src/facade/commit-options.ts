/** How a memory write is indexed: skip re-embedding, embed other text, or reuse vectors already computed. */
export interface CommitOptions {
  reembed?: boolean;
  embedText?: ReadonlyMap<string, string>;
  vectors?: ReadonlyMap<string, Float32Array>;
}
