/**
 * LangChain Embeddings over the gateway in-process. `embedQuery` calls are single-input requests, so
 * concurrent queries are merged into one upstream batch by the gateway's micro-batcher.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import type { GatewayClient } from "../client/gateway-client.js";

export interface GatewayEmbeddingsFields extends EmbeddingsParams {
  gateway: Pick<GatewayClient, "embeddings">;
  model: string;
  dimensions?: number;
  apiKey?: string;
  /** Inputs per request from embedDocuments. */
  batchSize?: number;
}

export class GatewayEmbeddings extends Embeddings {
  constructor(private readonly fields: GatewayEmbeddingsFields) {
    super(fields);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const size = this.fields.batchSize ?? 256;
    const out: number[][] = [];
    for (let i = 0; i < documents.length; i += size) {
      const part = documents.slice(i, i + size);
      const res = await this.caller.call(() => this.fields.gateway.embeddings(this.body(part), { apiKey: this.fields.apiKey }));
      const sorted = [...res.data].sort((a, b) => a.index - b.index);
      for (const d of sorted) out.push(d.embedding as number[]);
    }
    return out;
  }

  async embedQuery(document: string): Promise<number[]> {
    const res = await this.caller.call(() => this.fields.gateway.embeddings(this.body(document), { apiKey: this.fields.apiKey }));
    return res.data[0]!.embedding as number[];
  }

  private body(input: string | string[]) {
    return { model: this.fields.model, input, ...(this.fields.dimensions !== undefined ? { dimensions: this.fields.dimensions } : {}) };
  }
}
